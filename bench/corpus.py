"""A corpus for the ingest benchmark: the seed articles, repeated with variations."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from kg.articles import iter_articles
from kg.models import Article

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _vary(article: Article, copy: int, rng: random.Random) -> Article:
    """Another version of `article`: paragraphs reordered and trimmed, dated a little later.

    Every copy has a different text (so a different id) but the language of real news.
    """
    paragraphs = [p for p in article.text.split("\n\n") if p.strip()] or [article.text]
    if copy and len(paragraphs) > 2:
        head, rest = paragraphs[0], paragraphs[1:]
        rng.shuffle(rest)
        rest = rest[: max(1, len(rest) - rng.randrange(3))]
        paragraphs = [head, *rest]
    text = "\n\n".join(paragraphs) + f"\n\n(Version {copy + 1}.)"
    published = article.published + timedelta(days=copy) if article.published else None
    return replace(article, text=text, published=published, id="")


def corpus(size: int, seeds: Iterable[Path] = (SEEDS,), seed: int = 11) -> list[Article]:
    """`size` distinct articles made from the articles in `seeds`."""
    originals = list(iter_articles(seeds))
    if not originals:
        raise ValueError(f"no articles in {', '.join(map(str, seeds))}")
    rng = random.Random(seed)
    return [_vary(originals[n % len(originals)], n // len(originals), rng) for n in range(size)]
