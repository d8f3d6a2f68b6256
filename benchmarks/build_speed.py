"""Build speed: the median time to build both documents with every provision chosen, beside a bare
docxtpl render of the same templates with the same plan.

    python benchmarks/build_speed.py [--rounds 30]
"""

from __future__ import annotations

import argparse
from io import BytesIO

from docxtpl import DocxTemplate

from resolution_builder import build_documents, compose, load_answers, load_library
from resolution_builder.word.templates import template_bytes
from timing import median_ms  # benchmarks/timing.py, beside this script


def every_provision_answers():
    library = load_library()
    chosen = [{"id": pid} for pid in library.provisions]
    data = {"district": {"name": "Cedar Valley Unified School District", "state": "CA"},
            "board": {"name": "Board of Education"}, "adoption": {"meeting_date": "2026-12-10"},
            "provisions": chosen}
    return load_answers(data)[0]


def bare_docxtpl(plan) -> None:
    """What docxtpl alone costs: open each template, render the same plan, save to memory."""
    for name in ("resolution", "policy"):
        template = DocxTemplate(BytesIO(template_bytes(name)))
        template.render({"plan": plan}, autoescape=True)
        template.save(BytesIO())



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    rounds = parser.parse_args().rounds
    answers = every_provision_answers()
    plan = compose(answers)
    full = median_ms(lambda: build_documents(answers), rounds)
    bare = median_ms(lambda: bare_docxtpl(plan), rounds)
    paragraphs = len(plan.resolution.recitals) + len(plan.resolution.clauses) + sum(
        len(s.paragraphs) for s in plan.policy.sections)
    print(f"provisions chosen:           {len(answers.provisions)} ({paragraphs} body paragraphs)")
    print(f"build_documents, median:     {full:7.1f} ms for both documents ({rounds} rounds)")
    print(f"bare docxtpl render, median: {bare:7.1f} ms")
    print(f"ratio:                       {full / bare:7.2f}x")


if __name__ == "__main__":
    main()
