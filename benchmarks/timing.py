"""The one way the in-process benchmarks time a piece of work: warmed up once, then the median of N rounds."""

from __future__ import annotations

import statistics
import time


def median_ms(work, rounds: int, clock=time.perf_counter) -> float:
    """Median milliseconds of ``work()`` over ``rounds``, after one warm-up call (imports, caches, first compile).
    ``clock=time.process_time`` gives this process's CPU time, which other programs on a shared machine disturb
    less than the wall clock."""
    work()
    times = []
    for _ in range(rounds):
        start = clock()
        work()
        times.append((clock() - start) * 1000)
    return statistics.median(times)
