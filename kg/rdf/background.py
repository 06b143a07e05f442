"""Gazetteer knowledge about the entities of an article, for the background graph."""

from __future__ import annotations

from collections.abc import Iterator

from kg.models import Facts
from kg.rdf.convert import Triple


def background_triples(facts: Facts) -> Iterator[Triple]:
    """Triples no article stated (Wikidata links, coordinates, place hierarchy) about `facts`' entities."""
    yield from ()
