"""kg/answers.py: an answer written to a file in the asked syntax, a row cap that is an error."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.answers import JSONLD, FileAnswer, TooManyRows, write_answer

RESULTS = {"select": "application/sparql-results+json", "graph": "text/turtle"}


@pytest.fixture(scope="module")
def store() -> ox.Store:
    data = ox.Store()
    g, p = ox.NamedNode("urn:g"), ox.NamedNode("urn:p")
    data.extend(ox.Quad(ox.NamedNode(f"urn:s{i}"), p, ox.Literal(f"v{i}"), g) for i in range(30))
    return data


def ask(store: ox.Store, query: str) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    return store.query(query, use_default_graph_as_union=True)


@pytest.mark.parametrize(
    ("media", "fmt"),
    [
        ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
        ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
        ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ],
)
@pytest.mark.parametrize("max_rows", [None, 30, 100])
def test_select_written_whole_in_each_syntax(
    store: ox.Store, tmp_path: Path, media: str, fmt: ox.QueryResultsFormat, max_rows: int | None
) -> None:
    result = ask(store, "SELECT * { ?s ?p ?o }")
    answer = write_answer(result, {**RESULTS, "select": media}, tmp_path / "a", max_rows)
    assert answer == FileAnswer("select", tmp_path / "a", media)
    assert len(list(ox.parse_query_results(path=str(tmp_path / "a"), format=fmt))) == 30
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a"]


def test_csv(store: ox.Store, tmp_path: Path) -> None:
    write_answer(ask(store, "SELECT ?o { ?s ?p ?o }"), {**RESULTS, "select": "text/csv"}, tmp_path / "a", 30)
    assert len((tmp_path / "a").read_text().splitlines()) == 31


def test_more_rows_than_the_cap_is_an_error(store: ox.Store, tmp_path: Path) -> None:
    with pytest.raises(TooManyRows, match="more than 29 rows"):
        write_answer(ask(store, "SELECT * { ?s ?p ?o }"), RESULTS, tmp_path / "a", 29)
    assert not (tmp_path / "a.srj").exists()


def test_ask_and_graphs(store: ox.Store, tmp_path: Path) -> None:
    boolean = write_answer(ask(store, "ASK { ?s ?p ?o }"), RESULTS, tmp_path / "ask", 1)
    assert boolean.kind == "ask" and b"true" in (tmp_path / "ask").read_bytes()
    media = {**RESULTS, "graph": "application/rdf+xml"}
    graph = write_answer(ask(store, "CONSTRUCT WHERE { ?s ?p ?o }"), media, tmp_path / "g", 1)
    assert graph.media_type == "application/rdf+xml"
    assert len(list(ox.parse(path=str(tmp_path / "g"), format=ox.RdfFormat.RDF_XML))) == 30
    constructed = ask(store, "CONSTRUCT WHERE { ?s ?p ?o }")
    jsonld = write_answer(constructed, {**RESULTS, "graph": JSONLD}, tmp_path / "j")
    assert jsonld.media_type == JSONLD
    assert len(list(ox.parse(path=str(tmp_path / "j"), format=ox.RdfFormat.JSON_LD))) == 30


def test_a_kind_the_client_cannot_take_has_no_file(store: ox.Store, tmp_path: Path) -> None:
    answer = write_answer(ask(store, "DESCRIBE <urn:s1>"), {"select": None, "graph": None}, tmp_path / "a")
    assert answer == FileAnswer("graph", None, None)
    assert not list(tmp_path.iterdir())
