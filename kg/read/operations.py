"""Questions about operations: who did what to whom, where and when, filtered and a page at a time."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import pyoxigraph as ox

from kg.models import OperationKind
from kg.rdf.namespaces import CONF
from kg.read.canned import Canned, Param, iri, optional
from kg.read.records import EntityRef, Operation, PlaceRef
from kg.read.values import decimal, key, local_name, number, text
from kg.store import OxTerm, Row
from kg.summaries import LISTED_KEPT, within_node

__all__ = ["find_operations"]


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
    if start_of == "list_operations_by_actor" and only:
        start_of = "list_first_operations"  # the actor's first operations, kept in the index graph
    elif start_of == "list_operations_by_location" and actor is None and only:
        start_of = "list_operations_within"  # the place's first operations, kept in the index graph
    params: dict[str, Param] = {
        **optional("actor", actor, iri(CONF.Actor)),
        **optional("location", location, iri(CONF.Location)),
        **optional("kind", iri(CONF[kind.value]) if kind else None, iri(CONF.OtherOperation)),
        **optional("from", start, date.min),
        **optional("to", end, date.max),
        **optional("article", article, iri(CONF.Article)),
    }
    if start_of == "list_operations_within" and location is not None:
        params["node"] = within_node(location)
    found: dict[str, _Found] = {}
    for row in canned.page(start_of, params, limit):
        # An operation stated twice over (two dates, say): its first row.
        found.setdefault(row["op"].value, _Found(row))
    ops: list[OxTerm] = [ox.NamedNode(op) for op in found]
    details = canned.rows_each("get_operations", "op", ops) if ops else []
    labels = canned.labels(row[name] for row in details for name in ("who", "loc") if name in row)
    for row in details:
        found[row["op"].value].take(row, labels)
    return [parts.operation(op) for op, parts in found.items()]


def _only(kind: OperationKind | None, start: date | None, end: date | None, limit: int | None) -> bool:
    """Whether a page of an actor's or a place's operations lies among the first ones the index graph
    keeps: no filter of kind or dates, and no more than it keeps."""
    return kind is None and start is None and end is None and limit is not None and limit <= LISTED_KEPT


@dataclass
class _Found:
    """What is known so far of one operation: its row in the page, then its details row by row."""

    head: Row
    agents: list[EntityRef] = field(default_factory=list)
    targets: list[EntityRef] = field(default_factory=list)
    location: PlaceRef | None = None
    evidence: str | None = None
    end: int | None = None

    def take(self, row: Row, labels: Mapping[OxTerm, Row]) -> None:
        """Take in one row of get_operations.rq (an agent or target, the place, evidence and end), with
        the `labels` of the entities it names (get_labels.rq): a place without a label is left out."""
        loc = row.get("loc")
        place = labels.get(loc) if loc is not None else None
        if self.location is None and loc is not None and place is not None:
            self.location = PlaceRef(id=key(loc), label=text(place.get("label")) or key(loc),
                                     lat=decimal(place.get("lat")), lon=decimal(place.get("lon")))
        self.evidence = self.evidence or text(row.get("evidence"))
        self.end = self.end if self.end is not None else number(row.get("end"))
        who = row.get("who")
        if who is not None:
            ref = EntityRef(id=key(who), label=text(labels.get(who, {}).get("label")) or key(who))
            group = self.agents if text(row.get("role")) == "agent" else self.targets
            if ref not in group:
                group.append(ref)

    def operation(self, op: str) -> Operation:
        """The operation `op` as a record."""
        doc = self.head.get("doc")
        return Operation(
            id=op.split("/id/", 1)[-1],
            kind=local_name(self.head.get("k"), "OtherOperation"),
            date=text(self.head.get("date")),
            agents=self.agents,
            targets=self.targets,
            location=self.location,
            article=key(doc) if doc is not None else None,
            evidence=self.evidence,
            start=number(self.head.get("start")),
            end=self.end,
        )
