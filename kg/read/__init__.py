"""The read side: one function per question, each returning typed records (`kg.read.records`).

The REST routes, the `kg actor` and `kg relations` commands and the explorer (through the routes) all
ask here. Every function takes a `Canned` (the canned queries over one store) and answers from the
queries in `queries/*.rq`, with its values bound, never pasted into the query text.
"""

from __future__ import annotations

from kg.read.actors import ARTICLES_KEPT, EVIDENCE_KEPT, actor_relations, find_actors, get_actor
from kg.read.articles import get_article, list_articles
from kg.read.canned import Canned
from kg.read.operations import find_operations
from kg.read.places import find_places, get_place
from kg.read.statements import find_statements

__all__ = [
    "ARTICLES_KEPT",
    "EVIDENCE_KEPT",
    "Canned",
    "actor_relations",
    "find_actors",
    "find_operations",
    "find_places",
    "find_statements",
    "get_actor",
    "get_article",
    "get_place",
    "list_articles",
]
