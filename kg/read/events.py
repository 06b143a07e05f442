"""Events across articles and casualty figures, as typed records: what `/events`, `/casualties` and
`kg events` show.

An event lists every report (article operation) that tells of it and every casualty figure those
articles give for it, side by side with who gave each figure and in which article: two sources that
disagree ("at least 52 killed" by one monitor, "100 killed" by an army) are shown as they are, never
averaged. An article's figure belongs to an event when it was stated with one of the event's reports
(`conf:operation`: in the same sentence or the two after it); a figure the article dates but states
apart from any operation belongs to the article's most-reported event within a day of it (among
equals, the first kind in `OperationKind`'s order, then the smallest id).
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.term import Identifier, Node

from kg.errors import NotFound
from kg.events import DAY_SLACK
from kg.models import CasualtyKind, OperationKind
from kg.rdf import iris
from kg.rdf.namespaces import CONF
from kg.read.canned import Canned
from kg.store import Store

__all__ = [
    "CasualtyTotal", "Event", "Figure", "Named", "Place", "Source",
    "casualty_totals", "get_event", "list_events", "resolve",
]

_KIND_ORDER = {kind.value: n for n, kind in enumerate(OperationKind)}
QUERY_DIR = Path(__file__).resolve().parents[2] / "queries"
_XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")


@dataclass(frozen=True)
class Named:
    """An actor or place: its id (slug) and label."""

    id: str
    label: str


@dataclass(frozen=True)
class Place(Named):
    """A place, with its coordinates when the gazetteer knows them."""

    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class Figure:
    """One casualty figure as one article gives it, with who gave it."""

    kind: str
    count: int
    count_max: int | None
    victims: Named | None
    victim_category: str | None
    reported_by: Named | None
    article: str
    title: str | None
    date: str | None
    evidence: str | None


@dataclass(frozen=True)
class Source:
    """One article's report of an event: its operation, kind and day, and the article."""

    operation: str
    kind: str
    date: str | None
    article: str
    title: str | None
    published: str | None
    outlet: str | None
    evidence: str | None


@dataclass(frozen=True)
class Event:
    """One real-world operation across the articles that tell of it."""

    id: str
    label: str
    kind: str
    date: str | None
    location: Place | None
    source_count: int
    agents: tuple[Named, ...] = ()
    targets: tuple[Named, ...] = ()
    sources: tuple[Source, ...] = ()
    figures: tuple[Figure, ...] = ()


@dataclass(frozen=True)
class CasualtyTotal:
    """Every figure of one kind for an actor's people or a place, with the lowest and highest given."""

    kind: str
    lowest: int
    highest: int
    articles: int
    figures: tuple[Figure, ...] = field(default=())


@cache
def _text(name: str) -> str:
    return (QUERY_DIR / f"{name}.rq").read_text(encoding="utf-8")


def _term(value: object) -> Identifier:
    if isinstance(value, Identifier):
        return value
    if isinstance(value, date):
        return Literal(value.isoformat(), datatype=_XSD_DATE)
    return Literal(value)


def _select(store: Store, name: str, timeout: float | None, **params: object) -> list[Mapping[str, Node]]:
    bindings = {key: _term(value) for key, value in params.items()}
    return list(store.query(_text(name), bindings, timeout=timeout).rows)


def _optional(name: str, value: object, placeholder: object) -> dict[str, object]:
    """A filter that may be absent: bound to `placeholder` then, with its flag `any{Name}` true."""
    return {name: placeholder if value is None else value, "any" + name[0].upper() + name[1:]: value is None}


def _str(term: Node | None) -> str | None:
    return None if term is None else str(term)


def _int(term: Node | None) -> int | None:
    return None if term is None else int(str(term))


def _local(term: Node | None) -> str:
    return str(term).rsplit("#", 1)[-1] if term is not None else ""


def _named(term: Node | None, label: Node | None) -> Named | None:
    if term is None:
        return None
    return Named(iris.key_of(str(term)), str(label) if label is not None else iris.key_of(str(term)))


def _place(row: Mapping[str, Node]) -> Place | None:
    named = _named(row.get("loc"), row.get("loc_label"))
    if named is None:
        return None
    lat, lon = row.get("lat"), row.get("lon")
    return Place(named.id, named.label, None if lat is None else float(str(lat)),
                 None if lon is None else float(str(lon)))


def _event_id(term: Node) -> str:
    return iris.key_of(str(term))


def resolve(
    store: Store, kind: typing.Literal["actor", "location"], given: str, timeout: float | None = None
) -> URIRef:
    """The actor (`kind` "actor") or place ("location") that `given` names: slug, label or alias, as
    every route resolves names (kg/read/canned.py); NotFound when none does."""
    return URIRef(Canned(store, timeout).resolve(kind, given).value)


def list_events(
    store: Store,
    *,
    actor: URIRef | None = None,
    location: URIRef | None = None,
    kind: OperationKind | None = None,
    start: date | None = None,
    end: date | None = None,
    limit: int = 100,
    timeout: float | None = None,
) -> list[Event]:
    """Events matching every filter given, earliest first (the first `limit`), with sources and figures."""
    rows = _select(
        store, "list_events", timeout,
        **_optional("actor", actor, CONF.Actor),
        **_optional("location", location, CONF.Location),
        **_optional("kind", CONF[kind.value] if kind else None, CONF.OtherOperation),
        **_optional("from", start, date.min),
        **_optional("to", end, date.max),
    )
    seen: list[str] = []
    for row in rows:
        event = _event_id(row["event"])
        if event not in seen:
            seen.append(event)
        if len(seen) >= limit:
            break
    return [get_event(store, event, timeout) for event in seen]


def get_event(store: Store, event_id: str, timeout: float | None = None) -> Event:
    """The event `event_id`, with its parties, sources and figures; NotFound when there is none."""
    node = iris.event(event_id)
    rows = _select(store, "get_event", timeout, event=node)
    if not rows:
        raise NotFound(f"No event has the id {event_id!r}.")
    first = rows[0]
    agents: list[Named] = []
    targets: list[Named] = []
    for row in rows:
        who = _named(row.get("who"), row.get("who_label"))
        if who is not None:
            group = agents if str(row.get("role")) == "agent" else targets
            if who not in group:
                group.append(who)
    sources = tuple(
        Source(str(r["op"]).split("/id/", 1)[-1], _local(r.get("k")), _str(r.get("date")),
               iris.key_of(str(r["doc"])), _str(r.get("title")), _str(r.get("published")),
               _str(r.get("outlet")), _str(r.get("evidence")))
        for r in _select(store, "list_event_sources", timeout, event=node)
    )
    return Event(
        id=event_id,
        label=_str(first.get("label")) or _local(first.get("k")),
        kind=_local(first.get("k")),
        date=_str(first.get("date")),
        location=_place(first),
        source_count=_int(first.get("sources")) or 0,
        agents=tuple(agents),
        targets=tuple(targets),
        sources=sources,
        figures=_event_figures(store, event_id, sources, timeout),
    )


def _figures(store: Store, timeout: float | None, *, article: URIRef | None = None,
             victim: URIRef | None = None, location: URIRef | None = None) -> list[tuple[Figure, str | None]]:
    """Figures with the operation each was stated with (its id, or None)."""
    rows = _select(
        store, "list_casualties", timeout,
        **_optional("article", article, CONF.Article),
        **_optional("victim", victim, CONF.Actor),
        **_optional("location", location, CONF.Location),
    )
    out: list[tuple[Figure, str | None]] = []
    seen: set[str] = set()
    for r in rows:
        if str(r["c"]) in seen:
            continue
        seen.add(str(r["c"]))
        figure = Figure(
            kind=_local(r.get("k")),
            count=_int(r.get("n")) or 0,
            count_max=_int(r.get("max")),
            victims=_named(r.get("who"), r.get("who_label")),
            victim_category=_local(r.get("vcat")) or None,
            reported_by=_named(r.get("by"), r.get("by_label")),
            article=iris.key_of(str(r["doc"])),
            title=_str(r.get("title")),
            date=_str(r.get("date")),
            evidence=_str(r.get("evidence")),
        )
        op = r.get("op")
        out.append((figure, None if op is None else str(op).split("/id/", 1)[-1]))
    return out


def _event_figures(
    store: Store, event_id: str, sources: tuple[Source, ...], timeout: float | None
) -> tuple[Figure, ...]:
    """The figures the event's articles give for it (see the module docstring)."""
    out: list[Figure] = []
    for article in sorted({s.article for s in sources}):
        ops = {s.operation for s in sources if s.article == article}
        node = iris.article(article)
        told: list[tuple[str, int, int, date]] = [
            (_event_id(r["event"]), _int(r.get("sources")) or 0, _KIND_ORDER.get(_local(r.get("k")), 99),
             date.fromisoformat(str(r["date"])))
            for r in _select(store, "list_article_events", timeout, article=node)
            if r.get("date") is not None
        ]
        for figure, op in _figures(store, timeout, article=node):
            if op in ops or (op is None and _main_event(figure, told) == event_id):
                out.append(figure)
    return tuple(out)


def _main_event(figure: Figure, told: list[tuple[str, int, int, date]]) -> str | None:
    """The article's most-reported event within a day of a figure stated apart from any operation."""
    if figure.date is None:
        return None
    day = date.fromisoformat(figure.date)
    near = [(-sources, order, event) for event, sources, order, when in told
            if abs((when - day).days) <= DAY_SLACK]
    return min(near)[2] if near else None


def casualty_totals(
    store: Store,
    *,
    victim: URIRef | None = None,
    location: URIRef | None = None,
    timeout: float | None = None,
) -> list[CasualtyTotal]:
    """Per kind, every figure for `victim`'s people or at `location` (or inside it), lowest and highest."""
    by_kind: dict[str, list[Figure]] = {}
    for figure, _op in _figures(store, timeout, victim=victim, location=location):
        by_kind.setdefault(figure.kind, []).append(figure)
    order = {k.value: n for n, k in enumerate(CasualtyKind)}
    return [
        CasualtyTotal(
            kind=kind,
            lowest=min(f.count for f in figures),
            highest=max(f.count_max or f.count for f in figures),
            articles=len({f.article for f in figures}),
            figures=tuple(figures),
        )
        for kind, figures in sorted(by_kind.items(), key=lambda kv: order.get(kv[0], len(order)))
    ]

