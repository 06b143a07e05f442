"""The typed answers of the read layer: frozen pydantic models, so the HTTP layer shows their shapes."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "Actor", "ActorMatch", "ActorRef", "ArticleDetail", "ArticleMeta", "ArticlePage", "ArticleRef",
    "ArticleRelation", "Direction", "EntityRef", "Evidence", "Mention", "MentionedEntity", "Operation",
    "Place", "PlaceMatch", "PlaceRef", "Record", "Relation", "Relations", "Statement",
]

Direction = Literal["outgoing", "incoming", "mutual"]
"""Which way a relation points, seen from the actor asked about."""


class Record(BaseModel):
    """Base of every answer: immutable, and only the fields it declares."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class EntityRef(Record):
    """An actor or place named inside another answer."""

    id: str = Field(description="The slug: the last part of the entity's IRI.")
    label: str


class ActorRef(Record):
    """An actor named inside another answer, with its kind."""

    id: str
    label: str
    kind: str = Field(description="The local name of its kind class: ArmedGroup, State, ... or Actor.")


class ActorMatch(Record):
    """An actor found by a name search."""

    id: str
    label: str
    kind: str
    iri: str
    aliases: list[str]
    articles: int = Field(description="How many articles mention it.")


class ArticleRef(Record):
    """An article named inside another answer."""

    id: str
    title: str | None
    published: str | None = Field(description="YYYY-MM-DD, when known.")


class Actor(Record):
    """One actor: names, kind, Wikidata identifier and the newest articles that mention it."""

    id: str
    label: str
    kind: str
    iri: str
    aliases: list[str]
    wikidata: str | None = Field(description="The Wikidata Q-identifier, when known.")
    articles: list[ArticleRef] = Field(description="The articles that mention it, newest first.")
    article_count: int = Field(description="How many articles mention it, listed or not.")


class Evidence(Record):
    """A sentence of an article that states a relation."""

    article: str
    title: str | None
    published: str | None
    sentence: str
    start: int | None = Field(description="Character offset of the sentence in the article text.")
    end: int | None
    confidence: float | None


class Relation(Record):
    """Another actor related to the one asked about, with the articles and sentences that say so."""

    actor: ActorRef
    type: str = Field(description="supports, alliedWith or opposes.")
    direction: Direction = Field(
        description="outgoing: the actor asked about acts on the other; incoming: the other way; "
        "mutual: both, and always for the symmetric alliedWith and opposes."
    )
    articles: int = Field(description="How many articles state this relation.")
    evidence: list[Evidence] = Field(description="The newest evidence sentences, as many as asked for.")
    evidence_count: int = Field(description="How many evidence sentences there are in all.")


class Relations(Record):
    """The actors related to one actor, a page at a time, most attested first."""

    actor: ActorRef
    relations: list[Relation]
    total: int = Field(description="How many related actors (relation type and direction) there are in all.")
    limit: int
    offset: int


class PlaceRef(Record):
    """A place named inside another answer, with its coordinates when known."""

    id: str
    label: str
    lat: float | None
    lon: float | None


class Operation(Record):
    """A military operation: who did what to whom, where and when, and the sentence that reports it."""

    id: str
    kind: str
    date: str | None
    agents: list[EntityRef]
    targets: list[EntityRef]
    location: PlaceRef | None
    article: str | None
    evidence: str | None
    start: int | None
    end: int | None


class Statement(Record):
    """Words an actor is quoted as saying, with the sentence they come from."""

    id: str
    speaker: EntityRef
    quote: str
    article: str | None
    evidence: str | None
    start: int | None
    end: int | None


class PlaceMatch(Record):
    """A place found by a name search."""

    id: str
    label: str
    kind: str
    iri: str
    aliases: list[str]
    lat: float | None
    lon: float | None


class Place(Record):
    """One place: kind, names, coordinates, the place it lies in and the first operations in it."""

    id: str
    label: str
    kind: str
    iri: str
    aliases: list[str]
    parent: EntityRef | None
    lat: float | None
    lon: float | None
    operations: list[Operation]


class ArticleMeta(Record):
    """An article's metadata and the named graph that holds its facts."""

    id: str
    title: str | None
    published: str | None
    source: str | None
    url: str | None
    graph: str


class ArticlePage(Record):
    """A page of articles, newest first."""

    articles: list[ArticleMeta]
    limit: int
    offset: int


class MentionedEntity(Record):
    """The actor or place a mention refers to."""

    id: str
    label: str
    type: Literal["actor", "place"]
    kind: str


class Mention(Record):
    """Where an article names an actor or place."""

    start: int
    end: int
    text: str | None
    entity: MentionedEntity


class ArticleRelation(Record):
    """A relation one article states, with its sentence."""

    type: str
    source: EntityRef
    target: EntityRef
    sentence: str | None
    start: int | None
    end: int | None
    confidence: float | None


class ArticleDetail(Record):
    """One article: metadata, text, where it names actors and places, and the facts it states."""

    id: str
    title: str | None
    published: str | None
    source: str | None
    url: str | None
    graph: str
    text: str | None
    mentions: list[Mention]
    relations: list[ArticleRelation]
    operations: list[Operation]
    statements: list[Statement]
