"""The one place IRIs are minted."""

from __future__ import annotations

from rdflib import URIRef

from kg.rdf.namespaces import BASE, GRAPH, ID

BACKGROUND_GRAPH = GRAPH["background"]
"""Named graph of gazetteer knowledge that no article stated."""
EVENTS_GRAPH = GRAPH["events"]
"""Named graph of the events across articles (kg/events.py)."""
EVENT_PREFIX = BASE + "id/event/"
ARTICLE_GRAPH_PREFIX = BASE + "graph/article/"
ACTOR_PREFIX = BASE + "id/actor/"
PLACE_PREFIX = BASE + "id/place/"
ARTICLE_PREFIX = BASE + "id/article/"


def actor(key: str) -> URIRef:
    return URIRef(ACTOR_PREFIX + key)


def place(key: str) -> URIRef:
    return URIRef(PLACE_PREFIX + key)


def event(event_id: str) -> URIRef:
    return URIRef(EVENT_PREFIX + event_id)


def article(article_id: str) -> URIRef:
    return URIRef(ARTICLE_PREFIX + article_id)


def article_graph(article_id: str) -> URIRef:
    return URIRef(ARTICLE_GRAPH_PREFIX + article_id)


def fact(article_id: str, kind: str, index: int) -> URIRef:
    """An operation, statement, relation claim or mention of one article: `kind` is its class."""
    return ID[f"{kind}/{article_id}/{index}"]


def key_of(iri: str) -> str:
    """The key (slug) at the end of an actor, place or article IRI."""
    return iri.rstrip("/").rsplit("/", 1)[-1]
