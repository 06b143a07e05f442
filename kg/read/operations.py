"""Questions about operations: who did what to whom, where and when, filtered and a page at a time."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import PROV, XSD

from kg.models import OperationKind
from kg.rdf.namespaces import CONF
from kg.read.canned import Canned, Param, iri, optional
from kg.read.records import EntityRef, Operation, PlaceRef
from kg.store import OxTerm, Row
from kg.summaries import LISTED_KEPT, SHOWN, within_node
from kg.values import decimal, key, local_name, number, text

__all__ = ["find_operations"]


def _n(term: URIRef) -> ox.NamedNode:
    return ox.NamedNode(str(term))


_AGENT, _TARGET, _LOCATION, _KIND, _DATE = (_n(t) for t in (CONF.agent, CONF.target, CONF.location,
                                                            CONF.kind, CONF.date))
_EVIDENCE, _END, _START, _DERIVED = (_n(t) for t in (CONF.evidence, CONF.endOffset, CONF.startOffset,
                                                     PROV.wasDerivedFrom))
_NAMING = frozenset((_AGENT, _TARGET, _LOCATION))
"""The facts naming an entity whose label the listing shows."""
_FIRST_OPERATION, _LISTED_OPERATION = _n(CONF.firstOperation), _n(CONF.listedOperation)
_IRIS = frozenset(("kind", "doc", "agent", "target", "location"))
"""The fields of a listing that hold IRIs."""
_XSD_DATE, _XSD_INTEGER = _n(XSD.date), _n(XSD.integer)


def find_operations(
    canned: Canned,
    *,
    actor: ox.NamedNode | None = None,
    location: ox.NamedNode | None = None,
    kind: OperationKind | None = None,
    start: date | None = None,
    end: date | None = None,
    article: ox.NamedNode | None = None,
    limit: int | None = None,
) -> list[Operation]:
    """Operations matching every filter given, earliest first (the first `limit` of them).

    The walk starts from the most selective filter given: the article, else the place (and the places
    inside it; its first operations, kept in the index graph, when that is the only filter), else the
    actor (its first operations, kept in the index graph, when that is the only filter), else every
    operation; each start is its own query file.
    """
    starts = {"_by_article": article, "_by_location": location, "_by_actor": actor}
    start_of = "list_operations" + next((name for name, value in starts.items() if value is not None), "")
    only = _only(kind, start, end, limit)
    kept: tuple[OxTerm, ox.NamedNode] | None = None
    if start_of == "list_operations_by_actor" and only and actor is not None:
        kept = actor, _FIRST_OPERATION  # the actor's first operations, kept in the index graph
    elif start_of == "list_operations_by_location" and actor is None and only and location is not None:
        kept = within_node(location), _LISTED_OPERATION  # the place's first ones, kept in the index graph
    if kept is not None:
        owner, link = kept
        listed = [row["op"] for row in canned.rows("list_kept_operations", owner=owner, link=link)]
        found = _facts(canned, {op.value: _Found() for op in listed})
        ordered = sorted(found.items(), key=lambda item: item[1].listing_key(item[0]))
        return [parts.operation(op) for op, parts in ordered[:limit]]
    params: dict[str, Param] = {
        **optional("actor", actor, iri(CONF.Actor)),
        **optional("location", location, iri(CONF.Location)),
        **optional("kind", iri(CONF[kind.value]) if kind else None, iri(CONF.OtherOperation)),
        **optional("from", start, date.min),
        **optional("to", end, date.max),
        **optional("article", article, iri(CONF.Article)),
    }
    page: dict[str, _Found] = {}
    for row in canned.page(start_of, params, limit):
        # An operation stated twice over (two dates, say): its first row.
        page.setdefault(row["op"].value, _Found(head=row))
    return [parts.operation(op) for op, parts in _facts(canned, page).items()]


def _facts(canned: Canned, found: dict[str, _Found]) -> dict[str, _Found]:
    """`found` (operation IRI -> what is known of it) with the facts of each taken in, and the labels
    of the entities they name."""
    if not found:
        return found
    facts: list[tuple[str, OxTerm, OxTerm]] = []
    for row in canned.rows_each("get_operation_listings", "op", [ox.NamedNode(op) for op in found]):
        op = row["op"].value
        if op in found and found[op].listed is None:
            found[op].listed = True
            facts += ((op, predicate, value) for predicate, value in _unpacked(row["listing"].value))
    unlisted: list[OxTerm] = [ox.NamedNode(op) for op, parts in found.items() if parts.listed is None]
    if unlisted:
        rows = canned.rows_each("get_operation_facts", "op", unlisted)
        facts += ((row["op"].value, row["p"], row["o"]) for row in rows)
    labels = canned.labels(value for _op, predicate, value in facts if predicate in _NAMING)
    for op, predicate, value in facts:
        found[op].take(predicate, value, labels)
    return found


def _unpacked(packed: str) -> Iterator[tuple[OxTerm, OxTerm]]:
    """The facts (predicate, value) a `conf:listing` packs, as get_operation_facts.rq reads them."""
    fields = json.loads(packed)
    for name, predicate in SHOWN:
        for value in fields.get(name, ()):
            if name in _IRIS:
                yield predicate, ox.NamedNode(value)
            elif name == "date":
                yield predicate, ox.Literal(value, datatype=_XSD_DATE)
            elif isinstance(value, int):
                yield predicate, ox.Literal(str(value), datatype=_XSD_INTEGER)
            else:
                yield predicate, ox.Literal(value)


def _only(kind: OperationKind | None, start: date | None, end: date | None, limit: int | None) -> bool:
    """Whether a page of an actor's or a place's operations lies among the first ones the index graph
    keeps: no filter of kind or dates, and no more than it keeps."""
    return kind is None and start is None and end is None and limit is not None and limit <= LISTED_KEPT


@dataclass
class _Found:
    """What is known so far of one operation: its row in a page (when a page query listed it), then
    its facts one by one (get_operation_facts.rq)."""

    head: Row | None = None
    listed: bool | None = None
    """True once its conf:listing was read."""
    kinds: list[OxTerm] = field(default_factory=list)
    dates: list[OxTerm] = field(default_factory=list)
    doc: OxTerm | None = None
    start: OxTerm | None = None
    agents: list[EntityRef] = field(default_factory=list)
    targets: list[EntityRef] = field(default_factory=list)
    location: PlaceRef | None = None
    evidence: str | None = None
    end: int | None = None

    def take(self, predicate: OxTerm, value: OxTerm, labels: Mapping[OxTerm, Row]) -> None:
        """Take in one fact, with the `labels` of the entities the facts name (get_labels.rq): a place
        without a label is left out."""
        if predicate == _LOCATION:
            place = labels.get(value)
            if self.location is None and place is not None:
                self.location = PlaceRef(id=key(value), label=text(place.get("label")) or key(value),
                                         lat=decimal(place.get("lat")), lon=decimal(place.get("lon")))
        elif predicate in _NAMING:
            ref = EntityRef(id=key(value), label=text(labels.get(value, {}).get("label")) or key(value))
            group = self.agents if predicate == _AGENT else self.targets
            if ref not in group:
                group.append(ref)
        elif predicate == _EVIDENCE:
            self.evidence = self.evidence or value.value
        elif predicate == _END:
            self.end = self.end if self.end is not None else number(value)
        elif predicate == _KIND:
            self.kinds.append(value)
        elif predicate == _DATE:
            self.dates.append(value)
        elif predicate == _DERIVED:
            self.doc = self.doc or value
        elif predicate == _START:
            self.start = self.start or value

    def _first(self) -> tuple[OxTerm | None, OxTerm | None, OxTerm | None, OxTerm | None]:
        """Kind, date, article and start offset: the page row's, else the facts' (the earliest date)."""
        if self.head is not None:
            return self.head.get("k"), self.head.get("date"), self.head.get("doc"), self.head.get("start")
        kind = min(self.kinds, key=lambda k: k.value, default=None)
        day = min(self.dates, key=lambda d: d.value, default=None)
        return kind, day, self.doc, self.start

    def listing_key(self, op: str) -> tuple[object, ...]:
        """The order the routes list operations in (ORDER BY ?date ?doc ?start ?op, unbound first), as
        kg/summaries.py keeps the first ones."""
        _kind, day, doc, start = self._first()
        offset = number(start)
        return (day is not None, text(day) or "", doc is not None, text(doc) or "",
                offset is not None, offset or 0, op)

    def operation(self, op: str) -> Operation:
        """The operation `op` as a record."""
        kind, day, doc, start = self._first()
        return Operation(
            id=op.split("/id/", 1)[-1],
            kind=local_name(kind, "OtherOperation"),
            date=text(day),
            agents=self.agents,
            targets=self.targets,
            location=self.location,
            article=key(doc) if doc is not None else None,
            evidence=self.evidence,
            start=number(start),
            end=self.end,
        )
