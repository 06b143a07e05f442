"""Locations: search places, and one place with its hierarchy and the operations there."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.answer import RecordJSON
from api.deps import CannedDep
from api.schemas import PlaceList
from kg import read
from kg.read.records import Place

router = APIRouter(prefix="/locations", tags=["locations"])


@router.get("", response_model=PlaceList)
def find_locations(
    canned: CannedDep,
    q: Annotated[str, Query(max_length=200, description="Part of a name or alias, any case.")] = "",
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> RecordJSON:
    """Places whose name contains `q`, most mentioned first."""
    return RecordJSON(PlaceList(locations=read.find_places(canned, q, limit)))


@router.get("/{location_id}", response_model=Place)
def get_location(
    location_id: Annotated[str, Path(description="The place's slug, name or any alias, in any case.")],
    canned: CannedDep,
) -> RecordJSON:
    """One place: kind, aliases, coordinates, the place it lies in, and the first 100 operations in it
    (earliest first; `GET /operations?location=` pages through them all)."""
    return RecordJSON(read.get_place(canned, location_id))
