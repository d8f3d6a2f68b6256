"""PDF speed: both documents of the example to PDF through the warm converter (median of 10, after it has started)
against the one-shot path (a fresh LibreOffice per conversion) in the same run.

    python benchmarks/pdf_speed.py [--rounds 10]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from resolution_builder import build_documents, load_answers
from resolution_builder.library.loader import DATA_DIR
from resolution_builder.word.pdf import to_pdf
from resolution_builder.word.pdf_server import PdfServer
from resolution_builder.yaml_io import load_yaml


def seconds(work, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    documents = build_documents(load_answers(load_yaml((DATA_DIR / "example.yaml").read_text(encoding="utf-8")))[0])
    with PdfServer() as server:
        start = time.perf_counter()
        server.convert(documents)  # the first request starts LibreOffice
        first = time.perf_counter() - start
        warm = seconds(lambda: server.convert(documents), args.rounds)
    one_shot = seconds(lambda: to_pdf(documents), args.rounds)
    print(f"warm converter, both documents: median {statistics.median(warm):.2f} s "
          f"(min {min(warm):.2f}, max {max(warm):.2f}, {args.rounds} rounds; target <= 1.5 s); "
          f"first request including start-up {first:.2f} s")
    print(f"one-shot path, both documents: median {statistics.median(one_shot):.2f} s "
          f"(min {min(one_shot):.2f}, max {max(one_shot):.2f}, {args.rounds} rounds)")
    print(f"load average at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())} "
          f"on {os.cpu_count()} cores (the machine may be shared)")


if __name__ == "__main__":
    main()
