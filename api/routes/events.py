"""Events across articles, with every source and casualty figure side by side, and casualty totals."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import pyoxigraph as ox
from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, ConfigDict
from rdflib import URIRef

from api.deps import CannedDep, SettingsDep, StoreDep
from kg.errors import BadInput
from kg.models import OperationKind
from kg.read import events as read


def _iri(node: ox.NamedNode) -> URIRef:
    return URIRef(node.value)

router = APIRouter(tags=["events"])


class NamedOut(BaseModel):
    """An actor or place: id (slug) and label."""

    model_config = ConfigDict(from_attributes=True)
    id: str
    label: str


class PlaceOut(NamedOut):
    """A place, with its coordinates when known."""

    lat: float | None = None
    lon: float | None = None


class FigureOut(BaseModel):
    """One casualty figure, who gave it and in which article."""

    model_config = ConfigDict(from_attributes=True)
    kind: str
    count: int
    count_max: int | None
    victims: NamedOut | None
    victim_category: str | None
    reported_by: NamedOut | None
    article: str
    title: str | None
    date: str | None
    evidence: str | None


class SourceOut(BaseModel):
    """One article's report of the event."""

    model_config = ConfigDict(from_attributes=True)
    operation: str
    kind: str
    date: str | None
    article: str
    title: str | None
    published: str | None
    outlet: str | None
    evidence: str | None


class EventOut(BaseModel):
    """One real-world operation across the articles that tell of it."""

    model_config = ConfigDict(from_attributes=True)
    id: str
    label: str
    kind: str
    date: str | None
    location: PlaceOut | None
    source_count: int
    agents: list[NamedOut]
    targets: list[NamedOut]
    sources: list[SourceOut]
    figures: list[FigureOut]


class EventsOut(BaseModel):
    events: list[EventOut]


class TotalOut(BaseModel):
    """Every figure of one kind, with the lowest and highest any source gives."""

    model_config = ConfigDict(from_attributes=True)
    kind: str
    lowest: int
    highest: int
    articles: int
    figures: list[FigureOut]


class CasualtiesOut(BaseModel):
    actor: str | None
    location: str | None
    totals: list[TotalOut]


PLACE = "A place, or any place inside it."
EventId = Annotated[str, Path(max_length=100, pattern=r"^[0-9a-f]{1,64}$")]


@router.get("/events", response_model=EventsOut)
def list_events(
    store: StoreDep,
    canned: CannedDep,
    settings: SettingsDep,
    actor: Annotated[
        str | None, Query(max_length=200, description="An actor (slug, label or alias) as agent or target.")
    ] = None,
    location: Annotated[str | None, Query(max_length=200, description=PLACE)] = None,
    kind: Annotated[OperationKind | None, Query()] = None,
    from_: Annotated[date | None, Query(alias="from", description="Earliest date, YYYY-MM-DD.")] = None,
    to: Annotated[date | None, Query(description="Latest date, YYYY-MM-DD.")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> EventsOut:
    """Events by party, place, kind and date range, earliest first, each with its sources and figures."""
    if from_ and to and from_ > to:
        raise BadInput("'from' is later than 'to'.")
    found = read.list_events(
        store,
        actor=_iri(canned.resolve("actor", actor)) if actor else None,
        location=_iri(canned.resolve("location", location)) if location else None,
        kind=kind,
        start=from_,
        end=to,
        limit=limit,
        timeout=settings.query_timeout,
    )
    return EventsOut(events=[EventOut.model_validate(e) for e in found])


@router.get("/events/{event_id}", response_model=EventOut)
def get_event(event_id: EventId, store: StoreDep, settings: SettingsDep) -> EventOut:
    """One event: its reports, parties and every casualty figure its articles give, with their sources."""
    return EventOut.model_validate(read.get_event(store, event_id, settings.query_timeout))


@router.get("/casualties", response_model=CasualtiesOut)
def casualty_totals(
    store: StoreDep,
    canned: CannedDep,
    settings: SettingsDep,
    actor: Annotated[str | None, Query(max_length=200, description="Whose people the figures count.")] = None,
    location: Annotated[str | None, Query(max_length=200, description=PLACE)] = None,
) -> CasualtiesOut:
    """Casualty figures per kind for an actor's people or a place, side by side with who gave them."""
    if not actor and not location:
        raise BadInput("Give an actor or a location.")
    totals = read.casualty_totals(
        store,
        victim=_iri(canned.resolve("actor", actor)) if actor else None,
        location=_iri(canned.resolve("location", location)) if location else None,
        timeout=settings.query_timeout,
    )
    return CasualtiesOut(actor=actor, location=location, totals=[TotalOut.model_validate(t) for t in totals])
