"""Summaries of timing samples."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Summary:
    """Median, 99th percentile and count of latency samples, in seconds."""

    median: float
    p99: float
    n: int
    errors: int = 0

    @property
    def median_ms(self) -> float:
        return self.median * 1000

    @property
    def p99_ms(self) -> float:
        return self.p99 * 1000


def percentile(samples: Sequence[float], q: float) -> float:
    """The `q`-th percentile (0-100) by linear interpolation between closest ranks."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summarize(samples: Sequence[float], errors: int = 0) -> Summary:
    """The summary of `samples` (seconds); NaN when there are none."""
    if not samples:
        return Summary(math.nan, math.nan, 0, errors)
    return Summary(statistics.median(samples), percentile(samples, 99), len(samples), errors)


def repeat(call: Callable[[], object], *, budget: float, most: int, least: int = 3,
           warmup: int = 1) -> Summary:
    """Time `call` until `budget` seconds are spent or `most` runs are done (but at least `least`)."""
    for _ in range(warmup):
        call()
    samples: list[float] = []
    deadline = time.perf_counter() + budget
    while len(samples) < most and (len(samples) < least or time.perf_counter() < deadline):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return summarize(samples)


def ratio(a: float, b: float) -> float:
    """a / b, NaN when b is zero or either is NaN."""
    if b == 0 or math.isnan(a) or math.isnan(b):
        return math.nan
    return a / b
