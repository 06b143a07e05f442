"""GET /health: whether the service can answer, and how much it holds."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.deps import QueriesDep, SettingsDep, StoreDep, plain

router = APIRouter(tags=["service"])


@router.get("/health")
def health(store: StoreDep, settings: SettingsDep, queries: QueriesDep) -> dict[str, Any]:
    """Answers 200 once the store is open: the number of articles and triples, and the store kind."""
    rows = queries.select("count_articles")
    return {
        "status": "ok",
        "articles": plain(rows[0]["articles"]) if rows else 0,
        "triples": store.count(),
        "store": "remote" if settings.store else "embedded",
    }
