"""SPARQL syntax errors in plain words: each slip named for what it is, at the right spot."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.rdf.namespaces import PREFIXES
from kg.syntax import explain, is_update


def parser_message(sparql: str) -> str:
    """What Oxigraph's parser says about `sparql`, with the project's prefixes declared as the store does."""
    try:
        ox.Store().query(sparql, prefixes={p: str(ns) for p, ns in PREFIXES.items()})
    except SyntaxError as exc:
        return str(exc)
    raise AssertionError(f"the query parses: {sparql}")


@pytest.mark.parametrize(("sparql", "summary", "line", "column"), [
    ("SELEC ?a WHERE { ?a ?b ?c }", "a query starts with SELECT, CONSTRUCT, ASK or DESCRIBE", 1, 1),
    ("PREFIX ex: <http://e/>\n  selekt * { ?a ?b ?c }", "not 'selekt'", 2, 3),
    ("SELECT ?a WHERE { ?a ?b ?c", "this '{' is never closed", 1, 17),
    ("SELECT ?a WHERE { ?a ?b ?c . FILTER(?a = 1 }", "this '(' is never closed", 1, 36),
    ('SELECT ?a WHERE { ?a ?b "never closed }', "this string is never closed", 1, 25),
    ("SELECT ?a WHERE {\n  ?a ex:p ?c }", "the prefix 'ex:' is not declared", 2, 6),
    ("SELECT ?a WHERE { ?a conf:supports ?c } LIMIT ten", "'ten' is out of place here", 1, 47),
    ("SELECT ?a WHERE { ?a conf:supports }", "'}' is out of place here", 1, 36),
    ("SELECT ?a WHERE { ?a ?b ?c ?d }", "the query is incomplete", 1, 31),
])
def test_a_slip_is_named_with_its_line_and_column(sparql: str, summary: str, line: int, column: int) -> None:
    text = explain(sparql, parser_message(sparql), PREFIXES)
    assert text is not None
    first, shown, caret = text.splitlines()
    assert first.startswith(f"bad SPARQL at line {line}, column {column}: ")
    assert summary in first
    assert shown == "  " + sparql.splitlines()[line - 1]
    assert caret == "  " + " " * (column - 1) + "^"
    assert "expected CONSTRUCT" not in text and "\\u{" not in text and "..=" not in text


@pytest.mark.parametrize(("sparql", "expected"), [
    ("SELECT ?a WHERE { ?a ?b ?c } LIMIT ten", "(it expected a number)"),
    ("SELECT ?a WHERE { ?a conf:supports }",
     "(it expected a variable, an IRI, a string, a name, '(', '[' or '.')"),
])
def test_what_the_parser_expected_is_said_in_kinds_of_token(sparql: str, expected: str) -> None:
    assert expected in (explain(sparql, parser_message(sparql), PREFIXES) or "")


def test_a_message_without_a_position_is_left_alone() -> None:
    assert explain("SELECT * {}", "the query ran longer than 30 s") is None


def test_the_caret_stays_on_screen_on_a_long_line() -> None:
    sparql = "SELECT ?a WHERE { " + " ".join(f"?a <http://e/p{i}> ?b{i} ." for i in range(30)) + " ?a ?b }"
    text = explain(sparql, parser_message(sparql)) or ""
    _, shown, caret = text.splitlines()
    assert len(shown) <= 104 and shown.startswith("  …")
    assert caret.endswith("^") and len(caret) <= len(shown)


@pytest.mark.parametrize(("sparql", "update"), [
    ("INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }", True),
    ("PREFIX ex: <http://e/>\n# a comment\ndelete where { ?s ex:p ?o }", True),
    ("DROP GRAPH <http://e/g>", True),
    ("WITH <http://e/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", True),
    ("SELECT * WHERE { ?s ?p ?o }", False),
    ("# INSERT\nASK { ?s ?p 'DELETE' }", False),
    ("", False),
])
def test_an_update_is_told_from_a_query(sparql: str, update: bool) -> None:
    assert is_update(sparql) is update
