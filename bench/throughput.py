"""Benchmark 4: requests/s and p99 under concurrent clients, and a slow query running alongside."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from bench.generate import Generated
from bench.loadgen import LoadResult, Request, run, run_alongside
from bench.report import Report, Target, ms, number, table, times
from bench.services import BIN, QUERY_TIMEOUT, Service, free_port, kg_serve, running
from bench.stats import ratio
from bench.workload import SLOW_QUERY, STATEMENTS_BY_SPEAKER
from kg.rdf import iris

JSON_RESULTS = {"Accept": "application/sparql-results+json"}


def _oxigraph_binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else shutil.which("oxigraph")


@contextmanager
def _service(setup: str, kg_store: Path, ox_store: Path, workdir: Path) -> Iterator[Service]:
    """`kg serve` over the embedded store (1 worker), or over an Oxigraph server (1 or 2 workers)."""
    with ExitStack() as stack:
        if setup == "embedded":
            yield stack.enter_context(kg_serve(kg_store, free_port(), workdir / "serve-load.log"))
            return
        binary = _oxigraph_binary()
        if binary is None:
            raise RuntimeError("the oxigraph server is not installed (pip install oxigraph)")
        ox_port = free_port()
        stack.enter_context(running(
            [binary, "serve-read-only", "--location", str(ox_store), "--bind", f"127.0.0.1:{ox_port}",
             "--union-default-graph"],
            ox_port, workdir / "oxigraph.log", probe="/query?query=ASK%7B%7D"))
        workers = int(setup.split()[0])
        port = free_port()
        command = [str(BIN / "kg"), "serve", "--store", f"http://127.0.0.1:{ox_port}/query", "--host",
                   "127.0.0.1", "--port", str(port), "--workers", str(workers)]
        yield stack.enter_context(running(command, port, workdir / f"serve-{workers}w.log", probe="/health",
                                          env={"KG_QUERY_TIMEOUT": str(QUERY_TIMEOUT)}))


def _cell(result: LoadResult) -> list[str]:
    failed = {code: n for code, n in sorted(result.statuses.items()) if code >= 400}
    lost = result.errors - sum(failed.values())
    parts = [f"{n} x {code}" for code, n in failed.items()] + ([f"{lost} x no answer"] if lost else [])
    errors = f" ({', '.join(parts)})" if parts else ""
    return [number(result.per_second), ms(result.latency.median), ms(result.latency.p99),
            f"{result.requests}{errors}"]


def run_section(report: Report, data: Generated, kg_store: Path, ox_store: Path, workdir: Path, *,
                clients: int, seconds: float) -> None:
    """Load each route with `clients` concurrent clients for `seconds`, in each server set-up."""
    relations = Request("GET", f"/actors/{data.hub_actor}/relations")
    sparql = Request("GET", "/sparql", headers=JSON_RESULTS,
                     params={"query": STATEMENTS_BY_SPEAKER % iris.actor(data.top_speaker).n3()})
    slow = Request("GET", "/sparql", headers=JSON_RESULTS, params={"query": SLOW_QUERY})
    cap = 100_000
    rows, notes = [], []
    embedded_rel = 0.0
    for setup in ("embedded", "1 worker", "2 workers"):
        label = ("embedded store, 1 worker" if setup == "embedded"
                 else f"Oxigraph server, {setup}")

        def alone(request: Request, setup: str = setup) -> LoadResult:
            # A fresh server for each run: a query that timed out keeps running in the server it left.
            with _service(setup, kg_store, ox_store, workdir) as service:
                return asyncio.run(run(service.url, [request], clients=clients, seconds=seconds,
                                       max_requests=cap))

        def alongside(request: Request, setup: str = setup) -> tuple[LoadResult, LoadResult]:
            with _service(setup, kg_store, ox_store, workdir) as service:
                return asyncio.run(run_alongside(service.url, [request], slow, clients=clients,
                                                 seconds=seconds, max_requests=cap))

        try:
            alone_sparql = alone(sparql)
            busy_sparql, side = alongside(sparql)
            alone_rel = alone(relations)
            busy_rel, side_rel = alongside(relations)
        except (RuntimeError, subprocess.SubprocessError) as exc:
            notes.append(f"- {label}: could not run: {str(exc)[:400]}")
            continue
        rows.append([label, "`/actors/{id}/relations`", *_cell(alone_rel)])
        rows.append([label, "`/sparql` (statements by a speaker)", *_cell(alone_sparql)])
        rows.append([label, "`/actors/{id}/relations`, slow query alongside", *_cell(busy_rel)])
        rows.append([label, "`/sparql`, slow query alongside", *_cell(busy_sparql)])
        growth = ratio(busy_sparql.latency.p99, alone_sparql.latency.p99)
        growth_rel = ratio(busy_rel.latency.p99, alone_rel.latency.p99)
        slow_runs = side.requests + side_rel.requests
        notes.append(f"- {label}: the slow query (median {ms(side.latency.median)} ms, {slow_runs} run(s) "
                     f"completed, {side.errors + side_rel.errors} failed) changed the p99 of `/sparql` from "
                     f"{ms(alone_sparql.latency.p99)} to {ms(busy_sparql.latency.p99)} ms ({times(growth)}) "
                     f"and of `/actors/{{id}}/relations` from {ms(alone_rel.latency.p99)} to "
                     f"{ms(busy_rel.latency.p99)} ms ({times(growth_rel)}).")
        if setup == "embedded":
            report.target(Target("`/sparql` p99, slow query alongside / alone (embedded)", growth, 2.0))
            report.target(Target(f"`/actors/{{id}}/relations` with {clients} clients (embedded)",
                                 alone_rel.per_second, 200, at_most=False, unit="requests/s"))
            embedded_rel = alone_rel.per_second
        elif setup == "1 worker" and embedded_rel:
            report.target(Target("`/actors/{id}/relations` requests/s, embedded / Oxigraph server (1 worker)",
                                 ratio(embedded_rel, alone_rel.per_second), 2.0))
    report.section("4. HTTP under load", [
        f"{clients} concurrent keep-alive clients (Python asyncio + httpx, on the same 2 cores as the "
        f"server, so the client's own cost is inside these figures) for {seconds:g} s per row, on loopback, "
        f"each row on a freshly started server whose query timeout is {QUERY_TIMEOUT:g} s. "
        "Several server processes need a store more than one process can open: the embedded store "
        "takes an exclusive lock, so the multi-worker rows serve from `oxigraph serve-read-only` over the "
        "same bulk-loaded data through `kg serve --store URL --workers N`. The slow query is a scan of "
        f"the whole dataset (`{SLOW_QUERY.strip()}`), sent back to back by one more client.",
        "",
        *table(["set-up", "requests", "requests/s", "median ms", "p99 ms", "requests done"], rows),
        "",
        *notes,
    ])
