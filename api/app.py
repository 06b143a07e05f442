"""The FastAPI application: `create_app()` is the uvicorn factory (`uvicorn --factory api.app:create_app`)."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import error_response, install_error_handlers
from api.routes import actors, articles, events, export, health, locations, operations, sparql, statements
from api.routes.explorer import router as explorer_router
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


def create_app(settings: Settings | None = None) -> FastAPI:
    """The HTTP service over the store named by `settings` (read from KG_* variables when omitted)."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = app.state.store = open_store(settings)
        if isinstance(store, EmbeddedStore):
            # User-written SPARQL runs in worker processes that a timeout can kill (kg/sandbox.py).
            store.open_sandbox()
        try:
            yield
        finally:
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
    install_error_handlers(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "Accept"],
            expose_headers=["X-Result-Truncated", "X-Result-Limit"],
        )
    for module in (health, articles, sparql, actors, operations, locations, statements, export, events):
        app.include_router(module.router)
    app.include_router(explorer_router)
    return app
