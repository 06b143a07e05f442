"""One saved web page to an `Article`: main text, title, date, outlet and canonical URL, by trafilatura.

Choices a caller should know:
- Nothing is fetched: trafilatura parses the markup (bytes decoded by their declared or detected
  charset) and hands htmldate the parsed tree, never an address to load. The date comes from the page
  itself (its metadata, its URL, its time elements), not from any date-like words in its text.
- The page's own metadata is all this returns; a caller with other knowledge (a manifest, the date a
  crawler saved the page) fills in only what the page leaves out.
- A page without an article body raises `NotAnArticle` with the reason, for the caller to skip it.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urldefrag

from kg.errors import NotAnArticle
from kg.models import Article

__all__ = ["MIN_BODY_WORDS", "canonical_url", "read_page"]

MIN_BODY_WORDS = 40
"""Fewest words in sentences that make an article body: a wire brief has more, a list of headlines none."""

# Where a sentence ends: a stop, then any closing quotes or brackets, then a space or the line's end.
# A headline, a menu entry or a link list has none.
_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’»)\]]*(?=\s|$)")


def read_page(html: str | bytes, url: str | None = None) -> Article:
    """The article in the page `html` saved from `url` (when known); NotAnArticle when it holds none."""
    # lxml and trafilatura's extractors take a while to load: only once there is a page to read.
    from trafilatura import bare_extraction
    from trafilatura.settings import Document

    document = bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        date_extraction_params={
            "original_date": True,
            "extensive_search": False,
            "max_date": date.today().isoformat(),
        },
    )
    text = (document.text or "") if isinstance(document, Document) else ""
    if not isinstance(document, Document) or not text.strip():
        raise NotAnArticle("no article body found")
    # Headlines, link lists and captions are main text to trafilatura on a front page or an index;
    # what tells a story from them is sentences.
    words = sum(_words_in_sentences(line) for line in text.splitlines())
    if words < MIN_BODY_WORDS:
        raise NotAnArticle(f"no article body: {words} words in sentences")
    return Article(
        text="\n\n".join(line.strip() for line in text.splitlines() if line.strip()),
        title=document.title or None,
        published=_day(document.date),
        source=document.sitename or document.hostname or None,
        url=canonical_url(document.url or url or "") or None,
    )


def _words_in_sentences(line: str) -> int:
    """The words of `line` up to the end of its last sentence."""
    ends = [match.end() for match in _SENTENCE_END.finditer(line)]
    return len(line[: ends[-1]].split()) if ends else 0


def _day(value: str | None) -> date | None:
    """The day htmldate found (YYYY-MM-DD), None when it found none."""
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def canonical_url(url: str) -> str:
    """`url` in the form two links to one page share: tracking parameters and fragment dropped."""
    from courlan import normalize_url

    try:
        return urldefrag(normalize_url(url.strip())).url
    except ValueError:
        return urldefrag(url.strip()).url
