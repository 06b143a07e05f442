"""Operations: who did what to whom, where and when, with the sentence that reports it."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from api.answer import RecordJSON
from api.deps import CannedDep
from api.schemas import OperationList
from kg import read
from kg.errors import BadInput
from kg.models import OperationKind

router = APIRouter(prefix="/operations", tags=["operations"])


@router.get("", response_model=OperationList)
def list_operations(
    canned: CannedDep,
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
) -> RecordJSON:
    """Operations by actor, place, kind and date range, earliest first."""
    if from_ and to and from_ > to:
        raise BadInput("'from' is later than 'to'.")
    found = read.find_operations(
        canned,
        actor=canned.resolve("actor", actor) if actor else None,
        location=canned.resolve("location", location) if location else None,
        kind=kind,
        start=from_,
        end=to,
        limit=limit,
    )
    return RecordJSON(OperationList(operations=found))
