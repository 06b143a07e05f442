"""The W3C SPARQL 1.1 Protocol and Graph Store HTTP Protocol suites against a real uvicorn."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import w3c_graph_store
import w3c_protocol
from rdflib import Graph, Namespace, URIRef
from server import LiveServer

from kg.settings import Settings
from kg.store import open_store

TOKEN = "w3c-token"
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
PROTOCOL_CASES = w3c_protocol.read_manifest()
GRAPH_STORE_CASES = w3c_graph_store.read_manifest()


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The /sparql URL of a server holding the suite's data, each file in the graph the suite names."""
    data = Path(tmp_path_factory.mktemp("w3c")) / "store"
    store = open_store(Settings(data=data))
    try:
        for graph, path in w3c_protocol.DATA_GRAPHS.items():
            store.load(path, graph=graph)
    finally:
        store.close()
    with LiveServer(data, update_token=TOKEN) as live:
        yield live.url + "/sparql"


def test_the_suites_are_whole() -> None:
    assert len(PROTOCOL_CASES) == 34
    assert len(GRAPH_STORE_CASES) == 18


# The cases run in the manifest's order: later ones read what earlier updates wrote, as the suite intends.
@pytest.mark.parametrize("case", PROTOCOL_CASES, ids=[case.name for case in PROTOCOL_CASES])
def test_protocol(endpoint: str, case: w3c_protocol.Case) -> None:
    assert w3c_protocol.run_case(endpoint, case, TOKEN) == []


@pytest.fixture(scope="module")
def graph_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[w3c_graph_store.Runner]:
    """A runner over a server with an empty store, after the suite's one set-up request."""
    data = Path(tmp_path_factory.mktemp("w3c-gsp")) / "store"
    with LiveServer(data, update_token=TOKEN) as live:
        runner = w3c_graph_store.Runner(live.url + "/sparql", TOKEN)
        runner.setup()
        yield runner


@pytest.mark.parametrize("case", GRAPH_STORE_CASES, ids=[case.name for case in GRAPH_STORE_CASES])
def test_graph_store(graph_store: w3c_graph_store.Runner, case: w3c_graph_store.Exchange) -> None:
    assert graph_store.run(case) == []


# The service description suite states its three tests in words only; the two that can be checked:
@pytest.mark.parametrize("accept", [None, "application/rdf+xml", "text/turtle", "*/*"])
def test_service_description_returns_rdf_with_its_endpoint(endpoint: str, accept: str | None) -> None:
    """returns-rdf ("GET on endpoint returns RDF") and has-endpoint-triple."""
    response = httpx.get(endpoint, headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    media = response.headers["content-type"].split(";")[0]
    syntax = {"application/rdf+xml": "xml", "text/turtle": "turtle"}[media]
    description = Graph().parse(data=response.content, format=syntax)
    assert (None, SD.endpoint, URIRef(endpoint)) in description
