"""Benchmark 2: `kg load` of a synthetic N-Quads file against pyoxigraph's own `Store.bulk_load`."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.generate import Generated, generate
from bench.report import Report, Target, number, table, times
from bench.services import BIN, ROOT

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


def _timed(command: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:3])} failed ({done.returncode}): {done.stderr[-2000:]}")
    return seconds


def prepare(quads: int, workdir: Path) -> tuple[Generated, float]:
    """Generate (or reuse) the file of about `quads` quads; returns it and the seconds generation took."""
    start = time.perf_counter()
    data = generate(workdir / f"synthetic-{quads}.nq", quads)
    return data, time.perf_counter() - start


def load_both(data: Generated, workdir: Path) -> Loaded:
    """Load `data` with `kg load` and with bare pyoxigraph, each a fresh process and a fresh store."""
    kg_store, ox_store = workdir / f"kg-{data.quads}", workdir / f"ox-{data.quads}"
    for folder in (kg_store, ox_store):
        subprocess.run(["rm", "-rf", str(folder)], check=True)
    ox_seconds = _timed([sys.executable, "-c", BULK_LOAD, str(data.path), str(ox_store)])
    kg_seconds = _timed([str(BIN / "kg"), "load", str(data.path), "--data", str(kg_store)])
    return Loaded(data, kg_store, ox_store, kg_seconds, ox_seconds)


def run(report: Report, quads: int, workdir: Path) -> Loaded:
    """Measure both loads of about `quads` quads and report them."""
    data, gen_seconds = prepare(quads, workdir)
    loaded = load_both(data, workdir)
    ratio = loaded.kg_seconds / loaded.ox_seconds
    size = data.path.stat().st_size
    rows = [
        ["pyoxigraph `Store.bulk_load` (baseline)", f"{loaded.ox_seconds:.1f}",
         number(data.quads / loaded.ox_seconds, 0), "1.00x"],
        ["`kg load`", f"{loaded.kg_seconds:.1f}", number(data.quads / loaded.kg_seconds, 0), times(ratio)],
    ]
    report.target(Target(f"kg load / pyoxigraph bulk_load ({data.quads:,} quads)", ratio, 1.5))
    report.section(f"2. Bulk load ({data.quads:,} quads)", [
        f"A synthetic N-Quads file ({size / 2**20:,.0f} MiB; generated in {gen_seconds:.1f} s) of "
        f"{data.articles:,} articles, each in its own named graph (actors, places, mentions, relation "
        f"claims, operations, statements, as `kg.rdf.convert` writes them), about {data.actors:,} actors "
        f"and {data.places:,} places drawn with Zipf-like popularity, plus a background graph with "
        "coordinates, geometries, place hierarchy and Wikidata links, and the entity index graph of it "
        "all (`kg.index`), so every engine holds the same data. `kg load` checks the whole file parses "
        "before writing, then bulk-loads it, then recomputes the entity index from what it loaded "
        "(writing nothing when the file's index is already right). Each load is a fresh process "
        "(interpreter start included for both) into an empty store.",
        "",
        *table(["loader", "seconds", "quads/s", "time vs baseline"], rows),
    ])
    return loaded
