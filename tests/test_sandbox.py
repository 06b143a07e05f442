"""User queries in worker processes read checkpoints of the store, never the folder being written."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from kg.errors import QueryTimeout, ResultTooLarge
from kg.sandbox import SandboxBusy, _FairSlots
from kg.settings import Settings
from kg.store import EmbeddedStore, open_store

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <http://example.org/g> { ?s ?p ?o } }"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    opened = open_store(Settings(data=tmp_path / "store"))
    assert isinstance(opened, EmbeddedStore)
    opened.open_sandbox()
    yield opened
    opened.close()


def _batch(start: int, size: int = 200) -> list[tuple[URIRef, URIRef, Literal]]:
    return [(URIRef(f"http://example.org/s{i}"), URIRef("http://example.org/p"), Literal(f"value {i}"))
            for i in range(start, start + size)]


def _count(store: EmbeddedStore) -> int:
    (row,) = store.query(COUNT, untrusted=True).rows
    return int(row["n"])


def test_each_user_query_sees_every_write_before_it(store: EmbeddedStore) -> None:
    views = Path(store.settings.data) / "query-views"
    for n in range(8):
        store.add("http://example.org/g", _batch(n * 200))
        store.oxigraph.optimize()  # compaction: RocksDB deletes the files the last view was made of
        assert _count(store) == (n + 1) * 200
        assert 1 <= len(list(views.iterdir())) <= 3, "a view no worker holds should be deleted"


def test_views_are_deleted_when_the_store_closes(tmp_path: Path) -> None:
    store = open_store(Settings(data=tmp_path / "store"))
    assert isinstance(store, EmbeddedStore)
    store.open_sandbox()
    store.add("http://example.org/g", _batch(0))
    assert _count(store) == 200
    views = tmp_path / "store" / "query-views"
    assert views.is_dir()
    store.close()
    assert not views.exists()


def test_user_queries_while_another_thread_writes_and_compacts(store: EmbeddedStore) -> None:
    done = threading.Event()
    errors: list[BaseException] = []

    def write() -> None:
        try:
            for n in range(1, 30):
                store.add("http://example.org/g", _batch(n * 200))
                store.oxigraph.optimize()
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)
        finally:
            done.set()

    store.add("http://example.org/g", _batch(0))
    writer = threading.Thread(target=write)
    writer.start()
    seen = []
    while not done.is_set():
        seen.append(_count(store))
    writer.join()
    assert not errors, errors
    assert seen == sorted(seen), "a later query never sees less"
    assert _count(store) == 30 * 200


# -- a fair share of workers ------------------------------------------------------------------------


def test_one_client_cannot_take_every_slot() -> None:
    slots = _FairSlots(2, per_client=1)
    assert slots.acquire("busy", timeout=0.1)
    assert not slots.acquire("busy", timeout=0.1), "a second slot for the same client"
    assert slots.acquire("other", timeout=0.1)
    slots.release("busy")
    slots.release("other")


def test_a_freed_slot_goes_to_the_client_running_the_fewest() -> None:
    slots = _FairSlots(3, per_client=2)
    for client in ("a", "b", "b"):
        assert slots.acquire(client, timeout=0.1)
    started: list[str] = []

    def wait_for(client: str) -> None:
        if slots.acquire(client, timeout=10):
            started.append(client)

    threads = [threading.Thread(target=wait_for, args=(c,)) for c in ("a", "c")]
    for thread in threads:
        thread.start()
        time.sleep(0.1)  # "a" waits first, then "c"
    slots.release("b")
    time.sleep(0.3)
    assert started == ["c"], "c runs nothing yet, a runs one: c goes first"
    slots.release("b")
    for thread in threads:
        thread.join(timeout=10)
    assert started == ["c", "a"]


def test_answers_are_written_to_files_and_capped(store: EmbeddedStore) -> None:
    store.add("http://example.org/g", _batch(0, 300))
    media = {"select": "text/csv", "graph": "text/turtle"}
    answer = store.answer("SELECT ?o WHERE { ?s ?p ?o }", media, client="me")
    assert answer.path is not None and answer.media_type == "text/csv"
    assert len(answer.path.read_text().splitlines()) == 301
    answer.path.unlink()
    with pytest.raises(ResultTooLarge):
        store.answer("SELECT ?o WHERE { ?s ?p ?o }", media, max_rows=299)
    jsonld = store.answer("CONSTRUCT WHERE { ?s ?p ?o }", {**media, "graph": "application/ld+json"})
    assert jsonld.path is not None and jsonld.media_type == "application/ld+json"
    assert jsonld.path.read_text().lstrip().startswith("{")
    with pytest.raises(QueryTimeout):
        store.answer("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", media, timeout=1.0)
    folder = store._sandbox._answers if store._sandbox else None
    assert folder is not None and [p.name for p in folder.iterdir()] == [jsonld.path.name]


def test_a_client_with_too_many_waiting_is_refused_at_once() -> None:
    slots = _FairSlots(1, per_client=1, most_waiting=2)
    assert slots.acquire("a", timeout=0.1)
    waiting = [threading.Thread(target=slots.acquire, args=("a", 2.0)) for _ in range(2)]
    for thread in waiting:
        thread.start()
    time.sleep(0.2)
    started = time.monotonic()
    with pytest.raises(SandboxBusy):
        slots.acquire("a", timeout=5)
    assert time.monotonic() - started < 0.5
    assert not slots.acquire("b", timeout=0.1), "the one slot is a's; b waits its turn, not refused"
    for thread in waiting:
        thread.join(timeout=5)
