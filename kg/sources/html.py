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

from datetime import date
from urllib.parse import urldefrag

from kg.errors import NotAnArticle
from kg.models import Article

__all__ = ["MIN_BODY_WORDS", "canonical_url", "read_page"]

MIN_BODY_WORDS = 40
"""Fewest words of main text that make an article: a wire brief has more, a list of headlines less."""

# What a page that is not one story calls itself in og:type (front pages and section indexes).
_INDEX_TYPES = frozenset({"website"})


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
        include_tables=False,
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
    if (document.pagetype or "").lower() in _INDEX_TYPES:
        raise NotAnArticle(f"the page declares itself a {document.pagetype}, not an article (og:type)")
    words = len(text.split())
    if words < MIN_BODY_WORDS:
        raise NotAnArticle(f"no article body: {words} words of main text")
    return Article(
        text="\n\n".join(line.strip() for line in text.splitlines() if line.strip()),
        title=document.title or None,
        published=_day(document.date),
        source=document.sitename or document.hostname or None,
        url=canonical_url(document.url or url or "") or None,
    )


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
