"""Benchmark 1: ingest throughput against a bare spaCy `nlp.pipe` over the same texts."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench.corpus import corpus
from bench.report import Report, Target, number, table, times
from kg.extract.pipeline import load_pipeline
from kg.extract.pool import ExtractionPool
from kg.heap import WRITER_YOUNG_THRESHOLD, freeze_loaded
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


def _ingest_workers(articles: list[Article], workers: int, batch_size: int, workdir: Path) -> float:
    """Seconds `ingest_articles` takes with `workers` extraction processes, started and warm beforehand
    (and what start-up loaded frozen), as `kg ingest --workers N` runs it."""
    with ExtractionPool(workers) as pool, tempfile.TemporaryDirectory(dir=workdir) as data:
        pool.warm()
        freeze_loaded(WRITER_YOUNG_THRESHOLD)
        store = open_store(Settings(data=Path(data)))
        try:
            start = time.perf_counter()
            for _ in ingest_articles(store, articles, pool=pool, batch_size=batch_size):
                pass
            return time.perf_counter() - start
        finally:
            store.close()


def run_workers(report: Report, size: int, rounds: int, workdir: Path) -> None:
    """`kg ingest --workers 2` against one worker over the same articles (each warm before its clock)."""
    articles = corpus(size)
    batch = Settings().batch_size
    one, two = [], []
    for _ in range(rounds):
        one.append(_ingest_workers(articles, 1, batch, workdir))
        two.append(_ingest_workers(articles, 2, batch, workdir))
    speedup = min(one) / min(two)
    report.target(Target("ingest speed-up, 2 extraction workers / 1", speedup, 1.7, at_most=False))
    rows = [["1 worker (baseline)", number(size / min(one)), f"{min(one):.1f}", "1.00x"],
            ["2 workers", number(size / min(two)), f"{min(two):.1f}", times(speedup)]]
    report.section("1b. Ingest in parallel", [
        f"The same {size} articles through `ingest_articles` with an extraction pool of one and of two "
        "worker processes (what `kg ingest --workers N` uses) and one writer, each pool warm before the "
        f"clock starts; the fastest of {rounds} alternating passes.",
        "",
        *table(["extraction", "articles/s", "seconds", "speed-up"], rows),
        "",
        "All passes (s): 1 worker " + ", ".join(f"{t:.1f}" for t in one)
        + "; 2 workers " + ", ".join(f"{t:.1f}" for t in two) + ".",
    ])


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
