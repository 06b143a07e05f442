"""How a `--store URL` is told apart and turned into endpoints, and the kg server client's errors."""

from __future__ import annotations

import socket

import pytest
from conftest import OxigraphServer

from kg.client import KgServer, check_store_url, find_kg_server, sparql_endpoints
from kg.errors import BadInput, StoreError


@pytest.mark.parametrize(("url", "query", "update"), [
    ("http://h:7878", "http://h:7878/query", "http://h:7878/update"),
    ("http://h:7878/", "http://h:7878/query", "http://h:7878/update"),
    ("http://h:7878/query", "http://h:7878/query", "http://h:7878/update"),
    ("http://h:3030/ds/query", "http://h:3030/ds/query", "http://h:3030/ds/update"),
    ("http://h:8890/sparql", "http://h:8890/sparql", "http://h:8890/sparql"),
    ("http://h:7200/repositories/kg", "http://h:7200/repositories/kg", "http://h:7200/repositories/kg"),
])
def test_endpoints_of_a_plain_sparql_store(url: str, query: str, update: str) -> None:
    assert sparql_endpoints(url) == (query, update)


@pytest.mark.parametrize(("url", "named", "words"), [
    ("localhost:8765", "--store", "--store must be an http(s) URL"),
    ("localhost:8765", "KG_STORE", "(did you mean http://localhost:8765?)"),
    ("ftp://example.org/sparql", "--store", "not 'ftp://example.org/sparql'"),
    ("http://", "KG_STORE", "KG_STORE must be"),
])
def test_a_store_url_is_checked_and_named_as_given(url: str, named: str, words: str) -> None:
    with pytest.raises(BadInput) as raised:
        check_store_url(url, named)
    assert words in str(raised.value)


def test_an_http_url_passes() -> None:
    check_store_url("https://example.org/sparql", "--store")


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_nothing_listening_names_the_url_as_typed() -> None:
    typed = f"http://127.0.0.1:{closed_port()}/sparql"
    with pytest.raises(StoreError) as raised:
        find_kg_server(typed, "--store")
    assert str(raised.value) == f"cannot reach {typed} (given by --store): connection refused"


def test_an_oxigraph_server_is_not_a_kg_server(oxigraph_server: OxigraphServer) -> None:
    assert find_kg_server(oxigraph_server.url, "--store") is None
    assert find_kg_server(oxigraph_server.url.removesuffix("/query"), "--store") is None


def test_a_server_that_went_away_is_a_store_error_naming_it() -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    with KgServer(url) as server, pytest.raises(StoreError) as raised:
        server.health()
    assert str(raised.value) == f"cannot reach the kg server at {url}: connection refused"
