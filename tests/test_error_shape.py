"""Every error path of the HTTP service answers with the one JSON error shape."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from server import load_fixture

from api.app import create_app
from kg.settings import Settings


def serve(tmp_path_factory: pytest.TempPathFactory, **overrides: Any) -> Iterator[TestClient]:
    settings = Settings(
        data=Path(tmp_path_factory.mktemp("errors")) / "store",
        update_token="token",
        max_body_bytes=2_000,
        max_article_chars=100,
        **overrides,
    )
    load_fixture(settings)
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    yield from serve(tmp_path_factory)


@pytest.fixture(scope="module")
def impatient_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A service that gives every query 10 ms, so a three-way join over the fixture runs out of time."""
    yield from serve(tmp_path_factory, query_timeout=0.01)


AUTH = {"Authorization": "Bearer token"}
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"

ERRORS: list[tuple[str, str, str, dict[str, Any], int, str]] = [
    ("unknown route", "GET", "/no/such/route", {}, 404, "NotFound"),
    ("unknown actor", "GET", "/actors/nobody-at-all", {}, 404, "NotFound"),
    ("unknown actor relations", "GET", "/actors/nobody-at-all/relations", {}, 404, "NotFound"),
    ("unknown location", "GET", "/locations/nowhere-at-all", {}, 404, "NotFound"),
    ("unknown article", "GET", "/articles/no-such-article", {}, 404, "NotFound"),
    ("unknown export article", "GET", "/export?article=no-such-article", {}, 404, "NotFound"),
    ("wrong method", "PUT", "/actors", {}, 405, "MethodNotAllowed"),
    ("bad limit", "GET", "/actors?limit=0", {}, 422, "ValidationError"),
    ("bad kind", "GET", "/operations?kind=Picnic", {}, 422, "ValidationError"),
    ("bad date filter", "GET", "/operations?from=yesterday", {}, 422, "ValidationError"),
    ("reversed dates", "GET", "/operations?from=2024-02-01&to=2024-01-01", {}, 400, "BadInput"),
    ("bad export format", "GET", "/export?format=rdfxml", {}, 400, "BadInput"),
    ("unknown event", "GET", "/events/0123456789abcdef", {}, 404, "NotFound"),
    ("bad event id", "GET", "/events/not-an-event", {}, 422, "ValidationError"),
    ("reversed event dates", "GET", "/events?from=2024-02-01&to=2024-01-01", {}, 400, "BadInput"),
    ("events of an unknown actor", "GET", "/events?actor=nobody-at-all", {}, 404, "NotFound"),
    ("casualties of nobody", "GET", "/casualties", {}, 400, "BadInput"),
    ("unacceptable export", "GET", "/export", {"headers": {"Accept": "image/png"}}, 406, "NotAcceptable"),
    (
        "malformed JSON",
        "POST",
        "/articles",
        {"content": b"{", "headers": {"Content-Type": "application/json", **AUTH}},
        400,
        "BadInput",
    ),
    ("empty text", "POST", "/articles", {"json": {"text": " "}, "headers": AUTH}, 422, "ValidationError"),
    ("lone surrogate", "POST", "/articles",
     {"content": b'{"text": "a\\ud800b"}', "headers": {"Content-Type": "application/json", **AUTH}}, 422,
     "ValidationError"),
    ("raw surrogate bytes", "POST", "/articles",
     {"content": b'{"text": "a\xed\xa0\x80b"}', "headers": {"Content-Type": "application/json", **AUTH}},
     422, "ValidationError"),
    ("year one", "POST", "/articles", {"json": {"text": "War.", "published": "0001-01-01"}, "headers": AUTH},
     422, "ValidationError"),
    ("script link", "POST", "/articles", {"json": {"text": "War.", "url": " JavaScript:alert(1)"},
                                          "headers": AUTH}, 422, "ValidationError"),
    ("text too long", "POST", "/articles", {"json": {"text": "word " * 50}, "headers": AUTH}, 413,
     "PayloadTooLarge"),
    ("post without token", "POST", "/articles", {"json": {"text": "War."}}, 403, "Forbidden"),
    ("null byte in a file name", "GET", "/explorer/static/index.html%00.js", {}, 404, "NotFound"),
    ("body too large", "POST", "/articles", {"json": {"text": "x" * 5_000}}, 413, "PayloadTooLarge"),
    ("delete without token", "DELETE", "/articles/anything", {}, 403, "Forbidden"),
    ("bad SPARQL", "GET", "/sparql?query=SELECT%20WHERE%20%7B", {}, 400, "QueryError"),
    ("empty SPARQL", "GET", "/sparql?query=%20", {}, 400, "BadInput"),
    (
        "SERVICE",
        "GET",
        "/sparql?query=SELECT%20*%20%7B%20SERVICE%20%3Chttp://x/%3E%20%7B%7D%20%7D",
        {},
        400,
        "QueryError",
    ),
    ("unknown result format", "GET", "/sparql?query=ASK%7B%7D&format=png", {}, 400, "BadInput"),
    (
        "unacceptable result",
        "GET",
        "/sparql?query=ASK%7B%7D",
        {"headers": {"Accept": "image/png"}},
        406,
        "NotAcceptable",
    ),
    ("bad dataset IRI", "GET", "/sparql?query=ASK%7B%7D&default-graph-uri=a%20b", {}, 400, "BadInput"),
    (
        "non-UTF-8 body",
        "POST",
        "/sparql",
        {
            "content": "ASK {}".encode("utf-16"),
            "headers": {"Content-Type": "application/sparql-query; charset=UTF-16"},
        },
        415,
        "UnsupportedMediaType",
    ),
    ("update by GET", "GET", "/sparql?update=CLEAR%20ALL", {}, 400, "BadInput"),
    ("update without token", "POST", "/sparql", {"data": {"update": "CLEAR ALL"}}, 403, "Forbidden"),
    (
        "query and update",
        "POST",
        "/sparql",
        {"data": {"query": "ASK {}", "update": "CLEAR ALL"}, "headers": {"Authorization": "Bearer token"}},
        400,
        "BadInput",
    ),
    ("POST without query", "POST", "/sparql", {"data": {"other": "1"}}, 400, "BadInput"),
    (
        "POST of unknown type",
        "POST",
        "/sparql",
        {"content": b"ASK {}", "headers": {"Content-Type": "text/plain"}},
        415,
        "UnsupportedMediaType",
    ),
    ("absent graph", "GET", "/sparql?graph=urn:no-such-graph", {}, 404, "NotFound"),
    ("graph write without token", "DELETE", "/sparql?graph=urn:g", {}, 403, "Forbidden"),
    ("graph method without graph", "PUT", "/sparql", {}, 400, "BadInput"),
    (
        "graph of bad syntax",
        "PUT",
        "/sparql?graph=urn:g",
        {"content": b"<a> <b>", "headers": {"Authorization": "Bearer token", "Content-Type": "text/turtle"}},
        400,
        "BadInput",
    ),
    ("absent graph export", "GET", "/export?graph=urn:no-such-graph", {}, 404, "NotFound"),
]


@pytest.mark.parametrize(
    ("method", "path", "options", "status", "type_"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS]
)
def test_error_shape(
    client: TestClient, method: str, path: str, options: dict[str, Any], status: int, type_: str
) -> None:
    check_shape(client.request(method, path, **options), status, type_)


@pytest.fixture(scope="module")
def capped_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    yield from serve(tmp_path_factory, max_rows=3)


def test_row_cap_error_shape(capped_client: TestClient) -> None:
    response = capped_client.get("/sparql", params={"query": "SELECT * { ?s ?p ?o }"})
    check_shape(response, 422, "ResultTooLarge")


def test_timeout_error_shape(impatient_client: TestClient) -> None:
    check_shape(impatient_client.get("/sparql", params={"query": SLOW}), 503, "QueryTimeout")


def check_shape(response: Any, status: int, type_: str) -> None:
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "type", "message"}
    assert body["error"]["status"] == status
    assert body["error"]["type"] == type_
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
