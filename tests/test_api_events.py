"""REST routes of events and casualty figures, over the fixture dataset and its events graph."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from server import load_fixture

from api.app import create_app
from kg.settings import Settings

FIGHTERS = "fighters-seize-port-delan-0a1b2c3d4e5f"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(data=Path(tmp_path_factory.mktemp("events")) / "store")
    load_fixture(settings)  # with its events graph, as `kg load` builds it
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def _events(client: TestClient, query: str = "") -> list[dict[str, Any]]:
    response = client.get("/events" + query)
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()["events"]
    return found


def test_events_list_sources_and_figures_side_by_side(client: TestClient) -> None:
    capture = [e for e in _events(client) if e["kind"] == "Capture"]
    assert len(capture) == 1
    event = capture[0]
    assert event["date"] == "2024-03-02" and event["location"]["id"] == "port-delan"
    assert event["source_count"] == 1 == len(event["sources"])
    assert event["sources"][0]["article"] == FIGHTERS
    assert {a["id"] for a in event["agents"]} == {"red-hand-brigade"}
    (figure,) = event["figures"]
    assert (figure["kind"], figure["count"], figure["count_max"]) == ("Killed", 12, 15)
    assert figure["reported_by"]["id"] == "red-hand-brigade" and figure["article"] == FIGHTERS
    assert figure["victims"]["id"] == "valorian-army"


@pytest.mark.parametrize(
    ("query", "kinds"),
    [
        ("", {"Capture", "Airstrike"}),
        ("?kind=Capture", {"Capture"}),
        ("?actor=Red Hand", {"Capture", "Airstrike"}),
        ("?location=port-delan", {"Capture", "Airstrike"}),
        ("?location=port-delan&kind=Airstrike", {"Airstrike"}),
        ("?from=2024-03-03", {"Airstrike"}),
        ("?to=2024-03-02", {"Capture"}),
        ("?from=2025-01-01", set()),
    ],
)
def test_event_filters(client: TestClient, query: str, kinds: set[str]) -> None:
    assert {e["kind"] for e in _events(client, query)} == kinds


def test_one_event_by_id(client: TestClient) -> None:
    listed = _events(client, "?kind=Capture")[0]
    response = client.get(f"/events/{listed['id']}")
    assert response.status_code == 200
    assert response.json() == listed


def test_casualty_totals_by_actor_and_place(client: TestClient) -> None:
    by_actor = client.get("/casualties?actor=Valorian Army").json()
    (killed,) = by_actor["totals"]
    assert (killed["kind"], killed["lowest"], killed["highest"], killed["articles"]) == ("Killed", 12, 15, 1)
    assert killed["figures"][0]["reported_by"]["label"] == "Red Hand Brigade"
    assert client.get("/casualties?location=port-delan").json()["totals"] == by_actor["totals"]
    assert client.get("/casualties?actor=kesh-republic").json()["totals"] == []
