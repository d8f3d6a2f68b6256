"""Batch speed: ``safe-zone batch`` on 1,000 districts (the example answers as shared defaults, varied names and
states), both documents as .docx, as one whole process; beside a single build's time x districts / cores, with
the peak memory of the whole process tree (the command and its workers).

    python benchmarks/batch_speed.py [--districts 1000] [--jobs N]
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from resolution_builder import build_documents, load_answers, load_library
from resolution_builder.library.loader import DATA_DIR
from resolution_builder.yaml_io import load_yaml
from timing import median_ms  # benchmarks/timing.py, beside this script

TOWNS = ["Alder Creek", "Birch Hollow", "Cedar Valley", "Dry Gulch", "Elm Grove", "Fir Ridge", "Peñasco",
         "Green River", "Harbor View", "Iron Springs", "Juniper Flats", "Kettle Falls", "Lakeside", "Øster Bay"]


def districts_csv(path: Path, count: int) -> None:
    states = sorted(load_library().states)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["district.name", "district.state", "district.city", "board.name"])
        for index in range(count):
            town = TOWNS[index % len(TOWNS)]
            name = f"{town} Unified School District No. {index + 1}"
            writer.writerow([name, states[index % len(states)], town, f"Board of Education of the {name}"])


def single_build_seconds(rounds: int = 10) -> float:
    data = load_yaml((DATA_DIR / "example.yaml").read_text(encoding="utf-8"))
    return median_ms(lambda: build_documents(load_answers(data)[0]), rounds) / 1000


def _tree_rss_kib(root: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
            rss[int(entry.name)] = next(int(line.split()[1]) for line in (entry / "status").read_text().splitlines()
                                        if line.startswith("VmRSS:"))
        except (OSError, StopIteration, ValueError, IndexError):
            continue
    tree, changed = {root}, True
    while changed:
        grown = tree | {pid for pid, parent in parents.items() if parent in tree}
        changed, tree = grown != tree, grown
    return sum(rss.get(pid, 0) for pid in tree)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--districts", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    cores = args.jobs or len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        districts_csv(work / "districts.csv", args.districts)
        command = [sys.executable, "-m", "resolution_builder", "batch", str(work / "districts.csv"), "-o",
                   str(work / "out"), "--defaults", str(DATA_DIR / "example.yaml"), "--quiet",
                   *(["--jobs", str(args.jobs)] if args.jobs else [])]
        peak = 0
        start = time.perf_counter()
        process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
        done = threading.Event()

        def watch() -> None:
            nonlocal peak
            while not done.wait(0.25):
                peak = max(peak, _tree_rss_kib(process.pid))

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        _, stderr = process.communicate()
        elapsed = time.perf_counter() - start
        done.set()
        watcher.join()
        folders = sum(1 for path in (work / "out").iterdir() if path.is_dir())
        files = sum(1 for _ in (work / "out").rglob("*.docx"))
    if process.returncode != 0:
        sys.exit(f"batch failed ({process.returncode}): {stderr}")
    single = single_build_seconds()
    ideal = single * args.districts / cores
    print(f"batch of {args.districts} districts, both documents (.docx), {cores} jobs: {elapsed:.1f} s "
          f"(target <= 60 s); {folders} folders, {files} .docx files")
    print(f"single build (example, in process, median of 10): {single * 1000:.0f} ms; x {args.districts} / {cores} "
          f"cores = {ideal:.1f} s; batch / that = {elapsed / ideal:.2f}")
    print(f"peak resident memory of the batch process tree: {peak / 1024:.0f} MiB")
    print(f"load average at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())} "
          f"on {os.cpu_count()} cores (the machine may be shared)")


if __name__ == "__main__":
    main()
