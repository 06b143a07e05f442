"""Polling RSS/Atom feeds over HTTP, round after round, ingesting each new item once.

Choices a caller should know:
- Each feed is asked with a conditional GET (If-None-Match / If-Modified-Since from its last full
  answer): an unchanged feed costs one 304 and nothing else.
- An item without full content in the feed has its page fetched (this is the network use the
  command exists for); a page that cannot be fetched is tried again next round, and the feed's
  validators are then not kept, so that the next round reads the feed in full again.
- What was seen, and each feed's validators, live in the data folder (`kg.sources.seen`): a watcher
  stopped and started again goes on where it was.
- One line per feed per round goes to `log`; a first big pull (many new items) shows progress bars
  on standard error when it is a terminal.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from kg.errors import BadInput
from kg.extract.pool import ExtractionPool
from kg.sources import Entry, Note, Skip
from kg.sources.feeds import feed_entries, parse_feed
from kg.sources.ingest import ingest_entries
from kg.sources.seen import SEEN_FILE, SeenState
from kg.store import Store

__all__ = ["FeedRound", "Watcher", "feed_addresses"]

USER_AGENT = "conflict-kg/0.1 (feed reader)"
FIRST_PULL = 10
MAX_PAGE_BYTES = 20_000_000
"""Largest page or feed read; a news page with its inline scripts is a few MB at most."""
"""New items in one feed from which a round shows progress bars."""


@dataclass
class FeedRound:
    """What one poll of one feed did: the HTTP answer, its items, what was ingested and skipped."""

    feed: str
    status: str
    items: int = 0
    ingested: int = 0
    skipped: list[Skip] = field(default_factory=list)

    def line(self) -> str:
        """One log line: when, which feed, the answer, and the items' fate."""
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        if not self.items and not self.skipped:
            return f"{stamp} {self.feed}: {self.status}"
        kinds = ", ".join(f"{n} {kind}" for kind, n in Counter(s.kind for s in self.skipped).most_common())
        skipped = f", {len(self.skipped)} skipped ({kinds})" if self.skipped else ""
        return f"{stamp} {self.feed}: {self.status}, {self.items} items: {self.ingested} ingested{skipped}"


def feed_addresses(feeds: Sequence[str]) -> list[str]:
    """The feeds' addresses, each checked to be http(s); BadInput for any other."""
    for url in feeds:
        try:
            scheme = httpx.URL(url).scheme
        except httpx.InvalidURL:
            scheme = ""
        if scheme not in ("http", "https"):
            raise BadInput(f"not an http(s) address of a feed: {url}")
    return list(feeds)


class Watcher:
    """Polls `feeds` into `store`, keeping what it has seen in the data folder `data`.

    `timeout` bounds each HTTP request, in seconds; a feed or page above `max_bytes` is not read.
    """

    def __init__(
        self,
        store: Store,
        feeds: Sequence[str],
        data: Path,
        pool: ExtractionPool | None = None,
        batch_size: int = 32,
        timeout: float = 30.0,
        max_bytes: int = MAX_PAGE_BYTES,
    ) -> None:
        self.store = store
        self.feeds = feed_addresses(feeds)
        self.seen = SeenState(data / SEEN_FILE)
        self.pool = pool
        self.batch_size = batch_size
        self.rounds = 0
        self.max_bytes = max_bytes
        self.client = httpx.Client(
            headers={"User-Agent": USER_AGENT}, follow_redirects=True, timeout=timeout
        )

    def close(self) -> None:
        """Close the HTTP connections."""
        self.client.close()

    def poll(self, log: Callable[[str], None] = print) -> list[FeedRound]:
        """One round: every feed once, each new item ingested; one line per feed to `log`."""
        done = []
        for url in self.feeds:
            outcome = self._poll_feed(url)
            log(outcome.line())
            done.append(outcome)
        self.rounds += 1
        return done

    def run(self, interval: float, rounds: int = 0, log: Callable[[str], None] = print) -> None:
        """Poll every `interval` seconds, `rounds` times (0: until interrupted)."""
        while True:
            started = time.monotonic()
            self.poll(log)
            if rounds and self.rounds >= rounds:
                return
            time.sleep(max(0.0, interval - (time.monotonic() - started)))

    def _poll_feed(self, url: str) -> FeedRound:
        validators = self.seen.validators(url)
        headers = {}
        if "etag" in validators:
            headers["If-None-Match"] = validators["etag"]
        if "last_modified" in validators:
            headers["If-Modified-Since"] = validators["last_modified"]
        try:
            response, body = self._get(url, headers)
            if response.status_code == 304:
                return FeedRound(url, "304 not modified")
            feed = parse_feed(body, str(response.url))
        except (httpx.HTTPError, BadInput, OSError) as exc:
            return FeedRound(url, f"failed: {_message(exc)}")
        fresh = sum(1 for item in feed.items if not self.seen.has(url=item.link))
        with _bar(fresh, "pages", fresh >= FIRST_PULL) as pages:
            entries: list[Entry] = []
            for entry in feed_entries(feed, url, self.seen, fetch_page=self._fetch_page):
                entries.append(entry)
                pages.update(1)
        if not any(isinstance(e, Skip) and e.kind == "not fetched" for e in entries):
            etag, modified = response.headers.get("ETag"), response.headers.get("Last-Modified")
            entries.append(Note(settle=lambda: self.seen.set_validators(url, etag, modified)))
        found = len(entries) - sum(1 for e in entries if isinstance(e, Skip | Note))
        with _bar(found, "articles", found >= FIRST_PULL) as articles:
            run = ingest_entries(
                self.store,
                entries,
                pool=self.pool,
                batch_size=self.batch_size,
                progress=lambda _: articles.update(1),
            )
        return FeedRound(url, str(response.status_code), len(feed.items), len(run.results), run.skipped)

    def _get(self, url: str, headers: dict[str, str] | None = None) -> tuple[httpx.Response, bytes]:
        """The answer to a GET of `url` and its body.

        HTTPError for an error status (a 304 is an answer), OSError for a body above `max_bytes`.
        """
        with self.client.stream("GET", url, headers=headers) as response:
            if response.status_code != 304:
                response.raise_for_status()
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > self.max_bytes:
                    raise OSError(f"larger than {self.max_bytes} bytes")
        return response, bytes(body)

    def _fetch_page(self, url: str) -> bytes:
        """The page at `url`; OSError when it cannot be had."""
        try:
            return self._get(url)[1]
        except httpx.HTTPError as exc:
            raise OSError(_message(exc)) from None


def _message(exc: Exception) -> str:
    if isinstance(exc, httpx.HTTPStatusError):
        return f"HTTP {exc.response.status_code}"
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _bar(total: int, unit: str, shown: bool) -> Any:
    """A tqdm progress bar on standard error, drawn only when `shown` and standard error is a terminal."""
    from tqdm import tqdm

    return tqdm(total=total, unit=unit.rstrip("s"), desc=unit, file=sys.stderr,
                disable=not (shown and sys.stderr.isatty()), leave=False)
