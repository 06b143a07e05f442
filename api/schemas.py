"""The HTTP answers that wrap the read layer's records: lists under a name, and the article just posted."""

from __future__ import annotations

from pydantic import Field

from kg.read.records import ActorMatch, Operation, PlaceMatch, Record, Statement

__all__ = ["ActorList", "ArticleCreated", "OperationList", "PlaceList", "StatementList"]


class ActorList(Record):
    """Actors found by a name search, most mentioned first."""

    actors: list[ActorMatch]


class PlaceList(Record):
    """Places found by a name search, most mentioned first."""

    locations: list[PlaceMatch]


class OperationList(Record):
    """Operations matching the filters, earliest first."""

    operations: list[Operation]


class StatementList(Record):
    """Quoted statements, by article and offset."""

    statements: list[Statement]


class ArticleCreated(Record):
    """An article just extracted: its id, its graph, and how many facts of each sort it gave."""

    id: str = Field(description="The article's id (a slug).")
    graph: str = Field(description="The IRI of the named graph that holds every fact extracted from it.")
    title: str | None
    triples: int
    actors: int
    places: int
    relations: int
    operations: int
    statements: int
