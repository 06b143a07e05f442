"""`kg watch`: feeds and pages served on loopback, polled in rounds, each item ingested once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from news_pages import ENGLISH, STORIES, Story, article_page, front_page, rss
from server import interruptible

from kg.errors import BadInput
from kg.settings import Settings
from kg.sources.watch import Watcher
from kg.store import Store

TITLES = ("PREFIX conf: <https://w3id.org/conflict-kg/ontology#> "
          "SELECT ?t WHERE { ?d a conf:Article ; conf:title ?t }")


class Site:
    """A news site on a free loopback port: pages by path, an ETag on the feed, every request logged."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[bytes, str]] = {}
        self.requests: list[tuple[str, int]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
                path = self.path.split("?")[0]
                body, content_type = site.pages.get(path, (b"", ""))
                etag = f'"{hash(body) & 0xFFFFFFFF:x}"'
                if not content_type:
                    status = 404
                elif self.headers.get("If-None-Match") == etag:
                    status = 304
                else:
                    status = 200
                site.requests.append((path, status))
                self.send_response(status)
                if status == 200:
                    self.send_header("Content-Type", content_type)
                    self.send_header("ETag", etag)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                else:
                    self.send_header("Content-Length", "0")
                    self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def put(self, path: str, body: str, content_type: str = "text/html; charset=utf-8") -> str:
        self.pages[path] = (body.encode("utf-8"), content_type)
        return self.base + path

    def hits(self, path: str) -> list[int]:
        return [status for p, status in self.requests if p == path]


@pytest.fixture
def site() -> Iterator[Site]:
    served = Site()
    yield served
    served.server.shutdown()
    served.server.server_close()


def publish(site: Site, stories: list[Story], extra: list[tuple[str, str, str, str | None]] = ()) -> str:
    """The stories' pages on `site` and a feed linking to them (link only: the pages must be fetched)."""
    items = []
    for n, story in enumerate(stories):
        url = site.put(f"/story/{n}", article_page(story).replace(story.url, f"{site.base}/story/{n}"))
        items.append((url + "?utm_source=rss", story.title, "Mon, 06 Jan 2025 10:00:00 GMT", None))
    return site.put("/feed.xml", rss("Example Wire", [*items, *extra]), "application/rss+xml")


def titles(store: Store) -> list[str]:
    return sorted(str(r["t"]) for r in store.query(TITLES).rows)


def test_a_feed_polled_twice_ingests_each_item_once(store: Store, settings: Settings, site: Site) -> None:
    feed = publish(site, STORIES, extra=[(site.put("/", front_page("Example Wire", ["a", "b"])),
                                          "Front page", "Mon, 06 Jan 2025 10:00:00 GMT", None)])
    watcher = Watcher(store, [feed], settings.data, batch_size=2)
    lines: list[str] = []
    (first,) = watcher.poll(lines.append)
    assert (first.status, first.items, first.ingested) == ("200", 4, 3)
    assert [s.kind for s in first.skipped] == ["no article body"]
    assert titles(store) == sorted(s.title for s in STORIES)
    assert lines[0].endswith(f"{feed}: 200, 4 items: 3 ingested, 1 skipped (1 no article body)")

    (second,) = watcher.poll(lines.append)
    assert second.status == "304 not modified" and lines[1].endswith(f"{feed}: 304 not modified")
    assert site.hits("/feed.xml") == [200, 304]
    assert all(site.hits(f"/story/{n}") == [200] for n in range(3)) and site.hits("/") == [200]
    assert titles(store) == sorted(s.title for s in STORIES)
    watcher.close()


def test_a_restarted_watcher_ingests_only_new_items(store: Store, settings: Settings, site: Site) -> None:
    feed = publish(site, STORIES[:2])
    Watcher(store, [feed], settings.data).poll(lambda _: None)
    extra = Story("Orlen", "Shelling reaches Orlen", "Example Wire", "2025-01-07", "https://x.example/orlen",
                  tuple(p.replace("Monday", "Tuesday") for p in ENGLISH))
    publish(site, [*STORIES[:2], extra])  # the feed changes: a new ETag, one new item
    restarted = Watcher(store, [feed], settings.data)
    (again,) = restarted.poll(lambda _: None)
    assert (again.status, again.items, again.ingested) == ("200", 3, 1)
    assert [s.kind for s in again.skipped] == ["seen before", "seen before"]
    assert site.hits("/story/0") == [200] and site.hits("/story/2") == [200]
    assert titles(store) == sorted([*(s.title for s in STORIES[:2]), extra.title])


def test_a_page_that_fails_is_tried_again_next_round(store: Store, settings: Settings, site: Site) -> None:
    feed = publish(site, STORIES[:1])
    del site.pages["/story/0"]
    watcher = Watcher(store, [feed], settings.data)
    (first,) = watcher.poll(lambda _: None)
    assert first.ingested == 0 and [s.reason for s in first.skipped] == ["not fetched: HTTP 404"]
    publish(site, STORIES[:1])
    (second,) = watcher.poll(lambda _: None)  # the validators were not kept: the feed is read in full
    assert (second.status, second.ingested) == ("200", 1)
    assert site.hits("/story/0") == [404, 200]


def test_a_page_too_large_is_not_read(store: Store, settings: Settings, site: Site) -> None:
    feed = publish(site, STORIES[:1])
    watcher = Watcher(store, [feed], settings.data, max_bytes=len(site.pages["/feed.xml"][0]) + 100)
    (outcome,) = watcher.poll(lambda _: None)
    assert [s.reason for s in outcome.skipped] == [f"not fetched: larger than {watcher.max_bytes} bytes"]


def test_a_feed_that_fails_is_one_line_and_the_others_go_on(
    store: Store, settings: Settings, site: Site
) -> None:
    good = publish(site, STORIES[:1])
    lines: list[str] = []
    Watcher(store, [site.base + "/missing.xml", good], settings.data).poll(lines.append)
    assert lines[0].endswith("/missing.xml: failed: HTTP 404")
    assert lines[1].endswith(": 200, 1 items: 1 ingested")


@pytest.mark.parametrize("address", ["file:///etc/passwd", "ftp://feeds.example/rss", "feeds.example/rss",
                                     "http://[::1"])
def test_only_http_addresses_are_feeds(store: Store, settings: Settings, address: str) -> None:
    with pytest.raises(BadInput, match="not an http"):
        Watcher(store, [address], settings.data)


def test_kg_watch_of_a_bad_address_is_one_line_and_opens_no_store(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    command = [sys.executable, "-m", "kg.cli", "watch", "ftp://x", "--data", str(tmp_path / "d")]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 1
    assert result.stderr == "kg: error: not an http(s) address of a feed: ftp://x\n"
    assert not (tmp_path / "d").exists()


def test_kg_watch_command_runs_rounds_and_logs_a_line_per_feed(site: Site, tmp_path: Path) -> None:
    feed = publish(site, STORIES[:1])
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    result = subprocess.run(
        [sys.executable, "-m", "kg.cli", "watch", feed, "--rounds", "2", "--interval", "0.1",
         "--data", str(tmp_path / "data")],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].endswith(f"{feed}: 200, 1 items: 1 ingested")
    assert lines[1].endswith(f"{feed}: 304 not modified")


def test_kg_watch_stops_cleanly_on_ctrl_c(site: Site, tmp_path: Path) -> None:
    feed = publish(site, STORIES[:1])
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "watch", feed, "--interval", "600",
         "--data", str(tmp_path / "data")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, preexec_fn=interruptible,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()  # the first round's line: the watcher now sleeps
        assert first.rstrip().endswith(f"{feed}: 200, 1 items: 1 ingested")
        time.sleep(1.0)  # past the end of the round, into the wait for the next
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 0, err
    assert out.strip() == "Stopped after 1 rounds."
