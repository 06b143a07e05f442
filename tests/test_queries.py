"""Every canned query parses and runs, with its parameters bound, against the fixture store."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from rdflib.plugins.sparql import prepareQuery
from server import load_fixture

from api.deps import NAME_STRIP, QUERY_DIR, CannedQueries, Param, canned_text, optional
from api.routes.operations import START, find_operations
from kg import events
from kg.rdf import iris
from kg.rdf.namespaces import CONF
from kg.settings import Settings
from kg.store import Store, open_store

FIGHTERS = "fighters-seize-port-delan-0a1b2c3d4e5f"
RED = iris.actor("red-hand-brigade")
DELAN = iris.place("port-delan")
CAPTURE_EVENT = events.event_iri([events.Report(str(iris.fact(FIGHTERS, "operation", 1)), "", "Capture")])

PARAMETERS: dict[str, dict[str, Param]] = {
    "count_articles": {},
    "check_entity": {"class": CONF.Actor, "iri": RED},
    "list_articles": {},
    "get_article": {"doc": iris.article(FIGHTERS)},
    "list_article_mentions": {"doc": iris.article(FIGHTERS)},
    "list_article_relations": {"doc": iris.article(FIGHTERS)},
    "resolve_entity": {"class": CONF.Actor, "iri": iris.actor("rhb"), "key": "rhb", "strip": NAME_STRIP},
    "find_actors": {"q": "hand", "kind": CONF.ArmedGroup},
    "get_actor": {"actor": RED},
    "list_entity_articles": {"entity": RED},
    "list_actor_relations": {"actor": RED},
    "list_operations": {
        **optional("actor", RED, CONF.Actor),
        **optional("location", None, CONF.Location),
        **optional("kind", CONF.Capture, CONF.OtherOperation),
        **optional("from", date(2024, 3, 1), date.min),
        **optional("to", None, date.max),
        **optional("article", iris.article(FIGHTERS), CONF.Article),
    },
    "list_statements": {
        **optional("speaker", iris.actor("mira-osei"), CONF.Actor),
        **optional("article", None, CONF.Article),
    },
    "get_operations": {"op": iris.fact(FIGHTERS, "operation", 1)},
    "find_locations": {"q": "delan"},
    "get_location": {"place": DELAN},
    "list_events": {
        **optional("actor", RED, CONF.Actor),
        **optional("location", DELAN, CONF.Location),
        **optional("kind", CONF.Capture, CONF.OtherOperation),
        **optional("from", date(2024, 3, 1), date.min),
        **optional("to", None, date.max),
    },
    "get_event": {"event": CAPTURE_EVENT},
    "list_event_sources": {"event": CAPTURE_EVENT},
    "list_article_events": {"article": iris.article(FIGHTERS)},
    "list_casualties": {
        **optional("article", iris.article(FIGHTERS), CONF.Article),
        **optional("victim", iris.actor("valorian-army"), CONF.Actor),
        **optional("location", DELAN, CONF.Location),
    },
}
"""Parameters for each canned query, chosen so each has at least one answer in the fixture."""

FILES = sorted(path.stem for path in QUERY_DIR.glob("*.rq"))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    settings = Settings(data=Path(tmp_path_factory.mktemp("queries")) / "store")
    load_fixture(settings)
    opened = open_store(settings)
    events.rebuild(opened)
    yield opened
    opened.close()


def test_every_query_file_has_parameters_here() -> None:
    assert sorted(PARAMETERS) == FILES


@pytest.mark.parametrize("name", FILES)
def test_query_parses(name: str) -> None:
    prepareQuery(canned_text(name))


@pytest.mark.parametrize("name", FILES)
def test_query_runs_with_its_parameters(store: Store, name: str) -> None:
    queries = CannedQueries(store, timeout=10)
    if prepareQuery(canned_text(name)).algebra.name == "AskQuery":
        assert queries.ask(name, **PARAMETERS[name])
    else:
        assert queries.select(name, **PARAMETERS[name])


def test_resolve_entity_prefers_slug_then_label_then_alias(store: Store) -> None:
    queries = CannedQueries(store, timeout=10)
    for given in ("Red Hand Brigade", "red-hand-brigade", "RED HAND", "r.h.b.", "Hand of the Red"):
        assert queries.resolve("actor", given) == RED
    assert queries.resolve("location", "delan") == DELAN


def test_operation_filters_combine(store: Store) -> None:
    queries = CannedQueries(store, timeout=10)
    rows = queries.select("list_operations", **PARAMETERS["list_operations"])
    assert {str(r["op"]) for r in rows} == {str(iris.fact(FIGHTERS, "operation", 1))}
    later = {**PARAMETERS["list_operations"], **optional("from", date(2024, 3, 3), date.min)}
    assert queries.select("list_operations", **later) == []


@pytest.mark.parametrize("walk", sorted(START))
def test_each_starting_walk_finds_what_the_scan_of_every_operation_finds(store: Store, walk: str) -> None:
    queries = CannedQueries(store, timeout=10)
    given = {"actor": RED, "location": DELAN, "article": iris.article(FIGHTERS)}
    params: dict[str, Param] = {
        **optional("actor", None, CONF.Actor),
        **optional("location", None, CONF.Location),
        **optional("kind", None, CONF.OtherOperation),
        **optional("from", None, date.min),
        **optional("to", None, date.max),
        **optional("article", None, CONF.Article),
        **optional(walk, given[walk], CONF.Actor),
    }
    scanned = queries.select("list_operations", **params)
    plain_text = canned_text("list_operations")
    walked_text = plain_text.replace("  ?op a conf:Operation .  # start", f"  {START[walk]}")
    assert walked_text != plain_text
    assert scanned, "the fixture should have an operation for this filter"
    assert queries.select_text(walked_text, **params) == scanned
    found = find_operations(queries, **{walk: given[walk]})
    assert [op["id"] for op in found] == [str(row["op"]).split("/id/", 1)[-1] for row in scanned]
    assert find_operations(queries, limit=1, **{walk: given[walk]}) == found[:1]
