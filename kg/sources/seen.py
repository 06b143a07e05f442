"""What the feed and archive readers have already ingested, kept across runs in the data folder.

An append-only file of JSON lines: one line per item ingested (its canonical URL and the digest of its
text) and one per feed validator (ETag, Last-Modified), the last line for a feed winning. Appending a
line is cheap however long the history grows, and a run stopped half-way through a line loses only
that line (an unreadable line is ignored when the file is read again).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from kg.sources.html import canonical_url

__all__ = ["SEEN_FILE", "SeenState", "text_digest"]

SEEN_FILE = "sources/seen.jsonl"
"""Where the state sits in the data folder."""


def text_digest(text: str) -> str:
    """The SHA-256 of `text` with its whitespace normalised: one digest per story however it is laid out."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


class SeenState:
    """Item URLs and text digests ingested, and each feed's validators, read from and added to `path`."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._urls: set[str] = set()
        self._digests: set[str] = set()
        self._validators: dict[str, dict[str, str]] = {}
        if self.path.is_file():
            for line in self.path.read_text(encoding="utf-8").splitlines():
                self._read(line)

    def _read(self, line: str) -> None:
        try:
            record = json.loads(line)
        except ValueError:
            return
        if not isinstance(record, dict):
            return
        if isinstance(record.get("feed"), str):
            self._validators[record["feed"]] = {
                k: str(record[k]) for k in ("etag", "last_modified") if record.get(k)
            }
            return
        if isinstance(record.get("url"), str):
            self._urls.add(record["url"])
        if isinstance(record.get("digest"), str):
            self._digests.add(record["digest"])

    def _append(self, record: dict[str, str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")

    def has(self, url: str | None = None, digest: str | None = None) -> bool:
        """Whether an item at `url` (canonical form) or with text digest `digest` was ingested before."""
        return bool(url and canonical_url(url) in self._urls) or bool(digest and digest in self._digests)

    def add(self, urls: list[str | None], digest: str | None = None) -> None:
        """Record an item ingested (or refused for good) under each of its `urls` and its text digest."""
        keys = sorted({canonical_url(u) for u in urls if u} - self._urls)
        if not keys and (digest is None or digest in self._digests):
            return
        record: dict[str, str] = {"digest": digest} if digest else {}
        for record_of_url in [{"url": url, **record} for url in keys] or [record]:
            self._append(record_of_url)
        self._urls.update(keys)
        if digest:
            self._digests.add(digest)

    def validators(self, feed: str) -> dict[str, str]:
        """The ETag and Last-Modified a feed last answered with (keys `etag`, `last_modified`)."""
        return dict(self._validators.get(feed, {}))

    def set_validators(self, feed: str, etag: str | None, last_modified: str | None) -> None:
        """Remember the validators of `feed`'s last full answer, for the next conditional GET."""
        values = {k: v for k, v in (("etag", etag), ("last_modified", last_modified)) if v}
        if values != self._validators.get(feed, {}):
            self._append({"feed": feed, **values})
            self._validators[feed] = values
