"""Locations: search places, and one place with its hierarchy and the operations there."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from api.deps import QueriesDep, plain, split_list
from api.routes.operations import find_operations
from kg.rdf.iris import key_of

router = APIRouter(prefix="/locations", tags=["locations"])


def _kind(iri: Any) -> str:
    return str(iri).rsplit("#", 1)[-1] if iri else "Location"


@router.get("")
def find_locations(
    queries: QueriesDep,
    q: Annotated[str, Query(max_length=200, description="Part of a name or alias, any case.")] = "",
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    """Places whose name contains `q`, most mentioned first."""
    rows = queries.select("find_locations", q=q.strip())
    return {
        "locations": [
            {
                "id": key_of(row["place"]),
                "label": plain(row.get("label")) or key_of(row["place"]),
                "kind": _kind(row.get("kind_iri")),
                "iri": str(row["place"]),
                "aliases": split_list(row.get("aliases")),
                "lat": plain(row.get("lat")),
                "lon": plain(row.get("lon")),
            }
            for row in rows[:limit]
        ]
    }


DETAIL_OPERATIONS = 100
"""Operations listed with a place: a region's may run to thousands."""


@router.get("/{location_id}")
def get_location(
    location_id: Annotated[str, Path(description="The place's slug, name or any alias, in any case.")],
    queries: QueriesDep,
) -> dict[str, Any]:
    """One place: kind, aliases, coordinates, the place it lies in, and the first 100 operations in it
    (earliest first; `GET /operations?location=` pages through them all)."""
    iri = queries.resolve("location", location_id)
    row = queries.select("get_location", place=iri)[0]
    parent = row.get("parent")
    return {
        "id": key_of(iri),
        "label": plain(row.get("label")) or key_of(iri),
        "kind": _kind(row.get("kind_iri")),
        "iri": str(iri),
        "aliases": split_list(row.get("aliases")),
        "parent": None
        if parent is None
        else {"id": key_of(parent), "label": plain(row.get("parent_label")) or key_of(parent)},
        "lat": plain(row.get("lat")),
        "lon": plain(row.get("lon")),
        "operations": find_operations(queries, location=iri, limit=DETAIL_OPERATIONS),
    }
