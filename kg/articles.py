"""Reading article files into `Article`: .txt and .md with a `Key: value` header, saved .html pages."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from functools import lru_cache
from pathlib import Path

from kg.errors import BadInput, NotAnArticle
from kg.models import EARLIEST_PUBLISHED, LATEST_PUBLISHED, Article, published_in_range

__all__ = ["ARTICLE_SUFFIXES", "article_files", "iter_articles", "parse_date", "read_article"]

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
MANIFEST = "manifest.json"
_HEADER_KEYS = {"title", "published", "source", "url"}
_HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z ]*):\s*(.*)$")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(value: str) -> date:
    """A date written YYYY-MM-DD; BadInput for anything else."""
    text = value.strip()
    if not _DATE.fullmatch(text):
        raise BadInput(f"not a date in YYYY-MM-DD form: {value!r}")
    try:
        published = date.fromisoformat(text)
    except ValueError:
        raise BadInput(f"not a valid date: {value!r}") from None
    if not published_in_range(published):
        raise BadInput(
            f"not a plausible publication date: {value!r} (from {EARLIEST_PUBLISHED} to {LATEST_PUBLISHED})"
        )
    return published


def _split_header(text: str) -> tuple[dict[str, str], str]:
    """A leading block of `Key: value` lines (Title, Published, Source, URL) ended by a blank line."""
    lines = text.lstrip("\ufeff").splitlines()
    header: dict[str, str] = {}
    for n, line in enumerate(lines):
        if not line.strip():
            if header:
                return header, "\n".join(lines[n + 1 :])
            break
        match = _HEADER_LINE.match(line)
        if not match or match.group(1).strip().lower() not in _HEADER_KEYS:
            break
        header[match.group(1).strip().lower()] = match.group(2).strip()
    return {}, text


@lru_cache(maxsize=64)
def _manifest(folder: Path, mtime: float) -> dict[str, dict[str, str]]:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BadInput(f"{folder / MANIFEST}: {exc}") from None
    if not isinstance(data, dict):
        raise BadInput(f"{folder / MANIFEST}: expected an object of file name to metadata")
    return {str(k): v for k, v in data.items() if isinstance(v, dict)}


def _manifest_entry(path: Path) -> dict[str, str]:
    manifest = path.parent / MANIFEST
    if not manifest.is_file():
        return {}
    entry = _manifest(path.parent.resolve(), manifest.stat().st_mtime).get(path.name, {})
    return {str(k).lower(): str(v) for k, v in entry.items() if v is not None}


def read_article(path: Path) -> Article:
    """The article in a .txt, .md or .html file; metadata from its header, else from manifest.json.

    A saved page is read by `kg.sources.html`: its own title, date, outlet and canonical URL win over
    the manifest's, which fill in what the page leaves out. BadInput when the file cannot be read, has
    an unknown suffix, a bad date, or no text; NotAnArticle when a page holds no article body.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in ARTICLE_SUFFIXES:
        raise BadInput(f"{path}: not an article file (expected {', '.join(ARTICLE_SUFFIXES)})")
    if suffix in (".html", ".htm"):
        return _read_page(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise BadInput(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise BadInput(f"{path}: {exc.strerror or exc}") from None
    header, text = _split_header(raw)
    meta = {**_manifest_entry(path), **header}
    text = text.strip()
    if not text:
        raise BadInput(f"{path}: the article has no text")
    return Article(
        text=text,
        title=meta.get("title") or None,
        published=_published(path, meta),
        source=meta.get("source") or None,
        url=meta.get("url") or None,
    )


def _read_page(path: Path) -> Article:
    from kg.sources.html import read_page

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BadInput(f"{path}: {exc.strerror or exc}") from None
    meta = _manifest_entry(path)
    try:
        page = read_page(raw, url=meta.get("url") or None)
    except NotAnArticle as exc:
        raise NotAnArticle(f"{path}: {exc}") from None
    return replace(
        page,
        title=page.title or meta.get("title") or None,
        published=page.published or _published(path, meta),
        source=page.source or meta.get("source") or None,
        url=page.url or meta.get("url") or None,
    )


def _published(path: Path, meta: dict[str, str]) -> date | None:
    published = meta.get("published")
    try:
        return parse_date(published) if published else None
    except BadInput as exc:
        raise BadInput(f"{path}: {exc}") from None


def article_files(paths: Iterable[Path]) -> list[Path]:
    """The article files named by `paths`: files as given, folders as their article files, sorted.

    BadInput when a path does not exist.
    """
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(
                sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
            )
        elif path.exists():
            files.append(path)
        else:
            raise BadInput(f"no such file or folder: {path}")
    return files


def iter_articles(paths: Iterable[Path]) -> Iterator[Article]:
    """Every article in `paths`, expanding folders (not their subfolders) to their files, sorted."""
    for path in article_files(paths):
        yield read_article(path)
