"""A small, bounded HTTP load generator: a few asyncio clients on loopback, for a fixed time."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import httpx

from bench.stats import Summary, summarize


@dataclass(frozen=True)
class Request:
    """One request to send again and again: method, path and optional query parameters."""

    method: str
    path: str
    params: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class LoadResult:
    """Throughput and latency of one load run."""

    requests: int
    seconds: float
    latency: Summary
    statuses: dict[int, int]

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def errors(self) -> int:
        return self.latency.errors


async def _client(client: httpx.AsyncClient, requests: itertools.cycle[Request], deadline: float,
                  budget: list[int], samples: list[float], statuses: dict[int, int],
                  failures: list[int]) -> None:
    while budget[0] > 0 and time.perf_counter() < deadline:
        budget[0] -= 1
        req = next(requests)
        start = time.perf_counter()
        try:
            response = await client.request(req.method, req.path, params=req.params, headers=req.headers)
            await response.aread()
        except httpx.HTTPError:
            failures[0] += 1
            continue
        samples.append(time.perf_counter() - start)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        if response.status_code >= 400:
            failures[0] += 1


async def run(base_url: str, requests: Sequence[Request], *, clients: int, seconds: float,
              max_requests: int, timeout: float = 30.0) -> LoadResult:
    """Send `requests` round-robin from `clients` concurrent clients until `seconds` or `max_requests`."""
    cycle = itertools.cycle(requests)
    samples: list[float] = []
    statuses: dict[int, int] = {}
    failures, budget = [0], [max_requests]
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base_url, timeout=timeout, limits=limits) as client:
        start = time.perf_counter()
        deadline = start + seconds
        await asyncio.gather(*(_client(client, cycle, deadline, budget, samples, statuses, failures)
                               for _ in range(clients)))
        elapsed = time.perf_counter() - start
    return LoadResult(len(samples), elapsed, summarize(samples, failures[0]), statuses)


async def run_alongside(base_url: str, requests: Sequence[Request], background: Request, *, clients: int,
                        seconds: float, max_requests: int,
                        timeout: float = 60.0) -> tuple[LoadResult, LoadResult]:
    """Load `requests` while one more client sends `background` back to back; both results."""
    main, side = await asyncio.gather(
        run(base_url, requests, clients=clients, seconds=seconds, max_requests=max_requests, timeout=timeout),
        run(base_url, [background], clients=1, seconds=seconds, max_requests=max_requests, timeout=timeout),
    )
    return main, side
