"""Operations: who did what to whom, where and when, with the sentence that reports it."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query
from rdflib import URIRef

from api.deps import CannedQueries, QueriesDep, canned_text, optional, paged, plain
from kg.errors import BadInput
from kg.models import OperationKind
from kg.rdf.iris import key_of
from kg.rdf.namespaces import CONF

router = APIRouter(prefix="/operations", tags=["operations"])


START = {
    "article": "?op prov:wasDerivedFrom ?article . FILTER EXISTS { ?op a conf:Operation }",
    "location": "GRAPH kgg:index { ?inside conf:locatedIn* ?location } ?op conf:location ?inside .\n"
                "  FILTER EXISTS { ?op a conf:Operation }",
    "actor": "?op conf:agent|conf:target ?actor . FILTER EXISTS { ?op a conf:Operation }",
}
"""Where list_operations.rq begins its walk when that filter is given: the first that is, in this order."""
_START_LINE = "  ?op a conf:Operation .  # start"


def find_operations(
    queries: CannedQueries,
    *,
    actor: URIRef | None = None,
    location: URIRef | None = None,
    kind: OperationKind | None = None,
    start: date | None = None,
    end: date | None = None,
    article: URIRef | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Operations matching every filter given, earliest first (the first `limit` of them), in the JSON
    shape of the REST answers."""
    given = {"article": article, "location": location, "actor": actor}
    text = canned_text("list_operations")
    walk = next((START[name] for name, value in given.items() if value is not None), None)
    if walk is not None:
        text = text.replace(_START_LINE, f"  {walk}", 1)
    page = queries.select_text(
        text if limit is None else paged(text, limit),
        **optional("actor", actor, CONF.Actor),
        **optional("location", location, CONF.Location),
        **optional("kind", CONF[kind.value] if kind else None, CONF.OtherOperation),
        **optional("from", start, date.min),
        **optional("to", end, date.max),
        **optional("article", article, CONF.Article),
    )
    found: dict[str, dict[str, Any]] = {}
    for row in page:
        if str(row["op"]) in found:
            continue  # an operation stated twice over (two dates, say): its first row
        found[str(row["op"])] = {
            "id": str(row["op"]).split("/id/", 1)[-1],
            "kind": str(row["k"]).rsplit("#", 1)[-1] if row.get("k") else "OtherOperation",
            "date": plain(row.get("date")),
            "agents": [],
            "targets": [],
            "location": None,
            "article": key_of(row["doc"]) if row.get("doc") is not None else None,
            "evidence": None,
            "start": plain(row.get("start")),
            "end": None,
        }
    for row in queries.select_each("get_operations", "op", [URIRef(op) for op in found]):
        op = found[str(row["op"])]
        loc = row.get("loc")
        if op["location"] is None and loc is not None:
            op["location"] = {
                "id": key_of(loc),
                "label": plain(row.get("loc_label")) or key_of(loc),
                "lat": plain(row.get("lat")),
                "lon": plain(row.get("lon")),
            }
        if op["evidence"] is None:
            op["evidence"] = plain(row.get("evidence"))
        if op["end"] is None:
            op["end"] = plain(row.get("end"))
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
        limit=limit,
    )
    return {"operations": found}
