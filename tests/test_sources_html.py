"""Saved web pages to articles: text, title, date, outlet and canonical URL; pages without a body refused."""

from __future__ import annotations

import socket
from datetime import date

import pytest
from news_pages import STORIES, Story, article_page, empty_page, front_page

from kg.errors import NotAnArticle
from kg.sources.html import read_page


@pytest.mark.parametrize("story", STORIES, ids=lambda s: s.place)
def test_article_page_metadata_and_main_text(story: Story) -> None:
    article = read_page(article_page(story))
    assert article.title == story.title
    assert article.published == date.fromisoformat(story.published)
    assert article.source == story.outlet
    assert article.url == story.url
    for paragraph in story.body:
        assert paragraph in article.text.split("\n\n")
    for furniture in ("Most read", "Another story", "All rights reserved", "analytics", "Sport"):
        assert furniture not in article.text


def test_bytes_in_a_declared_charset() -> None:
    story = STORIES[0]
    page = article_page(story).replace('charset="utf-8"', 'charset="windows-1252"')
    article = read_page(page.replace("Monday", "Monday – café").encode("windows-1252"))
    assert "Monday – café" in article.text


def test_a_story_is_read_whatever_its_og_type_says() -> None:
    # Outlets mark stories "website" too: the body decides, not the type.
    story = STORIES[0]
    assert read_page(article_page(story).replace('content="article"', 'content="website"')).text


def test_canonical_url_drops_tracking_and_fragment() -> None:
    story = STORIES[1]
    page = article_page(story).replace(story.url, story.url + "?utm_source=rss&utm_medium=feed#top")
    assert read_page(page).url == story.url


def test_address_given_fills_in_a_page_without_canonical_link() -> None:
    page = article_page(STORIES[2]).replace(f'<link rel="canonical" href="{STORIES[2].url}">', "")
    assert read_page(page, url="https://times.example/saved").url == "https://times.example/saved"


@pytest.mark.parametrize(("page", "reason"), [
    (front_page("Example Wire", [f"Headline number {n} about the war" for n in range(30)]),
     "no article body: 0 words in sentences"),
    (empty_page("Photos of the week"), "no article body"),
    ("<html><body><p>Too short to be a story, twelve words in all right here now.</p></body></html>",
     "no article body"),
    ("", "no article body"),
])
def test_pages_without_an_article_body_are_refused_with_the_reason(page: str, reason: str) -> None:
    with pytest.raises(NotAnArticle, match=reason):
        read_page(page)


def test_reading_a_page_touches_no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    story = STORIES[0]
    # A page whose date sits only in its address: htmldate reads the address, never loads it.
    page = (article_page(story)
            .replace(f'<meta property="article:published_time" content="{story.published}T08:15:00Z">', "")
            .replace(f'<link rel="canonical" href="{story.url}">', ""))
    article = read_page(page, url="https://wire.example/2019/05/06/town-shelled")
    assert article.published == date(2019, 5, 6)
    # And a page that is nothing but an address is text to parse, not a place to go.
    with pytest.raises(NotAnArticle):
        read_page("https://wire.example/2019/05/06/town-shelled")
