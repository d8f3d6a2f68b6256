"""How soon hostile answers are refused: the wall-clock limits the tests used to assert (tests/test_hostile_input.py
checks what is refused and how; the time it takes is measured here, on a machine that is not shared).

    python benchmarks/refusal_speed.py [--runs 5]

Whole processes (``python -m resolution_builder``), median of --runs, beside each case's limit:
a billion-laughs file (refused at its first anchor), /dev/zero (not a regular file), 3 MB on standard input
(over the 1 MB cap), and in process, 3,000 repeated provisions (over the library's count).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from test_hostile_input import BASE, BILLION_LAUGHS  # noqa: E402  (the same hostile inputs the tests use)

from resolution_builder.cli import main  # noqa: E402

LIMITS = {"billion laughs": 20, "/dev/zero": 15, "3 MB on stdin": 15, "3,000 provisions (in process)": 10}


def _process_seconds(args: list[str], stdin: bytes | None, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "resolution_builder", *args], input=stdin,
                              capture_output=True, timeout=120)
        times.append(time.perf_counter() - start)
        assert done.returncode == 2, done.stderr
    return times


def main_(runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        (work / "bomb.yaml").write_text(BILLION_LAUGHS)
        (work / "many.yaml").write_text(BASE + "provisions:\n" + "  - id: anti-bullying\n" * 3000)
        results = {
            "billion laughs": _process_seconds(["build", str(work / "bomb.yaml"), "-o", str(work / "out")], None, runs),
            "/dev/zero": _process_seconds(["check", "/dev/zero"], None, runs),
            "3 MB on stdin": _process_seconds(["check", "-"], b"#" * 3_000_000, runs),
        }
        in_process = []
        for _ in range(runs):
            start = time.perf_counter()
            assert main(["build", str(work / "many.yaml"), "-o", str(work / "out")]) == 2
            in_process.append(time.perf_counter() - start)
        results["3,000 provisions (in process)"] = in_process
    for name, times in results.items():
        median = statistics.median(times)
        verdict = "ok" if median < LIMITS[name] else "OVER"
        print(f"{name:32} median {median:6.3f} s  (min {min(times):.3f}, max {max(times):.3f}; "
              f"limit {LIMITS[name]} s: {verdict})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    main_(parser.parse_args().runs)
