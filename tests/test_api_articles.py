"""POST /articles and friends on a real uvicorn: ingest, re-ingest, bad input, delete, restart."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from server import LiveServer

TOKEN = "delete-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
TEXT = (
    "Rebels of the Northern Front shelled the town of Arvel on Monday, the army said. "
    "The government accused the rebels of breaking the truce."
)
META = {
    "title": "Shelling reported in Arvel",
    "published": "2023-11-06",
    "source": "Test Wire",
    "url": "https://news.example/arvel",
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    data = Path(tmp_path_factory.mktemp("articles")) / "store"
    live = LiveServer(data, update_token=TOKEN, max_body_bytes=20_000, max_article_chars=5_000).start()
    yield live
    live.stop()


def quads(server: LiveServer) -> int:
    return int(httpx.get(server.url + "/health").json()["triples"])


def post(server: LiveServer, body: Any) -> httpx.Response:
    return httpx.post(server.url + "/articles", json=body, headers=AUTH, timeout=120)


def test_post_article_round_trips_metadata(server: LiveServer) -> None:
    response = post(server, {"text": TEXT, **META})
    assert response.status_code == 201
    created = response.json()
    assert created["graph"] == f"https://w3id.org/conflict-kg/graph/article/{created['id']}"
    assert created["title"] == META["title"] and created["triples"] > 0
    detail = httpx.get(f"{server.url}/articles/{created['id']}").json()
    assert {key: detail[key] for key in META} == META
    assert detail["text"] == TEXT and detail["graph"] == created["graph"]
    for mention in detail["mentions"]:
        assert TEXT[mention["start"] : mention["end"]] == mention["text"]
    listed = httpx.get(server.url + "/articles").json()["articles"]
    assert created["id"] in [a["id"] for a in listed]
    graph = httpx.get(
        server.url + "/sparql",
        params={"query": f"ASK {{ GRAPH <{created['graph']}> {{ ?doc conf:title ?t }} }}"},
    ).json()
    assert graph["boolean"] is True


def test_same_text_again_replaces_the_graph(server: LiveServer) -> None:
    first = post(server, {"text": TEXT, **META}).json()
    before = quads(server)
    again = post(server, {"text": TEXT, **META})
    assert again.status_code == 201
    assert again.json()["id"] == first["id"]
    assert quads(server) == before
    assert [a["id"] for a in httpx.get(server.url + "/articles").json()["articles"]].count(first["id"]) == 1


BAD_INPUTS: list[tuple[str, dict[str, str], bytes, int]] = [
    ("empty text", {}, b'{"text": ""}', 422),
    ("whitespace text", {}, b'{"text": "  \\n\\t "}', 422),
    ("no text", {}, b'{"title": "x"}', 422),
    ("malformed JSON", {}, b'{"text": "Shelling in Arvel', 400),
    ("not an object", {}, b'["Shelling in Arvel"]', 422),
    ("text not a string", {}, b'{"text": 42}', 422),
    ("title not a string", {}, b'{"text": "Shelling in Arvel.", "title": ["x"]}', 422),
    ("bad date", {}, b'{"text": "Shelling in Arvel.", "published": "06/11/2023"}', 422),
    ("impossible date", {}, b'{"text": "Shelling in Arvel.", "published": "2023-02-30"}', 422),
    ("date as number", {}, b'{"text": "Shelling in Arvel.", "published": 20231106}', 422),
    ("text too long", {}, b'{"text": "' + b"a " * 3_000 + b'"}', 413),
    ("body too large", {}, b'{"text": "' + b"a" * 30_000 + b'"}', 413),
    ("not JSON at all", {"Content-Type": "text/plain"}, b"Shelling in Arvel.", 422),
    ("not UTF-8", {}, b'{"text": "\xff\xfe"}', 400),
]


@pytest.mark.parametrize(
    ("headers", "body", "status"), [case[1:] for case in BAD_INPUTS], ids=[case[0] for case in BAD_INPUTS]
)
def test_bad_input_is_refused_and_changes_nothing(
    server: LiveServer, headers: dict[str, str], body: bytes, status: int
) -> None:
    before = quads(server)
    response = httpx.post(
        server.url + "/articles",
        content=body,
        headers={"Content-Type": "application/json", **AUTH, **headers},
    )
    assert response.status_code == status
    error = response.json()["error"]
    assert error["status"] == status and error["message"]
    assert quads(server) == before


def test_chunked_oversized_body_is_refused(server: LiveServer) -> None:
    before = quads(server)

    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(40):
            yield b"a" * 1_000
        yield b'"}'

    response = httpx.post(
        server.url + "/articles", content=chunks(), headers={"Content-Type": "application/json", **AUTH}
    )
    assert response.status_code == 413
    assert quads(server) == before


def test_delete_needs_the_token(server: LiveServer) -> None:
    created = post(server, {"text": "Militia fighters attacked a checkpoint near Soran on Friday."}).json()
    url = f"{server.url}/articles/{created['id']}"
    assert httpx.delete(url).status_code == 403
    assert httpx.delete(url, headers={"Authorization": "Bearer nope"}).status_code == 403
    assert httpx.get(url).status_code == 200
    assert httpx.delete(url, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 204
    assert httpx.get(url).status_code == 404
    assert httpx.delete(url, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 404


def test_store_persists_across_restart(server: LiveServer) -> None:
    created = post(
        server, {"text": "Drones struck a fuel depot outside Kelm overnight.", "title": "Depot hit"}
    )
    article_id = created.json()["id"]
    before = httpx.get(server.url + "/health").json()
    server.stop()
    server.start()
    assert httpx.get(server.url + "/health").json() == before
    assert httpx.get(f"{server.url}/articles/{article_id}").json()["title"] == "Depot hit"
