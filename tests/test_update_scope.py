"""Which graphs a SPARQL update writes, read from its text: the graphs its templates and graph operations
name, or nothing when the text does not tell them."""

from __future__ import annotations

import pytest

from kg.update_scope import graphs_written

G, H = "http://example.org/g", "http://example.org/h"


@pytest.mark.parametrize(
    ("update", "expected"),
    [
        (f"INSERT DATA {{ GRAPH <{G}> {{ <http://x/a> <http://x/b> 1 }} }}", [G]),
        (f"DELETE DATA {{ GRAPH <{G}> {{ <http://x/a> <http://x/b> 1 }} }} ;"
         f" INSERT DATA {{ GRAPH <{H}> {{ <http://x/a> <http://x/b> 2 }} }}", [G, H]),
        (f"DELETE WHERE {{ GRAPH <{G}> {{ ?s conf:label ?o }} }}", [G]),  # a prefix the store declares
        (f"WITH <{G}> DELETE {{ ?s ?p ?o }} INSERT {{ GRAPH <{H}> {{ ?s ?p ?o }} }} WHERE {{ ?s ?p ?o }}",
         [G, H]),
        (f"DELETE {{ GRAPH <{G}> {{ ?s ?p ?o }} }} USING <{H}> WHERE {{ ?s ?p ?o }}", [G]),
        ("PREFIX ex: <http://example.org/> INSERT DATA { GRAPH ex:g { ex:a ex:b ex:c } }", [G]),
        (f"DROP SILENT GRAPH <{G}> ; CLEAR GRAPH <{H}>", [G, H]),
        ("INSERT DATA { GRAPH <g> { <http://x/a> <http://x/b> 1 } }", [G]),  # relative to the base
        ("DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }", None),
        ("INSERT DATA { <http://x/a> <http://x/b> 1 }", None),  # the default graph
        ("DELETE WHERE { ?s ?p ?o }", None),
        ("CLEAR ALL", None),
        ("DROP NAMED", None),
        (f"MOVE <{G}> TO <{H}>", None),
        (f"COPY <{G}> TO <{H}>", None),
        ("LOAD <http://example.org/data.ttl>", None),
        ("INSERT DATA { GRAPH", None),  # not an update: the store's parser says what is wrong
        # What the reader steps over: strings, comments, predicate lists, a WHERE reading other graphs.
        (f'INSERT DATA {{ GRAPH <{G}> {{ <http://x/a> <http://x/b> "GRAPH ?g {{ }}" ; <http://x/c> '
         f"'''}}''' , [ <http://x/d> 2 ] . }} }} # GRAPH ?g", [G]),
        (f"DELETE {{ GRAPH <{G}> {{ ?s ?p ?o }} }} USING NAMED <{H}> "
         "WHERE { GRAPH ?g { ?s ?p ?o } }", [G]),
        (f"WITH <{G}> INSERT {{ ?s a conf:Operation ; conf:kind ?k }} "
         "WHERE { GRAPH ?g { ?s ?p ?k } }", [G]),
        (f'INSERT DATA {{ GRAPH <{G}> {{ _:b <http://x/b> 1.5e3 , "x"@en , 2 }} }} ;', [G]),
        (f"PREFIX conf: <http://example.org/> DROP GRAPH conf:g ; CREATE SILENT GRAPH <{H}>", [G, H]),
        (f"DROP GRAPH <{G}> ; PREFIX ex: <http://example.org/> CLEAR GRAPH ex:h", [G, H]),
        ("", []),
        (f"INSERT DATA {{ <http://x/a> <http://x/b> 1 . GRAPH <{G}> {{ <http://x/a> <http://x/b> 1 }} }}",
         None),
        (f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{G}> {{ ?s ?p ?o }} }}", None),  # no WITH: the default graph
        ("DROP DEFAULT", None),
        (f"ADD <{G}> TO <{H}>", None),
        ("INSERT DATA { GRAPH undeclared:g { <http://x/a> <http://x/b> 1 } }", None),
        ("SELECT * WHERE { ?s ?p ?o }", None),
    ],
)
def test_graphs_written(update: str, expected: list[str] | None) -> None:
    assert graphs_written(update, base_iri="http://example.org/") == expected
