"""Defences of the service, each from a reproduction of the harm it prevents.

- A posted text cannot freeze the service: pathological runs are blanked before parsing, extraction
  runs in a worker process with a time budget (422 past it), and /health answers meanwhile.
- User SPARQL cannot reach other hosts: SERVICE and LOAD are refused on the tokens a parser sees, and
  the engine's threads and processes cannot open network sockets at all (kg/netguard.py).
- No script can be planted: only http(s) URLs are stored, and every answer carries a content policy.
- One write policy: with a token every write needs it; without one writes are open on loopback only.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from server import Listener, LiveServer, load_fixture

from api.app import create_app
from kg import netguard
from kg.errors import QueryError
from kg.extract.runs import MAX_CHUNK, break_long_runs
from kg.models import Article, web_address
from kg.query_policy import check_refused
from kg.settings import Settings
from kg.store import open_store

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


# -- a posted text cannot freeze the service ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ['"' * 20_000, "\U0001f600" * 8_000, "(" * 20_000,
     "".join(chr(0x1F600 + i % 50) for i in range(30_000)), "a" * 5_000, "x" + "-" * 9_999],
    ids=["quotes", "one emoji", "brackets", "mixed emoji", "one long word", "a long rule"],
)
def test_runs_are_blanked_without_moving_offsets(text: str) -> None:
    tamed = break_long_runs(text)
    assert len(tamed) == len(text)
    assert max(len(chunk) for chunk in tamed.split()) <= MAX_CHUNK
    assert len(tamed.split()) < 400  # what the tokenizer gets is small, whatever was sent


@pytest.mark.parametrize(
    "text", ['He said "no!!!" and left...', "Price: $5 — «quoted» (AP) 😀", "https://example.org/a/b?c=d"]
)
def test_ordinary_text_is_left_as_it_is(text: str) -> None:
    assert break_long_runs(text) == text


@pytest.fixture(scope="module")
def budget_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    data = Path(tmp_path_factory.mktemp("budget")) / "store"
    with LiveServer(data, extract_timeout=3, max_article_chars=600_000, max_body_bytes=3_000_000) as live:
        # The first article waits for the extraction worker to load the pipeline: not part of the budget.
        assert httpx.post(live.url + "/articles", json={"text": "Rebels shelled Idlib."}, timeout=300)
        yield live


def _count(url: str) -> int:
    r = httpx.get(url + "/sparql", params={"query": COUNT},
                  headers={"Accept": "application/sparql-results+json"}, timeout=30)
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize("text", ['"' * 20_000, "\U0001f600" * 150_000], ids=["quotes", "emoji"])
def test_a_pathological_post_neither_hangs_nor_stops_health(budget_server: LiveServer, text: str) -> None:
    answers: list[httpx.Response] = []
    started = time.monotonic()
    poster = threading.Thread(
        target=lambda: answers.append(
            httpx.post(budget_server.url + "/articles", json={"text": text}, timeout=60)
        )
    )
    poster.start()
    time.sleep(0.3)
    health_times = []
    while poster.is_alive() and time.monotonic() - started < 30:
        before = time.monotonic()
        assert httpx.get(budget_server.url + "/health", timeout=5).status_code == 200
        health_times.append(time.monotonic() - before)
        time.sleep(0.2)
    poster.join(timeout=60)
    assert answers and answers[0].status_code in (201, 422), answers[0].text if answers else "no answer"
    assert time.monotonic() - started < 20
    assert all(seconds < 1 for seconds in health_times), health_times


def test_an_article_past_its_budget_is_refused_with_the_reason(budget_server: LiveServer) -> None:
    before = _count(budget_server.url)
    # Ten thousand short sentences: ordinary text, far more than 3 s of parsing.
    text = " ".join(f"Rebels attacked the town of Kafr {n} on Monday." for n in range(10_000))
    r = httpx.post(budget_server.url + "/articles", json={"text": text}, timeout=120)
    assert r.status_code == 422, r.text
    assert r.json()["error"]["type"] == "ExtractionTimeout"
    assert "3 s" in r.json()["error"]["message"]
    assert _count(budget_server.url) == before
    # A fresh worker takes the next article.
    again = httpx.post(budget_server.url + "/articles", json={"text": "Government forces shelled Daraa."},
                       timeout=300)
    assert again.status_code == 201, again.text


# -- user SPARQL cannot reach other hosts ------------------------------------------------------------

BYPASSES = [
    "PREFIX ex: <http://e/> SELECT ?leak WHERE {{ OPTIONAL {{ ?x ex:p\\# ?y }} "
    "SERVICE <http://127.0.0.1:{port}/anything> {{ ?leak ?a ?b }} }}",
    "SELECT * WHERE {{ ?s ?p ?o # <\nSERVICE <http://127.0.0.1:{port}/> {{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ SERV\\u0049CE <http://127.0.0.1:{port}/> {{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ SERVICE <http\\u003A//127.0.0.1:{port}/> {{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ ?s ?p \"\\u0022 }} SERVICE <http://127.0.0.1:{port}/> {{ ?a ?b ?c }} #\" }}",
    "SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ SERVICE "
    "<http://127.0.0.1:{port}/x> {{ ?a ?b ?c }} }} }} }} }}",
    "SELECT * WHERE {{ ?s ?p ?o FILTER(?s<?p) SERVICE<http://127.0.0.1:{port}/>{{?a ?b ?c}} }}",
    "SELECT * WHERE {{ VALUES ?g {{ <http://127.0.0.1:{port}/> }} SERVICE ?g {{ ?a ?b ?c }} }}",
]
UPDATE_BYPASSES = [
    "PREFIX ex: <http://e/> INSERT {{ ?x ex:p\\# ?y }} WHERE {{}} ; LOAD <http://127.0.0.1:{port}/data.nt>",
    "LO\\u0041D <http://127.0.0.1:{port}/data.nt>",
    "# LOAD\nLOAD <http://127.0.0.1:{port}/data.nt> INTO GRAPH <urn:x>",
]


@pytest.mark.parametrize("template", BYPASSES + UPDATE_BYPASSES)
def test_the_refusal_reads_tokens_not_text(template: str) -> None:
    with pytest.raises(QueryError):
        check_refused(template.format(port=1))


@pytest.mark.parametrize(
    "query",
    ['SELECT * WHERE { ?s ?p "SERVICE <http://x/> LOAD" }',
     "PREFIX ex: <http://e/> SELECT * { ?s ex:SERVICE ?o }",
     "SELECT ?download ?loader WHERE { ?download ?p ?loader } # a SERVICE in a comment",
     "SELECT * WHERE { ?s <http://x/LOAD> ?o }"],
)
def test_words_that_are_not_keywords_pass(query: str) -> None:
    check_refused(query)


def test_a_guarded_thread_cannot_open_network_sockets() -> None:
    outcome: list[object] = []

    def guarded() -> None:
        netguard.forbid_network()
        outcome.append(netguard.network_forbidden())
        left, right = socket.socketpair()  # pipes to the server keep working
        left.close()
        right.close()

    thread = threading.Thread(target=guarded)
    thread.start()
    thread.join()
    assert outcome == [True]
    assert not netguard.network_forbidden()  # only that thread gave the network up


def test_the_engine_cannot_reach_out_even_when_the_text_check_is_passed_by(
    tmp_path: Path, listener: Listener
) -> None:
    store = open_store(Settings(data=tmp_path / "store", store=None))
    try:
        store.open_sandbox(workers=1)  # type: ignore[attr-defined]
        service = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/> {{ ?a ?b ?c }} }}"
        for untrusted in (True, False):  # a worker process, and the service's own query threads
            with pytest.raises(QueryError, match="another host"):
                store.query(service, timeout=20, untrusted=untrusted)
        with pytest.raises(QueryError, match="another host"):
            store.update(f"LOAD <http://127.0.0.1:{listener.port}/data.nt>")
    finally:
        store.close()
    assert listener.connections == 0


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(data=Path(tmp_path_factory.mktemp("security")) / "store", store=None,
                        update_token="t0ken", query_timeout=20)
    load_fixture(settings)
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.mark.parametrize("template", BYPASSES)
def test_bypasses_are_refused_over_http(client: TestClient, listener: Listener, template: str) -> None:
    r = client.get("/sparql", params={"query": template.format(port=listener.port)})
    assert r.status_code == 400 and r.json()["error"]["type"] == "QueryError", r.text
    assert listener.connections == 0


@pytest.mark.parametrize("template", UPDATE_BYPASSES)
def test_update_bypasses_are_refused_with_the_token(
    client: TestClient, listener: Listener, template: str
) -> None:
    r = client.post("/sparql", data={"update": template.format(port=listener.port)},
                    headers={"Authorization": "Bearer t0ken"})
    assert r.status_code == 400, r.text
    assert listener.connections == 0


# -- no script can be planted ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "  JavaScript:alert(1)", "JAVASCRIPT:x", "data:text/html,<script>",
            "file:///etc/passwd", "vbscript:x", "//evil.example/x", "http://", "http://a b"],
)
def test_only_web_addresses_are_stored(url: str) -> None:
    assert web_address(url) is None
    assert Article(text="War.", url=url).url is None


def test_web_addresses_are_kept() -> None:
    assert web_address(" https://example.org/a?b=1 ") == "https://example.org/a?b=1"
    assert Article(text="War.", url="http://example.org/").url == "http://example.org/"


@pytest.mark.parametrize("url", ["javascript:fetch('/health')", "  jAvAsCrIpT:alert(1)"])
def test_a_script_url_is_refused_and_changes_nothing(client: TestClient, url: str) -> None:
    before = client.get("/sparql", params={"query": COUNT}).json()
    r = client.post("/articles", json={"text": "Rebels took the town.", "url": url},
                    headers={"Authorization": "Bearer t0ken"})
    assert r.status_code == 422 and "http" in r.json()["error"]["message"]
    assert client.get("/sparql", params={"query": COUNT}).json() == before


@pytest.mark.parametrize("path", ["/", "/health", "/actors", "/no/such/route", "/explorer/static/js/main.js"])
def test_every_answer_carries_the_browser_policy(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    policy = headers["content-security-policy"]
    script_sources = policy.split("script-src")[1].split(";")[0]
    assert "'self'" in script_sources and "'unsafe-inline'" not in script_sources
    assert "frame-ancestors 'none'" in policy
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"


def test_no_error_message_shows_internal_objects(client: TestClient) -> None:
    bodies = [
        client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } VALUES ?s { <a b> }"}),
        client.get("/actors/%00"),
        client.get("/export", params={"article": "x\u0000y"}),
        client.post("/articles", json={"text": "x", "published": "2024-02-30"},
                    headers={"Authorization": "Bearer t0ken"}),
    ]
    for r in bodies:
        assert r.status_code < 500, r.text
        assert "rdflib." not in r.text and "URIRef(" not in r.text and "pyoxigraph" not in r.text


# -- one write policy --------------------------------------------------------------------------------


def test_with_a_token_every_write_needs_it(client: TestClient) -> None:
    body = {"text": "Rebels shelled the town of Maarat on Monday."}
    headers: dict[str, str | bytes]
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "t0ken"},
                    {"Authorization": "Bearer t\u00f6ken".encode()}):
        assert client.post("/articles", json=body, headers=headers).status_code == 403
        assert client.delete("/articles/anything", headers=headers).status_code == 403
        assert client.post("/sparql", data={"update": "CLEAR ALL"}, headers=headers).status_code == 403


def test_without_a_token_writes_are_closed_off_loopback(tmp_path: Path) -> None:
    settings = Settings(data=tmp_path / "store", store=None, host="0.0.0.0")
    with TestClient(create_app(settings), raise_server_exceptions=False) as open_client:
        r = open_client.post("/articles", json={"text": "Rebels shelled the town."})
        assert r.status_code == 403 and "KG_UPDATE_TOKEN" in r.json()["error"]["message"]
        assert open_client.post("/sparql", data={"update": "CLEAR ALL"}).status_code == 403
        assert open_client.get("/health").status_code == 200


def test_without_a_token_writes_are_open_on_loopback(tmp_path: Path) -> None:
    settings = Settings(data=tmp_path / "store", store=None, host="127.0.0.1")
    with TestClient(create_app(settings), raise_server_exceptions=False) as open_client:
        update = "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }"
        assert open_client.post("/sparql", data={"update": update}).status_code == 204
        r = open_client.get("/sparql", params={"query": "ASK { <urn:a> <urn:b> <urn:c> }"},
                            headers={"Accept": "application/sparql-results+json"})
        assert json.loads(r.text)["boolean"] is True
