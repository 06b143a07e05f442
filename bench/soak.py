"""Benchmark 7: minutes of mixed load at many connections: errors, and the server's memory over time.

The server answers every REST route, user SPARQL and posted articles from twenty keep-alive clients at
once. What is measured: how many requests failed, and the resident memory of the server with every
process it started (query workers, the extraction worker), after a warm-up and at the end; the ratio
of the two says whether answers are bounded or pile up.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from pathlib import Path

import httpx

from bench import loadgen
from bench.generate import Generated
from bench.loadgen import LoadResult, Request
from bench.report import Report, Target, ms, number, table
from bench.services import free_port, kg_serve
from bench.stats import summarize
from bench.workload import queries, rest_calls

JSON_RESULTS = {"Accept": "application/sparql-results+json"}
ARTICLE = (
    "KHARTOUM, Sudan (AP) — Paramilitary forces shelled the city of El Fasher on Monday, the army said, "
    "as fighting spread to villages west of the town. Article {n}."
)


def tree_rss(pid: int) -> int:
    """Resident bytes of process `pid` and all its descendants (0 for those that are gone)."""
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) * 1024
        pending.extend(int(child) for child in children)
    return total


def _mix(data: Generated) -> list[Request]:
    """Every REST route, the five representative SPARQL queries, and a posted article now and then."""
    reads = [request for _, request in rest_calls(data)]
    reads += [Request("GET", "/health")]
    reads += [Request("GET", "/sparql", {"query": q.text}, JSON_RESULTS) for q in queries(data)]
    return reads


async def _posts(url: str, seconds: float) -> LoadResult:
    """One client posting a new small article every half second (each one a write transaction)."""
    samples: list[float] = []
    statuses: dict[int, int] = {}
    failures = 0
    started = time.perf_counter()
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:
        for n in itertools.count():
            if time.perf_counter() - started >= seconds:
                break
            began = time.perf_counter()
            try:
                response = await client.post("/articles", json={"text": ARTICLE.format(n=n)})
            except httpx.HTTPError:
                failures += 1
                continue
            samples.append(time.perf_counter() - began)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            failures += response.status_code >= 400
            await asyncio.sleep(0.5)
    return LoadResult(len(samples), time.perf_counter() - started, summarize(samples, failures), statuses)


def run(report: Report, data: Generated, kg_store: Path, workdir: Path, *, clients: int = 20,
        seconds: float = 180.0, warmup: float = 20.0) -> None:
    """Mixed load for `seconds` after `warmup`; memory sampled every second."""
    with kg_serve(kg_store, free_port(), workdir / "serve-soak.log") as service:
        pid = service.process.pid
        # The warm-up reaches every part: the query workers and the extraction worker are loaded.
        asyncio.run(_posts(service.url, 1.0))
        asyncio.run(run_load(service.url, _mix(data), clients, warmup))
        after_warmup = tree_rss(pid)
        peak = [after_warmup]
        stop = threading.Event()

        def sample() -> None:
            while not stop.wait(1.0):
                peak[0] = max(peak[0], tree_rss(pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()

        async def both() -> tuple[LoadResult, LoadResult]:
            return await asyncio.gather(run_load(service.url, _mix(data), clients - 1, seconds),
                                        _posts(service.url, seconds))

        reads, posts = asyncio.run(both())
        stop.set()
        sampler.join()
        at_end = tree_rss(pid)
    growth = at_end / after_warmup if after_warmup else float("inf")
    errors = reads.errors + posts.errors
    report.target(Target(f"memory after {seconds / 60:g} min of mixed load / after warm-up", growth, 1.5))
    report.target(Target("failed requests in the mixed load", float(errors), 0.0))
    rows = [
        ["reads (REST, SPARQL, /health)", number(reads.per_second), ms(reads.latency.median),
         ms(reads.latency.p99), str(reads.requests), str(reads.errors)],
        ["posted articles", number(posts.per_second), ms(posts.latency.median), ms(posts.latency.p99),
         str(posts.requests), str(posts.errors)],
    ]
    mib = 1024 * 1024
    report.section("7. Mixed load over minutes", [
        f"{clients - 1} clients cycling through every REST route, the five representative SPARQL queries "
        f"and /health, plus one client posting a new article every half second, for {seconds:g} s after "
        f"a {warmup:g} s warm-up, against `kg serve` on the embedded store ({data.quads:,} quads). "
        "Memory is the resident size of the server and every process it started.",
        "",
        *table(["load", "requests/s", "median ms", "p99 ms", "requests", "failed"], rows),
        "",
        f"- Memory: {after_warmup / mib:.0f} MiB after warm-up, peak {peak[0] / mib:.0f} MiB, "
        f"{at_end / mib:.0f} MiB at the end ({growth:.2f}x).",
        f"- Statuses: reads {dict(sorted(reads.statuses.items()))}, "
        f"posts {dict(sorted(posts.statuses.items()))}.",
    ])


async def run_load(url: str, requests: list[Request], clients: int, seconds: float) -> LoadResult:
    """`clients` clients cycling through `requests` for `seconds`."""
    return await loadgen.run(url, requests, clients=clients, seconds=seconds, max_requests=10**9,
                             timeout=60.0)
