"""Packet speed: the time to compose and render the six board-packet documents, for the recommended set and for
every provision, in one language and in the bilingual edition.

    python benchmarks/packet_speed.py [--rounds 10]
"""

from __future__ import annotations

import argparse
import statistics
import time

from build_speed import every_provision_answers
from resolution_builder import load_answers, load_library
from resolution_builder.composition.composer import compose
from resolution_builder.packet import build_packet


def _recommended_answers():
    library = load_library()
    return load_answers({"district": {"name": "Cedar Valley Unified School District", "state": "CA"},
                         "board": {"name": "Board of Education"},
                         "provisions": [{"id": pid} for pid in library.recommended()]})[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    rounds = parser.parse_args().rounds
    library = load_library()
    cases = {"recommended": _recommended_answers(), "every provision": every_provision_answers()}
    for name, answers in list(cases.items()):
        cases[f"{name}, bilingual"] = answers.model_copy(
            update={"output": answers.output.model_copy(update={"bilingual": True})})
    build_packet(cases["recommended"], library)  # warm: templates read, snippets compiled
    for name, answers in cases.items():
        plan = compose(answers, library)
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            build_packet(answers, library, plan)
            times.append((time.perf_counter() - start) * 1000)
        print(f"packet, {name}: median {statistics.median(times):.0f} ms, max {max(times):.0f} ms "
              f"({rounds} rounds, six documents, drafts' plan given)")


if __name__ == "__main__":
    main()
