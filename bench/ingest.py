"""Benchmark 1: ingest throughput against a bare spaCy `nlp.pipe` over the same texts."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench.corpus import corpus
from bench.report import Report, Target, number, table, times
from kg.extract.pipeline import load_pipeline
from kg.ingest import ingest_articles
from kg.models import Article
from kg.settings import Settings
from kg.store import open_store


def _pipe(texts: list[str], batch_size: int) -> tuple[float, int]:
    nlp = load_pipeline()
    start = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size))
    return time.perf_counter() - start, tokens


def _ingest(articles: list[Article], batch_size: int, workdir: Path) -> tuple[float, int]:
    with tempfile.TemporaryDirectory(dir=workdir) as data:
        store = open_store(Settings(data=Path(data)))
        try:
            start = time.perf_counter()
            written = sum(r.triples for r in ingest_articles(store, articles, batch_size=batch_size))
            return time.perf_counter() - start, written
        finally:
            store.close()


def run(report: Report, size: int, rounds: int, workdir: Path) -> None:
    """Time `rounds` alternating passes of each over `size` articles; the fastest pass of each counts."""
    articles = corpus(size)
    texts = [a.text for a in articles]
    batch = Settings().batch_size
    load_pipeline()(texts[0])  # load the model and warm it before either clock starts
    pipe_times, ingest_times = [], []
    tokens = triples = 0
    for _ in range(rounds):
        seconds, tokens = _pipe(texts, batch)
        pipe_times.append(seconds)
        seconds, triples = _ingest(articles, batch, workdir)
        ingest_times.append(seconds)
    pipe, ingest = min(pipe_times), min(ingest_times)
    ratio = ingest / pipe
    words = sum(len(t.split()) for t in texts)
    rows = [
        ["bare `nlp.pipe` (baseline)", number(size / pipe), number(tokens / pipe, 0), f"{pipe:.1f}", "1.00x"],
        ["`kg.ingest.ingest_articles`", number(size / ingest), number(tokens / ingest, 0), f"{ingest:.1f}",
         times(ratio)],
    ]
    report.target(Target("ingest time / bare nlp.pipe", ratio, 1.3))
    report.section("1. Ingest", [
        f"{size} articles ({words:,} words, {tokens:,} spaCy tokens) made from the seed articles, each copy "
        f"with its paragraphs reordered and trimmed; batch size {batch}, one process; the fastest of "
        f"{rounds} alternating passes of each. The ingest wrote {triples:,} triples into a fresh embedded "
        "store on each pass.",
        "",
        *table(["pipeline", "articles/s", "tokens/s", "seconds", "time vs baseline"], rows),
        "",
        "All passes (s): nlp.pipe " + ", ".join(f"{t:.1f}" for t in pipe_times)
        + "; ingest " + ", ".join(f"{t:.1f}" for t in ingest_times) + ".",
    ])
