"""Gazetteer knowledge about the entities of an article, for the background graph.

What no article stated goes here: canonical labels and curated aliases, kind classes, Wikidata links,
coordinates, and the chain of containing places up to the country.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from kg.extract.gazetteer import ActorEntry, Gazetteer, PlaceEntry, load_gazetteer
from kg.models import Facts
from kg.rdf import iris
from kg.rdf.namespaces import CONF, GEO, WD, WGS84
from kg.store.terms import Triple, ox_triples

MAX_ALIASES = 25
"""Settlements carry dozens of transliterations; the most useful ones are enough for search."""


def background_triples(facts: Facts, gazetteer: Gazetteer | None = None) -> Iterator[ox.Triple]:
    """Triples no article stated (Wikidata links, coordinates, place hierarchy) about `facts`' entities,
    in pyoxigraph's terms."""
    gaz = gazetteer or load_gazetteer()
    for actor in facts.actors:
        known = gaz.actors.get(actor.key)
        if known is not None:
            yield from _written(known)
    seen: set[str] = set()
    for place in facts.places:
        for entry in _with_ancestors(gaz, place.key):
            if entry.key not in seen:
                seen.add(entry.key)
                yield from _written(entry)


_ENTRIES_KEPT = 4096
"""Gazetteer entries whose triples are kept made: the same actors and places recur story after story."""


@lru_cache(maxsize=_ENTRIES_KEPT)
def _written(entry: ActorEntry | PlaceEntry) -> tuple[ox.Triple, ...]:
    return tuple(ox_triples(_actor(entry) if isinstance(entry, ActorEntry) else _place(entry)))


def _with_ancestors(gaz: Gazetteer, key: str) -> list[PlaceEntry]:
    entry = gaz.place(key)
    return [entry, *gaz.ancestors(key)] if entry is not None else []


def _named(node: URIRef, base: URIRef, entry: ActorEntry | PlaceEntry) -> Iterator[Triple]:
    """Class, kind, label, curated aliases and Wikidata link: what actors and places share."""
    yield node, RDF.type, base
    if entry.kind.value != str(base).rsplit("#", 1)[-1]:
        yield node, RDF.type, CONF[entry.kind.value]
    yield node, RDFS.label, Literal(entry.label)
    for alias in entry.aliases[:MAX_ALIASES]:
        if alias != entry.label:
            yield node, SKOS.altLabel, Literal(alias)
    if entry.wikidata:
        yield node, OWL.sameAs, WD[entry.wikidata]


def _actor(entry: ActorEntry) -> Iterator[Triple]:
    node = iris.actor(entry.key)
    yield from _named(node, CONF.Actor, entry)
    if entry.country:
        yield node, CONF.country, Literal(entry.country)


def _place(entry: PlaceEntry) -> Iterator[Triple]:
    node: URIRef = iris.place(entry.key)
    yield from _named(node, CONF.Location, entry)
    if entry.parent:
        yield node, CONF.locatedIn, iris.place(entry.parent)
    if entry.geonames:
        yield node, OWL.sameAs, URIRef(f"https://sws.geonames.org/{entry.geonames}/")
    if entry.lat is not None and entry.lon is not None:
        yield node, WGS84.lat, Literal(round(entry.lat, 5), datatype=XSD.decimal)
        yield node, WGS84.long, Literal(round(entry.lon, 5), datatype=XSD.decimal)
        geometry = URIRef(str(node) + "#geometry")
        yield node, GEO.hasGeometry, geometry
        yield geometry, GEO.asWKT, Literal(f"POINT({entry.lon:.5f} {entry.lat:.5f})", datatype=GEO.wktLiteral)
