"""The SPARQL 1.1 Protocol endpoint on a real uvicorn, with SPARQLWrapper as the client."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from server import LiveServer, load_fixture
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from kg.settings import Settings

TOKEN = "s3cret-token"
ACTORS = "SELECT DISTINCT ?a ?l WHERE { ?a a conf:Actor ; rdfs:label ?l } ORDER BY ?l"
LABELS = ["Kesh Republic", "Mira Osei", "Red Hand Brigade", "Valorian Army"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    data = Path(tmp_path_factory.mktemp("sparql")) / "store"
    load_fixture(Settings(data=data))
    with LiveServer(data, update_token=TOKEN, max_rows=50) as live:
        yield live


def wrapper(server: LiveServer, query: str, fmt: str, method: str = "GET") -> SPARQLWrapper:
    client = SPARQLWrapper(server.url + "/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    return client


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_select_as_json_with_sparqlwrapper(server: LiveServer, method: str) -> None:
    result = wrapper(server, ACTORS, JSON, method).queryAndConvert()
    assert isinstance(result, dict)
    assert [b["l"]["value"] for b in result["results"]["bindings"]] == LABELS


def test_select_as_xml_csv_tsv(server: LiveServer) -> None:
    xml = wrapper(server, ACTORS, XML).queryAndConvert()
    assert [n.firstChild.data for n in xml.getElementsByTagName("literal")] == LABELS  # type: ignore[union-attr]
    table = wrapper(server, ACTORS, CSV).queryAndConvert()
    assert [row["l"] for row in csv.DictReader(io.StringIO(table.decode()))] == LABELS  # type: ignore[union-attr]
    tsv = wrapper(server, ACTORS, TSV).queryAndConvert().decode()  # type: ignore[union-attr]
    assert tsv.splitlines()[0] == "?a\t?l" and '"Mira Osei"' in tsv


def test_ask(server: LiveServer) -> None:
    for query, expected in (("ASK { ?x conf:opposes ?y }", True), ("ASK { ?x conf:alliedWith ?y }", False)):
        answer = wrapper(server, query, JSON).queryAndConvert()
        assert isinstance(answer, dict) and answer["boolean"] is expected


@pytest.mark.parametrize(
    ("fmt", "media_type", "ox_format"),
    [
        (TURTLE, "text/turtle", ox.RdfFormat.TURTLE),
        (N3, "text/turtle", ox.RdfFormat.TURTLE),
        (JSONLD, "application/ld+json", ox.RdfFormat.JSON_LD),
    ],
)
def test_construct_formats(server: LiveServer, fmt: str, media_type: str, ox_format: ox.RdfFormat) -> None:
    client = wrapper(server, "CONSTRUCT { ?a rdfs:label ?l } WHERE { ?a a conf:Actor ; rdfs:label ?l }", fmt)
    response = client.query().response
    assert response.headers["Content-Type"].startswith(media_type)
    triples = list(ox.parse(response.read(), ox_format))
    assert sorted(t.object.value for t in triples) == LABELS


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv;q=0.2, application/sparql-results+xml;q=0.8", "application/sparql-results+xml"),
        ("text/csv;q=0.9, text/*;q=0.1", "text/csv"),
        ("image/png, text/tab-separated-values;q=0.5", "text/tab-separated-values"),
    ],
)
def test_select_content_negotiation(server: LiveServer, accept: str | None, expected: str) -> None:
    headers = {"Accept": accept} if accept else {}
    response = httpx.get(server.url + "/sparql", params={"query": ACTORS}, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == expected


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "text/turtle"),
        ("application/n-triples", "application/n-triples"),
        ("application/ld+json;q=0.9, text/turtle;q=0.1", "application/ld+json"),
    ],
)
def test_graph_content_negotiation(server: LiveServer, accept: str | None, expected: str) -> None:
    headers = {"Accept": accept} if accept else {}
    response = httpx.get(
        server.url + "/sparql",
        params={"query": "DESCRIBE <https://w3id.org/conflict-kg/id/actor/kesh-republic>"},
        headers=headers,
    )
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == expected


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("csv", "text/csv"),
        ("tsv", "text/tab-separated-values"),
        ("xml", "application/sparql-results+xml"),
        ("json", "application/sparql-results+json"),
    ],
)
def test_format_parameter_overrides_accept(server: LiveServer, fmt: str, expected: str) -> None:
    response = httpx.get(
        server.url + "/sparql",
        params={"query": ACTORS, "format": fmt},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert response.headers["content-type"].split(";")[0] == expected


def test_three_ways_to_send_a_query_agree(server: LiveServer) -> None:
    url = server.url + "/sparql"
    answers = [
        httpx.get(url, params={"query": ACTORS}),
        httpx.post(url, data={"query": ACTORS}),
        httpx.post(url, content=ACTORS, headers={"Content-Type": "application/sparql-query"}),
    ]
    assert [r.status_code for r in answers] == [200, 200, 200]
    assert answers[0].json() == answers[1].json() == answers[2].json()


def test_service_description(server: LiveServer) -> None:
    response = httpx.get(server.url + "/sparql")
    assert response.headers["content-type"].startswith("text/turtle")
    store = ox.Store()
    store.load(response.content, ox.RdfFormat.TURTLE)
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert store.query(
        f"ASK {{ ?s a <{sd}Service> ; <{sd}supportedLanguage> <{sd}SPARQL11Query> ; "
        f"<{sd}feature> <{sd}UnionDefaultGraph> ; <{sd}endpoint> <{server.url}/sparql> }}"
    )
    solutions = store.query(f"SELECT ?n WHERE {{ ?g <{sd}name> ?n }}")
    assert isinstance(solutions, ox.QuerySolutions)
    names = {str(r["n"].value) for r in solutions}
    graphs = "https://w3id.org/conflict-kg/graph/"
    assert {graphs + "background", graphs + "index", graphs + "events"} <= names
    assert len(names) == 5


def test_select_is_capped_at_max_rows(server: LiveServer) -> None:
    response = httpx.get(server.url + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert len(response.json()["results"]["bindings"]) == 50
    assert response.headers["x-result-truncated"] == "true"
    small = httpx.get(server.url + "/sparql", params={"query": ACTORS})
    assert "x-result-truncated" not in small.headers


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "select * where { service silent <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
        "PREFIX f: <FILE:///etc/> SELECT * WHERE { f:passwd ?p ?o }",
    ],
)
def test_service_and_file_iris_refused(server: LiveServer, query: str) -> None:
    response = httpx.post(server.url + "/sparql", data={"query": query})
    assert response.status_code == 400
    assert response.json()["error"]["type"] == "QueryError"


def test_refused_words_inside_strings_and_names_are_fine(server: LiveServer) -> None:
    query = 'SELECT ?service ?load WHERE { BIND("SERVICE <file:///x> LOAD" AS ?service) BIND(1 AS ?load) }'
    response = httpx.get(server.url + "/sparql", params={"query": query})
    assert response.status_code == 200


def count(server: LiveServer) -> int:
    return int(httpx.get(server.url + "/health").json()["triples"])


INSERT = "INSERT DATA { GRAPH <urn:test:g> { <urn:test:a> <urn:test:b> <urn:test:c> } }"


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}, {"Authorization": f"Basic {TOKEN}"}],
)
def test_update_refused_without_the_token(server: LiveServer, headers: dict[str, str]) -> None:
    before = count(server)
    for response in (
        httpx.post(server.url + "/sparql", data={"update": INSERT}, headers=headers),
        httpx.post(
            server.url + "/sparql",
            content=INSERT,
            headers={**headers, "Content-Type": "application/sparql-update"},
        ),
    ):
        assert response.status_code == 403
        assert response.json()["error"]["type"] == "Forbidden"
    assert count(server) == before


def test_update_accepted_with_the_token(server: LiveServer) -> None:
    before = count(server)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    response = httpx.post(server.url + "/sparql", data={"update": INSERT}, headers=auth)
    assert response.status_code == 204
    assert count(server) == before + 1
    drop = httpx.post(
        server.url + "/sparql",
        content="DROP GRAPH <urn:test:g>",
        headers={**auth, "Content-Type": "application/sparql-update"},
    )
    assert drop.status_code == 204
    assert count(server) == before
    load = httpx.post(
        server.url + "/sparql", data={"update": "LOAD <http://example.org/data.ttl>"}, headers=auth
    )
    assert load.status_code == 400


def test_sparqlwrapper_sees_errors(server: LiveServer) -> None:
    client = wrapper(server, "SELECT WHERE {", JSON)
    client.setMethod(POST)
    with pytest.raises(SPARQLWrapperException):
        client.query()


@pytest.fixture(scope="module")
def slow_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    data = Path(tmp_path_factory.mktemp("slow")) / "store"
    load_fixture(Settings(data=data))
    with LiveServer(data, query_timeout=1.5) as live:
        yield live


def test_runaway_query_times_out_while_health_answers(slow_server: LiveServer) -> None:
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    outcome: dict[str, httpx.Response] = {}

    def ask() -> None:
        outcome["runaway"] = httpx.get(slow_server.url + "/sparql", params={"query": runaway}, timeout=60)

    thread = threading.Thread(target=ask)
    started = time.monotonic()
    thread.start()
    time.sleep(0.3)
    health_started = time.monotonic()
    health = httpx.get(slow_server.url + "/health", timeout=5)
    assert health.status_code == 200
    assert time.monotonic() - health_started < 1.0
    thread.join(timeout=30)
    response = outcome["runaway"]
    assert response.status_code == 503
    assert response.json()["error"]["type"] == "QueryTimeout"
    assert time.monotonic() - started < 10
    assert json.loads(httpx.get(slow_server.url + "/health", timeout=5).text)["status"] == "ok"
