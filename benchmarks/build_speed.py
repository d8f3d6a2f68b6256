"""Build speed: the median time to build the drafts (resolution, policy, regulation) with every provision chosen, beside docxtpl alone doing
the same work: the same templates and plan, the plan's rich text (the clause bodies are RichText runs), each part
of the template compiled once (as the project's environment does; docxtpl's default compiles every part again at
each render, shown as a third line), saved to memory. The difference is the project's own overhead: shielding
typed text, the answers embedded in the drafts, document properties.

    python benchmarks/build_speed.py [--rounds 30]
"""

from __future__ import annotations

import argparse
import time
from io import BytesIO

import docx
from docxtpl import DocxTemplate
from jinja2 import Environment

from resolution_builder import build_documents, compose, load_answers, load_library
from resolution_builder.build import render_documents
from resolution_builder.word.render import read_by_template
from resolution_builder.word.rich_text import with_rich_text
from resolution_builder.word.templates import template_bytes
from timing import median_ms  # benchmarks/timing.py, beside this script


def every_provision_answers():
    library = load_library()
    chosen = [{"id": pid} for pid in library.provisions]
    data = {"district": {"name": "Cedar Valley Unified School District", "state": "CA"},
            "board": {"name": "Board of Education"}, "adoption": {"meeting_date": "2026-12-10"},
            "provisions": chosen}
    return load_answers(data)[0]


class _CompiledOnce(Environment):
    """A plain jinja environment that keeps each compiled source: what a docxtpl user who renders the same
    template many times would write (docxtpl compiles every XML part again on each render)."""

    def __init__(self, **options):
        super().__init__(**options)
        self._compiled: dict[str, object] = {}

    def from_string(self, source, globals=None, template_class=None):  # noqa: A002 - jinja's own signature
        if source not in self._compiled:
            self._compiled[source] = super().from_string(source, globals, template_class)
        return self._compiled[source]


def bare_docxtpl(plan, environment: Environment | None = None) -> dict[str, bytes]:
    """What docxtpl alone costs for the same work: open each template, render the plan with its rich text, save."""
    out = {}
    for name in plan.kinds:  # the regulation has the policy's form: the policy's template renders it
        form = "resolution" if name == "resolution" else "policy"
        template = DocxTemplate(BytesIO(template_bytes(form)))
        # the same context: the parts of the plan the template reads, with their rich text
        template.render({"plan": with_rich_text(read_by_template(form, plan.as_policy(name)))}, environment,
                        autoescape=True)
        saved = BytesIO()
        template.save(saved)
        out[name] = saved.getvalue()
    return out


def _same_text(plan, documents: dict[str, bytes]) -> None:
    """The yardstick really renders the clauses: every RESOLVED clause of the plan is in its resolution."""
    body = [p.text for p in docx.Document(BytesIO(documents["resolution"])).paragraphs]
    missing = [c.text for c in plan.resolution.clauses if c.text not in body]
    assert not missing, f"the docxtpl yardstick lost {len(missing)} clauses, e.g. {missing[0][:80]!r}"



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    rounds = parser.parse_args().rounds
    answers = every_provision_answers()
    plan = compose(answers)
    environment = _CompiledOnce(autoescape=True)
    _same_text(plan, bare_docxtpl(plan, environment))
    full = median_ms(lambda: build_documents(answers), rounds)
    bare = median_ms(lambda: bare_docxtpl(plan, environment), rounds)
    recompiled = median_ms(lambda: bare_docxtpl(plan), rounds)
    rendered = median_ms(lambda: render_documents(plan, answers), rounds)  # the plan given, as docxtpl gets it
    full_cpu = median_ms(lambda: build_documents(answers), rounds, time.process_time)
    rendered_cpu = median_ms(lambda: render_documents(plan, answers), rounds, time.process_time)
    bare_cpu = median_ms(lambda: bare_docxtpl(plan, environment), rounds, time.process_time)
    paragraphs = len(plan.resolution.recitals) + len(plan.resolution.clauses) + sum(
        len(s.paragraphs) for kind in plan.kinds[1:] for s in plan.as_policy(kind).policy.sections)
    print(f"provisions chosen:           {len(answers.provisions)} ({paragraphs} body paragraphs)")
    print(f"build_documents, median:     {full:7.1f} ms for the {len(plan.kinds)} drafts ({rounds} rounds)")
    print(f"docxtpl, same work, median:  {bare:7.1f} ms (rich text, each part compiled once)")
    print(f"render_documents, median:    {rendered:7.1f} ms (the plan given, answers embedded: the same work)")
    print(f"ratio, same work:            {rendered / bare:7.2f}x (build_documents, plan composed too: "
          f"{full / bare:.2f}x)")
    print(f"in CPU time (ms):            build {full_cpu:.1f}, render {rendered_cpu:.1f}, docxtpl {bare_cpu:.1f}: "
          f"{rendered_cpu / bare_cpu:.2f}x the same work")
    print(f"docxtpl's default, median:   {recompiled:7.1f} ms (every part compiled again at each render)")


if __name__ == "__main__":
    main()
