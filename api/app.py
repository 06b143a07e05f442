"""The FastAPI application: `create_app()` is the uvicorn factory (`uvicorn --factory api.app:create_app`)."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import error_response, install_error_handlers
from api.routes import (
    actors,
    articles,
    events,
    export,
    health,
    local,
    locations,
    operations,
    sparql,
    statements,
)
from api.routes.explorer import router as explorer_router
from kg import index, serverfile
from kg.extract.pool import ExtractionPool
from kg.heap import freeze_loaded
from kg.settings import Settings
from kg.store import EmbeddedStore, open_store


class BodySizeLimit:
    """Answers 413 before the app sees a request body larger than `max_bytes`.

    The body is read up front (it is small by definition) so chunked uploads without a
    Content-Length are measured too; the app then reads the buffered copy.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._refuse(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = error_response(
            413, "PayloadTooLarge", f"The request body is larger than the limit of {self.max_bytes} bytes."
        )
        await response(scope, receive, send)


PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
"""Content-Security-Policy of every answer: the explorer runs only its own script files, no inline script."""
DOCS_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; img-src 'self' data: https:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
"""The OpenAPI pages (/docs, /redoc) are FastAPI's: an inline start-up script and the UI from its CDN."""


class SecurityHeaders:
    """Adds to every answer the headers that keep a browser from sniffing types, framing the explorer,
    or running script that the explorer's own files did not bring."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = DOCS_POLICY if scope["path"] in ("/docs", "/redoc") else PAGE_POLICY

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", policy)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("Referrer-Policy", "no-referrer")
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _announce_write_policy(settings: Settings) -> None:
    """Say at start-up who may write: the token's holders, anyone on this machine, or no one."""
    log = logging.getLogger("uvicorn.error")
    if settings.update_token:
        log.info("Writes need the update token (Authorization: Bearer ...).")
    elif settings.listens_on_loopback:
        log.warning(
            "Writes are open: anyone who can reach %s can add and delete articles and run SPARQL updates; "
            "set KG_UPDATE_TOKEN to require a token.",
            settings.host,
        )
    else:
        log.warning(
            "Writes are closed: the service listens on %s with no update token; set KG_UPDATE_TOKEN to "
            "allow writes with it.",
            settings.host,
        )


def create_app(settings: Settings | None = None, announce_url: str | None = None) -> FastAPI:
    """The HTTP service over the store named by `settings` (read from KG_* variables when omitted).

    With `announce_url` (what `kg serve` passes: the URL it listens on), the service records in the
    data folder of an embedded store that it holds the folder, so that the other `kg` commands go
    through it (kg/serverfile.py), and removes that record when it stops.
    """
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = app.state.store = open_store(settings)
        token: str | None = None
        if isinstance(store, EmbeddedStore):
            if index.bring_up_to_date(store):
                logging.getLogger("uvicorn.error").info(
                    "The store's index was written by an earlier version: rebuilt it and the events"
                )
            # User-written SPARQL runs in worker processes that a timeout can kill (kg/sandbox.py).
            store.open_sandbox()
            if announce_url is not None:
                token = app.state.local_token = serverfile.new_token()
                serverfile.announce(settings.data, announce_url, token)
        if announce_url is not None:
            # uvicorn does not say where it listens when handed a socket: this line does.
            logging.getLogger("uvicorn.error").info(
                "Serving %s on %s (press Ctrl-C to stop)", settings.store or settings.data, announce_url
            )
        # Articles are extracted in a worker process that a time budget can kill (kg/extract/pool.py).
        app.state.extractor = ExtractionPool(1, budget=settings.extract_timeout, start=False)
        _announce_write_policy(settings)
        # Everything loaded so far (modules, the app, the store) lives as long as the service.
        freeze_loaded()
        try:
            yield
        finally:
            app.state.extractor.close()
            if token is not None:
                serverfile.withdraw(settings.data, token)
                app.state.local_token = None
            app.state.store.close()
            app.state.store = None

    app = FastAPI(
        title="conflict-kg",
        summary="A knowledge graph of armed conflict built from news articles.",
        version="0.1.0",
        lifespan=lifespan,
        docs_url="/docs",
    )
    app.state.settings = settings
    app.state.ingest_lock = threading.Lock()
    app.state.local_token = None
    install_error_handlers(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "Accept"],
        )
    routes = (health, articles, sparql, actors, operations, locations, statements, export, events, local)
    for module in routes:
        app.include_router(module.router)
    app.include_router(explorer_router)
    return app
