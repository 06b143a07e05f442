"""The entity index: kept right by every write, and equal to a rebuild from scratch after each one."""

from __future__ import annotations

import json
import random

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD
from updates import update_by_patches

from kg import events, index, summaries
from kg.rdf import iris
from kg.rdf.namespaces import CONF, WGS84
from kg.store import Store, Triple, from_ox, to_ox

LEGION = iris.actor("iron-legion")
COUNCIL = iris.actor("river-council")
TOWN = iris.place("west-ford")
REGION = iris.place("lake-province")


def _article(key: str, *, legion_label: str = "Iron Legion", alias: str | None = None,
             relation: bool = True, published: str = "2024-01-01") -> tuple[str, list[Triple]]:
    """A small article graph naming the legion (and the council, and the town within its region)."""
    doc = iris.article(key)
    triples: list[Triple] = [
        (doc, RDF.type, CONF.Article), (doc, CONF.published, Literal(published, datatype=XSD.date)),
        (LEGION, RDF.type, CONF.Actor), (LEGION, RDF.type, CONF.ArmedGroup),
        (LEGION, RDFS.label, Literal(legion_label)), (doc, CONF.mentions, LEGION),
        (COUNCIL, RDF.type, CONF.Actor), (COUNCIL, RDFS.label, Literal("River Council")),
        (doc, CONF.mentions, COUNCIL),
        (TOWN, RDF.type, CONF.Location), (TOWN, RDF.type, CONF.Settlement),
        (TOWN, RDFS.label, Literal("West Ford")), (TOWN, CONF.locatedIn, REGION), (doc, CONF.mentions, TOWN),
    ]
    if alias:
        triples.append((LEGION, SKOS.altLabel, Literal(alias)))
    if relation:
        claim = iris.fact(key, "claim", 1)
        triples += [
            (LEGION, CONF.opposes, COUNCIL), (claim, RDF.type, CONF.RelationClaim),
            (claim, RDF.subject, LEGION), (claim, RDF.predicate, CONF.opposes), (claim, RDF.object, COUNCIL),
            (claim, PROV.wasDerivedFrom, doc), (claim, CONF.evidence, Literal(f"The legion fought ({key}).")),
            (claim, CONF.startOffset, Literal(0, datatype=XSD.integer)),
        ]
    return str(iris.article_graph(key)), triples


def _write(store: Store, graphs: dict[str, list[Triple]]) -> None:
    with store.write_lock:
        store.replace_graphs(graphs, patch=index.patch_for(store, graphs))


def _index(store: Store) -> set[tuple[object, object, object]]:
    rows = store.select_rows(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{index.INDEX_GRAPH}> {{ ?s ?p ?o }} }}")
    return {(s, p, o) for s, p, o in rows}


def _assert_same_as_rebuilt(store: Store) -> set[tuple[object, object, object]]:
    kept = _index(store)
    index.rebuild(store)
    assert _index(store) == kept
    return kept


def _about(triples: set[tuple[object, object, object]], node: URIRef) -> dict[object, set[object]]:
    out: dict[object, set[object]] = {}
    for s, p, o in triples:
        if s == node:
            out.setdefault(p, set()).add(o)
    return out


def test_index_follows_ingest_replacement_and_deletion(any_store: Store) -> None:
    first, a = _article("a", alias="the Legion")
    second, b = _article("b", legion_label="Iron Legion", published="2024-02-01")
    third, c = _article("c", legion_label="Iron legion fighters", relation=False, published="2024-03-01")
    _write(any_store, {first: a})
    _write(any_store, {second: b, third: c})
    kept = _assert_same_as_rebuilt(any_store)
    legion = _about(kept, LEGION)
    # The kept answers: the articles newest first, one counterpart with both claims, and each article.
    assert legion[CONF.recentArticle] == {iris.article(k) for k in "abc"}
    assert legion[CONF.counterpartCount] == {Literal(1, datatype=XSD.integer)}
    (pair,) = {s for s, p, o in kept if p == CONF.relationOf and o == LEGION}
    facts = _about(kept, pair)
    (packed,) = facts.pop(CONF.listing)
    assert facts == {
        CONF.relationOf: {LEGION}, CONF.counterpart: {COUNCIL}, CONF.relation: {CONF.opposes},
        CONF.direction: {Literal("mutual")}, CONF.attestations: {Literal(2, datatype=XSD.integer)},
        CONF.evidenceCount: {Literal(2, datatype=XSD.integer)}, CONF.rank: {Literal(0, datatype=XSD.integer)},
    }
    # All a page shows of the pair in one value, its evidence newest first: claim a's fields were read
    # from the index when b and c were written, claim b's from b's graph.
    assert json.loads(str(packed)) == {
        "type": "opposes", "direction": "mutual", "articles": 2, "evidence_count": 2,
        "evidence": [{"doc": [str(iris.article(k))], "evidence": [f"The legion fought ({k})."], "start": [0],
                      "published": [day]} for k, day in (("b", "2024-02-01"), ("a", "2024-01-01"))],
    }
    # Its evidence, newest first (article b is the later), one node per rank.
    slots = [_about(kept, URIRef(summaries.claim_node(ox.NamedNode(str(pair)), n).value)) for n in range(3)]
    assert slots == [{CONF.newestClaim: {iris.fact(k, "claim", 1)}} for k in "ba"] + [{}]
    newest = [_about(kept, URIRef(summaries.newest_node(rank).value)) for rank in range(3)]
    assert newest == [{CONF.listedArticle: {iris.article(k)}} for k in "cba"]
    assert _about(kept, iris.article("c")) == {
        CONF.articleGraph: {URIRef(third)}, CONF.listedOn: {Literal("2024-03-01", datatype=XSD.date)},
    }
    assert legion[RDFS.label] == {Literal("Iron Legion")}  # what most articles call it
    assert legion[SKOS.altLabel] == {Literal("the Legion"), Literal("Iron legion fighters")}
    assert legion[RDF.type] == {CONF.Actor, CONF.ArmedGroup}
    assert legion[CONF.articleCount] == {Literal(3, datatype=XSD.integer)}
    assert legion[CONF.opposes] == {COUNCIL}  # one copy, though two articles state it

    # Posting article a again without its alias or its relation: both go, unless another article has them.
    _write(any_store, {first: _article("a", relation=False)[1]})
    legion = _about(_assert_same_as_rebuilt(any_store), LEGION)
    assert legion[SKOS.altLabel] == {Literal("Iron legion fighters")}
    assert legion[CONF.opposes] == {COUNCIL}

    council = {s for s, p, o in _assert_same_as_rebuilt(any_store) if p == CONF.relationOf and o == COUNCIL}
    assert len(council) == 1 and _about(_index(any_store), council.pop())[CONF.attestations] == {
        Literal(1, datatype=XSD.integer)
    }

    # Deleting every article that names the legion takes it out of the index: only its format is left.
    _write(any_store, {first: [], second: [], third: []})
    assert _assert_same_as_rebuilt(any_store) == {
        (URIRef(str(index.INDEX_GRAPH)), CONF.indexFormat, Literal(index.INDEX_FORMAT, datatype=XSD.integer))
    }


def _operations_within(store: Store, place: URIRef) -> list[object]:
    node = summaries.within_node(ox.NamedNode(str(place))).value
    return sorted(o for s, p, o in _index(store) if str(s) == node and p == CONF.listedOperation)


def test_operations_within_a_place_follow_the_hierarchy_as_it_changes(any_store: Store) -> None:
    country = iris.place("north-land")
    first, a = _article("a", relation=False)
    op = iris.fact("a", "operation", 1)
    a += [(op, RDF.type, CONF.Operation), (op, CONF.location, TOWN), (op, CONF.agent, LEGION),
          (op, CONF.date, Literal("2024-01-02", datatype=XSD.date)),
          (REGION, RDF.type, CONF.Location), (REGION, RDFS.label, Literal("Lake Province"))]
    _write(any_store, {first: a})
    _assert_same_as_rebuilt(any_store)
    assert _operations_within(any_store, TOWN) == _operations_within(any_store, REGION) == [op]
    # Another article puts the town in a second region too, which no article written with it names.
    other = iris.place("hill-province")
    _write(any_store, {str(iris.article_graph("d")): [(other, RDF.type, CONF.Location)]})
    _write(any_store, {str(iris.article_graph("c")): [(TOWN, RDF.type, CONF.Location),
                                                      (TOWN, CONF.locatedIn, other)]})
    _assert_same_as_rebuilt(any_store)
    assert _operations_within(any_store, other) == [op]
    # The gazetteer puts the region in a country: the country lists the town's operation from then on,
    # though no article written with it names the town.
    background = [(REGION, RDF.type, CONF.Location), (REGION, CONF.locatedIn, country),
                  (country, RDF.type, CONF.Location),
                  (country, RDFS.label, Literal("North Land"))]
    second, b = _article("b", relation=False)
    with any_store.write_lock:
        any_store.add(str(iris.BACKGROUND_GRAPH), background)
        any_store.replace_graphs({second: b}, patch=index.patch_for(any_store, {second: b}, background))
    _assert_same_as_rebuilt(any_store)
    assert _operations_within(any_store, country) == [op]
    # Article a goes, and with it the town's place in the region and its operation.
    _write(any_store, {first: []})
    _assert_same_as_rebuilt(any_store)
    assert _operations_within(any_store, country) == _operations_within(any_store, REGION) == []


def test_background_names_and_kinds_win(any_store: Store) -> None:
    graph, triples = _article("a", legion_label="Legion of Iron")
    background = [
        (LEGION, RDF.type, CONF.Actor), (LEGION, RDF.type, CONF.ArmedForces),
        (LEGION, RDFS.label, Literal("Iron Legion")),
        (REGION, RDF.type, CONF.Location), (REGION, RDF.type, CONF.Region),
        (REGION, RDFS.label, Literal("Lake Province")),
    ]
    with any_store.write_lock:
        any_store.add(str(iris.BACKGROUND_GRAPH), background)
        patch = index.patch_for(any_store, {graph: triples}, background)
        any_store.replace_graphs({graph: triples}, patch=patch)
    kept = _assert_same_as_rebuilt(any_store)
    legion = _about(kept, LEGION)
    assert legion[RDFS.label] == {Literal("Iron Legion")}
    assert legion[SKOS.altLabel] == {Literal("Legion of Iron")}
    assert legion[RDF.type] == {CONF.Actor, CONF.ArmedForces}
    # A place only the background knows (the town's region) is in the index, named by no article.
    region = _about(kept, REGION)
    assert region[RDFS.label] == {Literal("Lake Province")}
    assert region[CONF.articleCount] == {Literal(0, datatype=XSD.integer)}
    assert _about(kept, TOWN)[CONF.locatedIn] == {REGION}


def test_summarize_matches_the_store(any_store: Store) -> None:
    """kg.index.summarize (used on files) and the store's own summary agree on the same quads."""
    graphs = dict([_article("a", alias="the Legion"), _article("b", legion_label="Legion")])
    _write(any_store, graphs)
    summary = index.Summary()
    for g, triples in graphs.items():
        for s, p, o in triples:
            summary.add(s, p, o, URIRef(g))
    assert set(summary.triples()) == _index(any_store)


@pytest.mark.parametrize("bulk", [False, True])
def test_rebuild_replaces_a_stale_index(any_store: Store, bulk: bool) -> None:
    graph, triples = _article("a")
    any_store.replace_graphs({graph: triples})  # written without its index, as a bulk load would
    any_store.add(str(index.INDEX_GRAPH), [(LEGION, RDFS.label, Literal("stale"))])
    written = index.rebuild(any_store, bulk=bulk)
    kept = _index(any_store)
    assert written == len(kept) and (LEGION, RDFS.label, Literal("stale")) not in kept
    assert (LEGION, RDFS.label, Literal("Iron Legion")) in kept


def test_a_store_from_an_earlier_version_is_brought_up_to_date(any_store: Store) -> None:
    """An index that states no format (or another) is rebuilt once; a current one, or no article, is left."""
    assert not index.bring_up_to_date(any_store)  # no article: nothing to rebuild
    graph, triples = _article("a")
    _write(any_store, {graph: triples})
    assert not index.bring_up_to_date(any_store)  # every write states the current format
    current = _index(any_store)
    marker = URIRef(str(index.INDEX_GRAPH))
    any_store.update(f"DELETE WHERE {{ GRAPH <{index.INDEX_GRAPH}> {{ <{marker}> ?p ?o }} }}")
    any_store.add(str(index.INDEX_GRAPH), [(LEGION, RDFS.label, Literal("stale"))])
    assert index.bring_up_to_date(any_store)
    assert _index(any_store) == current
    assert not index.bring_up_to_date(any_store)


def test_update_rebuilds_the_index(any_store: Store) -> None:
    graph, triples = _article("a")
    _write(any_store, {graph: triples})
    index.update(any_store, f"DELETE WHERE {{ GRAPH <{graph}> {{ <{COUNCIL}> ?p ?o }} }}")
    assert _about(_index(any_store), COUNCIL) == {}
    assert isinstance(from_ox(ox.NamedNode(str(COUNCIL))), URIRef)


def _data(verb: str, graph: str, triples: list[Triple]) -> str:
    body = " .\n".join(str(ox.Triple(to_ox(s), to_ox(p), to_ox(o))) for s, p, o in triples)  # type: ignore[arg-type]
    return f"{verb} DATA {{ GRAPH <{graph}> {{ {body} }} }}"


@pytest.mark.parametrize("seed", range(3))
def test_an_update_of_named_graphs_patches_what_they_name(any_store: Store, seed: int,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """An update whose text names the graphs it writes summarises again what they name, before and
    after, with no rebuild: the index ends as a rebuild makes it, update after update."""
    rng = random.Random(seed)
    entities = [iris.actor(f"e{i}") for i in range(6)]
    graphs = {str(iris.article_graph(f"a{i}")): _random_graph(rng, entities, f"a{i}") for i in range(4)}
    with any_store.write_lock:
        any_store.replace_graphs(graphs, patch=[index.patch_for(any_store, graphs),
                                                events.patch_for(any_store, graphs)])
    a0, a1, a2, a3 = graphs
    new = str(iris.article_graph("a9"))
    updates = [
        _data("INSERT", a0, _more_facts(a0, entities)),
        _data("DELETE", a1, _some_facts(rng, graphs[a1])),
        f"DELETE WHERE {{ GRAPH <{a2}> {{ <{entities[0]}> ?p ?o }} }}",
        f"PREFIX conf: <{CONF}> DELETE {{ GRAPH <{a3}> {{ ?op conf:location ?place }} }} "
        f"INSERT {{ GRAPH <{a3}> {{ ?op conf:location <{entities[1]}> . <{entities[1]}> a conf:Location }} }}"
        " "
        f"WHERE {{ GRAPH <{a3}> {{ ?op conf:location ?place }} }}",
        _data("INSERT", new, _random_graph(rng, entities, "a9")) + f" ; DROP GRAPH <{a1}>",
        f"DELETE WHERE {{ GRAPH <{new}> {{ ?s ?p ?o }} }}",
    ]

    for update in updates:
        update_by_patches(monkeypatch, any_store, update)
        _assert_same_as_rebuilt(any_store)  # the events likewise: tests/test_events.py


def _some_facts(rng: random.Random, triples: list[Triple]) -> list[Triple]:
    """Every triple of some of the operations, statements and claims of `triples`, and of some mentions."""
    facts = sorted({s for s, _p, _o in triples if "/id/operation/" in s or "/id/statement/" in s
                    or "/id/claim/" in s})
    gone = set(rng.sample(facts, len(facts) // 2))
    return [t for t in triples if t[0] in gone or (t[1] == CONF.mentions and rng.random() < 0.5)]


def _more_facts(graph: str, entities: list[URIRef]) -> list[Triple]:
    """A claim, an operation and a mention more for the article of `graph`."""
    key = graph.rsplit("/", 1)[1]
    doc, claim, op = iris.article(key), iris.fact(key, "claim", 77), iris.fact(key, "operation", 77)
    a, b, place = entities[:3]
    return [(a, RDF.type, CONF.Actor), (b, RDF.type, CONF.Actor), (place, RDF.type, CONF.Location),
            (doc, CONF.mentions, place), (claim, RDF.type, CONF.RelationClaim), (claim, RDF.subject, a),
            (claim, RDF.predicate, CONF.supports), (claim, RDF.object, b), (claim, PROV.wasDerivedFrom, doc),
            (claim, CONF.evidence, Literal("They back them.")), (op, RDF.type, CONF.Operation),
            (op, PROV.wasDerivedFrom, doc), (op, CONF.agent, a), (op, CONF.location, place)]


def test_an_update_whose_graphs_its_text_does_not_tell_rebuilds(any_store: Store,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    graph, triples = _article("a")
    _write(any_store, {graph: triples})
    rebuilt: list[Store] = []
    real = index.rebuild

    def counted(store: Store, bulk: bool = False) -> int:
        rebuilt.append(store)
        return real(store, bulk)

    monkeypatch.setattr(index, "rebuild", counted)
    pattern = f"GRAPH ?g {{ <{COUNCIL}> ?p ?o }}"
    index.update(any_store, f"DELETE {{ {pattern} }} WHERE {{ {pattern} }}")
    assert rebuilt == [any_store]
    assert _about(_index(any_store), COUNCIL) == {}
    stray = f"<{LEGION}> a <{CONF.Actor}>"
    index.update(any_store, f"INSERT DATA {{ GRAPH <{index.INDEX_GRAPH}> {{ {stray} }} }}")
    assert len(rebuilt) == 2  # a derived graph written: rebuilt, the stray triple gone
    assert (LEGION, RDF.type, CONF.Actor) in _index(any_store)


def _random_graph(rng: random.Random, entities: list[URIRef], key: str | None = None) -> list[Triple]:
    """Random statements about some of `entities`: ties between labels and kinds, classes that are
    never kinds, relations, coordinates, as any mix of articles may give them; for an article (`key`),
    its date and relation claims too (with or without evidence, either way round, ties of date)."""
    kinds = [CONF.ArmedGroup, CONF.ArmedForces, CONF.Settlement, CONF.Mention, CONF.Operation]
    names = ["Iron Legion", "Iron", "iron legion", "Legion"]
    triples: list[Triple] = []
    for entity in rng.sample(entities, rng.randint(1, len(entities))):
        triples.append((entity, RDF.type, rng.choice([CONF.Actor, CONF.Location])))
        for kind in rng.sample(kinds, rng.randint(0, 2)):
            triples.append((entity, RDF.type, kind))
        for name in rng.sample(names, rng.randint(0, 2)):
            triples.append((entity, rng.choice([RDFS.label, SKOS.altLabel]), Literal(name)))
        if rng.random() < 0.5:
            triples.append((entity, rng.choice([CONF.opposes, CONF.locatedIn]), rng.choice(entities)))
        if rng.random() < 0.3:
            triples.append((entity, WGS84.lat, Literal("33.1", datatype=XSD.decimal)))
    if key is not None:
        doc = iris.article(key)
        triples.append((doc, RDF.type, CONF.Article))
        if rng.random() < 0.8:
            triples.append((doc, CONF.published, Literal(rng.choice(["2024-01-01", "2024-01-02"]),
                                                         datatype=XSD.date)))
        for n in range(rng.randint(0, 4)):
            # Every actor a fact names is an actor of its article's graph, as the converter writes it.
            op, st = iris.fact(key, "operation", n), iris.fact(key, "statement", n)
            who, speaker = rng.sample(entities, 2)
            triples += [(op, RDF.type, CONF.Operation), (op, PROV.wasDerivedFrom, doc),
                        (op, rng.choice([CONF.agent, CONF.target]), who), (who, RDF.type, CONF.Actor),
                        (st, RDF.type, CONF.Statement), (st, CONF.speaker, speaker),
                        (speaker, RDF.type, CONF.Actor),
                        (st, CONF.quote, Literal("words")), (st, PROV.wasDerivedFrom, doc)]
            if rng.random() < 0.8:
                where = rng.choice(entities)
                triples += [(op, CONF.location, where), (where, RDF.type, CONF.Location)]
            for day in rng.sample(["2024-01-01", "2024-01-03"], rng.randint(0, 2)):  # none, one or two
                triples.append((op, CONF.date, Literal(day, datatype=XSD.date)))
            if rng.random() < 0.7:
                triples.append((op, CONF.startOffset, Literal(rng.randint(0, 3), datatype=XSD.integer)))
                triples.append((st, CONF.startOffset, Literal(rng.randint(0, 3), datatype=XSD.integer)))
            for kind in rng.sample([CONF.Capture, CONF.Airstrike], rng.randint(0, 2)):
                triples.append((op, CONF.kind, kind))
            if rng.random() < 0.5:
                triples += [(op, CONF.evidence, Literal(f"Fighters took «{key}»")),
                            (op, CONF.endOffset, Literal(rng.randint(10, 12), datatype=XSD.integer))]
        for n in range(rng.randint(0, 4)):
            claim = iris.fact(key, "claim", n)
            a, b = rng.sample(entities, 2)
            relation = rng.choice([CONF.supports, CONF.opposes, CONF.alliedWith])
            triples += [(a, RDF.type, CONF.Actor), (b, RDF.type, CONF.Actor), (claim, RDF.subject, a),
                        (claim, RDF.predicate, relation), (claim, RDF.object, b),
                        (claim, PROV.wasDerivedFrom, doc)]
            if rng.random() < 0.7:
                triples.append((claim, CONF.evidence, Literal(f"sentence {n}")))
                offset = Literal(rng.randint(0, 3) * 10, datatype=XSD.integer)
                triples.append((claim, CONF.startOffset, offset))
            if rng.random() < 0.7:  # typed as the converter writes it, with what its listing shows
                triples += [(claim, RDF.type, CONF.RelationClaim),
                            (claim, CONF.endOffset, Literal(rng.randint(40, 41), datatype=XSD.integer)),
                            (claim, CONF.confidence,
                             Literal(rng.choice(["0.5", "0.75"]), datatype=XSD.decimal))]
        if rng.random() < 0.7:
            triples.append((doc, CONF.title, Literal(rng.choice(["Port taken", "Talks «resume»"]))))
    return triples


@pytest.mark.parametrize("seed", range(8))
def test_rebuild_patches_and_files_agree_on_random_graphs(any_store: Store, seed: int) -> None:
    """The three ways to the index (an ingest's patch, a rebuild's whole-store scans in pyoxigraph's
    terms, and a file's summary) give the same triples on random data, background graph included."""
    rng = random.Random(seed)
    entities = [iris.actor(f"e{i}") for i in range(6)]
    background = _random_graph(rng, entities)
    graphs = {str(iris.article_graph(f"a{i}")): _random_graph(rng, entities, f"a{i}") for i in range(5)}
    for key, triples in graphs.items():
        doc = URIRef(key.replace("/graph/", "/id/"))
        triples += [(doc, CONF.mentions, s) for s in {s for s, _p, _o in triples}]
    with any_store.write_lock:
        any_store.add(str(iris.BACKGROUND_GRAPH), background)
        first = dict(list(graphs.items())[:3])
        any_store.replace_graphs(first, patch=index.patch_for(any_store, first, background))
    rest = dict(list(graphs.items())[3:])
    _write(any_store, rest)
    _assert_same_as_rebuilt(any_store)
    # Replacing an article and deleting another keep the summaries equal to a rebuild too.
    changed = {str(iris.article_graph("a0")): _random_graph(rng, entities, "a0"),
               str(iris.article_graph("a1")): []}
    _write(any_store, changed)
    _assert_same_as_rebuilt(any_store)
    _write(any_store, {key: graphs[key] for key in changed})
    kept = _assert_same_as_rebuilt(any_store)
    assert {p for _s, p, _o in kept} >= {CONF.within, CONF.listedOperation, CONF.nameGram, CONF.listing}
    listed = {kind for s, p, _o in kept if p == CONF.listing for kind in ("operation", "claim") if kind in s}
    assert listed == {"operation", "claim"}  # what a page of operations or of evidence shows
    quads = [(s, p, o, URIRef(g)) for g, triples in graphs.items() for s, p, o in triples]
    quads += [(s, p, o, iris.BACKGROUND_GRAPH) for s, p, o in background]
    summary = index.Summary()
    for quad in rng.sample(quads, len(quads)):  # in any order, as a file may hold them
        summary.add(*quad)
    assert set(summary.triples()) == kept
    assert any_store.holds_exactly(str(index.INDEX_GRAPH), kept)
    assert not any_store.holds_exactly(str(index.INDEX_GRAPH), list(kept)[1:])


def _short_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lists of two items, so that a few articles fill them."""
    monkeypatch.setattr(summaries, "ARTICLES_KEPT", 2)
    monkeypatch.setattr(summaries, "LISTED_KEPT", 2)


@pytest.mark.parametrize("seed", range(6))
def test_full_kept_lists_follow_writes_as_a_rebuild(any_store: Store, seed: int,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Lists the index keeps in full are made from their kept items and the written graphs: after writes,
    replacements and deletions in any order they hold what a rebuild gives them."""
    _short_lists(monkeypatch)
    rng = random.Random(seed)
    entities = [iris.actor(f"e{i}") for i in range(4)]
    keys = [f"a{i}" for i in range(10)]

    def graph(key: str) -> tuple[str, list[Triple]]:
        name, doc = str(iris.article_graph(key)), iris.article(key)
        triples = _random_graph(rng, entities, key)
        return name, triples + [(doc, CONF.mentions, s) for s in {s for s, _p, _o in triples if s != doc}]

    for start in range(0, len(keys), 2):
        _write(any_store, dict(graph(key) for key in keys[start:start + 2]))
        _assert_same_as_rebuilt(any_store)
    for _ in range(6):
        chosen = rng.sample(keys, rng.randint(1, 2))
        changed = {name: ([] if rng.random() < 0.3 else triples)
                   for name, triples in (graph(key) for key in chosen)}
        _write(any_store, changed)
        _assert_same_as_rebuilt(any_store)


def test_a_busy_entity_is_read_as_the_items_it_keeps(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """A write naming an entity whose lists are full reads the rows of its kept articles, not of every
    article naming it; one replacing a kept article reads them all again, and both keep the index right."""
    _short_lists(monkeypatch)
    for day in range(1, 7):
        _write(store, dict([_article(f"day{day}", published=f"2024-01-0{day}")]))
    read: list[tuple[str, list[dict[str, object]]]] = []
    select = store.select

    def spied(query: str, *args: object, **kwargs: object) -> list[dict[str, object]]:
        rows = select(query, *args, **kwargs)  # type: ignore[arg-type]
        read.append((query, rows))  # type: ignore[arg-type]
        return rows  # type: ignore[return-value]

    def mentions_of_legion() -> tuple[int, int]:
        """Rows about the legion that the last write read of its kept articles, and of all of them."""
        counted = [sum(row["e"] == to_ox(LEGION) for query, rows in read if query == asked for row in rows)
                   for asked in (summaries._LISTS[0].kept, summaries.MENTIONS)]
        return counted[0], counted[1]

    monkeypatch.setattr(store, "select", spied)
    _write(store, dict([_article("day7", published="2024-01-07")]))
    assert mentions_of_legion() == (2, 0)  # the two it kept, not the six articles naming it
    kept = _assert_same_as_rebuilt(store)
    assert {o for s, p, o in kept if s == LEGION and p == CONF.recentArticle} == {
        iris.article("day7"), iris.article("day6")}
    read.clear()
    _write(store, dict([_article("day7", published="2024-01-01")]))  # the newest goes back to the first day
    assert mentions_of_legion() == (2, 7)  # a kept one is replaced: all seven are read
    kept = _assert_same_as_rebuilt(store)
    assert {o for s, p, o in kept if s == LEGION and p == CONF.recentArticle} == {
        iris.article("day6"), iris.article("day5")}


def test_a_kept_item_no_graph_holds_makes_the_list_read_again(store: Store,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A kept article that no graph has (an index written wrongly) is no ground for the list: the write
    reads every article naming the entity, and the list ends as a rebuild makes it."""
    _short_lists(monkeypatch)
    for day in range(1, 7):
        _write(store, dict([_article(f"day{day}", published=f"2024-01-0{day}")]))
    lost = iris.article("lost")
    store.update(f"DELETE DATA {{ GRAPH <{index.INDEX_GRAPH}> {{ <{LEGION}> <{CONF.recentArticle}> "
                 f"<{iris.article('day5')}> }} }} ; INSERT DATA {{ GRAPH <{index.INDEX_GRAPH}> {{ <{LEGION}> "
                 f"<{CONF.recentArticle}> <{lost}> }} }}")
    _write(store, dict([_article("late", published="2024-01-02")]))
    kept = _assert_same_as_rebuilt(store)
    assert {o for s, p, o in kept if s == LEGION and p == CONF.recentArticle} == {
        iris.article("day6"), iris.article("day5")}
