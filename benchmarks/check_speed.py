"""Start-up speed: ``safe-zone check`` on the example answers as a whole process (interpreter start, imports,
library load, validation), median of several runs, beside the library load alone with each YAML loader.

    python benchmarks/check_speed.py [--runs 11]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from resolution_builder.library.loader import DATA_DIR
from resolution_builder.yaml_io import load_data_yaml, load_yaml


def whole_process_seconds(answers: Path, runs: int) -> list[float]:
    command = [sys.executable, "-m", "resolution_builder", "check", str(answers)]
    subprocess.run(command, check=True, capture_output=True)  # warm the disk cache and .pyc files
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def parse_seconds(load) -> float:
    texts = [path.read_text(encoding="utf-8") for path in sorted(DATA_DIR.rglob("*.yaml"))]
    start = time.perf_counter()
    for text in texts:
        load(text)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        answers = Path(folder) / "answers.yaml"
        answers.write_text((DATA_DIR / "example.yaml").read_text(encoding="utf-8"), encoding="utf-8")
        times = whole_process_seconds(answers, args.runs)
    print(f"safe-zone check, whole process: median {statistics.median(times):.3f} s "
          f"(min {min(times):.3f}, max {max(times):.3f}, {args.runs} runs; target <= 0.8 s)")
    files = len(list(DATA_DIR.rglob("*.yaml")))
    print(f"parse the {files} data files: LibYAML loader {parse_seconds(load_data_yaml):.3f} s "
          f"(LibYAML {'available' if yaml.__with_libyaml__ else 'NOT available: pure Python used'}), "
          f"pure-Python loader {parse_seconds(load_yaml):.3f} s")
    print(f"load average at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())} "
          f"on {os.cpu_count()} cores (the machine may be shared)")


if __name__ == "__main__":
    main()
