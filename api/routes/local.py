"""POST /local/load and /local/reindex: what `kg load` and `kg reindex` do, for a server that holds the store.

While `kg serve` holds the embedded store no other process can open it, so these two commands ask the
server to do the work. Neither fits the public API: `load` reads files from the server's own disk,
and a rebuild of the whole index is heavy. Both therefore answer only a request that carries this
run's local token (`Authorization: Bearer <token>`), which the server writes to the data folder's
server file, readable by its owner only (kg/serverfile.py), and only from the loopback interface.
They are left out of the OpenAPI description: they are the command line's, not the public's.
"""

from __future__ import annotations

import ipaddress
import secrets
import time
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from api.deps import IngestLockDep, StoreDep
from api.schemas import Loaded, Reindexed
from kg import events, index
from kg.errors import Forbidden
from kg.store import load_files


def require_local_token(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    """Refuse (403) unless the request comes from this machine with this run's local token."""
    expected: str | None = getattr(request.app.state, "local_token", None)
    host = request.client.host if request.client else ""
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    scheme, _, token = (authorization or "").partition(" ")
    if (
        not expected
        or not loopback
        or scheme.lower() != "bearer"
        or not secrets.compare_digest(token.strip(), expected)
    ):
        raise Forbidden(
            "This route is for `kg` commands on the server's machine: it needs the local token "
            "of the server file in the data folder."
        )


router = APIRouter(
    prefix="/local", tags=["local"], include_in_schema=False, dependencies=[Depends(require_local_token)]
)


class LoadIn(BaseModel):
    """RDF files on the server's disk to bulk-load, as `kg load` names them."""

    model_config = ConfigDict(strict=True, extra="forbid")

    files: list[str] = Field(min_length=1, max_length=10_000)
    graph: str | None = Field(default=None, max_length=4000)


@router.post("/load")
async def load(body: LoadIn, store: StoreDep, lock: IngestLockDep) -> Loaded:
    """Load the files (all parsed before the first is written), then rebuild the entity index and the
    events."""

    def run() -> Loaded:
        # The ingest lock keeps POST /articles out while the bulk loader writes outside a transaction.
        with lock, store.write_lock:
            started = time.perf_counter()
            quads = load_files(store, [Path(name) for name in body.files], graph=body.graph)
            loaded = time.perf_counter()
            indexed = index.rebuild(store, bulk=True)
            events.rebuild(store, bulk=True)
            done = time.perf_counter()
        return Loaded(quads=quads, files=len(body.files), index_triples=indexed,
                      files_seconds=round(loaded - started, 3), index_seconds=round(done - loaded, 3))

    return await run_in_threadpool(run)


@router.post("/reindex")
async def reindex(store: StoreDep, lock: IngestLockDep) -> Reindexed:
    """Rebuild the entity index and the events from every graph."""

    def run() -> Reindexed:
        with lock:
            started = time.perf_counter()
            indexed = index.rebuild(store)
            evented = events.rebuild(store)
        return Reindexed(index_triples=indexed, event_triples=evented,
                         seconds=round(time.perf_counter() - started, 3))

    return await run_in_threadpool(run)
