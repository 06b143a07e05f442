"""GET /health: whether the service can answer, and how much it holds."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.deps import SettingsDep, StoreDep
from kg.rdf.iris import ARTICLE_GRAPH_PREFIX

router = APIRouter(tags=["service"])


@router.get("/health")
def health(store: StoreDep, settings: SettingsDep) -> dict[str, Any]:
    """Answers 200 once the store is open: the number of articles and triples, and the store kind.

    It reads the store's own listings rather than running a query, so a busy query pool never
    makes the service look dead.
    """
    return {
        "status": "ok",
        "articles": sum(1 for g in store.graphs() if g.startswith(ARTICLE_GRAPH_PREFIX)),
        "triples": store.count(),
        "store": "remote" if settings.store else "embedded",
    }
