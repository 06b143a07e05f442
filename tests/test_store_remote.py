"""What only the remote backend does: endpoint URLs, bindings sent as VALUES, unreachable endpoints.

The store behaviour both backends share is tested on each of them in test_store.py.
"""

from __future__ import annotations

import socket

import pytest
from rdflib import Literal, URIRef

from kg.errors import BadInput, StoreError
from kg.settings import Settings
from kg.store import RemoteStore, Store, _with_values, open_store, to_ox

EX = "http://example.org/"
BOUND = {"x": to_ox(URIRef(EX + "a")), "label": to_ox(Literal('say "} { ?x"'))}
VALUES = ' VALUES (?x ?label) { (<http://example.org/a> "say \\"} { ?x\\"") } '


@pytest.mark.parametrize(("query", "expected"), [
    ("SELECT ?x WHERE { ?x ?p ?o }", "SELECT ?x WHERE {" + VALUES + " ?x ?p ?o }"),
    ("ASK { ?x ?p ?o }", "ASK {" + VALUES + " ?x ?p ?o }"),
    ("CONSTRUCT { ?x ?p ?o } WHERE { ?x ?p ?o }", "CONSTRUCT { ?x ?p ?o } WHERE {" + VALUES + " ?x ?p ?o }"),
    ("CONSTRUCT { ?x ?p ?o } { ?x ?p ?o }", "CONSTRUCT { ?x ?p ?o } {" + VALUES + " ?x ?p ?o }"),
    ('# WHERE {\nSELECT * { ?x ?p "WHERE {" }', '# WHERE {\nSELECT * {' + VALUES + ' ?x ?p "WHERE {" }'),
    ("PREFIX where: <http://e/> SELECT * WHERE { ?x where:p ?o }",
     "PREFIX where: <http://e/> SELECT * WHERE {" + VALUES + " ?x where:p ?o }"),
])
def test_bindings_open_the_where_group(query: str, expected: str) -> None:
    assert _with_values(query, BOUND) == expected


def test_a_query_without_a_group_gets_trailing_values() -> None:
    assert _with_values("DESCRIBE ?x", BOUND).startswith("DESCRIBE ?x\nVALUES (?x ?label)")


def test_update_url_defaults_to_the_update_service_beside_the_query_service() -> None:
    store = open_store(Settings(store="http://127.0.0.1:1/query"))
    assert isinstance(store, RemoteStore) and store.update_url == "http://127.0.0.1:1/update"
    store.close()
    given = open_store(Settings(store="http://127.0.0.1:1/sparql", store_update="http://127.0.0.1:1/up"))
    assert isinstance(given, RemoteStore) and given.update_url == "http://127.0.0.1:1/up"
    given.close()


def test_a_store_that_is_not_an_http_url_is_bad_input() -> None:
    with pytest.raises(BadInput):
        open_store(Settings(store="ftp://example.org/sparql"))


def test_an_unreachable_endpoint_is_a_one_line_store_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # Nothing listens on the port once the socket is closed.
    store = open_store(Settings(store=f"http://127.0.0.1:{port}/query"))
    with pytest.raises(StoreError) as raised:
        store.query("ASK {}")
    assert "cannot reach" in str(raised.value) and "\n" not in str(raised.value)
    store.close()


def test_remote_store_sees_what_another_client_wrote(remote_settings: Settings) -> None:
    with open_store(remote_settings) as writer, open_store(remote_settings) as reader:
        writer.replace_graph(EX + "g", [(URIRef(EX + "s"), URIRef(EX + "p"), Literal("v"))])
        assert reader.graphs() == [EX + "g"]
        assert reader.count() == 1


def test_virtuoso_answers_ask_and_keeps_graphs(virtuoso_store: Store) -> None:
    # Virtuoso sends an ASK's answer as a SELECT of one integer: the store reads it as the boolean.
    virtuoso_store.replace_graph(EX + "g", [(URIRef(EX + "s"), URIRef(EX + "p"), Literal("v"))])
    assert virtuoso_store.query("ASK { ?s ?p 'v' }").boolean is True
    assert virtuoso_store.query("ASK { ?s ?p 'w' }").boolean is False
    assert virtuoso_store.has_graph(EX + "g") and not virtuoso_store.has_graph(EX + "h")
    assert EX + "g" in virtuoso_store.graphs()
    virtuoso_store.drop_graph(EX + "g")
    assert not virtuoso_store.has_graph(EX + "g")
