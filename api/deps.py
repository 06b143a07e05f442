"""What routes depend on, as `Annotated` aliases: the store, the settings, the canned queries, the
update token and the ingest lock.

Each dependency is a coroutine although none of them waits: FastAPI runs a plain function dependency
in its thread pool, one hand-off per dependency per request, for work that is a few attribute reads."""

from __future__ import annotations

import secrets
import threading
from typing import Annotated

from fastapi import Depends, Header, Request

from kg.errors import Forbidden, StoreError
from kg.extract.pool import ExtractionPool
from kg.read import Canned
from kg.settings import Settings
from kg.store import Store


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_store(request: Request) -> Store:
    store: Store | None = getattr(request.app.state, "store", None)
    if store is None:
        raise StoreError("The store is not open.")
    return store


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[Store, Depends(get_store)]


def check_update_token(settings: Settings, authorization: str | None) -> None:
    """Refuse (403) a write that the service's one write policy does not allow.

    Every write (posting or deleting an article, a SPARQL update, a graph store write) follows it: with
    an update token configured, the request needs `Authorization: Bearer <token>`; without one, writes
    are open while the service listens on loopback only, and closed when it listens on another address.
    """
    if settings.update_token:
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not secrets.compare_digest(
            token.strip().encode("utf-8"), settings.update_token.encode("utf-8")
        ):
            raise Forbidden("Writes need the header 'Authorization: Bearer <update token>'.")
        return
    if not settings.listens_on_loopback:
        raise Forbidden(
            f"Writes are closed: the service listens on {settings.host} and no update token is set "
            "(KG_UPDATE_TOKEN)."
        )


async def require_update_token(
    request: Request, settings: SettingsDep, authorization: Annotated[str | None, Header()] = None
) -> None:
    """Dependency form of `check_update_token` for routes that change the store.

    The token `kg serve` made for this run (in the data folder's server file, readable by its owner
    only: kg/serverfile.py) is a credential too, so the `kg` commands on the same machine can write
    through the running server.
    """
    local: str | None = getattr(request.app.state, "local_token", None)
    scheme, _, given = (authorization or "").partition(" ")
    if local and scheme.lower() == "bearer" and secrets.compare_digest(
        given.strip().encode("utf-8"), local.encode("utf-8")
    ):
        return
    check_update_token(settings, authorization)


async def get_canned(store: StoreDep, settings: SettingsDep) -> Canned:
    return Canned(store, settings.query_timeout)


async def get_ingest_lock(request: Request) -> threading.Lock:
    lock: threading.Lock = request.app.state.ingest_lock
    return lock


async def get_extractor(request: Request) -> ExtractionPool:
    pool: ExtractionPool | None = getattr(request.app.state, "extractor", None)
    if pool is None:
        raise StoreError("The extractor is not running.")
    return pool


CannedDep = Annotated[Canned, Depends(get_canned)]
ExtractorDep = Annotated[ExtractionPool, Depends(get_extractor)]
IngestLockDep = Annotated[threading.Lock, Depends(get_ingest_lock)]
