"""Operations: who did what to whom, where and when, with the sentence that reports it."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query
from rdflib import URIRef

from api.deps import CannedQueries, QueriesDep, optional, plain
from kg.errors import BadInput
from kg.models import OperationKind
from kg.rdf.iris import key_of
from kg.rdf.namespaces import CONF

router = APIRouter(prefix="/operations", tags=["operations"])


def find_operations(
    queries: CannedQueries,
    *,
    actor: URIRef | None = None,
    location: URIRef | None = None,
    kind: OperationKind | None = None,
    start: date | None = None,
    end: date | None = None,
    article: URIRef | None = None,
) -> list[dict[str, Any]]:
    """Operations matching every filter given, earliest first, in the JSON shape of the REST answers."""
    rows = queries.select(
        "list_operations",
        **optional("actor", actor, CONF.Actor),
        **optional("location", location, CONF.Location),
        **optional("kind", CONF[kind.value] if kind else None, CONF.OtherOperation),
        **optional("from", start, date.min),
        **optional("to", end, date.max),
        **optional("article", article, CONF.Article),
    )
    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        op = found.get(str(row["op"]))
        if op is None:
            loc = row.get("loc")
            op = found[str(row["op"])] = {
                "id": str(row["op"]).split("/id/", 1)[-1],
                "kind": str(row["k"]).rsplit("#", 1)[-1] if row.get("k") else "OtherOperation",
                "date": plain(row.get("date")),
                "agents": [],
                "targets": [],
                "location": None
                if loc is None
                else {
                    "id": key_of(loc),
                    "label": plain(row.get("loc_label")) or key_of(loc),
                    "lat": plain(row.get("lat")),
                    "lon": plain(row.get("lon")),
                },
                "article": key_of(row["doc"]) if row.get("doc") is not None else None,
                "evidence": plain(row.get("evidence")),
                "start": plain(row.get("start")),
                "end": plain(row.get("end")),
            }
        if row.get("who") is not None:
            who = {"id": key_of(row["who"]), "label": plain(row.get("who_label")) or key_of(row["who"])}
            group = op["agents"] if str(row["role"]) == "agent" else op["targets"]
            if who not in group:
                group.append(who)
    return list(found.values())


@router.get("")
def list_operations(
    queries: QueriesDep,
    actor: Annotated[
        str | None, Query(max_length=200, description="An actor (slug, label or alias) as agent or target.")
    ] = None,
    location: Annotated[
        str | None, Query(max_length=200, description="A place, or any place inside it.")
    ] = None,
    kind: Annotated[OperationKind | None, Query()] = None,
    from_: Annotated[date | None, Query(alias="from", description="Earliest date, YYYY-MM-DD.")] = None,
    to: Annotated[date | None, Query(description="Latest date, YYYY-MM-DD.")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    """Operations by actor, place, kind and date range, earliest first."""
    if from_ and to and from_ > to:
        raise BadInput("'from' is later than 'to'.")
    found = find_operations(
        queries,
        actor=queries.resolve("actor", actor) if actor else None,
        location=queries.resolve("location", location) if location else None,
        kind=kind,
        start=from_,
        end=to,
    )
    return {"operations": found[:limit]}
