"""Events across articles: the matching rules, order-independence, and the graph kept right by every write."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import PROV as prov
from rdflib.namespace import RDF, XSD
from updates import update_by_patches

from kg import events, index, ingest
from kg.articles import read_article
from kg.extract import extract_many
from kg.models import Facts
from kg.rdf import iris
from kg.rdf.namespaces import CONF
from kg.read import events as read
from kg.store import Store, Triple, to_ox

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
P = "https://w3id.org/conflict-kg/id/place/"
TOWN, SUBURB, PROVINCE, COUNTRY, OTHER_TOWN = (P + k for k in ("ford", "ford-east", "lakes", "land", "mill"))


def _places() -> events.Places:
    places = events.Places()
    places.parents[SUBURB].add(TOWN)
    places.parents[TOWN].add(PROVINCE)
    places.parents[PROVINCE].add(COUNTRY)
    places.parents[OTHER_TOWN].add(PROVINCE)
    places.countries.add(COUNTRY)
    return places


def _report(op: str, graph: str, kind: str = "Offensive", location: str | None = TOWN,
            day: date | None = date(2020, 3, 1), parties: tuple[str, ...] = ()) -> events.Report:
    return events.Report(op, graph, kind, location, day, frozenset(parties), frozenset())


# (second report's changes from the first, whether they tell of one event)
MATCHES = [
    ({}, True),  # same place, kind and day in two articles
    ({"graph": "a"}, False),  # one article's two operations are never one event
    ({"kind": "Attack"}, True),  # an offensive told as an attack: one family
    ({"kind": "Capture"}, False),  # a town changing hands is another event than the offensive on it
    ({"location": SUBURB}, True),  # one place inside the other
    ({"location": PROVINCE}, True),
    ({"location": COUNTRY}, False),  # a country is too wide to say it is the same operation
    ({"location": OTHER_TOWN}, False),  # another town of the province
    ({"location": None}, False),  # no place: nothing to match on
    ({"day": date(2020, 3, 2)}, True),  # a night attack dated either side of midnight
    ({"day": date(2020, 3, 5)}, False),
    ({"day": None}, False),  # no day and no shared party
    ({"day": None, "parties": ("legion",)}, True),  # no day, but a party in common
]


@pytest.mark.parametrize(("changes", "same"), MATCHES)
def test_match(changes: dict[str, object], same: bool) -> None:
    first = _report("op/a/1", "a", parties=("legion",))
    parties = changes.pop("parties", ())
    second = replace(_report("op/b/1", "b", parties=parties), **changes)  # type: ignore[arg-type]
    reason = events.match(first, second, _places())
    assert (reason is not None) == same, reason
    assert (events.match(second, first, _places()) is not None) == same


def test_cluster_never_joins_one_articles_operations_through_a_third() -> None:
    a1, a2 = _report("op/a/1", "a"), _report("op/a/2", "a", kind="Attack")
    b1 = _report("op/b/1", "b")
    groups = events.cluster([a2, b1, a1], _places())
    assert sorted(len(g) for g in groups) == [1, 2]
    assert all(len({r.graph for r in g}) == len(g) for g in groups)
    # the closer pair wins: the offensive of b joins a's offensive, not a's attack
    assert [r.op for r in groups[0]] == ["op/a/1", "op/b/1"]


def test_cluster_is_the_same_in_any_order() -> None:
    told = [("Offensive", 1), ("Capture", 4), ("Shelling", 2)]
    reports = [_report(f"op/{g}/{n}", g, kind=k, day=date(2020, 3, d))
               for g in "abcd" for n, (k, d) in enumerate(told)]
    first = events.cluster(reports, _places())
    for seed in range(5):
        shuffled = reports[:]
        random.Random(seed).shuffle(shuffled)
        assert events.cluster(shuffled, _places()) == first
    assert len(first) == 3 and all(len(g) == 4 for g in first)


def _cluster_pair_by_pair(reports: list[events.Report], places: events.Places) -> list[list[events.Report]]:
    """The grouping as the rule states it: closest pairs first, two groups joined when every pair across
    them is compatible (`cluster` asks the same of each group's summary)."""
    unique = sorted({r.op: r for r in reports}.values(), key=lambda r: r.op)
    pairs = sorted({events._rank(a, b) for a, b in itertools.combinations(unique, 2)
                    if events.match(a, b, places) is not None})
    group = {r.op: [r] for r in unique}
    for *_closeness, x, y in pairs:
        gx, gy = group[x], group[y]
        if gx is not gy and all(events._compatible(a, b, places) for a in gx for b in gy):
            for r in gy:
                group[r.op] = gx
            gx += gy
    distinct = {id(g): sorted(g, key=lambda r: r.op) for g in group.values()}
    return sorted(distinct.values(), key=lambda g: g[0].op)


@pytest.mark.parametrize("seed", range(20))
def test_cluster_groups_as_the_pairwise_rule(seed: int) -> None:
    rng = random.Random(seed)
    places = [TOWN, SUBURB, PROVINCE, COUNTRY, OTHER_TOWN, None]
    kinds = ["Offensive", "Attack", "Clash", "Capture", "Withdrawal", "Shelling", "Airstrike"]
    reports = [
        _report(f"op/{graph}/{n}", graph, kind=rng.choice(kinds), location=rng.choice(places),
                day=rng.choice([None, *(date(2020, 3, d) for d in range(1, 6))]),
                parties=tuple(rng.sample(["legion", "militia", "army"], rng.randrange(2))))
        for graph in "abcdefgh" for n in range(rng.randrange(1, 5))
    ]
    assert events.cluster(reports, _places()) == _cluster_pair_by_pair(reports, _places())


# -- the seeds ------------------------------------------------------------------------------------------


@cache
def _seed_facts() -> tuple[Facts, ...]:
    return tuple(extract_many(read_article(p) for p in sorted(SEEDS.glob("*.txt"))))


def _ingest(store: Store, facts: list[Facts], monkeypatch: pytest.MonkeyPatch, batch_size: int = 1) -> None:
    """Ingest already extracted facts through the ordinary ingest (extraction is the slow part)."""

    def extracted(articles: object, processes: int = 1, batch_size: int = 16) -> Iterator[Facts]:
        return iter(facts)

    monkeypatch.setattr(ingest, "extract_many", extracted)
    list(ingest.ingest_articles(store, [f.article for f in facts], batch_size=batch_size))


def _events(store: Store) -> set[tuple[object, object, object]]:
    rows = store.select_rows(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{events.EVENTS_GRAPH}> {{ ?s ?p ?o }} }}")
    return {(s, p, o) for s, p, o in rows}


def _assert_same_as_rebuilt(store: Store) -> set[tuple[object, object, object]]:
    kept = _events(store)
    events.rebuild(store)
    assert _events(store) == kept
    return kept


def _by_event(triples: set[tuple[object, object, object]]) -> dict[object, dict[object, set[object]]]:
    out: dict[object, dict[object, set[object]]] = {}
    for s, p, o in triples:
        out.setdefault(s, {}).setdefault(p, set()).add(o)
    return out


def _qusayr_events(triples: set[tuple[object, object, object]], day: str) -> list[dict[object, set[object]]]:
    return [
        e for e in _by_event(triples).values()
        if Literal(day, datatype=XSD.date) in e.get(CONF.date, set())
        and any(str(p).rsplit("/", 1)[-1].startswith("al-qusayr") for p in e.get(CONF.location, set()))
    ]


def _sources(event: dict[object, set[object]]) -> int:
    (count,) = event[CONF.sourceCount]
    return int(str(count))


needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed articles are not beside the project")


@needs_seeds
def test_seed_events_are_the_same_in_every_order(store: Store, monkeypatch: pytest.MonkeyPatch,
                                                  settings: object) -> None:
    facts = list(_seed_facts())
    orders = list(itertools.permutations(range(len(facts))))
    random.Random(15).shuffle(orders)
    first: set[tuple[object, object, object]] | None = None
    for n, order in enumerate([tuple(range(len(facts))), *orders[:7]]):
        store.update("DROP SILENT ALL")
        _ingest(store, [facts[i] for i in order], monkeypatch, batch_size=1 + n % 3)
        kept = _assert_same_as_rebuilt(store)
        if first is None:
            first = kept
        assert kept == first, f"order {order} gives other events"
    assert first is not None
    offensive = [e for e in _qusayr_events(first, "2013-05-19") if CONF.Offensive in e[CONF.kind]]
    assert len(offensive) == 1 and _sources(offensive[0]) >= 3
    capture = [e for e in _qusayr_events(first, "2013-06-05")
               if e[CONF.kind] & {CONF.Capture, CONF.Withdrawal}]
    assert len(capture) == 1 and _sources(capture[0]) >= 2
    assert not set(capture[0][CONF.report]) & set(offensive[0][CONF.report])
    for event in _by_event(first).values():
        graphs = [str(op).rsplit("/", 2)[-2] for op in event[CONF.report]]
        assert len(graphs) == len(set(graphs)), "one article's operations in one event"
        assert _sources(event) == len(graphs)
    # The offensive as the read layer shows it: the monitor's toll beside the article that gives it.
    (node,) = [s for s, p, o in first if p == CONF.report and o in offensive[0][CONF.report]][:1]
    shown = read.get_event(store, iris.key_of(str(node)))
    tolls = {(f.kind, f.count, f.reported_by.label if f.reported_by else None) for f in shown.figures}
    assert ("Killed", 52, "Syrian Observatory for Human Rights") in tolls


@needs_seeds
def test_seed_events_follow_replacement_and_deletion(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    facts = list(_seed_facts())
    _ingest(store, facts, monkeypatch, batch_size=2)
    before = _assert_same_as_rebuilt(store)
    # The article that tells most of the offensive, posted again without its operations.
    richest = max(facts, key=lambda f: len(f.operations))
    _ingest(store, [replace(richest, operations=(), casualties=())], monkeypatch)
    after = _assert_same_as_rebuilt(store)
    assert after != before
    assert not any(richest.article.id in str(o) for s, p, o in after if p == CONF.report)
    # Deleting articles through the same patch the HTTP route writes.
    gone = [str(iris.article_graph(f.article.id)) for f in facts[:2]]
    graphs = {g: [] for g in gone}
    with store.write_lock:
        store.replace_graphs(graphs, patch=[index.patch_for(store, graphs), events.patch_for(store, graphs)])
    left = _assert_same_as_rebuilt(store)
    for f in facts[:2]:
        assert not any(f.article.id in str(o) for s, p, o in left if p == CONF.report)
    # Everything deleted: no event left.
    graphs = {str(iris.article_graph(f.article.id)): [] for f in facts}
    with store.write_lock:
        store.replace_graphs(graphs, patch=[index.patch_for(store, graphs), events.patch_for(store, graphs)])
    assert _assert_same_as_rebuilt(store) == set()


def test_update_rebuilds_the_events(store: Store) -> None:
    graph = str(iris.article_graph("a"))
    op = iris.fact("a", "operation", 1)
    triples = [(op, RDF.type, CONF.Operation), (op, CONF.kind, CONF.Siege), (op, CONF.location, URIRef(TOWN))]
    with store.write_lock:
        store.replace_graphs({graph: triples}, patch=events.patch_for(store, {graph: triples}))
    assert len(_by_event(_events(store))) == 1
    index.update(store, f"DELETE WHERE {{ GRAPH <{graph}> {{ <{op}> ?p ?o }} }}")
    assert _events(store) == set()


def test_areas_are_blocks_of_places_below_country_level() -> None:
    places = _places()
    assert places.area(SUBURB) == places.area(TOWN) == places.area(OTHER_TOWN) == places.area(PROVINCE)
    assert places.area(COUNTRY) == COUNTRY
    assert places.area(P + "elsewhere") == P + "elsewhere"


def _random_hierarchy(rng: random.Random, places: list[str]) -> dict[str, list[Triple]]:
    """Four graphs of `conf:locatedIn` between random pairs of `places` (cycles too), some of the places
    countries."""
    graphs: dict[str, list[Triple]] = {}
    for n in range(4):
        triples: list[Triple] = []
        for _ in range(rng.randint(3, 10)):
            a, b = rng.sample(places, 2)
            triples.append((URIRef(a), CONF.locatedIn, URIRef(b)))
        for country in rng.sample(places, rng.randint(0, 2)):
            triples.append((URIRef(country), RDF.type, CONF.Country))
        graphs[str(iris.article_graph(f"places-{n}"))] = triples
    return graphs


@pytest.mark.parametrize("seed", range(12))
def test_a_patch_reads_the_hierarchy_of_its_blocks_as_the_whole_hierarchy_has_it(any_store: Store,
                                                                                  seed: int) -> None:
    """What a patch walks of the place hierarchy (from the places of its operations) answers as the whole
    hierarchy does for every place of their blocks: the same blocks, ancestors and countries, with a
    replaced graph left out and the graph being written counted."""
    rng = random.Random(seed)
    places = [P + f"p{i}" for i in range(14)]
    graphs = _random_hierarchy(rng, places)
    names = list(graphs)
    any_store.replace_graphs({name: graphs[name] for name in names[:3]})
    skip, extra = [names[0], names[3]], graphs[names[3]]  # the first replaced, the last being written
    whole = events._places(any_store, skip, extra)
    seeds = set(rng.sample(places, rng.randint(1, 3)))
    around = events._places_around(any_store, skip, extra, seeds)
    blocks = {whole.area(p) for p in seeds}
    assert {around.area(p) for p in seeds} == blocks
    inside = {p for p in places if whole.area(p) in blocks}
    assert {p for p in places if around.area(p) in blocks} == inside
    for place in inside:
        assert around.ancestors(place) == whole.ancestors(place)
        for up in around.ancestors(place) | {place}:
            assert (up in around.countries) == (up in whole.countries)


def _random_article(rng: random.Random, n: int) -> tuple[str, list[Triple]]:
    """An article graph with one to three operations at places of two provinces of one country."""
    key = f"art-{n}"
    doc = iris.article(key)
    triples: list[Triple] = [
        (URIRef(TOWN), CONF.locatedIn, URIRef(PROVINCE)),
        (URIRef(OTHER_TOWN), CONF.locatedIn, URIRef(PROVINCE)),
        (URIRef(SUBURB), CONF.locatedIn, URIRef(TOWN)),
        (URIRef(PROVINCE), CONF.locatedIn, URIRef(COUNTRY)),
        (URIRef(COUNTRY), RDF.type, CONF.Country),
    ]
    for i in range(1, rng.randint(1, 3) + 1):
        op = iris.fact(key, "operation", i)
        triples += [(op, RDF.type, CONF.Operation), (op, prov.wasDerivedFrom, doc),
                    (op, CONF.kind, CONF[rng.choice(["Offensive", "Attack", "Capture", "Shelling"])])]
        place = rng.choice([TOWN, SUBURB, OTHER_TOWN, PROVINCE, COUNTRY, None])
        if place:
            triples.append((op, CONF.location, URIRef(place)))
        if rng.random() < 0.8:
            triples.append((op, CONF.date, Literal(f"2020-03-0{rng.randint(1, 6)}", datatype=XSD.date)))
        for party in rng.sample(["legion", "council", "guard"], rng.randint(0, 2)):
            triples.append((op, CONF.agent, iris.actor(party)))
    return str(iris.article_graph(key)), triples


def _write_events(store: Store, graphs: dict[str, list[Triple]]) -> None:
    with store.write_lock:
        store.replace_graphs(graphs, patch=events.patch_for(store, graphs))


@pytest.mark.parametrize("seed", range(3))
def test_updates_of_named_graphs_keep_the_events_of_a_rebuild(store: Store, seed: int,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A SPARQL update whose text names the graphs it writes re-clusters the blocks of the places their
    operations were and are at, with no rebuild: the events end as a rebuild makes them."""
    rng = random.Random(seed)
    articles = dict(_random_article(rng, n) for n in range(12))
    _write_events(store, articles)
    names = list(articles)
    added, triples = _random_article(rng, 99)
    body = " .\n".join(str(ox.Triple(to_ox(s), to_ox(p), to_ox(o))) for s, p, o in triples)  # type: ignore[arg-type]
    updates = [
        f"INSERT DATA {{ GRAPH <{added}> {{ {body} }} }}",
        f"DELETE WHERE {{ GRAPH <{names[0]}> {{ ?op conf:location ?place }} }}",
        f"WITH <{names[1]}> DELETE {{ ?op conf:date ?day }} "
        'INSERT { ?op conf:date "2020-03-02"^^xsd:date } WHERE { ?op conf:date ?day }',
        f"WITH <{names[2]}> DELETE {{ ?op conf:location ?place }} INSERT {{ ?op conf:location <{TOWN}> }} "
        "WHERE { ?op conf:location ?place }",
        f"DROP GRAPH <{names[3]}> ; DROP GRAPH <{added}>",
    ]

    for update in updates:
        update_by_patches(monkeypatch, store, update)
        kept = _events(store)
        events.rebuild(store)
        assert _events(store) == kept, update
    assert _by_event(_events(store))


@pytest.mark.parametrize("seed", range(3))
def test_random_writes_keep_the_events_of_a_rebuild(store: Store, seed: int) -> None:
    rng = random.Random(seed)
    articles = dict(_random_article(rng, n) for n in range(24))
    names = list(articles)
    rng.shuffle(names)
    for start in range(0, len(names), 5):
        _write_events(store, {g: articles[g] for g in names[start:start + 5]})
    first = _assert_same_as_rebuilt(store)
    assert any(_sources(e) > 1 for e in _by_event(first).values())
    for n in rng.sample(range(24), 6):  # replaced by other operations
        graph, triples = _random_article(rng, n)
        _write_events(store, {graph: triples})
    _assert_same_as_rebuilt(store)
    _write_events(store, {g: [] for g in rng.sample(names, 8)})
    _assert_same_as_rebuilt(store)
