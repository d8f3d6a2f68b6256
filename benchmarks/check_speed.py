"""Start-up speed: ``safe-zone check`` on the example answers as a whole process (interpreter start, imports,
library load, validation), median of several runs, beside the library load alone with each YAML loader.

    python benchmarks/check_speed.py [--runs 11]

It measures what a user gets: an installed package has its compiled ``.pyc`` files, so the runs are made with
PYTHONDONTWRITEBYTECODE removed from their environment (the warm-up run writes the ``.pyc`` files); with
``--no-pyc`` they are made as a fresh checkout runs under PYTHONDONTWRITEBYTECODE=1 (our modules compiled in
every process). Beside the wall-clock time it prints the processes' CPU time, which another program busy on
a shared machine disturbs less.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

import resolution_builder
from resolution_builder.library.loader import DATA_DIR
from resolution_builder.yaml_io import load_data_yaml, load_yaml


def _child_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def whole_process_seconds(answers: Path, runs: int, pyc: bool) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds of each run."""
    command = [sys.executable, "-m", "resolution_builder", "check", str(answers)]
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    if not pyc:
        package = Path(resolution_builder.__file__).parent
        for folder in package.rglob("__pycache__"):  # our modules only: Python's and libraries' stay compiled
            shutil.rmtree(folder, ignore_errors=True)
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    subprocess.run(command, check=True, capture_output=True, env=env)  # warm the disk cache (and write .pyc)
    walls, cpus = [], []
    for _ in range(runs):
        cpu, start = _child_cpu_seconds(), time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        walls.append(time.perf_counter() - start)
        cpus.append(_child_cpu_seconds() - cpu)
    return walls, cpus


def parse_seconds(load) -> float:
    texts = [path.read_text(encoding="utf-8") for path in sorted(DATA_DIR.rglob("*.yaml"))]
    start = time.perf_counter()
    for text in texts:
        load(text)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--no-pyc", action="store_true",
                        help="our modules without .pyc files, as a checkout run with PYTHONDONTWRITEBYTECODE=1")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        answers = Path(folder) / "answers.yaml"
        answers.write_text((DATA_DIR / "example.yaml").read_text(encoding="utf-8"), encoding="utf-8")
        times, cpus = whole_process_seconds(answers, args.runs, pyc=not args.no_pyc)
    print(f"safe-zone check, whole process{' (no .pyc of ours)' if args.no_pyc else ''}: "
          f"median {statistics.median(times):.3f} s (min {min(times):.3f}, max {max(times):.3f}, "
          f"{args.runs} runs; target <= 0.8 s); CPU time median {statistics.median(cpus):.3f} s")
    files = len(list(DATA_DIR.rglob("*.yaml")))
    print(f"parse the {files} data files: LibYAML loader {parse_seconds(load_data_yaml):.3f} s "
          f"(LibYAML {'available' if yaml.__with_libyaml__ else 'NOT available: pure Python used'}), "
          f"pure-Python loader {parse_seconds(load_yaml):.3f} s")
    print(f"load average at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())} "
          f"on {os.cpu_count()} cores (the machine may be shared)")


if __name__ == "__main__":
    main()
