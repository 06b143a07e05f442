"""What routes depend on, as `Annotated` aliases: the store, the settings, the canned queries, the
update token and the ingest lock."""

from __future__ import annotations

import secrets
import threading
from typing import Annotated

from fastapi import Depends, Header, Request

from kg.errors import Forbidden, StoreError
from kg.read import Canned
from kg.settings import Settings
from kg.store import Store


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_store(request: Request) -> Store:
    store: Store | None = getattr(request.app.state, "store", None)
    if store is None:
        raise StoreError("The store is not open.")
    return store


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[Store, Depends(get_store)]


def check_update_token(settings: Settings, authorization: str | None) -> None:
    """Refuse (403) unless updates are enabled and `Authorization: Bearer <token>` carries the token."""
    if not settings.update_token:
        raise Forbidden("Updates are disabled on this service (no update token is configured).")
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not secrets.compare_digest(token.strip(), settings.update_token):
        raise Forbidden("Updates need the header 'Authorization: Bearer <update token>'.")


def require_update_token(
    settings: SettingsDep, authorization: Annotated[str | None, Header()] = None
) -> None:
    """Dependency form of `check_update_token` for routes that change the store."""
    check_update_token(settings, authorization)


def get_canned(store: StoreDep, settings: SettingsDep) -> Canned:
    return Canned(store, settings.query_timeout)


def get_ingest_lock(request: Request) -> threading.Lock:
    lock: threading.Lock = request.app.state.ingest_lock
    return lock


CannedDep = Annotated[Canned, Depends(get_canned)]
IngestLockDep = Annotated[threading.Lock, Depends(get_ingest_lock)]
