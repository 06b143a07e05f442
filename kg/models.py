"""Plain records that flow from extraction to RDF: no spaCy or rdflib type crosses this line."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class ActorKind(StrEnum):
    """Kinds of actor; each value is the local name of its class in the ontology."""

    STATE = "State"
    ARMED_FORCES = "ArmedForces"
    ARMED_GROUP = "ArmedGroup"
    PERSON = "Person"
    POLITICAL_ORG = "PoliticalOrganization"
    INTL_ORG = "InternationalOrganization"
    MEDIA = "MediaOrganization"
    OTHER = "Actor"


class PlaceKind(StrEnum):
    """Kinds of place; each value is the local name of its class in the ontology."""

    COUNTRY = "Country"
    REGION = "Region"
    SETTLEMENT = "Settlement"
    DISTRICT = "District"
    OTHER = "Location"


class RelationKind(StrEnum):
    """Relations between actors; each value is the local name of its property."""

    SUPPORTS = "supports"
    ALLIED = "alliedWith"
    OPPOSES = "opposes"

    @property
    def symmetric(self) -> bool:
        return self is not RelationKind.SUPPORTS


class OperationKind(StrEnum):
    """Kinds of military operation; each value is the local name of its individual."""

    OFFENSIVE = "Offensive"
    ATTACK = "Attack"
    AIRSTRIKE = "Airstrike"
    SHELLING = "Shelling"
    CAPTURE = "Capture"
    ADVANCE = "Advance"
    WITHDRAWAL = "Withdrawal"
    SIEGE = "Siege"
    CLASH = "Clash"
    BOMBING = "Bombing"
    OTHER = "OtherOperation"


class CasualtyKind(StrEnum):
    """What befell the people a casualty figure counts; each value is the local name of its individual."""

    KILLED = "Killed"
    WOUNDED = "Wounded"
    CAPTURED = "Captured"
    MISSING = "Missing"
    DISPLACED = "Displaced"


class VictimCategory(StrEnum):
    """Who the victims are when no actor is named; each value is the local name of its individual."""

    CIVILIANS = "Civilians"
    COMBATANTS = "Combatants"


def slugify(text: str, max_words: int = 8) -> str:
    """A lower-case ASCII slug of the first words of `text` ("Wagner Group" -> "wagner-group")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words[:max_words])


EARLIEST_PUBLISHED = date(1800, 1, 1)
LATEST_PUBLISHED = date(2199, 12, 31)
"""Publication dates outside these are refused as input errors: no news article has them, and date
arithmetic on them ("on Sunday" before 0001-01-01) cannot be done."""


def published_in_range(published: date) -> bool:
    """Whether `published` lies between EARLIEST_PUBLISHED and LATEST_PUBLISHED."""
    return EARLIEST_PUBLISHED <= published <= LATEST_PUBLISHED


def web_address(url: str | None) -> str | None:
    """`url` (trimmed) when it is an absolute http or https address, else None.

    Only such addresses are stored as an article's URL: anything else (javascript:, data:, file:, a
    bare word) could become a link that runs script or reads local files in a reader's browser.
    """
    if not url:
        return None
    url = url.strip()
    scheme, sep, rest = url.partition("://")
    if not sep or scheme.lower() not in ("http", "https") or not rest or any(c.isspace() for c in url):
        return None
    if any(unicodedata.category(c) == "Cc" for c in url):
        return None
    return url


def article_id(text: str) -> str:
    """The id of an article: a slug of its first words and a digest of its text.

    The same text always gets the same id, so posting it again replaces its graph.
    """
    normalized = " ".join(text.split())
    digest = hashlib.sha256(normalized.encode("utf-8")).hexdigest()[:12]
    head = slugify(normalized, max_words=6) or "article"
    return f"{head}-{digest}"


@dataclass(frozen=True)
class Article:
    """One news article as submitted: its text and what is known about it."""

    text: str
    title: str | None = None
    published: date | None = None
    source: str | None = None
    url: str | None = None
    id: str = field(default="")

    def __post_init__(self) -> None:
        object.__setattr__(self, "url", web_address(self.url))
        if not self.id:
            object.__setattr__(self, "id", article_id(self.text))


@dataclass(frozen=True)
class Span:
    """A stretch of the article text: character offsets and the words there."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Evidence:
    """Where a fact comes from: the sentence (with offsets) and how sure the extractor is."""

    sentence: str
    start: int
    end: int
    confidence: float = 0.5


@dataclass(frozen=True)
class Actor:
    """A party to the conflict, resolved to one key shared by every article."""

    key: str
    label: str
    kind: ActorKind
    aliases: tuple[str, ...] = ()
    mentions: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Place:
    """A named place; `parent` is the key of the containing place when the article states it."""

    key: str
    label: str
    kind: PlaceKind
    parent: str | None = None
    aliases: tuple[str, ...] = ()
    mentions: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Relation:
    """`source` supports, is allied with, or opposes `target` (actor keys)."""

    kind: RelationKind
    source: str
    target: str
    evidence: Evidence


@dataclass(frozen=True)
class Operation:
    """A military operation: who did what to whom, where and when."""

    kind: OperationKind
    evidence: Evidence
    agents: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    location: str | None = None
    date: date | None = None
    trigger: str = ""


@dataclass(frozen=True)
class Statement:
    """Words an actor is quoted as saying; `quote` is verbatim."""

    speaker: str
    quote: str
    evidence: Evidence


@dataclass(frozen=True)
class CasualtyReport:
    """One numeric casualty figure an article gives, and who gave it.

    `count` is the figure ("at least 20" is 20), the low end of a range whose top is `count_max`.
    `victim` is the actor the victims belong to, else `category` says civilians or combatants when the
    article does. `reported_by` is the actor the figure is attributed to, None in the article's own voice
    or an unnamed source's. `operation` is the 1-based number of the article's operation told of in the
    same sentence, or else in one of the two sentences before.
    """

    kind: CasualtyKind
    count: int
    evidence: Evidence
    count_max: int | None = None
    victim: str | None = None
    category: VictimCategory | None = None
    reported_by: str | None = None
    operation: int | None = None
    location: str | None = None
    date: date | None = None
    figure: str = ""


@dataclass(frozen=True)
class Facts:
    """Everything extracted from one article."""

    article: Article
    actors: tuple[Actor, ...] = ()
    places: tuple[Place, ...] = ()
    relations: tuple[Relation, ...] = ()
    operations: tuple[Operation, ...] = ()
    statements: tuple[Statement, ...] = ()
    casualties: tuple[CasualtyReport, ...] = ()
