"""Facts of one article to the triples of its named graph.

The triples are pyoxigraph's: the store writes them as they are, and an extraction worker sends them to
the writer as N-Triples text (kg/ingest.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from functools import cache

import pyoxigraph as ox
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from kg.models import Evidence, Facts
from kg.rdf import iris
from kg.rdf.namespaces import CONF

__all__ = ["article_triples", "conf", "iri", "literal"]


@cache
def iri(text: str) -> ox.NamedNode:
    """The pyoxigraph node of an IRI the project writes (the vocabulary's: a handful, made once each)."""
    return ox.NamedNode(text)


def conf(name: str) -> ox.NamedNode:
    """A term of the conflict ontology."""
    return iri(CONF + name)


def literal(value: object, datatype: str | None = None) -> ox.Literal:
    """A literal of `value`'s text; typed when `datatype` (an IRI) is given."""
    if datatype is None:
        return ox.Literal(str(value))
    return ox.Literal(str(value), datatype=iri(datatype))


_TYPE, _LABEL, _ALT_LABEL = iri(RDF.type), iri(RDFS.label), iri(SKOS.altLabel)
_DERIVED = iri(PROV.wasDerivedFrom)
_SUBJECT, _PREDICATE, _OBJECT = iri(RDF.subject), iri(RDF.predicate), iri(RDF.object)
_INTEGER, _DATE, _DECIMAL = str(XSD.integer), str(XSD.date), str(XSD.decimal)


def _node(term: str) -> ox.NamedNode:
    return ox.NamedNode(term)


def _evidence(node: ox.NamedNode, ev: Evidence, source: ox.NamedNode) -> Iterator[ox.Triple]:
    yield ox.Triple(node, _DERIVED, source)
    yield ox.Triple(node, conf("evidence"), literal(ev.sentence))
    yield ox.Triple(node, conf("startOffset"), literal(ev.start, _INTEGER))
    yield ox.Triple(node, conf("endOffset"), literal(ev.end, _INTEGER))
    yield ox.Triple(node, conf("confidence"), literal(Decimal(str(round(ev.confidence, 3))), _DECIMAL))


def article_triples(facts: Facts) -> Iterator[ox.Triple]:
    """Every triple of the article's named graph: metadata, entities, mentions and facts."""
    art = facts.article
    doc = _node(iris.article(art.id))
    yield ox.Triple(doc, _TYPE, conf("Article"))
    if art.title:
        yield ox.Triple(doc, conf("title"), literal(art.title))
    if art.published:
        yield ox.Triple(doc, conf("published"), literal(art.published.isoformat(), _DATE))
    if art.source:
        yield ox.Triple(doc, conf("source"), literal(art.source))
    if art.url:
        yield ox.Triple(doc, conf("url"), literal(art.url, str(XSD.anyURI)))
    yield ox.Triple(doc, conf("text"), literal(art.text))

    mention_no = 0
    for actor in facts.actors:
        node = _node(iris.actor(actor.key))
        yield ox.Triple(node, _TYPE, conf("Actor"))
        if actor.kind.value != "Actor":
            yield ox.Triple(node, _TYPE, conf(actor.kind.value))
        yield ox.Triple(node, _LABEL, literal(actor.label))
        for alias in actor.aliases:
            if alias != actor.label:
                yield ox.Triple(node, _ALT_LABEL, literal(alias))
        yield ox.Triple(doc, conf("mentions"), node)
        for span in actor.mentions:
            mention_no += 1
            yield from _mention(doc, art.id, mention_no, node, span.start, span.end, span.text)

    for place in facts.places:
        node = _node(iris.place(place.key))
        yield ox.Triple(node, _TYPE, conf("Location"))
        if place.kind.value != "Location":
            yield ox.Triple(node, _TYPE, conf(place.kind.value))
        yield ox.Triple(node, _LABEL, literal(place.label))
        for alias in place.aliases:
            if alias != place.label:
                yield ox.Triple(node, _ALT_LABEL, literal(alias))
        if place.parent:
            yield ox.Triple(node, conf("locatedIn"), _node(iris.place(place.parent)))
        yield ox.Triple(doc, conf("mentions"), node)
        for span in place.mentions:
            mention_no += 1
            yield from _mention(doc, art.id, mention_no, node, span.start, span.end, span.text)

    for n, rel in enumerate(facts.relations, 1):
        a, b = _node(iris.actor(rel.source)), _node(iris.actor(rel.target))
        prop = conf(rel.kind.value)
        yield ox.Triple(a, prop, b)
        claim = _node(iris.fact(art.id, "claim", n))
        yield ox.Triple(claim, _TYPE, conf("RelationClaim"))
        yield ox.Triple(claim, _SUBJECT, a)
        yield ox.Triple(claim, _PREDICATE, prop)
        yield ox.Triple(claim, _OBJECT, b)
        yield from _evidence(claim, rel.evidence, doc)

    for n, op in enumerate(facts.operations, 1):
        node = _node(iris.fact(art.id, "operation", n))
        yield ox.Triple(node, _TYPE, conf("Operation"))
        yield ox.Triple(node, conf("kind"), conf(op.kind.value))
        for key in op.agents:
            yield ox.Triple(node, conf("agent"), _node(iris.actor(key)))
        for key in op.targets:
            yield ox.Triple(node, conf("target"), _node(iris.actor(key)))
        if op.location:
            yield ox.Triple(node, conf("location"), _node(iris.place(op.location)))
        if op.date:
            yield ox.Triple(node, conf("date"), literal(op.date.isoformat(), _DATE))
        if op.trigger:
            yield ox.Triple(node, conf("trigger"), literal(op.trigger))
        yield from _evidence(node, op.evidence, doc)

    for n, st in enumerate(facts.statements, 1):
        node = _node(iris.fact(art.id, "statement", n))
        yield ox.Triple(node, _TYPE, conf("Statement"))
        yield ox.Triple(node, conf("speaker"), _node(iris.actor(st.speaker)))
        yield ox.Triple(node, conf("quote"), literal(st.quote))
        yield from _evidence(node, st.evidence, doc)

    for n, cas in enumerate(facts.casualties, 1):
        node = _node(iris.fact(art.id, "casualty", n))
        yield ox.Triple(node, _TYPE, conf("CasualtyReport"))
        yield ox.Triple(node, conf("casualtyKind"), conf(cas.kind.value))
        yield ox.Triple(node, conf("count"), literal(cas.count, _INTEGER))
        if cas.count_max is not None:
            yield ox.Triple(node, conf("countMax"), literal(cas.count_max, _INTEGER))
        if cas.victim:
            yield ox.Triple(node, conf("victim"), _node(iris.actor(cas.victim)))
        if cas.category is not None:
            yield ox.Triple(node, conf("victimCategory"), conf(cas.category.value))
        if cas.reported_by:
            yield ox.Triple(node, conf("reportedBy"), _node(iris.actor(cas.reported_by)))
        if cas.operation is not None:
            yield ox.Triple(node, conf("operation"), _node(iris.fact(art.id, "operation", cas.operation)))
        if cas.location:
            yield ox.Triple(node, conf("location"), _node(iris.place(cas.location)))
        if cas.date:
            yield ox.Triple(node, conf("date"), literal(cas.date.isoformat(), _DATE))
        if cas.figure:
            yield ox.Triple(node, conf("figure"), literal(cas.figure))
        yield from _evidence(node, cas.evidence, doc)


def _mention(
    doc: ox.NamedNode, article_id: str, n: int, entity: ox.NamedNode, start: int, end: int, text: str
) -> Iterator[ox.Triple]:
    node = _node(iris.fact(article_id, "mention", n))
    yield ox.Triple(node, _TYPE, conf("Mention"))
    yield ox.Triple(node, conf("refersTo"), entity)
    yield ox.Triple(node, conf("text"), literal(text))
    yield ox.Triple(node, conf("startOffset"), literal(start, _INTEGER))
    yield ox.Triple(node, conf("endOffset"), literal(end, _INTEGER))
    yield ox.Triple(node, _DERIVED, doc)
