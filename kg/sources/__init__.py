"""Where articles come from besides text files: saved web pages, RSS/Atom feeds and WARC archives.

Each reader yields `Found` articles, `Skip` notes and `Note` marks in the order of its input; each may
carry a `settle` callback that the caller runs once everything before it is in the store, which is how
the feed reader remembers what it has seen and the WARC reader where it stopped.

- `html`: one saved page to an `Article` (trafilatura and htmldate; no network).
- `language`: the language of a text (py3langid).
- `feeds`: the items of an RSS/Atom document (feedparser) to articles.
- `seen`: the state file of feed validators, item URLs and content digests already ingested.
- `warc`: the HTML responses of a WARC file, resumable where the last run stopped.
- `paths`: the paths given to `kg ingest` to readers.
- `ingest`: found articles into the store, settling each once written.
- `watch`: polling feeds over HTTP, round after round.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kg.models import Article

__all__ = ["Entry", "Found", "Note", "Skip"]


@dataclass(frozen=True)
class Found:
    """An article read from `where` (a file, a feed item, a WARC record)."""

    article: Article
    where: str
    settle: Callable[[], None] | None = None


@dataclass(frozen=True)
class Skip:
    """Something read from `where` that is not ingested: why (`reason`) and under which heading (`kind`)."""

    where: str
    reason: str
    kind: str
    settle: Callable[[], None] | None = None


@dataclass(frozen=True)
class Note:
    """A point reached in a source (its end, a place resumed from), with a remark for the summary."""

    remark: str | None = None
    settle: Callable[[], None] | None = None


Entry = Found | Skip | Note
