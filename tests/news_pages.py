"""Saved news pages, feeds and their parts, written for the source-reader tests (no real outlet's text)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from html import escape
from pathlib import Path

# Paragraphs of made-up reporting, in English and in two other languages.
ENGLISH = [
    "Militia fighters shelled the outskirts of the town of {place} on Monday, residents said, as the "
    "fighting spread from the hills into the valley for the first time since a ceasefire was signed.",
    "The army said it would respond to the attack and sent reinforcements to the area, according to a "
    "statement published by the defence ministry late in the evening.",
    "Aid groups said hundreds of families had left their homes in the past week and that the road to "
    "the provincial capital had been closed to traffic since the weekend.",
]
GERMAN = [
    "Milizen haben am Montag die Außenbezirke der Stadt {place} beschossen, wie Anwohner berichteten, "
    "während sich die Kämpfe zum ersten Mal seit dem Waffenstillstand aus den Bergen ins Tal ausbreiteten.",
    "Die Armee erklärte, sie werde auf den Angriff reagieren, und schickte Verstärkung in die Region, "
    "wie aus einer Erklärung des Verteidigungsministeriums am späten Abend hervorging.",
    "Hilfsorganisationen sagten, in der vergangenen Woche hätten Hunderte Familien ihre Häuser verlassen "
    "und die Straße in die Provinzhauptstadt sei seit dem Wochenende gesperrt.",
]
FRENCH = [
    "Des miliciens ont bombardé lundi la périphérie de la ville de {place}, selon des habitants, alors que "
    "les combats se sont étendus des collines à la vallée pour la première fois depuis le cessez-le-feu.",
    "L'armée a déclaré qu'elle répondrait à l'attaque et a envoyé des renforts dans la région, selon un "
    "communiqué publié tard dans la soirée par le ministère de la Défense.",
    "Des organisations humanitaires ont indiqué que des centaines de familles avaient quitté leur maison "
    "au cours de la semaine écoulée et que la route vers la capitale provinciale était fermée.",
]


@dataclass(frozen=True)
class Story:
    """One made-up story and where it was published."""

    place: str
    title: str
    outlet: str
    published: str  # YYYY-MM-DD
    url: str
    paragraphs: tuple[str, ...] = tuple(ENGLISH)
    lang: str = "en"

    @property
    def body(self) -> list[str]:
        return [p.format(place=self.place) for p in self.paragraphs]

    @property
    def text(self) -> str:
        return "\n\n".join(self.body)


def article_page(story: Story) -> str:
    """A saved article page: head metadata, site furniture and the story in an <article>."""
    paragraphs = "".join(f"<p>{escape(p)}</p>\n" for p in story.body)
    return f"""<!doctype html>
<html lang="{story.lang}"><head><meta charset="utf-8">
<title>{escape(story.title)} | {escape(story.outlet)}</title>
<meta property="og:site_name" content="{escape(story.outlet)}">
<meta property="og:type" content="article">
<meta property="og:title" content="{escape(story.title)}">
<link rel="canonical" href="{escape(story.url)}">
<meta property="article:published_time" content="{story.published}T08:15:00Z">
<script>window.analytics = {{"page": "article"}};</script>
</head><body>
<header><a href="/">{escape(story.outlet)}</a></header>
<nav><a href="/world">World</a> <a href="/politics">Politics</a> <a href="/sport">Sport</a></nav>
<main><article><h1>{escape(story.title)}</h1>
{paragraphs}</article></main>
<aside><h2>Most read</h2><ul><li><a href="/x">Another story</a></li>
<li><a href="/y">And another</a></li></ul></aside>
<footer>Copyright {escape(story.outlet)}. All rights reserved.</footer>
</body></html>
"""


def front_page(outlet: str, headlines: list[str]) -> str:
    """An outlet's front page: links to stories, no article body."""
    items = "".join(f'<li><a href="/story/{n}">{escape(h)}</a></li>' for n, h in enumerate(headlines))
    return f"""<!doctype html><html lang="en"><head><title>{escape(outlet)}: latest news</title>
<meta property="og:site_name" content="{escape(outlet)}"><meta property="og:type" content="website">
</head><body><nav><a href="/">Home</a></nav><h1>Latest news</h1><ul>{items}</ul></body></html>
"""


def empty_page(title: str) -> str:
    """A page with a title and a picture, and no text to speak of."""
    return (f"<!doctype html><html><head><title>{escape(title)}</title></head><body><h1>{escape(title)}</h1>"
            '<figure><img src="a.jpg" alt=""><figcaption>Photo</figcaption></figure></body></html>')


STORIES = [
    Story("Kalmar", "Town shelled as fighting spreads", "Example Wire", "2021-03-04",
          "https://wire.example/world/town-shelled"),
    Story("Dovra", "Fighting reaches the valley near Dovra", "Valley Herald", "2022-07-19",
          "https://herald.example/2022/07/19/dovra"),
    Story("Mirsk", "Families flee shelling around Mirsk", "Northern Times", "2020-11-02",
          "https://times.example/news/mirsk-families"),
]


def write_warc(path: Path, pages: list[tuple[str, str | bytes, str]], gzip: bool = True) -> None:
    """A WARC file of a crawl: per page a request and a 200 response (url, body, content type)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        for url, body, content_type in pages:
            data = body.encode("utf-8") if isinstance(body, str) else body
            request = writer.create_warc_record(
                url, "request", payload=io.BytesIO(b""),
                http_headers=StatusAndHeaders("GET / HTTP/1.1", [("Host", "example")], is_http_request=True),
            )
            response = writer.create_warc_record(
                url, "response", payload=io.BytesIO(data),
                http_headers=StatusAndHeaders("200 OK", [("Content-Type", content_type)], "HTTP/1.1"),
                warc_headers_dict={"WARC-Date": "2023-01-15T10:00:00Z"},
            )
            writer.write_record(request)
            writer.write_record(response)


def rss(title: str, items: list[tuple[str, str, str, str | None]]) -> str:
    """An RSS 2.0 feed: per item its link, title, RFC 822 date and full content (None: link only)."""
    parts = []
    for link, item_title, day, content in items:
        encoded = f"<content:encoded><![CDATA[{content}]]></content:encoded>" if content else ""
        parts.append(f"<item><title>{escape(item_title)}</title><link>{escape(link)}</link>"
                     f"<pubDate>{day}</pubDate><description>A short teaser.</description>{encoded}</item>")
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            f"<title>{escape(title)}</title><link>https://feeds.example/</link>{''.join(parts)}</channel></rss>")


def atom(title: str, items: list[tuple[str, str, str, str]]) -> str:
    """An Atom feed: per entry its link, title, ISO date and full content."""
    entries = "".join(
        f"<entry><title>{escape(t)}</title><link href=\"{escape(link)}\"/><id>{escape(link)}</id>"
        f"<updated>{day}</updated><content type=\"html\">{escape(content)}</content></entry>"
        for link, t, day, content in items
    )
    return ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>{escape(title)}</title><id>urn:feed</id><updated>2024-01-01T00:00:00Z</updated>"
            f"{entries}</feed>")
