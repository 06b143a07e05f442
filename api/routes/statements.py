"""Statements: the words actors are quoted as saying, with their source sentence."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.answer import RecordJSON
from api.deps import CannedDep
from api.schemas import StatementList
from kg import read

router = APIRouter(prefix="/statements", tags=["statements"])


@router.get("", response_model=StatementList)
def list_statements(
    canned: CannedDep,
    speaker: Annotated[
        str | None, Query(max_length=200, description="An actor: slug, label or alias.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> RecordJSON:
    """Quoted statements, optionally of one speaker."""
    who = canned.resolve("actor", speaker) if speaker else None
    return RecordJSON(StatementList(statements=read.find_statements(canned, speaker=who, limit=limit)))
