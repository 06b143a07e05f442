"""Actors: search, one actor, and the relations between actors with their evidence."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.answer import RecordJSON
from api.deps import CannedDep
from api.schemas import ActorList
from kg import read
from kg.models import ActorKind
from kg.read.records import Actor, Relations

router = APIRouter(prefix="/actors", tags=["actors"])

ActorId = Annotated[str, Path(description="The actor's slug, label or any alias, in any case.")]


@router.get("", response_model=ActorList)
def find_actors(
    canned: CannedDep,
    q: Annotated[str, Query(max_length=200, description="Part of a label or alias, any case.")] = "",
    kind: Annotated[ActorKind | None, Query(description="Only actors of this kind.")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> RecordJSON:
    """Actors whose name contains `q`, most mentioned first."""
    return RecordJSON(ActorList(actors=read.find_actors(canned, q, kind, limit)))


@router.get("/{actor_id}", response_model=Actor)
def get_actor(actor_id: ActorId, canned: CannedDep) -> RecordJSON:
    """One actor with its aliases, Wikidata identifier and the newest articles that mention it."""
    return RecordJSON(read.get_actor(canned, actor_id))


@router.get("/{actor_id}/relations", response_model=Relations)
def list_actor_relations(
    actor_id: ActorId,
    canned: CannedDep,
    limit: Annotated[int, Query(ge=1, le=1000, description="Related actors in this page.")] = 20,
    offset: Annotated[int, Query(ge=0, le=1_000_000, description="Related actors skipped before it.")] = 0,
    evidence: Annotated[
        int, Query(ge=0, le=read.EVIDENCE_KEPT, description="Newest evidence sentences per related actor.")
    ] = 3,
) -> RecordJSON:
    """Each actor related to this one, most attested first: relation type, direction, how many articles
    say so, and the newest sentences that do (with the count of all)."""
    return RecordJSON(read.actor_relations(canned, actor_id, limit, offset, evidence))
