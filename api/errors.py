"""The one place errors become HTTP responses, all in one JSON shape.

Every error answer looks like `{"error": {"status": 404, "type": "NotFound", "message": "..."}}`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from kg.errors import KgError

log = logging.getLogger(__name__)


class NotAcceptable(KgError):
    """No media type the client accepts can carry the answer."""

    status = 406


class UnsupportedMediaType(KgError):
    """The request body has a media type the route does not read."""

    status = 415


def error_body(status: int, type_: str, message: str) -> dict[str, dict[str, int | str]]:
    """The JSON body of every error answer."""
    return {"error": {"status": status, "type": type_, "message": message}}


def error_response(
    status: int, type_: str, message: str, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    """A JSON error answer with `status`."""
    return JSONResponse(
        error_body(status, type_, message), status_code=status, headers=dict(headers) if headers else None
    )


def status_type(status: int) -> str:
    """The error type named after an HTTP status ("Not Found" -> "NotFound")."""
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        return "Error"
    return "".join(word.capitalize() if word.islower() else word for word in phrase.replace("-", " ").split())


def kg_error_response(exc: KgError) -> JSONResponse:
    """The answer for one of the project's own errors: its class names the type, its `status` the code."""
    return error_response(exc.status, type(exc).__name__, str(exc) or (type(exc).__doc__ or "").strip())


def _describe_validation(exc: RequestValidationError) -> tuple[int, str, str]:
    problems = []
    for err in exc.errors():
        if err.get("type") == "json_invalid":
            return 400, "BadInput", "The request body is not valid JSON."
        where = ".".join(str(part) for part in err.get("loc", ()) if part != "body")
        problems.append(f"{where}: {err.get('msg', 'invalid')}" if where else str(err.get("msg", "invalid")))
    return 422, "ValidationError", "; ".join(problems) or "The request is not valid."


async def _on_kg_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, KgError)
    if exc.status >= 500:
        log.warning("%s %s failed: %s: %s", request.method, request.url.path, type(exc).__name__, exc)
    return kg_error_response(exc)


async def _on_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    status, type_, message = _describe_validation(exc)
    return error_response(status, type_, message)


async def _on_http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    message = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).description
    if exc.status_code == 404 and exc.detail == "Not Found":
        message = f"No route for {request.method} {request.url.path}."
    return error_response(exc.status_code, status_type(exc.status_code), message, headers=exc.headers)


async def _on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("%s %s failed unexpectedly", request.method, request.url.path, exc_info=exc)
    return error_response(500, "InternalError", "The service failed to answer this request.")


def install_error_handlers(app: FastAPI) -> None:
    """Route every error raised while answering a request to its JSON answer."""
    app.add_exception_handler(KgError, _on_kg_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(Exception, _on_unexpected)
