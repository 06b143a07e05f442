"""Questions about places: search by name, and one place with its hierarchy and the operations there."""

from __future__ import annotations

from kg.read.canned import Canned
from kg.read.operations import find_operations
from kg.read.records import EntityRef, Place, PlaceMatch
from kg.values import decimal, key, local_name, split_list, text

__all__ = ["OPERATIONS_LISTED", "find_places", "get_place"]

OPERATIONS_LISTED = 100
"""Operations listed with a place, earliest first: a region's may run to thousands."""


def find_places(canned: Canned, q: str = "", limit: int = 100) -> list[PlaceMatch]:
    """Places whose name contains `q` (any case; all when empty), most mentioned first."""
    return [
        PlaceMatch(
            id=key(row["place"]),
            label=text(row.get("label")) or key(row["place"]),
            kind=local_name(row.get("kind_iri"), "Location"),
            iri=row["place"].value,
            aliases=split_list(row.get("aliases")),
            lat=decimal(row.get("lat")),
            lon=decimal(row.get("lon")),
        )
        for row in canned.rows("find_locations", q=q.strip())[:limit]
    ]


def get_place(canned: Canned, given: str) -> Place:
    """The place `given` names (slug, name or alias): kind, names, coordinates, the place it lies in,
    and its first operations (earliest first; find_operations pages through them all)."""
    place = canned.resolve("location", given)
    row = canned.rows("get_location", place=place)[0]
    parent = row.get("parent")
    up = None
    if parent is not None:
        up = EntityRef(id=key(parent), label=text(row.get("parent_label")) or key(parent))
    return Place(
        id=key(place),
        label=text(row.get("label")) or key(place),
        kind=local_name(row.get("kind_iri"), "Location"),
        iri=place.value,
        aliases=split_list(row.get("aliases")),
        parent=up,
        lat=decimal(row.get("lat")),
        lon=decimal(row.get("lon")),
        operations=find_operations(canned, location=place, limit=OPERATIONS_LISTED),
    )
