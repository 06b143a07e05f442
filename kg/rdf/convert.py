"""Facts of one article to the triples of its named graph."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from kg.models import Evidence, Facts
from kg.rdf import iris
from kg.rdf.namespaces import CONF

Triple = tuple[URIRef, URIRef, URIRef | Literal]


def _evidence(node: URIRef, ev: Evidence, source: URIRef) -> Iterator[Triple]:
    yield node, PROV.wasDerivedFrom, source
    yield node, CONF.evidence, Literal(ev.sentence)
    yield node, CONF.startOffset, Literal(ev.start, datatype=XSD.integer)
    yield node, CONF.endOffset, Literal(ev.end, datatype=XSD.integer)
    yield node, CONF.confidence, Literal(Decimal(str(round(ev.confidence, 3))), datatype=XSD.decimal)


def article_triples(facts: Facts) -> Iterator[Triple]:
    """Every triple of the article's named graph: metadata, entities, mentions and facts."""
    art = facts.article
    doc = iris.article(art.id)
    yield doc, RDF.type, CONF.Article
    if art.title:
        yield doc, CONF.title, Literal(art.title)
    if art.published:
        yield doc, CONF.published, Literal(art.published.isoformat(), datatype=XSD.date)
    if art.source:
        yield doc, CONF.source, Literal(art.source)
    if art.url:
        yield doc, CONF.url, Literal(art.url, datatype=XSD.anyURI)
    yield doc, CONF.text, Literal(art.text)

    mention_no = 0
    for actor in facts.actors:
        node = iris.actor(actor.key)
        yield node, RDF.type, CONF.Actor
        if actor.kind.value != "Actor":
            yield node, RDF.type, CONF[actor.kind.value]
        yield node, RDFS.label, Literal(actor.label)
        for alias in actor.aliases:
            if alias != actor.label:
                yield node, SKOS.altLabel, Literal(alias)
        yield doc, CONF.mentions, node
        for span in actor.mentions:
            mention_no += 1
            yield from _mention(doc, art.id, mention_no, node, span.start, span.end, span.text)

    for place in facts.places:
        node = iris.place(place.key)
        yield node, RDF.type, CONF.Location
        if place.kind.value != "Location":
            yield node, RDF.type, CONF[place.kind.value]
        yield node, RDFS.label, Literal(place.label)
        for alias in place.aliases:
            if alias != place.label:
                yield node, SKOS.altLabel, Literal(alias)
        if place.parent:
            yield node, CONF.locatedIn, iris.place(place.parent)
        yield doc, CONF.mentions, node
        for span in place.mentions:
            mention_no += 1
            yield from _mention(doc, art.id, mention_no, node, span.start, span.end, span.text)

    for n, rel in enumerate(facts.relations, 1):
        a, b = iris.actor(rel.source), iris.actor(rel.target)
        prop = CONF[rel.kind.value]
        yield a, prop, b
        claim = iris.fact(art.id, "claim", n)
        yield claim, RDF.type, CONF.RelationClaim
        yield claim, RDF.subject, a
        yield claim, RDF.predicate, prop
        yield claim, RDF.object, b
        yield from _evidence(claim, rel.evidence, doc)

    for n, op in enumerate(facts.operations, 1):
        node = iris.fact(art.id, "operation", n)
        yield node, RDF.type, CONF.Operation
        yield node, CONF.kind, CONF[op.kind.value]
        for key in op.agents:
            yield node, CONF.agent, iris.actor(key)
        for key in op.targets:
            yield node, CONF.target, iris.actor(key)
        if op.location:
            yield node, CONF.location, iris.place(op.location)
        if op.date:
            yield node, CONF.date, Literal(op.date.isoformat(), datatype=XSD.date)
        if op.trigger:
            yield node, CONF.trigger, Literal(op.trigger)
        yield from _evidence(node, op.evidence, doc)

    for n, st in enumerate(facts.statements, 1):
        node = iris.fact(art.id, "statement", n)
        yield node, RDF.type, CONF.Statement
        yield node, CONF.speaker, iris.actor(st.speaker)
        yield node, CONF.quote, Literal(st.quote)
        yield from _evidence(node, st.evidence, doc)

    for n, cas in enumerate(facts.casualties, 1):
        node = iris.fact(art.id, "casualty", n)
        yield node, RDF.type, CONF.CasualtyReport
        yield node, CONF.casualtyKind, CONF[cas.kind.value]
        # CONF["count"]: on a Namespace (a str), CONF.count is str.count
        yield node, CONF["count"], Literal(cas.count, datatype=XSD.integer)
        if cas.count_max is not None:
            yield node, CONF.countMax, Literal(cas.count_max, datatype=XSD.integer)
        if cas.victim:
            yield node, CONF.victim, iris.actor(cas.victim)
        if cas.category is not None:
            yield node, CONF.victimCategory, CONF[cas.category.value]
        if cas.reported_by:
            yield node, CONF.reportedBy, iris.actor(cas.reported_by)
        if cas.operation is not None:
            yield node, CONF.operation, iris.fact(art.id, "operation", cas.operation)
        if cas.location:
            yield node, CONF.location, iris.place(cas.location)
        if cas.date:
            yield node, CONF.date, Literal(cas.date.isoformat(), datatype=XSD.date)
        if cas.figure:
            yield node, CONF.figure, Literal(cas.figure)
        yield from _evidence(node, cas.evidence, doc)


def _mention(
    doc: URIRef, article_id: str, n: int, entity: URIRef, start: int, end: int, text: str
) -> Iterator[Triple]:
    node = iris.fact(article_id, "mention", n)
    yield node, RDF.type, CONF.Mention
    yield node, CONF.refersTo, entity
    yield node, CONF.text, Literal(text)
    yield node, CONF.startOffset, Literal(start, datatype=XSD.integer)
    yield node, CONF.endOffset, Literal(end, datatype=XSD.integer)
    yield node, PROV.wasDerivedFrom, doc
