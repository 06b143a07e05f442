"""GET /health: whether the service can answer, and how much it holds."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import CannedDep, SettingsDep, StoreDep
from api.schemas import Health
from kg.rdf.iris import ARTICLE_GRAPH_PREFIX
from kg.values import number

router = APIRouter(tags=["service"])


@router.get("/health")
def health(store: StoreDep, settings: SettingsDep, canned: CannedDep) -> Health:
    """Answers 200 once the store is open: the number of articles and triples, and the store kind.

    On the embedded store it reads the store's own listings rather than running a query, so a busy
    query pool never makes the service look dead. A remote store has no such listings: counting its
    triples or listing its graphs is a scan of the endpoint's whole store (longer than the query time
    limit at a million quads on a busy machine, and a probe that gives up and asks again piles the
    scans up), so there the articles are counted from their type index and `triples` is null.
    """
    if settings.store:
        found = canned.rows("count_articles")
        return Health(status="ok", articles=(number(found[0].get("articles")) or 0) if found else 0,
                      triples=None, store="remote")
    return Health(status="ok", articles=sum(1 for g in store.graphs() if g.startswith(ARTICLE_GRAPH_PREFIX)),
                  triples=store.count(), store="embedded")
