"""WARC archives: article pages in English ingested with their metadata, the rest counted, runs resumed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from news_pages import (
    ENGLISH,
    FRENCH,
    GERMAN,
    STORIES,
    Story,
    article_page,
    empty_page,
    front_page,
    write_warc,
)

from kg.errors import BadInput
from kg.settings import Settings
from kg.sources import Found, Note
from kg.sources.ingest import SourcesResult, ingest_entries
from kg.sources.paths import path_entries
from kg.sources.seen import SEEN_FILE, SeenState
from kg.sources.warc import RESUME_DIR, warc_entries
from kg.store import Store, open_store

ARTICLES = """
PREFIX conf: <https://w3id.org/conflict-kg/ontology#>
SELECT ?title ?published ?source ?url WHERE {
  ?doc a conf:Article ; conf:title ?title ; conf:published ?published ; conf:source ?source ; conf:url ?url
} ORDER BY ?title
"""

GERMAN_STORY = Story("Kalmar", "Milizen beschießen Kalmar", "Der Bote", "2021-03-05",
                     "https://bote.example/kalmar", tuple(GERMAN), "de")
FRENCH_STORY = Story("Dovra", "Combats près de Dovra", "La Vigie", "2022-07-20",
                     "https://vigie.example/dovra", tuple(FRENCH), "fr")
UNDATED = Story("Orlen", "Shelling reaches Orlen", "Plains Post", "", "https://post.example/orlen",
                tuple(p.replace("Monday", "Tuesday") for p in ENGLISH))


def crawl(path: Path) -> Path:
    """A small crawl: three stories, one undated, two in other languages, a front page, a picture."""
    undated = article_page(UNDATED).replace('<meta property="article:published_time" content="T08:15:00Z">',
                                            "")
    write_warc(path, [
        (STORIES[0].url, article_page(STORIES[0]), "text/html; charset=utf-8"),
        ("https://wire.example/", front_page("Example Wire", [f"Story {n} of the day" for n in range(20)]),
         "text/html"),
        (GERMAN_STORY.url, article_page(GERMAN_STORY), "text/html"),
        ("https://wire.example/logo.png", b"\x89PNG\r\n\x1a\n", "image/png"),
        (STORIES[1].url, article_page(STORIES[1]), "text/html"),
        ("https://wire.example/gallery", empty_page("Pictures of the week"), "text/html"),
        (FRENCH_STORY.url, article_page(FRENCH_STORY), "text/html"),
        (STORIES[2].url, article_page(STORIES[2]), "text/html"),
        (UNDATED.url, undated, "text/html"),
    ])
    return path


def stored(store: Store) -> list[tuple[str, str, str, str]]:
    return [(str(r["title"]), str(r["published"]), str(r["source"]), str(r["url"]))
            for r in store.query(ARTICLES).rows]


def ingest(store: Store, paths: list[Path], settings: Settings, **kwargs: object) -> SourcesResult:
    return ingest_entries(store, path_entries(paths, settings.data).entries, batch_size=2, **kwargs)  # type: ignore[arg-type]


def test_article_pages_ingest_with_titles_dates_and_outlets(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    run = ingest(store, [crawl(tmp_path / "crawl.warc.gz")], settings)
    english = [*STORIES, UNDATED]
    assert len(run.results) == len(english)
    expected = sorted((s.title, s.published or "2023-01-15", s.outlet, s.url) for s in english)
    assert stored(store) == expected  # the undated page takes the day it was captured
    kinds = sorted((s.kind, s.where) for s in run.skipped)
    assert kinds == [
        ("no article body", "https://wire.example/"),
        ("no article body", "https://wire.example/gallery"),
        ("not in English", GERMAN_STORY.url),
        ("not in English", FRENCH_STORY.url),
    ]
    assert run.skipped_line() == "Skipped 4: 2 no article body, 2 not in English (de 1, fr 1)."
    assert {s.reason for s in run.skipped if s.kind == "no article body"} == {
        "no article body: 0 words in sentences"}


def test_a_second_run_over_a_finished_archive_reads_nothing(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    archive = crawl(tmp_path / "crawl.warc.gz")
    ingest(store, [archive], settings)
    again = ingest(store, [archive], settings)
    assert (again.results, again.skipped) == ([], [])
    assert again.remarks == [f"{archive}: read to its end by an earlier run (18 records)"]


@pytest.mark.parametrize("gzip", [True, False], ids=["warc.gz", "warc"])
def test_an_interrupted_run_resumes_without_duplicates(
    store: Store, settings: Settings, tmp_path: Path, gzip: bool
) -> None:
    archive = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    write_warc(archive, [(s.url, article_page(s), "text/html") for s in [*STORIES, UNDATED]], gzip=gzip)

    class Stop(Exception):
        pass

    def stop_at_the_second(result: object) -> None:
        if written:
            raise Stop
        written.append(result)

    written: list[object] = []
    with pytest.raises(Stop):
        ingest(store, [archive], settings, progress=stop_at_the_second)
    first = {t for t, *_ in stored(store)}
    assert 1 <= len(first) < 4
    resumed = list(warc_entries(archive, settings.data / RESUME_DIR, SeenState(settings.data / SEEN_FILE)))
    assert isinstance(resumed[0], Note) and "resuming at record" in (resumed[0].remark or "")
    titles_left = [e.article.title for e in resumed if isinstance(e, Found)]
    assert len(titles_left) < 4 and not ({STORIES[0].title} & set(titles_left))

    run = ingest(store, [archive], settings)
    assert run.remarks and "resuming" in run.remarks[0]
    titles = [t for t, *_ in stored(store)]
    assert sorted(titles) == sorted(s.title for s in [*STORIES, UNDATED])  # each once
    count = ("SELECT (COUNT(DISTINCT ?g) AS ?n) "
             "WHERE { GRAPH ?g { ?d a <https://w3id.org/conflict-kg/ontology#Article> } }")
    assert int(store.query(count).rows[0]["n"]) == 4  # type: ignore[call-overload]


def test_a_damaged_archive_is_one_clear_error(store: Store, settings: Settings, tmp_path: Path) -> None:
    archive = tmp_path / "broken.warc.gz"
    archive.write_bytes(b"this is not a WARC file at all\n" * 10)

    with pytest.raises(BadInput, match="not a readable WARC file"):
        ingest(store, [archive], settings)
    assert stored(store) == []


def test_an_archive_damaged_after_its_start_keeps_what_came_before(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    archive = tmp_path / "cut.warc.gz"
    write_warc(archive, [(s.url, article_page(s), "text/html") for s in STORIES[:2]])
    archive.write_bytes(archive.read_bytes() + b"garbage after the last record\n" * 5)
    with pytest.raises(BadInput, match="not a readable WARC file at record 5"):
        ingest(store, [archive], settings)
    assert sorted(t for t, *_ in stored(store)) == sorted(s.title for s in STORIES[:2])


def test_a_killed_ingest_resumes_without_duplicates(tmp_path: Path) -> None:
    stories = [Story(f"Town{n}", f"Fighting near Town{n}", "Example Wire", f"2021-03-{1 + n % 28:02d}",
                     f"https://wire.example/story/{n}") for n in range(30)]
    archive = tmp_path / "crawl.warc.gz"
    write_warc(archive, [(s.url, article_page(s), "text/html") for s in stories])
    data = tmp_path / "data"
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("KG_")}, "KG_BATCH_SIZE": "2"}
    command = [sys.executable, "-m", "kg.cli", "ingest", str(archive), "--data", str(data)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and process.poll() is None:
            states = list((data / RESUME_DIR).glob("*.json"))
            if states and json.loads(states[0].read_text())["records"] > 0:
                break
            time.sleep(0.05)
        assert process.poll() is None, "the ingest ended before it could be killed"
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.wait(timeout=30)

    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert "resuming at record" in again.stdout
    with open_store(Settings(data=data, store=None)) as store:
        assert sorted(t for t, *_ in stored(store)) == sorted(s.title for s in stories)
        graphs = store.query("SELECT (COUNT(DISTINCT ?g) AS ?n) "
                             "WHERE { GRAPH ?g { ?d a <https://w3id.org/conflict-kg/ontology#Article> } }")
        assert int(graphs.rows[0]["n"]) == len(stories)  # type: ignore[call-overload]


def test_a_page_captured_twice_is_ingested_once(store: Store, settings: Settings, tmp_path: Path) -> None:
    story = STORIES[0]
    updated = Story(story.place, story.title, story.outlet, story.published, story.url,
                    (*story.paragraphs, "The ministry later said the road had reopened to traffic."))
    archive = tmp_path / "crawl.warc.gz"
    write_warc(archive, [(story.url, article_page(story), "text/html"),
                         (story.url + "?utm_source=x", article_page(updated), "text/html")])
    run = ingest(store, [archive], settings)
    assert len(run.results) == 1
    assert [(s.where, s.kind) for s in run.skipped] == [(story.url + "?utm_source=x", "seen before")]
