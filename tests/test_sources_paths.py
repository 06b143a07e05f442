"""`kg ingest` over pages, feeds and WARC files: what each path is, and the summary of what was skipped."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from news_pages import FRENCH, STORIES, Story, article_page, empty_page, front_page, rss, write_warc

from kg.errors import BadInput
from kg.sources import Found, Skip
from kg.sources.paths import path_entries


def kg(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True,
                          env=env, timeout=300)


def test_a_folder_of_pages_skips_those_without_a_body_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(article_page(STORIES[0]), encoding="utf-8")
    (tmp_path / "front.html").write_text(front_page("Example Wire", ["One", "Two"]), encoding="utf-8")
    (tmp_path / "photos.htm").write_text(empty_page("Photos"), encoding="utf-8")
    (tmp_path / "notes.json").write_text("{}", encoding="utf-8")
    sources = path_entries([tmp_path], tmp_path / "data")
    assert sources.articles == 1  # known ahead when no WARC file is streamed
    entries = list(sources.entries)
    assert [type(e) for e in entries] == [Found, Skip, Skip]
    assert [(Path(e.where).name, e.kind) for e in entries if isinstance(e, Skip)] == [
        ("front.html", "no article body"), ("photos.htm", "no article body")]
    assert [e.reason for e in entries[1:]] == [  # type: ignore[union-attr]
        "no article body: 0 words in sentences", "no article body: 0 words in sentences"]


@pytest.mark.parametrize(("name", "message"), [
    ("missing.txt", "no such file or folder"),
    ("data.pdf", "not an article, feed or WARC file"),
])
def test_paths_that_are_not_sources_are_bad_input(tmp_path: Path, name: str, message: str) -> None:
    if name != "missing.txt":
        (tmp_path / name).write_bytes(b"%PDF-1.4")
    with pytest.raises(BadInput, match=message):
        path_entries([tmp_path / name], tmp_path / "data")


def test_kg_ingest_reports_skipped_pages_and_languages(tmp_path: Path) -> None:
    french = Story("Dovra", "Combats près de Dovra", "La Vigie", "2022-07-20", "https://vigie.example/dovra",
                   tuple(FRENCH), "fr")
    write_warc(tmp_path / "crawl.warc.gz", [
        (STORIES[1].url, article_page(STORIES[1]), "text/html"),
        (french.url, article_page(french), "text/html"),
    ])
    (tmp_path / "front.html").write_text(front_page("Example Wire", ["One", "Two"]), encoding="utf-8")
    result = kg("ingest", str(tmp_path / "front.html"), str(tmp_path / "crawl.warc.gz"),
                "--data", str(tmp_path / "data"))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Ingested 1 articles")
    assert lines[1] == "Skipped 2: 1 no article body, 1 not in English (fr 1)."
    assert lines[2] == f"  skipped {tmp_path / 'front.html'}: no article body: 0 words in sentences"
    assert lines[3] == f"  skipped {french.url}: not in English: fr"


@pytest.mark.parametrize(("name", "content", "message"), [
    ("feed.xml", b"<html><body>not a feed</body></html>", "not an RSS or Atom feed"),
    ("crawl.warc.gz", b"not a WARC file\n" * 20, "not a readable WARC file"),
])
def test_kg_ingest_of_a_bad_feed_or_archive_is_one_line_and_writes_nothing(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    (tmp_path / name).write_bytes(content)
    (tmp_path / "a.txt").write_text("Rebels attacked an army checkpoint near the border.", encoding="utf-8")
    data = tmp_path / "data"
    result = kg("ingest", str(tmp_path / "a.txt"), str(tmp_path / name), "--data", str(data))
    assert result.returncode == 1
    assert result.stderr.startswith("kg: error: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not data.exists()


def test_reading_pages_feeds_and_archives_touches_no_network(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.html").write_text(article_page(STORIES[0]), encoding="utf-8")
    link_only = rss("Wire", [(STORIES[1].url, STORIES[1].title, "Tue, 19 Jul 2022 10:00:00 GMT", None)])
    (tmp_path / "feed.xml").write_text(link_only, encoding="utf-8")
    write_warc(tmp_path / "crawl.warc.gz", [(STORIES[2].url, article_page(STORIES[2]), "text/html")])

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    entries = list(path_entries([tmp_path / "a.html", tmp_path / "feed.xml", tmp_path / "crawl.warc.gz"],
                                tmp_path / "data").entries)
    assert [(type(e).__name__, getattr(e, "kind", None)) for e in entries] == [
        ("Found", None), ("Skip", "no full text"), ("Found", None), ("Note", None)]
