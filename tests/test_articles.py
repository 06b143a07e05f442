"""Reading article files: text, Markdown and HTML, header blocks, manifests, dates."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from kg.articles import html_text, iter_articles, parse_date, read_article
from kg.errors import BadInput
from kg.models import article_id

BODY = "Militia fighters shelled the outskirts of the town on Monday.\n\nThe army said it would respond."


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_plain_text_file(tmp_path: Path) -> None:
    article = read_article(write(tmp_path, "a.txt", BODY + "\n"))
    assert article.text == BODY
    assert (article.title, article.published, article.source, article.url) == (None, None, None, None)
    assert article.id == article_id(BODY)


def test_header_block_is_metadata_not_text(tmp_path: Path) -> None:
    header = ("Title: Town shelled\nPublished: 2021-03-04\nSource: Example Wire\n"
              "URL: https://news.example/town\n\n")
    article = read_article(write(tmp_path, "a.md", header + BODY))
    assert article.text == BODY
    assert article.title == "Town shelled"
    assert article.published == date(2021, 3, 4)
    assert article.source == "Example Wire"
    assert article.url == "https://news.example/town"


@pytest.mark.parametrize("first_lines", [
    "Note: this is prose with a colon\n\n",  # not a known key
    "Title: Town shelled\nThe army advanced.\n\n",  # not ended by a blank line before prose
])
def test_lines_that_are_not_a_header_stay_text(tmp_path: Path, first_lines: str) -> None:
    article = read_article(write(tmp_path, "a.txt", first_lines + BODY))
    assert article.text.startswith(first_lines.split("\n")[0])
    assert article.title is None


def test_manifest_supplies_metadata_and_the_header_wins(tmp_path: Path) -> None:
    write(tmp_path, "manifest.json", json.dumps({
        "a.txt": {"title": "From manifest", "published": "2020-01-02", "source": "Wire"},
        "b.txt": {"title": "Also from manifest"},
    }))
    a = read_article(write(tmp_path, "a.txt", BODY))
    b = read_article(write(tmp_path, "b.txt", "Title: From header\n\n" + BODY))
    assert (a.title, a.published, a.source) == ("From manifest", date(2020, 1, 2), "Wire")
    assert b.title == "From header"


def test_html_page_text_without_page_furniture(tmp_path: Path) -> None:
    page = """<!doctype html><html><head><title>Town shelled</title>
    <style>p { color: red }</style><script>track("x")</script></head>
    <body><header>Site name</header><nav><a href="/">Home</a></nav>
    <article><h1>Town shelled</h1><p>Militia fighters shelled the town &amp; its
    outskirts.</p><p>The army said<br>it would respond.</p></article>
    <aside>Most read</aside><form>Subscribe</form><footer>Copyright</footer></body></html>"""
    article = read_article(write(tmp_path, "page.html", page))
    assert article.text == ("Town shelled\n\nMilitia fighters shelled the town & its outskirts.\n\n"
                            "The army said\nit would respond.")
    assert article.title == "Town shelled"


def test_html_text_keeps_paragraph_breaks() -> None:
    text, title = html_text("<div>One</div><div>Two <b>bold</b> words</div>")
    assert (text, title) == ("One\n\nTwo bold words", None)


@pytest.mark.parametrize("value", ["2013-06-04", " 2013-06-04 "])
def test_parse_date_accepts_iso_dates(value: str) -> None:
    assert parse_date(value) == date(2013, 6, 4)


@pytest.mark.parametrize("value", [
    "04/06/2013", "2013-6-4", "2013-02-30", "June 4, 2013", "", "2013-06-04T10:00",
])
def test_parse_date_refuses_anything_else(value: str) -> None:
    with pytest.raises(BadInput):
        parse_date(value)


def test_bad_date_in_header_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="a.txt"):
        read_article(write(tmp_path, "a.txt", "Published: yesterday\n\n" + BODY))


@pytest.mark.parametrize("text", ["", "  \n\n ", "Title: Only a header\n\n"])
def test_empty_text_is_bad_input(tmp_path: Path, text: str) -> None:
    with pytest.raises(BadInput):
        read_article(write(tmp_path, "a.txt", text))


def test_unknown_suffix_and_missing_path_are_bad_input(tmp_path: Path) -> None:
    with pytest.raises(BadInput):
        read_article(write(tmp_path, "a.pdf", BODY))
    with pytest.raises(BadInput):
        list(iter_articles([tmp_path / "missing"]))


def test_iter_articles_expands_folders_sorted(tmp_path: Path) -> None:
    write(tmp_path, "b.md", "Second article text.")
    write(tmp_path, "a.txt", "First article text.")
    write(tmp_path, "c.html", "<p>Third article text.</p>")
    write(tmp_path, "notes.json", "{}")
    single = write(tmp_path.parent, f"{tmp_path.name}-single.txt", "A single file.")
    texts = [a.text for a in iter_articles([tmp_path, single])]
    assert texts == ["First article text.", "Second article text.", "Third article text.", "A single file."]
