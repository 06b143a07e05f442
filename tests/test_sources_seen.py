"""The state file of items seen and feed validators: kept across runs, robust to a cut-off last line."""

from __future__ import annotations

from pathlib import Path

from kg.sources.seen import SeenState, text_digest


def test_items_and_validators_outlive_the_process(tmp_path: Path) -> None:
    path = tmp_path / "sources" / "seen.jsonl"
    first = SeenState(path)
    links: list[str | None] = ["https://wire.example/a?utm_source=rss#top", "https://wire.example/b"]
    first.add(links, text_digest("one  story"))
    first.set_validators("https://wire.example/rss", '"v1"', "Mon, 06 Jan 2025 10:00:00 GMT")
    first.set_validators("https://wire.example/rss", '"v2"', None)
    again = SeenState(path)
    assert again.has(url="https://wire.example/a") and again.has(url="https://wire.example/b#x")
    assert again.has(digest=text_digest("one story"))  # whitespace does not make another story
    assert not again.has(url="https://wire.example/c", digest=text_digest("another story"))
    assert again.validators("https://wire.example/rss") == {"etag": '"v2"'}
    assert again.validators("https://other.example/rss") == {}


def test_adding_what_is_known_writes_nothing(tmp_path: Path) -> None:
    state = SeenState(tmp_path / "seen.jsonl")
    state.add(["https://wire.example/a"], "d1")
    size = (tmp_path / "seen.jsonl").stat().st_size
    state.add(["https://wire.example/a"], "d1")
    state.set_validators("https://wire.example/rss", None, None)
    assert (tmp_path / "seen.jsonl").stat().st_size == size


def test_a_line_cut_off_by_a_crash_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "seen.jsonl"
    SeenState(path).add(["https://wire.example/a"], "d1")
    with path.open("a", encoding="utf-8") as out:
        out.write('{"url": "https://wire.example/b", "dig')
    state = SeenState(path)
    assert state.has(url="https://wire.example/a") and not state.has(url="https://wire.example/b")
