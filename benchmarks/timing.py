"""The one way the in-process benchmarks time a piece of work: warmed up once, then the median of N rounds."""

from __future__ import annotations

import statistics
import time


def median_ms(work, rounds: int) -> float:
    """Median milliseconds of ``work()`` over ``rounds``, after one warm-up call (imports, caches, first compile)."""
    work()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)
