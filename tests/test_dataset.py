"""kg/dataset.py: which dataset a query or update names, and USING clauses for the protocol's graphs."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.dataset import DEFAULT_GRAPH, RequestDataset, names_dataset, query_options, with_using
from kg.errors import BadInput, QueryError


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", False),
        ("SELECT * FROM <urn:g> WHERE { ?s ?p ?o }", True),
        ("select * from named <urn:g> { graph ?g { ?s ?p ?o } }", True),
        ("PREFIX ex: <urn:ex:> SELECT * FROM ex:g { ?s ?p ?o }", True),
        ("SELECT ?from WHERE { ?from ex:from ?x }", False),
        ('SELECT * WHERE { ?s ?p "FROM <urn:g>" }', False),
        ("SELECT * WHERE { ?s ?p ?o } # FROM <urn:g>", False),
        ("SELECT * WHERE { <urn:FROM> ?p ?o }", False),
        ("PREFIX from: <urn:f:> SELECT * WHERE { from:x ?p ?o }", False),
    ],
)
def test_names_dataset(query: str, expected: bool) -> None:
    assert names_dataset(query) is expected


def test_query_options() -> None:
    assert query_options("ASK {}", None) == {"use_default_graph_as_union": True}
    assert query_options("ASK FROM <urn:g> {}", None) == {}
    both = query_options("ASK {}", RequestDataset(("urn:a", DEFAULT_GRAPH), ("urn:b",)))
    assert both == {
        "default_graph": [ox.NamedNode("urn:a"), ox.DefaultGraph()],
        "named_graphs": [ox.NamedNode("urn:b")],
    }
    named_only = query_options("ASK {}", RequestDataset((), ("urn:b",)))
    assert named_only == {"default_graph": [], "named_graphs": [ox.NamedNode("urn:b")]}
    with pytest.raises(BadInput):
        query_options("ASK {}", RequestDataset(("not an iri",)))


G = RequestDataset(("urn:d",), ("urn:n",))


@pytest.mark.parametrize(
    ("update", "expected"),
    [
        (
            "INSERT { GRAPH <urn:o> { ?s a ?t } } WHERE { ?s a ?t }",
            "INSERT { GRAPH <urn:o> { ?s a ?t } } USING <urn:d> USING NAMED <urn:n> WHERE { ?s a ?t }",
        ),
        (
            "PREFIX ex: <urn:ex:> DELETE { ?s ex:p ?o } INSERT { ?s ex:q ?o } WHERE { ?s ex:p ?o }",
            "PREFIX ex: <urn:ex:> DELETE { ?s ex:p ?o } INSERT { ?s ex:q ?o } "
            "USING <urn:d> USING NAMED <urn:n> WHERE { ?s ex:p ?o }",
        ),
        (
            "DELETE WHERE { GRAPH <urn:o> { ?s ?p ?o } }",
            "DELETE { GRAPH <urn:o> { ?s ?p ?o } } USING <urn:d> USING NAMED <urn:n> "
            "WHERE { GRAPH <urn:o> { ?s ?p ?o } }",
        ),
        (
            "CLEAR ALL ; INSERT DATA { <urn:a> <urn:b> 'WHERE' } ;\n"
            "INSERT { ?s a <urn:c> } WHERE { ?s ?p ?o }",
            "CLEAR ALL ; INSERT DATA { <urn:a> <urn:b> 'WHERE' } ;\n"
            "INSERT { ?s a <urn:c> } USING <urn:d> USING NAMED <urn:n> WHERE { ?s ?p ?o }",
        ),
        ("DROP GRAPH <urn:o>", "DROP GRAPH <urn:o>"),
    ],
)
def test_with_using(update: str, expected: str) -> None:
    assert with_using(update, G) == expected
    assert with_using(update, None) == update


@pytest.mark.parametrize(
    "update",
    [
        "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "INSERT { ?s a <urn:c> } USING <urn:g> WHERE { ?s ?p ?o }",
        "INSERT DATA { <urn:a> <urn:b> <urn:c> } ;\n"
        "DELETE { ?s ?p ?o } USING NAMED <urn:g> WHERE { ?s ?p ?o }",
    ],
)
def test_with_using_refuses_a_second_dataset(update: str) -> None:
    with pytest.raises(QueryError, match="in one place only"):
        with_using(update, G)


def test_using_clauses_apply() -> None:
    store = ox.Store()
    a, b, p = ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.NamedNode("urn:p")
    store.add(ox.Quad(a, p, ox.Literal("in a"), a))
    store.add(ox.Quad(b, p, ox.Literal("in b"), b))
    update = "INSERT { GRAPH <urn:out> { ?s <urn:p> ?o } } WHERE { ?s ?p ?o }"
    store.update(with_using(update, RequestDataset(("urn:a",))))
    copied = {q.object.value for q in store.quads_for_pattern(None, None, None, ox.NamedNode("urn:out"))}
    assert copied == {"in a"}
