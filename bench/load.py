"""Benchmark 2: `kg load` of a synthetic N-Quads file against pyoxigraph's own `Store.bulk_load`."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from bench.corpus import corpus
from bench.generate import Generated, generate
from bench.report import Report, Target, ms, number, table, times
from bench.services import BIN, ROOT
from kg.extract.pipeline import load_pipeline
from kg.ingest import ingest_article, ingest_articles
from kg.models import Article
from kg.settings import Settings
from kg.store import open_store

BULK_LOAD = """\
import sys
import pyoxigraph
pyoxigraph.Store(sys.argv[2]).bulk_load(path=sys.argv[1], format=pyoxigraph.RdfFormat.N_QUADS)
"""


@dataclass(frozen=True)
class Loaded:
    """A generated file and the two stores loaded from it."""

    data: Generated
    kg_store: Path
    ox_store: Path
    kg_seconds: float
    ox_seconds: float
    kg_passes: tuple[float, ...] = ()
    ox_passes: tuple[float, ...] = ()
    kg_report: str = ""


def _timed(command: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:3])} failed ({done.returncode}): {done.stderr[-2000:]}")
    return seconds, done.stdout.strip()


def prepare(quads: int, workdir: Path) -> tuple[Generated, float]:
    """Generate (or reuse) the file of about `quads` quads; returns it and the seconds generation took."""
    start = time.perf_counter()
    data = generate(workdir / f"synthetic-{quads}.nq", quads)
    return data, time.perf_counter() - start


def load_both(data: Generated, workdir: Path, rounds: int = 1) -> Loaded:
    """Load `data` with `kg load` and with bare pyoxigraph, each a fresh process into a fresh store,
    `rounds` times in alternating order; the fastest pass of each counts."""
    kg_store, ox_store = workdir / f"kg-{data.quads}", workdir / f"ox-{data.quads}"
    kg_passes: list[float] = []
    ox_passes: list[float] = []
    kg_report = ""

    def bare() -> None:
        subprocess.run(["rm", "-rf", str(ox_store)], check=True)
        ox_passes.append(_timed([sys.executable, "-c", BULK_LOAD, str(data.path), str(ox_store)])[0])

    def ours() -> None:
        nonlocal kg_report
        subprocess.run(["rm", "-rf", str(kg_store)], check=True)
        seconds, kg_report = _timed([str(BIN / "kg"), "load", str(data.path), "--data", str(kg_store)])
        kg_passes.append(seconds)

    for round_ in range(rounds):
        for step in ((bare, ours) if round_ % 2 == 0 else (ours, bare)):
            step()
    return Loaded(data, kg_store, ox_store, min(kg_passes), min(ox_passes),
                  tuple(kg_passes), tuple(ox_passes), kg_report)


def _ingest_seconds(articles: list[Article], data: Path) -> float:
    store = open_store(Settings(data=data))
    try:
        start = time.perf_counter()
        for _ in ingest_articles(store, articles):
            pass
        return time.perf_counter() - start
    finally:
        store.close()


def _one_by_one_seconds(articles: list[Article], data: Path) -> float:
    """Median seconds of `ingest_article` (what `POST /articles` runs: extraction in this process, then
    one transaction with the index and events patches) over `articles`, one after another."""
    store = open_store(Settings(data=data))
    try:
        seconds = []
        for article in articles:
            start = time.perf_counter()
            ingest_article(store, article)
            seconds.append(time.perf_counter() - start)
        return statistics.median(seconds)
    finally:
        store.close()


def _checkpoint(store: Path, copy: Path) -> None:
    """A copy of the store folder `store` at `copy`: hard links to its immutable files, copies of the rest."""
    source = ox.Store(str(store))
    try:
        source.backup(str(copy))
    finally:
        del source  # the last reference: RocksDB closes and lets go of its lock


@dataclass(frozen=True)
class AtScale:
    """Ingest into a copy of a loaded store against the same into an empty store."""

    full: float
    """Seconds to ingest the batch of articles into the copy."""
    empty: float
    one_full: float
    """Median seconds of one article's ingest, one after another, into the copy."""
    one_empty: float


def ingest_at_scale(loaded: Loaded, workdir: Path, size: int, rounds: int = 2,
                    one_by_one: int = 8) -> AtScale:
    """Seconds to ingest `size` articles into a copy of the loaded store and into an empty store, the
    fastest of `rounds` alternating passes of each (the copy is made afresh for each pass); then, in
    each, the median time of `one_by_one` more articles written one at a time (on the last pass)."""
    everything = corpus(size + one_by_one)
    articles, singles = everything[:size], everything[size:]
    full, empty, warm = workdir / "ingest-full", workdir / "ingest-empty", workdir / "ingest-warm"
    load_pipeline()(articles[0].text)  # load and warm the model before either clock starts
    subprocess.run(["rm", "-rf", str(warm)], check=True)
    _ingest_seconds(articles[:4], warm)  # and every lazy table of the extractor
    subprocess.run(["rm", "-rf", str(warm)], check=True)
    full_times, empty_times = [], []
    for _ in range(rounds):
        subprocess.run(["rm", "-rf", str(full), str(empty)], check=True)
        _checkpoint(loaded.kg_store, full)
        full_times.append(_ingest_seconds(articles, full))
        empty_times.append(_ingest_seconds(articles, empty))
    one_full = _one_by_one_seconds(singles, full)
    one_empty = _one_by_one_seconds(singles, empty)
    subprocess.run(["rm", "-rf", str(full), str(empty)], check=True)
    return AtScale(min(full_times), min(empty_times), one_full, one_empty)


def run(report: Report, quads: int, workdir: Path, rounds: int = 2, articles: int = 48,
        section: str = "2") -> Loaded:
    """Measure both loads of about `quads` quads, and an ingest into the loaded store, and report them."""
    data, gen_seconds = prepare(quads, workdir)
    loaded = load_both(data, workdir, rounds)
    ratio = loaded.kg_seconds / loaded.ox_seconds
    size = data.path.stat().st_size
    rows = [
        ["pyoxigraph `Store.bulk_load` (baseline)", f"{loaded.ox_seconds:.1f}",
         number(data.quads / loaded.ox_seconds, 0), "1.00x"],
        ["`kg load`", f"{loaded.kg_seconds:.1f}", number(data.quads / loaded.kg_seconds, 0), times(ratio)],
    ]
    scale = ingest_at_scale(loaded, workdir, articles, rounds)
    report.target(Target(f"kg load / pyoxigraph bulk_load ({data.quads:,} quads)", ratio, 1.5))
    report.section(f"{section}. Bulk load ({data.quads:,} quads)", [
        f"A synthetic N-Quads file ({size / 2**20:,.0f} MiB; generated in {gen_seconds:.1f} s) of "
        f"{data.articles:,} articles, each in its own named graph (actors, places, mentions, relation "
        f"claims, operations, statements, as `kg.rdf.convert` writes them), about {data.actors:,} actors "
        f"and {data.places:,} places drawn with Zipf-like popularity, plus a background graph with "
        "coordinates, geometries, place hierarchy and Wikidata links, and the entity index graph of it "
        "all (`kg.index`), so every engine holds the same data. `kg load` checks the whole file parses "
        "before writing (a big N-Quads or N-Triples file in parts, on every core), then bulk-loads it, "
        "then recomputes the entity index from what it loaded (writing nothing when the file's index is "
        "already right). Each load is a fresh process (interpreter start included for both) into an "
        "empty store" + (f"; the fastest of {rounds} alternating passes of each." if rounds > 1 else
                         "; one pass of each."),
        "",
        *table(["loader", "seconds", "quads/s", "time vs baseline"], rows),
        "",
        "All passes (s): bulk_load " + ", ".join(f"{t:.1f}" for t in loaded.ox_passes)
        + "; kg load " + ", ".join(f"{t:.1f}" for t in loaded.kg_passes) + ".",
        f"`kg load` said, on its last pass: {loaded.kg_report}",
        "",
        f"Ingest at scale: {articles} articles of the ingest corpus took {scale.full:.1f} s to ingest into "
        f"a copy of the store `kg load` filled and {scale.empty:.1f} s into an empty store "
        f"({times(scale.full / scale.empty)}): the entity index patch of each batch reads only the entities "
        "the batch names. Then, one article at a time as `POST /articles` writes them, more articles of "
        f"the corpus took {ms(scale.one_full)} ms each (median) in the copy and {ms(scale.one_empty)} ms "
        f"in the other store ({times(scale.one_full / scale.one_empty)}), extraction included.",
    ])
    return loaded
