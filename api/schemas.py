"""The HTTP answers that wrap the read layer's records (lists under a name, the article just posted), and
the service's own answers: health, bulk loads, re-indexing and the explorer's example queries."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from kg.read.records import ActorMatch, Operation, PlaceMatch, Record, Statement

__all__ = [
    "ActorList", "ArticleCreated", "ExampleQueries", "ExampleQuery", "Health", "Loaded", "OperationList",
    "PlaceList", "Reindexed", "StatementList",
]


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


class Health(Record):
    """The service can answer: how many articles and triples the store holds, and which store it is."""

    status: Literal["ok"]
    articles: int
    triples: int | None = Field(description="Every triple of the store; null on a remote store, where "
                                            "counting them is a scan of the whole endpoint.")
    store: Literal["embedded", "remote"]


class Loaded(Record):
    """RDF files bulk-loaded, then the entity index and events rebuilt."""

    quads: int
    files: int
    index_triples: int
    files_seconds: float
    index_seconds: float = Field(description="Seconds to rebuild the entity index and the events graph.")


class Reindexed(Record):
    """The entity index and the events graph rebuilt from every graph."""

    index_triples: int
    event_triples: int
    seconds: float


class ExampleQuery(Record):
    """A canned query as an editor example."""

    name: str
    description: str
    query: str = Field(description="The SPARQL text.")


class ExampleQueries(Record):
    """The canned queries, by file name."""

    queries: list[ExampleQuery]
