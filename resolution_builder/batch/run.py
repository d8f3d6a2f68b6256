"""Builds many districts' drafts over the machine's cores; a row that fails is reported, never stops the run."""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field

from ..answers.loading import AnswersError, load_answers
from ..build import Document, render_documents
from ..composition.composer import compose, slugify
from ..exceptions import SafeZoneError
from ..library import load_library
from .rows import DistrictRow

__all__ = ["BatchOptions", "RowResult", "build_rows", "build_row", "check_row", "checked_row", "default_jobs",
           "unique_folder"]


@dataclass(frozen=True)
class BatchOptions:
    """Choices for the whole run, over each row's own ``output`` answers."""

    formats: tuple[str, ...] = ("docx",)
    bilingual: bool = False  # True: every district bilingual; False: as each row's answers say
    annotated: bool = False
    no_draft_mark: bool = False
    packet: bool = False  # True: every district's board packet too; False: as each row's answers say
    language: str = "en"  # of the problems reported (the person's language, not the documents')

    def overrides(self) -> dict[str, bool]:
        chosen = {"bilingual": self.bilingual, "annotated": self.annotated, "draft_mark": not self.no_draft_mark,
                  "packet": self.packet}
        defaults = {"bilingual": False, "annotated": False, "draft_mark": True, "packet": False}
        return {name: value for name, value in chosen.items() if value != defaults[name]}


@dataclass
class RowResult:
    """What became of one row: its drafts (Word, then PDF when asked) or the problems that stopped it."""

    number: int
    district: str
    slug: str = ""
    documents: dict[str, Document] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # warnings: text cleaned, a translation still needed, ...
    pdf_problem: str = ""  # built, but its PDF failed: the .docx drafts are kept

    @property
    def ok(self) -> bool:
        return not self.problems


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def checked_row(row: DistrictRow, options: BatchOptions = BatchOptions()) -> tuple[list[str], str]:
    """Every problem of the row at once (its cells' and its answers'), and the district's slug when it has none;
    nothing is built."""
    try:
        answers, _ = load_answers(_with_overrides(row, options), language=options.language)
    except AnswersError as exc:
        return list(row.problems) + exc.problems, ""
    return list(row.problems), ("" if row.problems else slugify(answers.district.name))


def check_row(row: DistrictRow, options: BatchOptions = BatchOptions()) -> list[str]:
    """The row's problems without building anything (the app shows them before the run)."""
    return checked_row(row, options)[0]


def _with_overrides(row: DistrictRow, options: BatchOptions) -> dict:
    data = dict(row.answers)
    if options.overrides():
        data["output"] = {**(data.get("output") or {}), **options.overrides()}
    return data


def build_row(row: DistrictRow, options: BatchOptions = BatchOptions()) -> RowResult:
    """One district's Word drafts (and its packet when asked), each carrying the answers that made it; any
    problem becomes the row's problems, so the run goes on. Ctrl-C and a stop signal are not caught here."""
    result = RowResult(row.number, row.name)
    try:
        answers, result.notes = load_answers(_with_overrides(row, options), language=options.language)
    except AnswersError as exc:
        result.problems = list(row.problems) + exc.problems
        return result
    if row.problems:
        result.problems = list(row.problems)
        return result
    result.district = answers.district.name
    try:
        plan = compose(answers)
        result.slug = plan.slug
        documents = render_documents(plan, answers)  # each draft carries its answers (compare, resuming)
        if answers.output.packet:
            from ..packet import build_packet

            documents.update(build_packet(answers, plan=plan))
        result.documents = documents
    except SafeZoneError as exc:
        result.problems = [str(exc)]
    except Exception as exc:  # one district's unexpected failure must not cost the others their drafts
        result.problems = [f"error: unexpected {type(exc).__name__}: {exc} (please report this)"]
    return result


def _worker_start() -> None:
    """Each worker leaves Ctrl-C and stop signals to the run (which stops it), and loads the library once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    load_library()


def build_rows(rows: list[DistrictRow], options: BatchOptions = BatchOptions(), jobs: int | None = None,
               on_done: Callable[[RowResult], None] | None = None) -> Iterator[RowResult]:
    """Each row's result, in row order, built over ``jobs`` worker processes (default: every core).

    Only a few rows per worker are handed out ahead, so memory stays flat and a run that is stopped (the
    generator closed, or Ctrl-C) waits for at most one district per worker.
    """
    jobs = max(1, min(jobs or default_jobs(), len(rows) or 1))
    if jobs == 1:
        results: Iterable[RowResult] = (build_row(row, options) for row in rows)
        yield from _reported(results, on_done)
        return
    # forkserver, not fork: the caller may run threads (the app, PDF converters) that a fork would copy mid-step
    context = multiprocessing.get_context("forkserver")
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_start)
    pending: deque[Future] = deque()
    try:
        waiting = iter(rows)
        for row in waiting:
            pending.append(pool.submit(build_row, row, options))
            if len(pending) >= 2 * jobs:
                break
        while pending:
            result = pending.popleft().result()
            for row in waiting:
                pending.append(pool.submit(build_row, row, options))
                break
            yield from _reported([result], on_done)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _reported(results: Iterable[RowResult], on_done: Callable[[RowResult], None] | None) -> Iterator[RowResult]:
    for result in results:
        if on_done:
            on_done(result)
        yield result


def unique_folder(slug: str, used: set[str]) -> str:
    """The district's slug as a folder name; a second district of the same name gets ``-2``, and so on."""
    folder, count = slug or "district", 1
    while folder in used:
        count += 1
        folder = f"{slug}-{count}"
    used.add(folder)
    return folder
