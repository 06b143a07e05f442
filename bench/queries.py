"""Benchmark 3: query latency over HTTP against rdflib-endpoint, and against pyoxigraph in-process."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import httpx
import pyoxigraph as ox

from bench.generate import Generated
from bench.loadgen import Request
from bench.report import Report, Target, ms, table, times
from bench.services import QUERY_TIMEOUT, free_port, kg_serve, peer_serve
from bench.stats import Summary, ratio, repeat, summarize
from bench.workload import Query, queries, rest_calls

JSON_RESULTS = "application/sparql-results+json"
PEER_QUERY_TIMEOUT = 30.0
"""Seconds one query may take on rdflib-endpoint; slower ones are reported as 'over' this."""


def _http_query(client: httpx.Client, text: str) -> Callable[[], object]:
    def call() -> object:
        response = client.post("/sparql", data={"query": text}, headers={"Accept": JSON_RESULTS})
        response.raise_for_status()
        return response.content
    return call


def _http_call(client: httpx.Client, req: Request) -> Callable[[], object]:
    def call() -> object:
        return client.request(req.method, req.path, params=req.params).raise_for_status()
    return call


def _floor(store: ox.Store, text: str) -> Callable[[], object]:
    def call() -> object:
        result = store.query(text, use_default_graph_as_union=True)
        assert isinstance(result, ox.QuerySolutions)
        return result.serialize(format=ox.QueryResultsFormat.JSON)
    return call


def _row_count(client: httpx.Client, text: str) -> int:
    response = client.post("/sparql", data={"query": text}, headers={"Accept": JSON_RESULTS})
    response.raise_for_status()
    return len(response.json()["results"]["bindings"])


def _peer(data: Generated, workdir: Path, load_timeout: float, budget: float, query_timeout: float,
          work: list[Query]) -> tuple[dict[str, Summary], set[str], str]:
    """Latency of each query against rdflib-endpoint, the queries that timed out, and a note on its load.

    rdflib-endpoint evaluates a query on its event loop, so a query the client gave up on still holds
    the server: after a time-out the peer is started again (and reloads) for the next query.
    """
    results = {q.name: summarize([]) for q in work}
    timed_out: set[str] = set()
    notes: list[str] = []
    pending = list(work)
    while pending:
        try:
            with peer_serve(data.path, free_port(), workdir / "peer.log", load_timeout) as peer:
                notes.append(peer.log.read_text().splitlines()[0])
                with httpx.Client(base_url=peer.url, timeout=query_timeout) as client:
                    while pending:
                        query = pending.pop(0)
                        try:
                            results[query.name] = repeat(_http_query(client, query.text), budget=budget,
                                                         most=50, least=3, warmup=0)
                        except httpx.TimeoutException:
                            timed_out.add(query.name)
                            break
        except (RuntimeError, httpx.HTTPError) as exc:
            notes.append(f"rdflib-endpoint failed: {str(exc)[:300]}")
            break
    return results, timed_out, "; ".join(notes)


def run(report: Report, data: Generated, kg_store: Path, ox_store: Path, workdir: Path, *,
        budget: float, peer_budget: float, peer_timeout: float, peer: bool = True,
        section: str = "3") -> None:
    """Measure every query and REST route; the three engines hold the same data. Without `peer`,
    rdflib-endpoint is left out (it holds everything in memory: ten million quads do not fit) and
    the targets, which are stated for a million quads, are not judged."""
    work = queries(data)
    ours: dict[str, Summary] = {}
    rest: dict[str, Summary] = {}
    rows_returned: dict[str, int] = {}
    failures: list[str] = []
    port = free_port()
    with kg_serve(kg_store, port, workdir / "serve-queries.log") as service, \
            httpx.Client(base_url=service.url, timeout=120) as client:
        health = repeat(lambda: client.get("/health").raise_for_status(), budget=budget, most=500, least=20)
        # The cheapest answer the app gives (a 404 in the JSON error shape): HTTP and framework cost alone.
        trip = repeat(lambda: client.get("/no-such-route"), budget=budget, most=500, least=20)
        for q in work:
            rows_returned[q.name] = _row_count(client, q.text)
            ours[q.name] = repeat(_http_query(client, q.text), budget=budget, most=300, least=5)
    for name, req in rest_calls(data):
        # A route that times out leaves its evaluation running in the server: a fresh server per route
        # keeps one slow route from slowing the next.
        with kg_serve(kg_store, free_port(), workdir / "serve-rest.log") as service, \
                httpx.Client(base_url=service.url, timeout=120) as client:
            try:
                rest[name] = repeat(_http_call(client, req), budget=budget / 2, most=300, least=5)
            except httpx.HTTPStatusError as exc:
                rest[name] = summarize([], errors=1)
                failures.append(f"`{name}` answered {exc.response.status_code}: {exc.response.text[:200]}")
    store = ox.Store.read_only(str(ox_store))
    floor = {q.name: repeat(_floor(store, q.text), budget=budget, most=300, least=5) for q in work}
    del store
    if peer:
        peers, timed_out, peer_note = _peer(data, workdir, peer_timeout, peer_budget, PEER_QUERY_TIMEOUT,
                                            work)
    else:
        peers, timed_out, peer_note = {q.name: summarize([]) for q in work}, set(), ""

    rows = []
    for q in work:
        mine, low, slow = ours[q.name], floor[q.name], peers[q.name]
        allowed = 2 * low.median + trip.median
        if not peer:
            peer_cell, speedup = "not run", "n/a"
        elif q.name in timed_out:
            peer_cell = f"over {PEER_QUERY_TIMEOUT:g} s"
            speedup = "over " + times(ratio(PEER_QUERY_TIMEOUT, mine.median))
        else:
            peer_cell = f"{ms(slow.median)} / {ms(slow.p99)} (n={slow.n})"
            speedup = times(ratio(slow.median, mine.median))
        rows.append([q.name, str(rows_returned[q.name]), f"{ms(mine.median)} / {ms(mine.p99)} (n={mine.n})",
                     f"{ms(low.median)} / {ms(low.p99)}", peer_cell, speedup,
                     times(ratio(mine.median, low.median)), times(ratio(mine.median, allowed))])
    # A query that timed out on the peer is counted at the time-out: a lower bound of the speed-up.
    speedups = [ratio(PEER_QUERY_TIMEOUT if q.name in timed_out else peers[q.name].median,
                      ours[q.name].median) for q in work]
    overheads = [ratio(ours[q.name].median, 2 * floor[q.name].median + trip.median) for q in work]
    finite = [s for s in speedups if not math.isnan(s)]
    if peer:
        report.target(Target("slowest speed-up over rdflib-endpoint (median, 5 queries)",
                             min(finite) if finite else math.nan, 50, at_most=False,
                             note=", ".join(times(s) for s in speedups)))
        report.target(Target("worst service median / (2 x pyoxigraph in-process + HTTP round trip)",
                             max(overheads), 1.0, note=", ".join(times(o) for o in overheads)))
        peer_lines = [
            f"rdflib-endpoint loads the same file into memory (seconds, distinct triples, peak bytes; once "
            f"per start): {peer_note}. A query slower than {PEER_QUERY_TIMEOUT:g} s there is shown as "
            "'over', and its speed-up as a lower bound."]
    else:
        peer_lines = [
            "rdflib-endpoint is not run at this size: it holds the whole dataset in Python objects (see the "
            "peak bytes at a million quads, section 3), more than this machine's memory. Worst service "
            "median / (2 x floor + HTTP round trip) here: " + ", ".join(times(o) for o in overheads) + "."]
    rest_rows = [[name, f"{ms(s.median)} / {ms(s.p99)} (n={s.n})", times(ratio(s.median, trip.median))]
                 for name, s in rest.items()]
    if rest:
        for label, of, limit in (("median", lambda s: s.median, 20.0), ("p99", lambda s: s.p99, 50.0)):
            slowest = max(rest, key=lambda name: of(rest[name]))
            report.target(Target(f"slowest REST route {label}, embedded store ({data.quads:,} quads)",
                                 of(rest[slowest]) * 1000, limit, unit="ms", note=slowest))
    report.section(f"{section}. Queries ({data.quads:,} quads)", [
        "Each query is sent one at a time by one keep-alive client, as a SPARQL Protocol POST asking for "
        "JSON results; in-process pyoxigraph evaluates the same text on a store bulk-loaded from the same "
        "file with the union default graph and serializes the results to JSON. Times are median / p99 in "
        "ms; n is the number of runs (p99 of few runs is their maximum).",
        f"HTTP round trip (a 404 from the app, no store access): median {ms(trip.median)} ms, p99 "
        f"{ms(trip.p99)} ms; `GET /health` (counts articles and triples): median {ms(health.median)} ms, "
        f"p99 {ms(health.p99)} ms.",
        *peer_lines,
        "",
        *table(["query", "rows", "kg serve", "pyoxigraph in-process (floor)", "rdflib-endpoint",
                "speed-up vs rdflib", "kg / floor", "kg / (2 floor + HTTP)"], rows),
        "",
        "REST routes (canned queries, parameters bound), median / p99 ms, and the ratio to the HTTP "
        f"round trip; each route on a fresh server whose query timeout is {QUERY_TIMEOUT:g} s:",
        "",
        *table(["route", "kg serve", "vs HTTP round trip"], rest_rows),
        *(["", "Failed routes:", ""] + [f"- {f}" for f in failures] if failures else []),
    ])
