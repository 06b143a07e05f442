"""User queries in worker processes read checkpoints of the store, never the folder being written."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

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
