"""Found articles into the store: each entry settled in order, and only once what precedes it is written."""

from __future__ import annotations

import pytest

from kg.models import Article
from kg.sources import Entry, Found, Note, Skip
from kg.sources import ingest as sources_ingest
from kg.sources.ingest import ingest_entries
from kg.store import Store

TEXTS = [f"Rebels attacked an army checkpoint near the town of Border{n} on Sunday, officials said."
         for n in range(5)]


def test_settles_run_in_input_order_once_what_precedes_them_is_written(store: Store) -> None:
    events: list[str] = []

    def settle(name: str) -> Note:
        return Note(settle=lambda: events.append(name))

    def found(n: int) -> Found:
        return Found(Article(TEXTS[n]), f"a{n}", settle=lambda: events.append(f"a{n}"))

    entries: list[Entry] = [
        Skip("s0", "no body", kind="no article body", settle=lambda: events.append("s0")),
        found(0), settle("n1"), found(1), found(2),
        Skip("s1", "not in English: de", kind="not in English", settle=lambda: events.append("s1")),
        found(3), Note("a remark"), found(4), settle("end"),
    ]

    def written(result: object) -> None:
        events.append("written")

    run = ingest_entries(store, entries, batch_size=2, progress=written)
    assert len(run.results) == 5 and run.remarks == ["a remark"]
    assert [s.where for s in run.skipped] == ["s0", "s1"]
    assert events == ["s0", "a0", "n1", "written", "a1", "written", "a2", "s1", "written",
                      "a3", "written", "a4", "end", "written"]
    assert run.skipped_line() == "Skipped 2: 1 no article body, 1 not in English (de 1)."


def test_a_run_without_articles_settles_everything_and_loads_no_extractor(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the extractor was started")

    monkeypatch.setattr(sources_ingest, "ingest_articles", refuse)
    settled: list[str] = []
    entries: list[Entry] = [
        Skip("x", "seen before", kind="seen before", settle=lambda: settled.append("x")),
        Note("done", settle=lambda: settled.append("done")),
    ]
    run = ingest_entries(store, entries)
    assert (run.results, run.remarks, settled) == ([], ["done"], ["x", "done"])
    assert run.skipped_line() == "Skipped 1: 1 seen before."
