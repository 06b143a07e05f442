"""Hostile input never gets a 5xx, never reaches beyond the store, and never changes it unasked.

Property tests (hypothesis) on POST /articles and the REST parameters, a schemathesis run over the
app's own OpenAPI schema, refused SPARQL features, and parameters that try to leave their query.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from server import Listener, LiveServer, load_fixture

from api.app import create_app
from kg.settings import Settings

TOKEN = "hostile-test-token"
JSON_RESULTS = {"Accept": "application/sparql-results+json"}
FAST = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

hostile_text = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x1F), max_size=50),
    st.sampled_from([
        "", " ", "\x00", "\ufeff", "\u202e", "<script>alert(1)</script>",
        "<p>Rebels <b>took</b> the town</p>",
        "\"} } ; DROP ALL ; #", "> } UNION { ?s ?p ?o } #", "'; DROP TABLE articles; --", "../../etc/passwd",
        "%00", "%2e%2e%2f", "\\u0022", "\ud7ff" * 40, "A" * 5000,
    ]),
)
hostile_date = st.one_of(
    st.none(), st.text(max_size=30),
    st.sampled_from(["2021-02-30", "2021-13-01", "0000-00-00", "99999-01-01", "2021-1-1", "21-01-01",
                     "2021-01-01T00:00:00", "yesterday", "2021-01-01\x00", "２０２１-０１-０１"]),
)


def error_shape_ok(response: httpx.Response) -> bool:
    """Whether a 4xx answer carries the one JSON error shape."""
    try:
        body = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return False
    error = body.get("error") if isinstance(body, dict) else None
    return (isinstance(error, dict) and error.get("status") == response.status_code
            and isinstance(error.get("type"), str) and isinstance(error.get("message"), str))


def triple_count(client: TestClient) -> int:
    r = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"},
                   headers=JSON_RESULTS)
    assert r.status_code == 200
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    data = Path(tmp_path_factory.mktemp("hostile")) / "store"
    app_settings = Settings(data=data, store=None, update_token=TOKEN, query_timeout=5,
                            max_body_bytes=200_000, max_article_chars=50_000)
    load_fixture(app_settings)
    with TestClient(create_app(app_settings), raise_server_exceptions=False,
                    headers={"Authorization": f"Bearer {TOKEN}"}) as test_client:
        yield test_client


# -- POST /articles ----------------------------------------------------------------------------------

@FAST
@given(text=hostile_text, title=st.one_of(st.none(), hostile_text), published=hostile_date,
       source=st.one_of(st.none(), hostile_text), url=st.one_of(st.none(), hostile_text))
def test_post_articles_never_fails_on_the_server(client: TestClient, text: str, title: str | None,
                                                 published: str | None, source: str | None,
                                                 url: str | None) -> None:
    body = {"text": text, "title": title, "published": published, "source": source, "url": url}
    before = triple_count(client)
    r = client.post("/articles", json={k: v for k, v in body.items() if v is not None})
    assert r.status_code < 500, r.text
    if r.status_code >= 400:
        assert error_shape_ok(r), r.text
        assert triple_count(client) == before, "a refused article changed the store"
    else:
        assert r.status_code == 201 and r.json()["id"]


@FAST
@given(raw=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)),
       content_type=st.sampled_from(["application/json", "text/plain", "application/x-www-form-urlencoded",
                                     "multipart/form-data", "application/json; charset=latin-1", ""]))
def test_malformed_article_bodies_are_4xx_json(client: TestClient, raw: bytes, content_type: str) -> None:
    before = triple_count(client)
    r = client.post("/articles", content=raw, headers={"Content-Type": content_type} if content_type else {})
    assert r.status_code < 500, r.text
    if r.status_code >= 400:
        assert error_shape_ok(r), r.text
        assert triple_count(client) == before


@pytest.mark.parametrize("size", [200_001, 3_000_000])
def test_huge_bodies_are_refused_with_413(client: TestClient, size: int) -> None:
    before = triple_count(client)
    r = client.post("/articles", content=json.dumps({"text": "x" * size}),
                    headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and error_shape_ok(r)
    assert triple_count(client) == before


# -- REST parameters ---------------------------------------------------------------------------------

PATH_ROUTES = ["/actors/{}", "/actors/{}/relations", "/locations/{}", "/articles/{}"]
QUERY_ROUTES = [("/actors", "q"), ("/actors", "kind"), ("/actors", "limit"), ("/locations", "q"),
                ("/operations", "actor"), ("/operations", "location"), ("/operations", "kind"),
                ("/operations", "from"), ("/operations", "to"), ("/operations", "limit"),
                ("/statements", "speaker"), ("/export", "format"), ("/export", "article")]


@FAST
@given(value=hostile_text, route=st.sampled_from(PATH_ROUTES))
def test_hostile_path_parameters_never_fail_on_the_server(client: TestClient, value: str, route: str) -> None:
    r = client.get(route.format(quote(value, safe="")))
    assert r.status_code < 500, r.text
    if r.status_code >= 400:
        assert error_shape_ok(r), r.text


@FAST
@given(value=st.one_of(hostile_text, hostile_date.map(str)), route=st.sampled_from(QUERY_ROUTES))
def test_hostile_query_parameters_never_fail_on_the_server(client: TestClient, value: str,
                                                           route: tuple[str, str]) -> None:
    path, name = route
    r = client.get(path, params={name: value})
    assert r.status_code < 500, r.text
    if r.status_code >= 400:
        assert error_shape_ok(r), r.text


BREAKOUTS = [
    '") || true || ("',
    '" ) } UNION { ?actor ?p ?o } #',
    "> } UNION { ?s ?p ?o } #",
    "x\" } ; DROP ALL ; #",
    "'} } DELETE WHERE { ?s ?p ?o } #",
    "\\\" . ?s ?p ?o . #",
    "*",
    ".*",
]


@pytest.mark.parametrize("attack", BREAKOUTS)
def test_rest_parameters_are_bound_not_pasted(client: TestClient, attack: str) -> None:
    before = triple_count(client)
    everything = client.get("/actors", params={"limit": 1000}).json()["actors"]
    assert everything, "the fixture has actors"
    # No label contains these strings, so a bound parameter matches nothing; pasted, they would match all.
    found = client.get("/actors", params={"q": attack, "limit": 1000})
    assert found.status_code == 200 and found.json()["actors"] == []
    assert client.get("/locations", params={"q": attack}).json()["locations"] == []
    for path in ("/actors/{}", "/actors/{}/relations", "/locations/{}"):
        r = client.get(path.format(quote(attack, safe="")))
        assert r.status_code == 404 and error_shape_ok(r), r.text
    for params in ({"actor": attack}, {"location": attack}):
        r = client.get("/operations", params=params)
        assert r.status_code in (200, 404), r.text
        assert r.status_code == 404 or r.json()["operations"] == []
    r = client.get("/statements", params={"speaker": attack})
    assert r.status_code == 404 or r.json()["statements"] == []
    assert triple_count(client) == before


# -- SPARQL that reaches beyond the store ------------------------------------------------------------

REFUSED_QUERIES = [
    "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ service <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ # comment\nSERVICE\t<http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ \\u0053ERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * FROM <file:///etc/passwd> WHERE {{ ?s ?p ?o }}",
    "SELECT * FROM NAMED <file:///etc/passwd> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ GRAPH <file:///etc/passwd> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE <file:///etc/passwd> {{ ?s ?p ?o }} }}",
]
REFUSED_UPDATES = [
    "LOAD <http://127.0.0.1:{port}/data.ttl>",
    "LOAD SILENT <http://127.0.0.1:{port}/data.ttl> INTO GRAPH <urn:x>",
    "LOAD <file:///etc/passwd>",
    "load <file:///etc/hostname>",
    "INSERT {{ GRAPH <urn:x> {{ ?s ?p ?o }} }} WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
    "\\u004cOAD <http://127.0.0.1:{port}/data.ttl>",
]


@pytest.mark.parametrize("template", REFUSED_QUERIES)
def test_queries_that_reach_outside_are_refused(client: TestClient, listener: Listener,
                                                template: str) -> None:
    query = template.format(port=listener.port)
    for r in (client.get("/sparql", params={"query": query}, headers=JSON_RESULTS),
              client.post("/sparql", data={"query": query}, headers=JSON_RESULTS),
              client.post("/sparql", content=query, headers={**JSON_RESULTS,
                                                              "Content-Type": "application/sparql-query"})):
        assert 400 <= r.status_code < 500, f"{r.status_code}: {r.text[:300]}"
        assert error_shape_ok(r)
    assert listener.connections == 0


@pytest.mark.parametrize("template", REFUSED_UPDATES)
def test_updates_that_reach_outside_are_refused_even_with_the_token(client: TestClient, listener: Listener,
                                                                    template: str) -> None:
    before = triple_count(client)
    r = client.post("/sparql", data={"update": template.format(port=listener.port)},
                    headers={"Authorization": f"Bearer {TOKEN}"})
    assert 400 <= r.status_code < 500 and error_shape_ok(r), f"{r.status_code}: {r.text[:300]}"
    assert listener.connections == 0
    assert triple_count(client) == before


# -- the app's own OpenAPI schema, exercised by schemathesis -----------------------------------------

@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    data = Path(tmp_path_factory.mktemp("schemathesis")) / "store"
    load_fixture(Settings(data=data, store=None))
    with LiveServer(data, query_timeout=5, max_body_bytes=200_000) as server:
        yield server


def _operations(schema: Any) -> dict[str, Any]:
    """Every operation of an OpenAPI schema by `METHOD /path`."""
    found = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        found[f"{operation.method.upper()} {operation.path}"] = operation
    return found


def _operation_labels() -> list[str]:
    """The operations of the app's own OpenAPI schema (read without opening a store)."""
    app = create_app(Settings(data=Path("/nonexistent/kg-schema-only"), store=None))
    return list(_operations(schemathesis.openapi.from_asgi("/openapi.json", app)))


@pytest.mark.parametrize("label", _operation_labels())
def test_openapi_operations_never_answer_5xx(live: LiveServer, label: str) -> None:
    operation = _operations(schemathesis.openapi.from_url(live.url + "/openapi.json"))[label]
    cases = st.one_of(operation.as_strategy(GenerationMode.POSITIVE),
                      operation.as_strategy(GenerationMode.NEGATIVE))

    @settings(max_examples=10, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(case=cases)
    def answers_without_server_error(case: Any) -> None:
        response = case.call(timeout=30)
        assert response.status_code < 500, f"{label} {case.formatted_path}: {response.status_code} " \
                                           f"{response.text[:300]}"

    answers_without_server_error()
