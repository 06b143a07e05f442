"""The items of an RSS or Atom document (feedparser) to articles, each item once.

Choices a caller should know:
- An item's own full content (Atom `content`, RSS `content:encoded`) is its text when it is long enough
  to be an article; a summary never is. Otherwise the item's page is fetched by `fetch_page` when the
  caller gives one (`kg watch`), and skipped with the reason when not (`kg ingest FEED.xml` reads no
  network).
- The page's own title, date, outlet and address win; the item's fill in what the page leaves out, and
  the feed's title stands for the outlet last of all.
- An item is "seen" by its canonical URL (the item's link and the page's canonical address) or by the
  digest of its text; seen items, pages with no article body and pages not in English are skipped,
  the last two remembered as seen so that they are not fetched again.
"""

from __future__ import annotations

import calendar
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from kg.errors import BadInput, NotAnArticle
from kg.models import Article
from kg.sources import Entry, Found, Skip
from kg.sources.html import canonical_url, read_page
from kg.sources.language import language_of
from kg.sources.seen import SeenState, text_digest

__all__ = ["FEED_SUFFIXES", "Feed", "FeedItem", "feed_entries", "parse_feed"]

FEED_SUFFIXES = (".xml", ".rss", ".atom")


@dataclass(frozen=True)
class FeedItem:
    """One item of a feed: its link, title, date and full content (HTML) when the feed carries it."""

    link: str | None
    title: str | None
    published: date | None
    content: str | None


@dataclass(frozen=True)
class Feed:
    """A feed's title (the outlet, often) and its items in the order the feed lists them."""

    title: str | None
    items: list[FeedItem]


def parse_feed(data: bytes, address: str) -> Feed:
    """The feed in `data`, fetched from or saved at `address`; BadInput when it is no RSS or Atom feed."""
    import feedparser

    # Bytes, never an address: given a str that looks like a URL, feedparser would download it.
    parsed = feedparser.parse(data, response_headers={"content-location": address})
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise BadInput(f"{address}: not an RSS or Atom feed" + (f" ({problem})" if problem else ""))
    return Feed(
        title=(parsed.feed.get("title") or "").strip() or None,
        items=[_item(entry) for entry in parsed.entries],
    )


def _item(entry: Any) -> FeedItem:
    contents = [c.get("value", "") for c in entry.get("content", []) if "html" in c.get("type", "html")]
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    return FeedItem(
        link=(entry.get("link") or "").strip() or None,
        title=(entry.get("title") or "").strip() or None,
        published=_day(stamp),
        content=max(contents, key=len) if contents else None,
    )


def _day(stamp: time.struct_time | None) -> date | None:
    """The UTC day of a feedparser time, None when the item has none."""
    return datetime.fromtimestamp(calendar.timegm(stamp), UTC).date() if stamp else None


def feed_entries(
    feed: Feed,
    address: str,
    seen: SeenState,
    fetch_page: Callable[[str], bytes] | None = None,
) -> Iterator[Entry]:
    """Each item of `feed` not seen before as a `Found` article, the rest as `Skip` notes.

    `fetch_page(url)` returns the page of an item without full content, raising OSError when it
    cannot; without it such items are skipped.
    Each `Found` settles by recording the item as seen.
    """
    taken: set[str] = set()  # links and digests met earlier in this same feed
    for n, item in enumerate(feed.items, 1):
        where = item.link or f"{address} item {n}"
        if seen.has(url=item.link) or (item.link and canonical_url(item.link) in taken):
            yield Skip(where, "seen before", kind="seen before")
            continue
        try:
            article = _article(feed, item, fetch_page)
        except NotAnArticle as exc:
            yield Skip(where, str(exc), kind="no article body", settle=_remember(seen, [item.link]))
            continue
        except OSError as exc:  # not remembered: a page that could not be fetched is tried next round
            yield Skip(where, f"not fetched: {exc}", kind="not fetched")
            continue
        if article is None:
            yield Skip(where, "only a summary in the feed (kg watch fetches the page)", kind="no full text")
            continue
        digest = text_digest(article.text)
        if seen.has(url=article.url, digest=digest) or digest in taken:
            yield Skip(where, "seen before", kind="seen before", settle=_remember(seen, [item.link]))
            continue
        taken.update(u for u in (canonical_url(item.link or ""), digest) if u)
        code = language_of(article.text)
        if code != "en":
            remember = _remember(seen, [item.link, article.url], digest)
            yield Skip(where, f"not in English: {code}", kind="not in English", settle=remember)
            continue
        yield Found(article, where, settle=_remember(seen, [item.link, article.url], digest))


def _article(feed: Feed, item: FeedItem, fetch_page: Callable[[str], bytes] | None) -> Article | None:
    """The item's article from its own full content, else from its page; None with neither to read.

    With the feed's content the item's title and date win; with the page, the page's.
    """
    if item.content:
        try:
            # trafilatura reads whole documents: the content is a fragment of one.
            own = read_page(f"<html><body><article>{item.content}</article></body></html>", url=item.link)
        except NotAnArticle:
            pass  # a teaser in the content field: the page has the story
        else:
            return replace(
                own,
                title=item.title or own.title,
                published=item.published or own.published,
                source=feed.title or own.source,
                url=own.url or canonical_url(item.link or "") or None,
            )
    if fetch_page is None or not item.link:
        return None
    page = read_page(fetch_page(item.link), url=item.link)
    return replace(
        page,
        title=page.title or item.title,
        published=page.published or item.published,
        source=page.source or feed.title,
        url=page.url or canonical_url(item.link) or None,
    )


def _remember(seen: SeenState, urls: list[str | None], digest: str | None = None) -> Callable[[], None]:
    return lambda: seen.add(urls, digest)
