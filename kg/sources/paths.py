"""The paths given to `kg ingest`, each to its reader: article files, RSS/Atom feeds, WARC archives."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path
from typing import NamedTuple

from kg.articles import ARTICLE_SUFFIXES, read_article
from kg.errors import BadInput, NotAnArticle
from kg.sources import Entry, Found, Skip
from kg.sources.feeds import FEED_SUFFIXES, feed_entries, parse_feed
from kg.sources.seen import SEEN_FILE, SeenState
from kg.sources.warc import RESUME_DIR, WARC_SUFFIXES, check_warc, warc_entries

__all__ = ["SUFFIXES", "Sources", "path_entries"]

SUFFIXES = ARTICLE_SUFFIXES + FEED_SUFFIXES + WARC_SUFFIXES


def _suffix(path: Path) -> str:
    name = path.name.lower()
    return next((s for s in WARC_SUFFIXES if name.endswith(s)), path.suffix.lower())


def _files(paths: Iterable[Path]) -> list[Path]:
    """Files as given, folders as their article and WARC files (not feeds, not subfolders), sorted."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            inside = (ARTICLE_SUFFIXES + WARC_SUFFIXES)
            files.extend(sorted(p for p in path.iterdir() if p.is_file() and _suffix(p) in inside))
        elif path.exists():
            if _suffix(path) not in SUFFIXES:
                raise BadInput(f"{path}: not an article, feed or WARC file (expected {', '.join(SUFFIXES)})")
            files.append(path)
        else:
            raise BadInput(f"no such file or folder: {path}")
    return files


class Sources(NamedTuple):
    """The entries read from some paths, and how many articles they hold when that is known."""

    entries: Iterator[Entry]
    articles: int | None
    """The number of `Found` entries; None when a WARC file is among the paths (it is streamed)."""


def path_entries(paths: Iterable[Path], data: Path) -> Sources:
    """Every article in `paths`, with the pages and items skipped and why; state kept under `data`.

    Article files and feeds are all read, and each WARC file's first record, before this returns, so
    that a bad one (BadInput) stops the ingest before anything is written; WARC files are streamed
    afterwards, as the caller reads on.
    """
    paths = list(paths)
    files = _files(paths)
    if not files:
        named = ", ".join(map(str, paths))
        raise BadInput(f"no article, feed or WARC files ({', '.join(SUFFIXES)}) in {named}")
    seen = SeenState(data / SEEN_FILE)
    ready: list[Entry] = []
    archives: list[Path] = []
    for path in files:
        suffix = _suffix(path)
        if suffix in WARC_SUFFIXES:
            check_warc(path)
            archives.append(path)
        elif suffix in FEED_SUFFIXES:
            try:
                feed = parse_feed(path.read_bytes(), str(path))
            except OSError as exc:
                raise BadInput(f"{path}: {exc.strerror or exc}") from None
            ready.extend(feed_entries(feed, str(path), seen))
        else:
            try:
                ready.append(Found(read_article(path), str(path)))
            except NotAnArticle as exc:
                ready.append(Skip(str(path), str(exc).removeprefix(f"{path}: "), kind="no article body"))
    found = None if archives else sum(1 for e in ready if isinstance(e, Found))
    return Sources(chain(ready, *(warc_entries(p, data / RESUME_DIR, seen) for p in archives)), found)
