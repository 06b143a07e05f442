"""The article pages of a WARC file (warcio), streamed, in English only, resumable where a run stopped.

Choices a caller should know:
- HTML responses with status 200 (and HTML `resource` records) are read; every other record (requests,
  metadata, redirects, images) is passed over without a word.
- A page is read by `kg.sources.html`; its own date wins, and the day it was captured (WARC-Date)
  stands in when it has none. Pages without an article body, pages not in English (by
  `kg.sources.language`) and pages seen before (by canonical URL or text digest) are skipped.
- Where to resume is kept per WARC file (keyed by its size and a digest of its first MiB, so a file
  moved or renamed is still known) in the data folder: the byte offset of the first record not yet
  settled, saved as each article is settled, i.e. once it is in the store. Gzipped WARC files hold one
  gzip member per record, so reading can start again at that offset.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from kg.errors import BadInput, NotAnArticle
from kg.sources import Entry, Found, Note, Skip
from kg.sources.html import canonical_url, read_page
from kg.sources.language import language_of
from kg.sources.seen import SeenState, text_digest

__all__ = ["RESUME_DIR", "WARC_SUFFIXES", "check_warc", "warc_entries"]

WARC_SUFFIXES = (".warc", ".warc.gz")
RESUME_DIR = "sources/warc"
"""Where the resume states sit in the data folder, one JSON file per WARC file."""
_KEY_BYTES = 1 << 20


def _key(path: Path) -> str:
    """The name the resume state of the WARC file at `path` is kept under."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        digest.update(stream.read(_KEY_BYTES))
    return f"{path.stat().st_size}-{digest.hexdigest()[:24]}"


def warc_entries(path: Path, state_dir: Path, seen: SeenState) -> Iterator[Entry]:
    """The article pages of the WARC file at `path`, from where the last run over it stopped.

    BadInput when the file cannot be read as WARC (at the start, or at a later record: the batches
    written before it stay, settled, and a later run resumes after them).
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    state_file = state_dir / f"{_key(path)}.json"
    state = _load(state_file)
    if state.get("done"):
        yield Note(f"{path}: read to its end by an earlier run ({state.get('records', 0)} records)")
        return
    offset, records = int(state.get("offset", 0)), int(state.get("records", 0))
    if offset:
        yield Note(f"{path}: resuming at record {records + 1} (byte {offset})")
    with path.open("rb") as stream:
        stream.seek(offset)
        _skip_blank_lines(stream)
        archive = ArchiveIterator(stream)
        taken: set[str] = set()  # addresses and digests of this run's pages, not yet settled as seen
        try:
            for record in archive:
                if record.format != "warc":  # warcio takes any other text for an ARC file
                    raise ArchiveLoadFailed(f"a record in {record.format or 'no known'} format")
                html = _html(record)
                archive.read_to_end(record)
                records += 1
                end = archive.get_record_offset() + archive.get_record_length()
                if html is not None:
                    yield _entry(record, html, seen, taken, _saver(state_file, path, end, records))
        except ArchiveLoadFailed as exc:
            raise BadInput(f"{path}: not a readable WARC file at record {records + 1}: {exc}") from None
    yield Note(settle=_saver(state_file, path, path.stat().st_size, records, done=True))


def check_warc(path: Path) -> None:
    """BadInput unless the file at `path` can be read and opens with a WARC record."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        with path.open("rb") as stream:
            record = next(iter(ArchiveIterator(stream)), None)
            if record is None or record.format != "warc":
                raise ArchiveLoadFailed("its first record is no WARC record")
    except OSError as exc:
        raise BadInput(f"{path}: {exc.strerror or exc}") from None
    except ArchiveLoadFailed as exc:
        raise BadInput(f"{path}: not a readable WARC file: {exc}") from None


def _skip_blank_lines(stream: BinaryIO) -> None:
    """Past the blank lines that end an uncompressed record: warcio reads a record only from its start."""
    while (byte := stream.read(1)) in (b"\r", b"\n"):
        pass
    if byte:
        stream.seek(-1, os.SEEK_CUR)


def _html(record: Any) -> bytes | None:
    """The body of an HTML page record (a 200 response or a resource), None for any other record."""
    if record.rec_type == "response" and record.http_headers is not None:
        if record.http_headers.get_statuscode() != "200":
            return None
        content_type = record.http_headers.get_header("Content-Type") or ""
    elif record.rec_type == "resource":
        content_type = record.rec_headers.get_header("Content-Type") or ""
    else:
        return None
    if "html" not in content_type.lower():
        return None
    body: bytes = record.content_stream().read()
    return body


def _entry(record: Any, html: bytes, seen: SeenState, taken: set[str], save: Callable[[], None]) -> Entry:
    url = record.rec_headers.get_header("WARC-Target-URI")
    where = url or f"record {record.rec_headers.get_header('WARC-Record-ID')}"
    try:
        page = read_page(html, url=url)
    except NotAnArticle as exc:
        return Skip(where, str(exc), kind="no article body", settle=save)
    digest = text_digest(page.text)
    address = page.url or canonical_url(url or "")
    if seen.has(url=address, digest=digest) or address in taken or digest in taken:
        return Skip(where, "seen before", kind="seen before", settle=save)
    taken.update(key for key in (address, digest) if key)
    code = language_of(page.text)
    if code != "en":
        return Skip(where, f"not in English: {code}", kind="not in English", settle=save)
    article = replace(page, published=page.published or _captured(record))

    def settle() -> None:
        seen.add([url, article.url], digest)
        save()

    return Found(article, where, settle=settle)


def _captured(record: Any) -> date | None:
    """The day the record was captured (WARC-Date), None when it has no readable one."""
    value = record.rec_headers.get_header("WARC-Date") or ""
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _load(state_file: Path) -> dict[str, Any]:
    try:
        state = json.loads(state_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def _saver(state_file: Path, path: Path, offset: int, records: int, done: bool = False) -> Callable[[], None]:
    """Saving where to resume: past the record that ends at `offset`, the `records`-th read."""

    def save() -> None:
        state_file.parent.mkdir(parents=True, exist_ok=True)
        partial = state_file.with_suffix(".part")
        state = {"file": str(path), "offset": offset, "records": records, "done": done}
        partial.write_text(json.dumps(state), encoding="utf-8")
        os.replace(partial, state_file)  # a state file is whole or the previous one, never half-written

    return save
