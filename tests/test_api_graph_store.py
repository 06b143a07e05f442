"""/sparql?graph=IRI and ?default: the SPARQL 1.1 Graph Store HTTP Protocol, behind the update token."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from server import load_fixture

from api.app import create_app
from kg.settings import Settings

TOKEN = "graph-store-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
GRAPH = "urn:test:uploaded"
ZED = "https://w3id.org/conflict-kg/id/actor/zed-front"
TURTLE = f"""@prefix conf: <https://w3id.org/conflict-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<{ZED}> a conf:Actor, conf:ArmedGroup ; rdfs:label "Zed Front" .
"""


@pytest.fixture()
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(data=tmp_path / "store", update_token=TOKEN)
    load_fixture(settings)
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def put(client: TestClient, body: str, params: dict[str, str], media: str = "text/turtle") -> int:
    response = client.put("/sparql", params=params, content=body, headers={**AUTH, "Content-Type": media})
    return response.status_code


def count(client: TestClient) -> int:
    return int(client.get("/health").json()["triples"])


def test_put_get_post_delete_a_named_graph(client: TestClient) -> None:
    target = {"graph": GRAPH}
    assert client.get("/sparql", params=target).status_code == 404
    assert put(client, TURTLE, target) == 201
    assert put(client, TURTLE, target) == 204
    got = client.get("/sparql", params=target, headers={"Accept": "application/n-triples"})
    assert got.headers["content-type"].startswith("application/n-triples")
    assert len(list(ox.parse(got.content, ox.RdfFormat.N_TRIPLES))) == 3
    head = client.head("/sparql", params=target)
    assert head.status_code == 200 and head.headers["content-type"].startswith("text/turtle")
    assert head.content == b""
    more = f'<{ZED}> <http://www.w3.org/2004/02/skos/core#altLabel> "ZF" .'
    headers = {**AUTH, "Content-Type": "text/turtle"}
    posted = client.post("/sparql", params=target, content=more, headers=headers)
    assert posted.status_code == 204
    assert len(list(ox.parse(client.get("/sparql", params=target).content, ox.RdfFormat.TURTLE))) == 4
    assert client.delete("/sparql", params=target, headers=AUTH).status_code == 204
    assert client.delete("/sparql", params=target, headers=AUTH).status_code == 404
    assert client.head("/sparql", params=target).status_code == 404


def test_writes_keep_the_entity_index(client: TestClient) -> None:
    assert client.get("/actors/zed-front/relations").status_code == 404
    assert put(client, TURTLE, {"graph": GRAPH}) == 201
    assert client.get("/actors/zed-front/relations").status_code == 200
    assert client.get("/actors/Zed Front/relations").status_code == 200
    assert client.delete("/sparql", params={"graph": GRAPH}, headers=AUTH).status_code == 204
    assert client.get("/actors/zed-front/relations").status_code == 404


def test_the_default_graph_is_the_stores_own_and_part_of_the_union(client: TestClient) -> None:
    assert client.get("/sparql?default").status_code == 200
    assert client.get("/sparql?default").content.strip() == b""
    assert put(client, TURTLE, {"default": ""}) == 201
    assert len(list(ox.parse(client.get("/sparql?default").content, ox.RdfFormat.TURTLE))) == 3
    ask = client.get("/sparql", params={"query": f'ASK {{ <{ZED}> rdfs:label "Zed Front" }}'}).json()
    assert ask["boolean"] is True
    assert client.delete("/sparql?default", headers=AUTH).status_code == 204
    assert client.get("/sparql?default").content.strip() == b""


def test_post_to_the_store_makes_a_new_graph(client: TestClient) -> None:
    response = client.post("/sparql", content=TURTLE, headers={**AUTH, "Content-Type": "text/turtle"})
    assert response.status_code == 201
    location = response.headers["location"]
    assert "?graph=" in location
    assert len(list(ox.parse(client.get(location).content, ox.RdfFormat.TURTLE))) == 3


@pytest.mark.parametrize("media", ["application/n-triples", "application/rdf+xml", "application/ld+json"])
def test_every_graph_syntax_is_read(client: TestClient, media: str) -> None:
    fmt = {
        "application/n-triples": ox.RdfFormat.N_TRIPLES,
        "application/rdf+xml": ox.RdfFormat.RDF_XML,
        "application/ld+json": ox.RdfFormat.JSON_LD,
    }[media]
    body = ox.serialize(ox.parse(TURTLE.encode(), ox.RdfFormat.TURTLE), format=fmt)
    assert body is not None
    assert put(client, body.decode(), {"graph": GRAPH}, media) == 201
    stored = client.get("/sparql", params={"graph": GRAPH}).content
    assert len(list(ox.parse(stored, ox.RdfFormat.TURTLE))) == 3


@pytest.mark.parametrize(
    ("method", "headers", "body", "status", "kind"),
    [
        ("PUT", {"Content-Type": "text/turtle"}, TURTLE, 403, "Forbidden"),
        ("DELETE", {}, "", 403, "Forbidden"),
        ("POST", {"Content-Type": "text/turtle"}, TURTLE, 403, "Forbidden"),
        ("PUT", {**AUTH, "Content-Type": "text/turtle"}, "<a> <b> ", 400, "BadInput"),
        ("PUT", {**AUTH, "Content-Type": "text/plain"}, TURTLE, 415, "UnsupportedMediaType"),
        ("PUT", {**AUTH, "Content-Type": "application/trig"}, TURTLE, 415, "UnsupportedMediaType"),
    ],
)
def test_refused_writes_change_nothing(
    client: TestClient, method: str, headers: dict[str, str], body: str, status: int, kind: str
) -> None:
    before = count(client)
    response = client.request(method, "/sparql", params={"graph": GRAPH}, headers=headers, content=body)
    assert response.status_code == status
    assert response.json()["error"]["type"] == kind
    assert count(client) == before


@pytest.mark.parametrize(
    "url",
    [
        "/sparql?graph=a%20b",
        "/sparql?graph=urn:a&default",
        "/sparql?graph=urn:a&query=ASK%7B%7D",
        "/sparql?graph=",
    ],
)
def test_bad_graph_names_are_bad_input(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400
    assert response.json()["error"]["type"] == "BadInput"


def test_put_without_a_graph_is_bad_input(client: TestClient) -> None:
    response = client.put("/sparql", content=TURTLE, headers={**AUTH, "Content-Type": "text/turtle"})
    assert response.status_code == 400


def test_a_relative_graph_iri_is_resolved_against_the_endpoint(client: TestClient) -> None:
    assert put(client, TURTLE, {"graph": "person/1"}) == 201
    absolute = str(client.base_url) + "/person/1"
    assert client.get("/sparql", params={"graph": absolute}).status_code == 200
