"""REST routes answered by canned queries, over the fixture dataset (TestClient: no socket needed)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from server import FIXTURE, load_fixture

from api.app import create_app
from kg import events, index
from kg.settings import Settings
from kg.store import from_ox, to_ox

FIGHTERS = "fighters-seize-port-delan-0a1b2c3d4e5f"
AIRSTRIKES = "airstrikes-hit-delan-port-5f4e3d2c1b0a"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(data=Path(tmp_path_factory.mktemp("rest")) / "store")
    load_fixture(settings)
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_health_counts_articles_and_triples(client: TestClient) -> None:
    body = client.get("/health").json()
    assert body == {"status": "ok", "articles": 2, "triples": len(FIXTURE_QUADS), "store": "embedded"}


def test_health_on_a_remote_store_counts_articles_and_scans_nothing(remote_settings: Settings) -> None:
    # Counting a remote store's triples is a scan of the endpoint's whole store: /health leaves it out.
    load_fixture(remote_settings)
    with TestClient(create_app(remote_settings)) as remote:
        body = remote.get("/health").json()
    assert body == {"status": "ok", "articles": 2, "triples": None, "store": "remote"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"kesh-republic", "red-hand-brigade", "valorian-army", "mira-osei"}),
        ("?q=RED", {"red-hand-brigade"}),
        ("?q=rhb", {"red-hand-brigade"}),
        ("?q=jets", {"valorian-army"}),
        ("?kind=State", {"kesh-republic"}),
        ("?kind=Person&q=osei", {"mira-osei"}),
        ("?kind=Person&q=kesh", set()),
    ],
)
def test_find_actors(client: TestClient, query: str, expected: set[str]) -> None:
    response = client.get("/actors" + query)
    assert response.status_code == 200
    assert {a["id"] for a in response.json()["actors"]} == expected


def test_find_actors_shape_and_limit(client: TestClient) -> None:
    actors = client.get("/actors?limit=2").json()["actors"]
    assert len(actors) == 2
    red = client.get("/actors?q=red hand").json()["actors"][0]
    assert red == {
        "id": "red-hand-brigade",
        "label": "Red Hand Brigade",
        "kind": "ArmedGroup",
        "iri": "https://w3id.org/conflict-kg/id/actor/red-hand-brigade",
        "aliases": ["Hand of the Red", "RHB", "Red Hand", "Red-Hand"],
        "articles": 2,
    }


@pytest.mark.parametrize(
    "given",
    [
        "red-hand-brigade",
        "Red Hand Brigade",
        "red hand",
        "RED-HAND",
        "rhb",
        "Red_Hand.Brigade",
        "hand of the red",
    ],
)
def test_actor_id_accepts_slug_label_and_alias(client: TestClient, given: str) -> None:
    response = client.get(f"/actors/{given}")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == "red-hand-brigade"
    assert body["wikidata"] == "Q999999001"
    assert [a["id"] for a in body["articles"]] == [AIRSTRIKES, FIGHTERS]


def test_actor_relations(client: TestClient) -> None:
    body = client.get("/actors/Red Hand/relations").json()
    assert body["actor"] == {"id": "red-hand-brigade", "label": "Red Hand Brigade", "kind": "ArmedGroup"}
    by_other = {(r["actor"]["id"], r["type"]): r for r in body["relations"]}
    assert set(by_other) == {("kesh-republic", "supports"), ("valorian-army", "opposes")}
    backing = by_other["kesh-republic", "supports"]
    assert backing["direction"] == "incoming"
    assert backing["articles"] == 2
    assert {(e["article"], e["start"], e["end"]) for e in backing["evidence"]} == {
        (FIGHTERS, 81, 118),
        (AIRSTRIKES, 61, 90),
    }
    assert by_other["valorian-army", "opposes"]["direction"] == "mutual"
    outgoing = client.get("/actors/kesh/relations").json()["relations"]
    assert [(r["actor"]["id"], r["direction"]) for r in outgoing] == [("red-hand-brigade", "outgoing")]


@pytest.mark.parametrize(
    "path",
    [
        "/actors/nobody",
        "/actors/nobody/relations",
        "/locations/nowhere",
        "/operations?actor=nobody",
        "/statements?speaker=nobody",
        "/articles/no-such-article",
    ],
)
def test_unknown_ids_are_404(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["error"]["type"] == "NotFound"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", [FIGHTERS, AIRSTRIKES]),
        ("?actor=rhb", [FIGHTERS, AIRSTRIKES]),
        ("?actor=kesh", []),
        ("?kind=Airstrike", [AIRSTRIKES]),
        ("?location=valoria", [FIGHTERS, AIRSTRIKES]),
        ("?location=delan&from=2024-03-03", [AIRSTRIKES]),
        ("?to=2024-03-02", [FIGHTERS]),
        ("?limit=1", [FIGHTERS]),
    ],
)
def test_operations_filters(client: TestClient, query: str, expected: list[str]) -> None:
    response = client.get("/operations" + query)
    assert response.status_code == 200
    assert [op["article"] for op in response.json()["operations"]] == expected


def test_operation_shape(client: TestClient) -> None:
    op = client.get("/operations?kind=Capture").json()["operations"][0]
    assert op == {
        "id": f"operation/{FIGHTERS}/1",
        "kind": "Capture",
        "date": "2024-03-02",
        "agents": [{"id": "red-hand-brigade", "label": "Red Hand Brigade"}],
        "targets": [{"id": "valorian-army", "label": "Valorian Army"}],
        "location": {"id": "port-delan", "label": "Port Delan", "lat": 12.5, "lon": 44.25},
        "article": FIGHTERS,
        "evidence": "Red Hand Brigade fighters captured Port Delan from the Valorian Army on Saturday.",
        "start": 0,
        "end": 80,
    }


def test_locations(client: TestClient) -> None:
    assert [p["id"] for p in client.get("/locations?q=DELAN").json()["locations"]] == ["port-delan"]
    place = client.get("/locations/delan").json()
    assert place["parent"] == {"id": "valoria", "label": "Valoria"}
    assert (place["kind"], place["lat"], place["lon"]) == ("Settlement", 12.5, 44.25)
    assert len(place["operations"]) == 2
    country = client.get("/locations/Valoria").json()
    assert country["kind"] == "Country" and country["parent"] is None


def test_statements(client: TestClient) -> None:
    every = client.get("/statements").json()["statements"]
    assert client.get("/statements?speaker=Mira Osei").json()["statements"] == every
    assert every[0]["quote"] == "We will not stop,"
    assert (every[0]["speaker"]["id"], every[0]["start"], every[0]["end"]) == ("mira-osei", 119, 163)
    assert client.get("/statements?speaker=kesh").json()["statements"] == []


def test_articles_are_listed_a_page_at_a_time(client: TestClient) -> None:
    first = client.get("/articles", params={"limit": 1}).json()
    second = client.get("/articles", params={"limit": 1, "offset": 1}).json()
    assert [a["id"] for a in first["articles"]] == [AIRSTRIKES]
    assert [a["id"] for a in second["articles"]] == [FIGHTERS]
    assert (second["limit"], second["offset"]) == (1, 1)
    assert client.get("/articles", params={"offset": 2}).json()["articles"] == []
    for bad in ({"limit": 0}, {"limit": 1001}, {"offset": -1}, {"limit": "ten"}):
        answer = client.get("/articles", params=bad)
        assert answer.status_code == 422 and "error" in answer.json(), bad


def test_articles_list_and_detail(client: TestClient) -> None:
    listed = client.get("/articles").json()["articles"]
    assert [a["id"] for a in listed] == [AIRSTRIKES, FIGHTERS]
    assert listed[1]["graph"] == f"https://w3id.org/conflict-kg/graph/article/{FIGHTERS}"
    detail = client.get(f"/articles/{FIGHTERS}").json()
    assert (detail["title"], detail["published"], detail["source"]) == (
        "Fighters seize Port Delan",
        "2024-03-03",
        "Example Wire",
    )
    mention = detail["mentions"][1]
    assert detail["text"][mention["start"] : mention["end"]] == mention["text"] == "Port Delan"
    assert mention["entity"] == {
        "id": "port-delan",
        "label": "Port Delan",
        "type": "place",
        "kind": "Settlement",
    }
    assert {(r["source"]["id"], r["type"], r["target"]["id"]) for r in detail["relations"]} == {
        ("red-hand-brigade", "opposes", "valorian-army"),
        ("kesh-republic", "supports", "red-hand-brigade"),
    }
    assert [op["kind"] for op in detail["operations"]] == ["Capture"]
    assert len(detail["statements"]) == 1


HOSTILE = [
    '"',
    "'",
    '" } ; DROP ALL ; #',
    'red" || true || "',
    "} UNION { ?actor ?p ?o }",
    "<https://w3id.org/conflict-kg/id/actor/kesh-republic>",
    "?actor",
    "\\u0022",
    "{{}}",
    "%22)",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_parameters_cannot_break_out_of_canned_queries(client: TestClient, value: str) -> None:
    before = client.get("/health").json()["triples"]
    assert client.get("/actors", params={"q": value}).json() == {"actors": []}
    assert client.get("/locations", params={"q": value}).json() == {"locations": []}
    assert client.get(f"/actors/{quote(value, safe='')}").status_code == 404
    assert client.get("/operations", params={"actor": value}).status_code == 404
    assert client.get("/statements", params={"speaker": value}).status_code == 404
    assert client.get("/health").json()["triples"] == before


def _index_of_file() -> list[ox.Quad]:
    """The index `kg load` builds from the fixture, as kg.index summarises the file's quads."""
    summary = index.Summary()
    for q in ox.parse(path=FIXTURE):
        summary.add(from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), from_ox(q.graph_name))
    return [ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(index.INDEX_GRAPH))  # type: ignore[arg-type]
            for s, p, o in summary.triples()]


def _events_of_file() -> list[ox.Quad]:
    """The events graph `kg load` builds from the fixture, as kg.events summarises the file's quads."""
    return [
        ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(events.EVENTS_GRAPH))  # type: ignore[arg-type]
        for s, p, o in events.summarize(
            (from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), from_ox(q.graph_name))
            for q in ox.parse(path=FIXTURE)
        )
    ]


FIXTURE_QUADS = [*ox.parse(path=FIXTURE), *_index_of_file(), *_events_of_file()]
ARTICLE_GRAPH = f"https://w3id.org/conflict-kg/graph/article/{FIGHTERS}"
BACKGROUND = "https://w3id.org/conflict-kg/graph/background"


@pytest.mark.parametrize(
    ("query", "media_type", "fmt", "expected"),
    [
        ("", "application/trig", ox.RdfFormat.TRIG, set(FIXTURE_QUADS)),
        ("?format=trig", "application/trig", ox.RdfFormat.TRIG, set(FIXTURE_QUADS)),
        ("?format=nquads", "application/n-quads", ox.RdfFormat.N_QUADS, set(FIXTURE_QUADS)),
        ("?format=turtle", "text/turtle", ox.RdfFormat.TURTLE, {q.triple for q in FIXTURE_QUADS}),
        (
            f"?article={FIGHTERS}",
            "text/turtle",
            ox.RdfFormat.TURTLE,
            {q.triple for q in FIXTURE_QUADS if q.graph_name.value == ARTICLE_GRAPH},
        ),
        (
            f"?graph={quote(BACKGROUND, safe='')}&format=ntriples",
            "application/n-triples",
            ox.RdfFormat.N_TRIPLES,
            {q.triple for q in FIXTURE_QUADS if q.graph_name.value == BACKGROUND},
        ),
    ],
)
def test_export_formats(
    client: TestClient, query: str, media_type: str, fmt: ox.RdfFormat, expected: set[ox.Quad | ox.Triple]
) -> None:
    response = client.get("/export" + query)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    parsed = list(ox.parse(response.content, fmt))
    got = {q if fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS) else q.triple for q in parsed}
    assert got == expected


def test_export_negotiates_and_scopes(client: TestClient) -> None:
    assert (
        client.get("/export", headers={"Accept": "application/n-quads"})
        .headers["content-type"]
        .startswith("application/n-quads")
    )
    turtle = client.get("/export", headers={"Accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle") and "GRAPH" not in turtle.text
    one = client.get(f"/export?article={AIRSTRIKES}").text
    assert "Airstrikes hit Delan port" in one and "Fighters seize Port Delan" not in one
    assert client.get("/export?article=no-such-article").status_code == 404
    assert client.get("/export?graph=urn:no-such-graph").status_code == 404
    assert client.get(f"/export?graph={quote(BACKGROUND, safe='')}&format=trig").status_code == 400
