"""Settling: two writers that each summarise before the other's write lands lose an update, and
settling their writes afterwards puts the index and the events back to what a rebuild gives."""

from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import PROV, RDF, RDFS, XSD

from kg import events, index, settle
from kg.rdf import iris
from kg.rdf.namespaces import CONF
from kg.store import Store, Triple

LEGION = iris.actor("iron-legion")
TOWN = iris.place("west-ford")


def article(key: str, day: str) -> tuple[str, list[Triple]]:
    """An article graph: the legion attacked the town on `day`, which the article says it did."""
    doc, op = iris.article(key), iris.fact(key, "operation", 1)
    return str(iris.article_graph(key)), [
        (doc, RDF.type, CONF.Article), (doc, CONF.published, Literal(day, datatype=XSD.date)),
        (LEGION, RDF.type, CONF.Actor), (LEGION, RDFS.label, Literal(f"Iron Legion ({key})")),
        (doc, CONF.mentions, LEGION),
        (TOWN, RDF.type, CONF.Location), (TOWN, RDFS.label, Literal("West Ford")), (doc, CONF.mentions, TOWN),
        (op, RDF.type, CONF.Operation), (op, CONF.kind, CONF.Attack), (op, CONF.location, TOWN),
        (op, CONF.date, Literal(day, datatype=XSD.date)), (op, CONF.agent, LEGION),
        (op, PROV.wasDerivedFrom, doc),
    ]


def derived(store: Store) -> dict[str, set[str]]:
    return {g: set(store.dump("ntriples", g).decode().splitlines())
            for g in (str(index.INDEX_GRAPH), str(events.EVENTS_GRAPH))}


def rebuilt(store: Store) -> dict[str, set[str]]:
    index.rebuild(store)
    events.rebuild(store)
    return derived(store)


def test_settling_restores_what_two_racing_writers_lost(any_store: Store) -> None:
    race_and_settle(any_store)


def test_settling_on_virtuoso(virtuoso_store: Store) -> None:
    race_and_settle(virtuoso_store)


def race_and_settle(any_store: Store) -> None:
    first, second = dict([article("a", "2024-03-01")]), dict([article("b", "2024-03-02")])
    # Both writers read the store before either writes: each summary leaves out the other's article.
    writers = (first, second)
    scopes = [settle.scope_of(any_store, graphs) for graphs in writers]
    patches = [settle.patches(any_store, g, scope) for g, scope in zip(writers, scopes, strict=True)]
    for graphs, patch in zip(writers, patches, strict=True):
        any_store.replace_graphs(graphs, patch=patch)
    raced = derived(any_store)
    assert '"1"^^<http://www.w3.org/2001/XMLSchema#integer>' in " ".join(
        line for line in raced[str(index.INDEX_GRAPH)] if "articleCount" in line
    )  # the later write counted its own article only

    written: list[settle.Written] = [(list(first), scopes[0]), (list(second), scopes[1])]
    assert settle.settle_written(any_store, written) > 0
    settled = derived(any_store)
    assert settled != raced
    assert settled == rebuilt(any_store)
    assert any("sourceCount" in line and '"2"' in line for line in settled[str(events.EVENTS_GRAPH)])
    # Once the store agrees, settling again writes nothing.
    assert settle.settle_written(any_store, written) == 0


def test_settling_removes_what_is_left_of_a_subject_its_writer_wrote(any_store: Store) -> None:
    """Two update requests rewriting one event at once, each deleting what its own snapshot held, can
    leave the triples of one that the other's snapshot lacked: here the label, date and source count of
    the second writer's event, with no report or place left to find it by. The event that now holds
    both reports has another IRI (the first report's), so no recomputation names the remnant; the
    writer that wrote it removes it when it settles."""
    second = dict([article("b", "2024-03-02")])
    scope = settle.scope_of(any_store, second)
    patches = settle.patches(any_store, second, scope)
    any_store.replace_graphs(second, patch=patches)
    written_b = settle.wrote(scope, patches)
    (lone,) = {line.split()[0] for line in derived(any_store)[str(events.EVENTS_GRAPH)]}
    remnant = [line for line in derived(any_store)[str(events.EVENTS_GRAPH)]
               if any(f"#{p}>" in line for p in ("label", "date", "sourceCount"))]

    first = dict([article("a", "2024-03-01")])
    scope_a = settle.scope_of(any_store, first)
    patches_a = settle.patches(any_store, first, scope_a)
    any_store.replace_graphs(first, patch=patches_a)
    assert lone not in " ".join(derived(any_store)[str(events.EVENTS_GRAPH)])  # the two reports are one event
    any_store.update(f"INSERT DATA {{ GRAPH <{events.EVENTS_GRAPH}> {{ {' '.join(remnant)} }} }}")

    written_a = settle.wrote(scope_a, patches_a)
    written: list[settle.Written] = [(list(second), written_b), (list(first), written_a)]
    assert settle.settle_written(any_store, written) > 0
    assert lone not in " ".join(derived(any_store)[str(events.EVENTS_GRAPH)])
    assert derived(any_store) == rebuilt(any_store)
