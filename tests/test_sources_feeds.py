"""RSS and Atom documents to articles: full content used, summaries never, each item once across runs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from news_pages import STORIES, atom, rss

from kg.errors import BadInput
from kg.settings import Settings
from kg.sources import Found, Skip
from kg.sources.feeds import feed_entries, parse_feed
from kg.sources.ingest import ingest_entries
from kg.sources.paths import path_entries
from kg.sources.seen import SEEN_FILE, SeenState
from kg.store import Store


def full(story_index: int) -> str:
    return "".join(f"<p>{p}</p>" for p in STORIES[story_index].body)


RSS = rss("Example Wire: World", [
    (STORIES[0].url + "?utm_source=rss", STORIES[0].title, "Thu, 04 Mar 2021 08:15:00 GMT", full(0)),
    (STORIES[1].url, STORIES[1].title, "Tue, 19 Jul 2022 10:00:00 GMT", None),
])
ATOM = atom("Valley Herald", [
    (STORIES[2].url, STORIES[2].title, "2020-11-02T09:00:00Z", full(2)),
])


def test_rss_item_with_full_content_is_an_article_and_a_link_only_item_is_not() -> None:
    feed = parse_feed(RSS.encode(), "https://feeds.example/world.xml")
    assert feed.title == "Example Wire: World" and len(feed.items) == 2
    first, second = feed_entries(feed, "world.xml", SeenState(Path("/nonexistent/seen.jsonl")))
    assert isinstance(first, Found)
    assert (first.article.title, first.article.published, first.article.source, first.article.url) == (
        STORIES[0].title, date(2021, 3, 4), "Example Wire: World", STORIES[0].url)
    assert first.article.text == STORIES[0].text
    assert isinstance(second, Skip) and second.kind == "no full text"


def test_atom_entry_content_is_read() -> None:
    (entry,) = feed_entries(parse_feed(ATOM.encode(), "https://herald.example/atom"), "atom",
                            SeenState(Path("/nonexistent/seen.jsonl")))
    assert isinstance(entry, Found)
    assert (entry.article.title, entry.article.published) == (STORIES[2].title, date(2020, 11, 2))


@pytest.mark.parametrize("data", [b"", b"<html><body>No feed here</body></html>", b"\x00\x01 not xml"])
def test_what_is_no_feed_is_bad_input(data: bytes) -> None:
    with pytest.raises(BadInput, match="not an RSS or Atom feed"):
        parse_feed(data, "somewhere.xml")


def test_feed_file_ingested_twice_adds_each_item_once(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    feed = tmp_path / "world.xml"
    feed.write_text(RSS, encoding="utf-8")
    first = ingest_entries(store, path_entries([feed], settings.data).entries)
    assert [r.article_id for r in first.results] and len(first.results) == 1
    assert [s.kind for s in first.skipped] == ["no full text"]
    second = ingest_entries(store, path_entries([feed], settings.data).entries)
    assert second.results == []
    assert sorted(s.kind for s in second.skipped) == ["no full text", "seen before"]
    # The same story under another address is still the same story: its text digest is known.
    moved = tmp_path / "moved.xml"
    moved.write_text(RSS.replace(STORIES[0].url, "https://mirror.example/story"), encoding="utf-8")
    third = ingest_entries(store, path_entries([moved], settings.data).entries)
    assert third.results == [] and "seen before" in [s.kind for s in third.skipped]
    assert (settings.data / SEEN_FILE).is_file()
