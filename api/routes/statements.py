"""Statements: the words actors are quoted as saying, with their source sentence."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from rdflib import URIRef

from api.deps import CannedQueries, QueriesDep, canned_text, optional, paged, plain
from kg.rdf.iris import key_of
from kg.rdf.namespaces import CONF

router = APIRouter(prefix="/statements", tags=["statements"])


def find_statements(
    queries: CannedQueries,
    *,
    speaker: URIRef | None = None,
    article: URIRef | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Statements of `speaker` and/or in `article` (the first `limit` of them), in the JSON shape of the
    REST answers."""
    text = canned_text("list_statements")
    rows = queries.select_text(
        text if limit is None else paged(text, limit),
        **optional("speaker", speaker, CONF.Actor),
        **optional("article", article, CONF.Article),
    )
    return [
        {
            "id": str(row["st"]).split("/id/", 1)[-1],
            "speaker": {"id": key_of(row["who"]), "label": plain(row.get("who_label")) or key_of(row["who"])},
            "quote": plain(row["quote"]),
            "article": key_of(row["doc"]) if row.get("doc") is not None else None,
            "evidence": plain(row.get("evidence")),
            "start": plain(row.get("start")),
            "end": plain(row.get("end")),
        }
        for row in rows
    ]


@router.get("")
def list_statements(
    queries: QueriesDep,
    speaker: Annotated[
        str | None, Query(max_length=200, description="An actor: slug, label or alias.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    """Quoted statements, optionally of one speaker."""
    who = queries.resolve("actor", speaker) if speaker else None
    found = find_statements(queries, speaker=who, limit=limit)
    return {"statements": found}
