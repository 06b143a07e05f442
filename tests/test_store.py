"""The store interface, on both backends where it makes sense: embedded Oxigraph and a remote server."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDFS

from kg.dataset import RequestDataset
from kg.errors import BadInput, NotFound, QueryError, QueryTimeout, StoreError
from kg.settings import Settings
from kg.store import FILE_GRAPH_PREFIX, EmbeddedStore, GraphPatch, Store, open_store

EX = "http://example.org/"
G1, G2 = EX + "graph/one", EX + "graph/two"
S, P, Q = URIRef(EX + "s"), URIRef(EX + "p"), URIRef(EX + "q")
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
SUFFIXES = {"trig": "trig", "nquads": "nq", "jsonld": "jsonld"}
TRICKY = 'He said "stop" } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o } #'


def triples(n: int, subject: URIRef = S, tag: str = "") -> list[tuple[URIRef, URIRef, Literal]]:
    return [(subject, P, Literal(f"{tag}{i}")) for i in range(n)]


def nquads(store: Store) -> set[str]:
    """The dataset as a set of N-Quads lines, to compare two stores."""
    return {line for line in store.dump("nquads").decode().splitlines() if line.strip()}


# -- writes ------------------------------------------------------------------------------------------

def test_replace_graph_replaces_the_whole_graph(any_store: Store) -> None:
    assert any_store.replace_graph(G1, triples(3, tag="old")) == 3
    assert any_store.replace_graph(G1, triples(2, tag="new")) == 2
    rows = any_store.query("SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } }").rows
    assert sorted(str(r["o"]) for r in rows) == ["new0", "new1"]
    assert any_store.count(G1) == 2


def test_replace_graph_twice_with_the_same_triples_duplicates_nothing(any_store: Store) -> None:
    any_store.replace_graph(G1, triples(4))
    any_store.replace_graph(G1, triples(4) + triples(4))
    assert any_store.count(G1) == 4
    assert any_store.count() == 4


def test_replace_graphs_leaves_other_graphs_alone(any_store: Store) -> None:
    any_store.replace_graph(G2, triples(2, tag="two"))
    any_store.replace_graphs({G1: triples(3), EX + "graph/three": triples(1)})
    assert any_store.graphs() == sorted([G1, G2, EX + "graph/three"])
    assert any_store.count(G2) == 2


def test_add_is_idempotent(any_store: Store) -> None:
    assert any_store.add(G1, triples(3)) == 3
    any_store.add(G1, triples(3))
    any_store.add(G1, [(S, Q, Literal("more"))])
    assert any_store.count(G1) == 4


def test_a_patch_leaves_its_subjects_as_it_states_them(any_store: Store) -> None:
    other = URIRef(EX + "other")
    any_store.replace_graph(G1, [(S, P, Literal("old")), (S, Q, Literal("stays")), (other, P, Literal("o"))])
    stated = [(S, Q, Literal("stays")), (S, P, Literal("new"))]
    any_store.replace_graphs({G2: triples(1)}, patch=GraphPatch(G1, [S], stated))
    assert {line for line in any_store.dump("ntriples", G1).decode().splitlines()} == {
        f"<{S}> <{Q}> \"stays\" .", f"<{S}> <{P}> \"new\" .", f"<{other}> <{P}> \"o\" ."}


def test_a_patch_on_a_shared_store_replaces_what_another_writer_wrote_meanwhile(
    remote_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process's write about the patch's subject lands between the patch's making and its
    update request: the subject ends as the patch states it, not as a mix of the two writes."""
    with open_store(remote_settings) as ours, open_store(remote_settings) as theirs:
        assert ours.shared
        ours.replace_graph(G1, [(S, P, Literal("first"))])
        send = ours._update

        def after_their_write(*args: object) -> None:
            theirs_stated = [(S, P, Literal("theirs")), (S, Q, Literal("t"))]
            theirs.replace_graphs({}, patch=GraphPatch(G1, [S], theirs_stated))
            send(*args)  # type: ignore[arg-type]

        monkeypatch.setattr(ours, "_update", after_their_write)
        ours.replace_graphs({}, patch=GraphPatch(G1, [S], [(S, P, Literal("ours"))]))
        assert ours.dump("ntriples", G1).decode().split() == [f"<{S}>", f"<{P}>", '"ours"', "."]


def test_drop_graph(any_store: Store) -> None:
    any_store.replace_graph(G1, triples(2))
    any_store.replace_graph(G2, triples(2))
    any_store.drop_graph(G1)
    any_store.drop_graph(EX + "graph/never-was")
    assert any_store.graphs() == [G2]


def test_invalid_graph_iri_is_bad_input(any_store: Store) -> None:
    with pytest.raises(BadInput):
        any_store.replace_graph("not an iri", triples(1))


def test_update(any_store: Store) -> None:
    any_store.update(f"INSERT DATA {{ GRAPH <{G1}> {{ <{S}> <{P}> 'x' }} }}")
    assert any_store.count(G1) == 1
    with pytest.raises(QueryError):
        any_store.update("INSERT DATE { }")


# -- reads -------------------------------------------------------------------------------------------

def test_default_graph_is_the_union_of_named_graphs(any_store: Store) -> None:
    any_store.replace_graph(G1, [(S, P, Literal("a"))])
    any_store.replace_graph(G2, [(S, Q, Literal("b"))])
    result = any_store.query("SELECT ?p ?o WHERE { ?s ?p ?o } ORDER BY ?o")
    assert result.variables == ["p", "o"]
    assert [(r["p"], r["o"]) for r in result.rows] == [(P, Literal("a")), (Q, Literal("b"))]


COUNT_ALL = "SELECT (COUNT(*) AS ?n) {dataset} WHERE {{ ?s ?p ?o }}"


def count_of(store: Store, query: str, **options: object) -> int:
    return int(store.query(query, **options).rows[0]["n"])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("dataset", "expected"),
    [
        ("", 5),
        (f"FROM <{G1}>", 2),
        (f"FROM <{G1}> FROM <{G2}>", 5),
        (f"FROM <{EX}no-such-graph>", 0),
        (f"FROM NAMED <{G1}>", 0),
    ],
)
def test_from_replaces_the_union(any_store: Store, dataset: str, expected: int) -> None:
    any_store.replace_graphs({G1: triples(2), G2: triples(3, tag="two")})
    assert count_of(any_store, COUNT_ALL.format(dataset=dataset)) == expected
    assert count_of(any_store, COUNT_ALL.format(dataset=dataset), untrusted=True) == expected


@pytest.mark.parametrize(
    ("dataset", "expected_default", "expected_named"),
    [
        (RequestDataset((G1,)), 2, 0),
        (RequestDataset((G1, G2)), 5, 0),
        (RequestDataset((), (G2,)), 0, 3),
        (RequestDataset((G2,), (G1, G2)), 3, 5),
    ],
)
def test_request_dataset_replaces_the_union_and_from(
    any_store: Store, dataset: RequestDataset, expected_default: int, expected_named: int
) -> None:
    any_store.replace_graphs({G1: triples(2), G2: triples(3, tag="two")})
    in_named = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    for query in (COUNT_ALL.format(dataset=""), COUNT_ALL.format(dataset=f"FROM <{EX}other>")):
        assert count_of(any_store, query, dataset=dataset) == expected_default
    assert count_of(any_store, in_named, dataset=dataset) == expected_named


def test_update_reads_the_graphs_the_request_names(any_store: Store) -> None:
    any_store.replace_graphs({G1: triples(2), G2: triples(3, tag="two")})
    copy = f"INSERT {{ GRAPH <{EX}copy> {{ ?s ?p ?o }} }} WHERE {{ ?s ?p ?o }}"
    any_store.update(copy, RequestDataset((G2,)))
    assert any_store.count(EX + "copy") == 3
    with pytest.raises(QueryError):
        any_store.update(f"WITH <{G1}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}", RequestDataset((G2,)))


def test_relative_iris_resolve_against_the_base(any_store: Store) -> None:
    base = "http://127.0.0.1:8000/sparql"
    any_store.update(f"INSERT DATA {{ GRAPH <{G1}> {{ <s> <p> <o> }} }}", base_iri=base)
    assert any_store.query("ASK { <http://127.0.0.1:8000/s> <p> <o> }", base_iri=base).boolean


def test_bound_values_are_terms_not_query_text(any_store: Store) -> None:
    any_store.replace_graph(G1, [(S, RDFS.label, Literal(TRICKY)), (S, P, Literal("other"))])
    query = "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
    found = any_store.query(query, {"label": Literal(TRICKY)}).rows
    assert found == [{"s": S, "label": Literal(TRICKY)}]
    assert any_store.query(query, {"label": Literal(TRICKY + " ")}).rows == []
    assert any_store.count() == 2


def test_bindings_reach_filters_in_the_where_group(any_store: Store) -> None:
    any_store.replace_graph(G1, [(S, P, Literal(n)) for n in range(5)])
    query = "SELECT ?o ?min WHERE { ?s ?p ?o FILTER(?o >= ?min) } ORDER BY ?o"
    rows = any_store.query(query, {"min": Literal(3)}).rows
    assert [r["o"] for r in rows] == [Literal(3), Literal(4)]


def test_ask_and_construct(any_store: Store) -> None:
    any_store.replace_graph(G1, [(S, P, Literal("a", lang="en")), (S, Q, Literal(1))])
    assert any_store.query("ASK { ?s ?p 1 }").boolean is True
    assert any_store.query("ASK { ?s ?p 2 }").boolean is False
    result = any_store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert result.kind == "graph"
    assert set(result.triples) == {(S, P, Literal("a", lang="en")), (S, Q, Literal(1))}


def test_bad_query_is_query_error(any_store: Store) -> None:
    with pytest.raises(QueryError):
        any_store.query("SELEKT * WHERE { ?s ?p ?o }")


@pytest.mark.parametrize(("media_type", "check"), [
    ("application/sparql-results+json", lambda body: json.loads(body)["head"]["vars"] == ["s", "o"]),
    ("application/sparql-results+xml", lambda body: b"<sparql" in body and b"he said" in body),
    ("text/csv", lambda body: body.splitlines()[0] == b"s,o" and b"he said" in body),
    ("text/tab-separated-values", lambda body: body.splitlines()[0] == b"?s\t?o"),
])
def test_select_results_serialize(any_store: Store, media_type: str, check: object) -> None:
    any_store.replace_graph(G1, [(S, P, Literal("he said"))])
    body = any_store.query("SELECT ?s ?o WHERE { ?s ?p ?o }").serialize(media_type)
    assert callable(check) and check(body)


@pytest.mark.parametrize(("media_type", "rdflib_format"), [
    ("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld"),
])
def test_graph_results_serialize(any_store: Store, media_type: str, rdflib_format: str) -> None:
    expected = {(S, P, Literal(TRICKY)), (S, Q, Literal("2013-06-04", datatype=XSD_DATE))}
    any_store.replace_graph(G1, expected)
    body = any_store.query("CONSTRUCT WHERE { ?s ?p ?o }").serialize(media_type)
    assert set(Graph().parse(data=body, format=rdflib_format)) == expected


def test_serialize_refuses_a_media_type_that_does_not_fit(any_store: Store) -> None:
    with pytest.raises(BadInput):
        any_store.query("ASK {}").serialize("text/turtle")
    with pytest.raises(BadInput):
        any_store.query("CONSTRUCT WHERE { ?s ?p ?o }").serialize("text/csv")


def test_slow_query_times_out(any_store: Store) -> None:
    any_store.replace_graph(G1, [(URIRef(f"{EX}n{i}"), P, Literal(i)) for i in range(2500)])
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?p ?y FILTER(STR(?x) < STR(?y)) }"
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        any_store.query(heavy, timeout=0.2)
    assert time.monotonic() - started < 1.0


# -- dump and load -----------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["trig", "nquads", "jsonld"])
def test_dataset_dump_round_trips_through_load(any_store: Store, settings: Settings, tmp_path: Path,
                                               fmt: str) -> None:
    any_store.replace_graph(G1, [(S, P, Literal(TRICKY)), (S, Q, Literal(3))])
    any_store.replace_graph(G2, [(S, RDFS.label, Literal("deux", lang="fr"))])
    path = tmp_path / f"dump.{SUFFIXES[fmt]}"
    path.write_bytes(any_store.dump(fmt))
    with open_store(settings.model_copy(update={"data": tmp_path / "copy", "store": None})) as copy:
        assert copy.load(path) == 3
        assert nquads(copy) == nquads(any_store)


@pytest.mark.parametrize(("fmt", "suffix"), [("turtle", "ttl"), ("ntriples", "nt")])
def test_graph_dump_round_trips_through_load(any_store: Store, settings: Settings, tmp_path: Path,
                                             fmt: str, suffix: str) -> None:
    any_store.replace_graph(G1, [(S, P, Literal(TRICKY)), (S, Q, Literal(3))])
    any_store.replace_graph(G2, [(S, RDFS.label, Literal("x"))])
    path = tmp_path / f"one.{suffix}"
    path.write_bytes(any_store.dump(fmt, G1))
    with open_store(settings.model_copy(update={"data": tmp_path / "copy", "store": None})) as copy:
        assert copy.load(path, graph=G1) == 2
        assert nquads(copy) == {q for q in nquads(any_store) if q.endswith(f"<{G1}> .")}


def test_triple_dump_without_graph_is_the_union(any_store: Store) -> None:
    any_store.replace_graph(G1, [(S, P, Literal("a"))])
    any_store.replace_graph(G2, [(S, P, Literal("a")), (S, Q, Literal("b"))])
    lines = any_store.dump("ntriples").decode().splitlines()
    assert sorted(lines) == sorted([f'<{S}> <{P}> "a" .', f'<{S}> <{Q}> "b" .'])


def test_dump_of_a_missing_graph_is_not_found(any_store: Store) -> None:
    with pytest.raises(NotFound):
        any_store.dump("turtle", G1)


def test_unknown_format_is_bad_input(any_store: Store, tmp_path: Path) -> None:
    with pytest.raises(BadInput):
        any_store.dump("rdfxml")
    path = tmp_path / "data.xyz"
    path.write_text(f"<{S}> <{P}> <{Q}> .")
    with pytest.raises(BadInput):
        any_store.load(path)


def test_load_without_graph_names_the_graph_after_the_file(any_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "extra.ttl"
    path.write_text(f'<{S}> <{P}> "a", "b" .\n')
    assert any_store.load(path) == 2
    assert any_store.graphs() == [str(FILE_GRAPH_PREFIX) + "extra.ttl"]


def test_load_of_bad_syntax_is_bad_input_and_changes_nothing(any_store: Store, tmp_path: Path) -> None:
    any_store.replace_graph(G1, triples(2))
    before = nquads(any_store)
    path = tmp_path / "broken.nq"
    good = "".join(f'<{S}> <{P}> "{i}" <{G2}> .\n' for i in range(1000))
    path.write_text(good + f'<{S}> <{P}> "unterminated <{G2}> .\n')
    with pytest.raises(BadInput) as raised:
        any_store.load(path)
    assert "\n" not in str(raised.value)
    assert nquads(any_store) == before


# -- the embedded store ------------------------------------------------------------------------------

def test_embedded_store_persists_across_close_and_open(settings: Settings) -> None:
    with open_store(settings) as first:
        first.replace_graph(G1, triples(5))
    with open_store(settings) as second:
        assert second.count(G1) == 5
        assert second.graphs() == [G1]


def test_embedded_store_is_also_an_rdflib_dataset(store: Store) -> None:
    store.replace_graph(G1, [(S, P, Literal("a"))])
    assert isinstance(store, EmbeddedStore) and isinstance(store.dataset, Dataset)
    assert (S, P, Literal("a")) in store.dataset.graph(URIRef(G1))


def test_a_store_in_use_is_a_one_line_store_error(store: Store, settings: Settings) -> None:
    with pytest.raises(StoreError, match="in use by another process"):
        open_store(settings)
    other = subprocess.run(
        [sys.executable, "-c",
         "import sys\nfrom pathlib import Path\nfrom kg.errors import StoreError\n"
         "from kg.settings import Settings\nfrom kg.store import open_store\n"
         "try:\n    open_store(Settings(data=Path(sys.argv[1])))\n"
         "except StoreError as e:\n    print(e)\n    sys.exit(3)\n", str(settings.data)],
        capture_output=True, text=True, timeout=60,
    )
    assert other.returncode == 3, other.stderr
    assert "in use by another process" in other.stdout and len(other.stdout.strip().splitlines()) == 1


WRITER = """
import sys
from pathlib import Path
from rdflib import Literal, URIRef
from kg.settings import Settings
from kg.store import open_store

store = open_store(Settings(data=Path(sys.argv[1])))
graph, size = sys.argv[2], int(sys.argv[3])
version = 0
while True:
    version += 1
    triples = [(URIRef(f"http://example.org/n{i}"), URIRef("http://example.org/v"), Literal(version))
               for i in range(size)]
    store.replace_graph(graph, triples)
    print(version, flush=True)
"""


def test_replace_graph_survives_a_kill_mid_write(settings: Settings) -> None:
    size = 5_000
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(settings.data), G1, str(size)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "1"  # one whole version is on disk
        time.sleep(0.3)  # inside a later write: each takes a fraction of a second
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()
    with open_store(settings) as store:
        rows = store.query("SELECT ?v (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?v } } GROUP BY ?v").rows
    assert len(rows) == 1, f"a mix of versions after the kill: {rows}"
    assert int(rows[0]["n"]) == size  # type: ignore[call-overload]


def test_the_data_folder_opens_as_an_rdflib_dataset(tmp_path: Path) -> None:
    """README: with no server holding it, rdflib opens the data folder through oxrdflib."""
    data = tmp_path / "data"
    actor, graph = URIRef("https://w3id.org/conflict-kg/id/actor/a"), "https://w3id.org/conflict-kg/graph/article/x"
    with open_store(Settings(data=data)) as store:
        store.replace_graph(graph, [(actor, RDFS.label, Literal("A"))])
    dataset = Dataset(store="Oxigraph", default_union=True)
    dataset.open(str(data))
    try:
        rows = list(dataset.query("SELECT ?s ?o WHERE { ?s ?p ?o }"))
        assert [(s, str(o)) for s, o in rows] == [(actor, "A")]
        assert URIRef(graph) in {g.identifier for g in dataset.graphs()}
    finally:
        dataset.close()
    with open_store(Settings(data=data)) as store:  # and the service opens it again afterwards
        assert store.count() == 1


def test_ox_triples_hashes_each_triple_once_and_keeps_the_first_of_each() -> None:
    import pyoxigraph as ox

    from kg.store.terms import DistinctTriples, ox_triples

    s, p = ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p")
    one, two = ox.Triple(s, p, ox.Literal("1")), ox.Triple(s, p, ox.Literal("2"))
    distinct = ox_triples([two, (URIRef(s.value), URIRef(p.value), Literal("1")), two, one])
    assert isinstance(distinct, DistinctTriples) and distinct == [two, one]
    assert ox_triples(distinct) is distinct  # known distinct: handed back, not read again
    assert ox_triples(list(distinct)) is not distinct
