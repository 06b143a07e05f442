"""Article in, plain facts out: the extraction stage behind one narrow interface."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from kg.extract.boilerplate import clean
from kg.extract.facts import facts_from_doc
from kg.extract.pipeline import load_pipeline
from kg.extract.runs import break_long_runs
from kg.models import Article, Facts

__all__ = ["extract", "extract_many"]


def extract(article: Article) -> Facts:
    """Every fact the extractor finds in one article."""
    return next(extract_many([article]))


def extract_many(articles: Iterable[Article], batch_size: int = 16) -> Iterator[Facts]:
    """Facts for each article, in order, parsing them in batches with nlp.pipe (in this process; for
    several processes and a time budget per article, see kg/extract/pool.py).

    Page furniture is blanked and long runs without white space are broken up before parsing (offsets
    into the article text stay valid).
    """
    nlp = load_pipeline()
    pairs = ((break_long_runs(clean(a.text, a.title)), a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield facts_from_doc(doc, article, nlp)
