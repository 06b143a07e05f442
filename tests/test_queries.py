"""Every canned query parses and runs, with its parameters bound, against the fixture store."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import PROV, RDF, RDFS
from rdflib.plugins.sparql import prepareQuery
from server import load_fixture

from kg import events, index
from kg.rdf import iris
from kg.rdf.namespaces import CONF
from kg.read import actor_relations, find_actors, find_operations, list_articles
from kg.read.canned import NAME_STRIP, QUERY_DIR, Canned, Param, canned_text, iri, optional
from kg.settings import Settings
from kg.store import Store, Triple, open_store
from kg.summaries import claim_node, newest_node, pair_node, within_node

FIGHTERS = "fighters-seize-port-delan-0a1b2c3d4e5f"
RED = iris.actor("red-hand-brigade")
DELAN = iris.place("port-delan")
PAIR = pair_node(iri(RED), 0)

OPERATION_FILTERS: dict[str, Param] = {
    **optional("actor", RED, CONF.Actor),
    **optional("location", None, CONF.Location),
    **optional("kind", CONF.Capture, CONF.OtherOperation),
    **optional("from", date(2024, 3, 1), date.min),
    **optional("to", None, date.max),
    **optional("article", iris.article(FIGHTERS), CONF.Article),
}
CAPTURE_EVENT = events.event_iri([events.Report(str(iris.fact(FIGHTERS, "operation", 1)), "", "Capture")])

PARAMETERS: dict[str, dict[str, Param]] = {
    "count_articles": {},
    "check_entity": {"class": CONF.Actor, "iri": RED},
    "list_articles": {},
    "list_undated_articles": {},
    "list_newest_articles": {"node": newest_node(0)},
    "count_dated_articles": {},
    "get_article": {"doc": iris.article(FIGHTERS)},
    "list_article_mentions": {"doc": iris.article(FIGHTERS)},
    "list_article_relations": {"doc": iris.article(FIGHTERS)},
    "resolve_entity": {"class": CONF.Actor, "iri": iris.actor("rhb"), "key": "rhb", "strip": NAME_STRIP},
    "find_actors": {"q": "hand", "kind": CONF.ArmedGroup},
    "find_actors_by_name": {
        "q": "hand", "kind": CONF.ArmedGroup, "first": "han 2", "middle": "han 2", "last": "and 2",
    },
    "get_actor": {"actor": RED},
    "list_entity_articles": {"entity": RED},
    "list_actor_relations": {"pair": PAIR},
    "list_actor_relation_facts": {"pair": PAIR},
    "list_relation_evidence": {"slot": claim_node(PAIR, 0)},
    "list_relation_listings": {"slot": claim_node(PAIR, 0)},
    "get_articles": {"doc": iris.article(FIGHTERS)},
    "list_operations": OPERATION_FILTERS,
    "list_operations_by_article": OPERATION_FILTERS,
    "list_operations_by_location": {**OPERATION_FILTERS, **optional("location", DELAN, CONF.Location)},
    "list_operations_by_actor": OPERATION_FILTERS,
    "list_first_operations": OPERATION_FILTERS,
    "list_operations_within": {
        **OPERATION_FILTERS, **optional("location", DELAN, CONF.Location), "node": within_node(iri(DELAN)),
    },
    "list_statements": {
        **optional("speaker", iris.actor("mira-osei"), CONF.Actor),
        **optional("article", None, CONF.Article),
    },
    "list_first_statements": {
        **optional("speaker", iris.actor("mira-osei"), CONF.Actor),
        **optional("article", None, CONF.Article),
    },
    "list_statements_by_speaker": {
        **optional("speaker", iris.actor("mira-osei"), CONF.Actor),
        **optional("article", None, CONF.Article),
    },
    "get_operation_facts": {"op": iris.fact(FIGHTERS, "operation", 1)},
    "get_operation_listings": {"op": iris.fact(FIGHTERS, "operation", 1)},
    "list_kept_operations": {"owner": RED, "link": CONF.firstOperation},
    "get_labels": {"entity": DELAN},
    "find_locations": {"q": "delan"},
    "get_location": {"place": DELAN},
    "list_events": {
        **optional("actor", RED, CONF.Actor),
        **optional("location", DELAN, CONF.Location),
        **optional("kind", CONF.Capture, CONF.OtherOperation),
        **optional("from", date(2024, 3, 1), date.min),
        **optional("to", None, date.max),
    },
    "get_event": {"event": CAPTURE_EVENT},
    "list_event_sources": {"event": CAPTURE_EVENT},
    "list_article_events": {"article": iris.article(FIGHTERS)},
    "list_casualties": {
        **optional("article", iris.article(FIGHTERS), CONF.Article),
        **optional("victim", iris.actor("valorian-army"), CONF.Actor),
        **optional("location", DELAN, CONF.Location),
    },
}
"""Parameters for each canned query, chosen so each has at least one answer in the fixture."""

FILES = sorted(path.stem for path in QUERY_DIR.glob("*.rq"))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    settings = Settings(data=Path(tmp_path_factory.mktemp("queries")) / "store")
    load_fixture(settings)
    opened = open_store(settings)
    # An article without a date (the fixture's have one), for list_undated_articles.rq.
    undated = {str(iris.article_graph("undated")): [(iris.article("undated"), RDF.type, CONF.Article)]}
    with opened.write_lock:
        opened.replace_graphs(undated, patch=index.patch_for(opened, undated))
    events.rebuild(opened)
    yield opened
    opened.close()


def test_every_query_file_has_parameters_here() -> None:
    assert sorted(PARAMETERS) == FILES


@pytest.mark.parametrize("name", FILES)
def test_query_parses(name: str) -> None:
    prepareQuery(canned_text(name))


@pytest.mark.parametrize("name", FILES)
def test_query_runs_with_its_parameters(store: Store, name: str) -> None:
    canned = Canned(store, timeout=10)
    if prepareQuery(canned_text(name)).algebra.name == "AskQuery":
        assert canned.ask(name, **PARAMETERS[name])
    else:
        assert canned.rows(name, **PARAMETERS[name])


def test_resolve_entity_prefers_slug_then_label_then_alias(store: Store) -> None:
    canned = Canned(store, timeout=10)
    for given in ("Red Hand Brigade", "red-hand-brigade", "RED HAND", "r.h.b.", "Hand of the Red"):
        assert canned.resolve("actor", given) == iri(RED)
    assert canned.resolve("location", "delan") == iri(DELAN)


def test_operation_filters_combine(store: Store) -> None:
    canned = Canned(store, timeout=10)
    rows = canned.rows("list_operations", **OPERATION_FILTERS)
    assert {r["op"].value for r in rows} == {str(iris.fact(FIGHTERS, "operation", 1))}
    later = {**OPERATION_FILTERS, **optional("from", date(2024, 3, 3), date.min)}
    assert canned.rows("list_operations", **later) == []


@pytest.mark.parametrize("walk", ["article", "location", "actor"])
def test_each_starting_walk_finds_what_the_scan_of_every_operation_finds(store: Store, walk: str) -> None:
    canned = Canned(store, timeout=10)
    given = {"actor": RED, "location": DELAN, "article": iris.article(FIGHTERS)}
    params: dict[str, Param] = {
        **optional("actor", None, CONF.Actor),
        **optional("location", None, CONF.Location),
        **optional("kind", None, CONF.OtherOperation),
        **optional("from", None, date.min),
        **optional("to", None, date.max),
        **optional("article", None, CONF.Article),
        **optional(walk, given[walk], CONF.Actor),
    }
    scanned = canned.rows("list_operations", **params)
    assert scanned, "the fixture should have an operation for this filter"
    assert canned.rows(f"list_operations_by_{walk}", **params) == scanned
    if walk == "actor":
        assert canned.rows("list_first_operations", **params) == scanned
    if walk == "location":
        assert canned.rows("list_operations_within", **params, node=within_node(iri(DELAN))) == scanned
    found = find_operations(canned, **{walk: iri(given[walk])})
    assert [op.id for op in found] == [row["op"].value.split("/id/", 1)[-1] for row in scanned]
    assert find_operations(canned, limit=1, **{walk: iri(given[walk])}) == found[:1]
    assert find_operations(canned, limit=100, **{walk: iri(given[walk])}) == found


def test_a_kept_list_of_operations_reads_as_the_ordered_query_does(tmp_path: Path) -> None:
    """The first operations of an actor or a place, read from the index's kept list and put in order
    by the read layer, equal the page the ordered query gives: two dates, no date, one article with two
    offsets, one date with and without an article, and an agent and a target each."""
    store = open_store(Settings(data=tmp_path / "store"))
    place, actor = iris.place("harbour-town"), iris.actor("grey-guard")
    graphs: dict[str, list[Triple]] = {}
    dates = [["2024-03-02", "2024-03-01"], [], ["2024-03-01"], ["2024-02-28"], ["2024-02-28"], ["2024-03-01"]]
    for n, days in enumerate(dates):
        article = f"harbour-{n % 3}"
        doc, op = iris.article(article), iris.fact(article, "operation", n)
        triples = graphs.setdefault(str(iris.article_graph(article)), [
            (doc, RDF.type, CONF.Article), (doc, CONF.published, Literal(date(2024, 3, 3))),
            (doc, CONF.mentions, place), (doc, CONF.mentions, actor),
            (place, RDF.type, CONF.Location), (place, RDFS.label, Literal("Harbour Town")),
            (actor, RDF.type, CONF.Actor), (actor, RDFS.label, Literal("Grey Guard")),
        ])
        triples += [(op, RDF.type, CONF.Operation), (op, CONF.kind, CONF.Capture), (op, CONF.location, place),
                    (op, CONF.agent if n % 2 else CONF.target, actor), (op, CONF.evidence, Literal(f"s{n}")),
                    (op, CONF.endOffset, Literal(200 - 10 * n))]
        triples += [(op, CONF.date, Literal(date.fromisoformat(day))) for day in days]
        if n != 4:
            triples += [(op, PROV.wasDerivedFrom, doc), (op, CONF.startOffset, Literal(100 - 10 * n))]
    try:
        with store.write_lock:
            store.replace_graphs(graphs, patch=index.patch_for(store, graphs))
        canned = Canned(store, timeout=10)
        for walk, entity in (("location", iri(place)), ("actor", iri(actor))):
            ordered = find_operations(canned, **{walk: entity})  # the ordered query: no limit
            assert len(ordered) == len(dates)
            assert find_operations(canned, limit=100, **{walk: entity}) == ordered  # the kept list
            assert find_operations(canned, limit=3, **{walk: entity}) == ordered[:3]
            assert any(op.evidence and op.end and op.kind == "Capture" for op in ordered)
        # Without the index's listings (a SPARQL update wrote the operations, say), each is read as its
        # facts: the same answers.
        read_from_listings = find_operations(canned, location=iri(place))
        store.update(f"DELETE WHERE {{ GRAPH <{index.INDEX_GRAPH}> {{ ?op <{CONF.listing}> ?listing }} }}")
        assert find_operations(canned, location=iri(place)) == read_from_listings
        assert find_operations(canned, location=iri(place), limit=100) == read_from_listings
    finally:
        store.close()


def test_relation_evidence_read_from_listings_equals_the_claims_read_one_by_one(tmp_path: Path) -> None:
    """The counterparts of each actor with their newest evidence, read from the counterpart nodes' packed
    listings, equal what the nodes' facts and the claims' listings give (an index written before the
    nodes had listings), and what the claims' own triples give (as when a SPARQL update wrote them and
    left no listing)."""
    settings = Settings(data=tmp_path / "store")
    load_fixture(settings)
    store = open_store(settings)
    try:
        canned = Canned(store, timeout=10)
        actors = [row["a"].value for row in store.select(
            f"SELECT DISTINCT ?a WHERE {{ GRAPH <{index.INDEX_GRAPH}> {{ ?pair <{CONF.relationOf}> ?a }} }}")]
        assert actors
        listed = {a: actor_relations(canned, iris.key_of(a), evidence=5) for a in actors}
        shown = [e for relations in listed.values() for r in relations.relations for e in r.evidence]
        assert shown and all(e.title and e.published and e.end and e.confidence is not None for e in shown)
        assert any(r.evidence for relations in listed.values() for r in relations.relations)
        packed = (f"{{ GRAPH <{index.INDEX_GRAPH}> {{ ?pair <{CONF.relationOf}> ?a ; "
                  f"<{CONF.listing}> ?listing }} }}")
        assert store.query(f"ASK {packed}").boolean  # what the first answers were read from
        store.update(f"DELETE WHERE {packed}")
        assert {a: actor_relations(canned, iris.key_of(a), evidence=5) for a in actors} == listed
        assert {a: actor_relations(canned, iris.key_of(a), evidence=1) for a in actors} == {
            a: relations.model_copy(update={"relations": [
                r.model_copy(update={"evidence": r.evidence[:1]}) for r in relations.relations]})
            for a, relations in listed.items()}
        store.update(f"DELETE WHERE {{ GRAPH <{index.INDEX_GRAPH}> {{ ?claim <{CONF.listing}> ?listing }} }}")
        assert {a: actor_relations(canned, iris.key_of(a), evidence=5) for a in actors} == listed
    finally:
        store.close()


@pytest.mark.parametrize(
    "q", ["red", "RED HAND", "hand of", "d-h", "rhb", "Rhb", "jets", "osei", "ian", "brigade", "and", "xyz"]
)
@pytest.mark.parametrize("bands", ["as shipped", "one at a time"])
def test_actor_search_by_name_runs_finds_what_the_scan_of_every_actor_finds(
    store: Store, q: str, bands: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever the page size and however the count bands are grouped into queries."""
    if bands == "one at a time":
        monkeypatch.setattr("kg.read.actors.BANDS_ASKED_TOGETHER", [(band,) for band in range(64, -1, -1)])
    canned = Canned(store, timeout=10)
    scanned = [row["actor"].value for row in canned.rows("find_actors", q=q, kind=CONF.Actor)]
    for limit in (1, 2, 100):
        assert [a.iri for a in find_actors(canned, q, limit=limit)] == scanned[:limit], limit


@pytest.mark.parametrize("bands", ["as shipped", "one at a time"])
def test_actor_search_pages_run_across_count_bands_most_mentioned_first(
    settings: Settings, bands: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Actors named by 1 to 20 articles (count bands 1 to 5) whose names share a word: every page is the
    scan's, whether the bands are asked together or one at a time."""
    if bands == "one at a time":
        monkeypatch.setattr("kg.read.actors.BANDS_ASKED_TOGETHER", [(band,) for band in range(64, -1, -1)])
    graphs: dict[str, list[Triple]] = {}
    for n in range(1, 21):
        actor = iris.actor(f"front-{n:02d}")
        for copy in range(n):
            doc = iris.article(f"a-{n}-{copy}")
            graphs.setdefault(str(iris.article_graph(f"a-{n}-{copy}")), []).extend([
                (doc, RDF.type, CONF.Article), (doc, CONF.mentions, actor),
                (actor, RDF.type, CONF.Actor), (actor, RDF.type, CONF.ArmedGroup),
                (actor, RDFS.label, Literal(f"Front {n:02d}")),
            ])
    with open_store(settings) as store:
        with store.write_lock:
            store.replace_graphs(graphs, patch=index.patch_for(store, graphs))
        canned = Canned(store, timeout=10)
        scanned = [row["actor"].value for row in canned.rows("find_actors", q="front", kind=CONF.Actor)]
        assert len(scanned) == 20
        assert scanned[:2] == [str(iris.actor("front-20")), str(iris.actor("front-19"))]
        for limit in (1, 3, 5, 12, 19, 20, 50):
            assert [a.iri for a in find_actors(canned, "Front", limit=limit)] == scanned[:limit], limit


@pytest.mark.parametrize("kept", [1000, 1, 0])
def test_articles_are_listed_newest_first_then_undated_across_pages(
    store: Store, kept: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages within the newest articles the index keeps, and past them (sorted at request time)."""
    monkeypatch.setattr("kg.read.articles.NEWEST_KEPT", kept)
    canned = Canned(store, timeout=10)
    every = [a.id for a in list_articles(canned, limit=10).articles]
    assert every[-1] == "undated" and len(every) == 3
    for offset in range(4):
        for limit in (1, 2):
            page = [a.id for a in list_articles(canned, limit=limit, offset=offset).articles]
            assert page == every[offset:offset + limit], (offset, limit)


def test_first_statements_kept_in_the_index_are_the_speakers_first(store: Store) -> None:
    canned = Canned(store, timeout=10)
    params = PARAMETERS["list_statements_by_speaker"]
    walked = canned.rows("list_statements_by_speaker", **params)
    assert canned.rows("list_first_statements", **params) == walked
