"""Builds many districts' drafts over the machine's cores; a row that fails is reported, never stops the run."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial

from ..answers.loading import AnswersError, load_answers
from ..build import Document, render_documents
from ..composition.composer import compose
from ..library import load_library
from .rows import DistrictRow

__all__ = ["BatchOptions", "RowResult", "build_rows", "build_row", "check_row", "default_jobs", "unique_folder"]


@dataclass(frozen=True)
class BatchOptions:
    """Choices for the whole run, over each row's own ``output`` answers."""

    formats: tuple[str, ...] = ("docx",)
    bilingual: bool = False  # True: every district bilingual; False: as each row's answers say
    annotated: bool = False
    no_draft_mark: bool = False
    language: str = "en"  # of the problems reported (the person's language, not the documents')
    # The issue's --packet (adoption packet) documents will be added per row in ``build_row`` once the packet exists.

    def overrides(self) -> dict[str, bool]:
        chosen = {"bilingual": self.bilingual, "annotated": self.annotated, "draft_mark": not self.no_draft_mark}
        defaults = {"bilingual": False, "annotated": False, "draft_mark": True}
        return {name: value for name, value in chosen.items() if value != defaults[name]}


@dataclass
class RowResult:
    """What became of one row: its drafts (Word, then PDF when asked) or the problems that stopped it."""

    number: int
    district: str
    slug: str = ""
    documents: dict[str, Document] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def check_row(row: DistrictRow, options: BatchOptions = BatchOptions()) -> list[str]:
    """The row's problems without building anything (the app shows them before the run)."""
    if row.problems:
        return list(row.problems)
    try:
        load_answers(_with_overrides(row, options), language=options.language)
    except AnswersError as exc:
        return exc.problems
    return []


def _with_overrides(row: DistrictRow, options: BatchOptions) -> dict:
    data = dict(row.answers)
    if options.overrides():
        data["output"] = {**(data.get("output") or {}), **options.overrides()}
    return data


def build_row(row: DistrictRow, options: BatchOptions = BatchOptions()) -> RowResult:
    """One district's Word drafts; any failure becomes the row's problems, so the run goes on."""
    result = RowResult(row.number, row.name, problems=list(row.problems))
    if result.problems:
        return result
    try:
        answers, result.notes = load_answers(_with_overrides(row, options), language=options.language)
        plan = compose(answers)
        result.district, result.slug = answers.district.name, plan.slug
        result.documents = render_documents(plan)
    except AnswersError as exc:
        result.problems = exc.problems
    except Exception as exc:  # one district's unexpected failure must not cost the others their drafts
        result.problems = [f"error: unexpected {type(exc).__name__}: {exc} (please report this)"]
    return result


def _warm_worker() -> None:
    """Each worker loads the library once, before its first row."""
    load_library()


def build_rows(rows: list[DistrictRow], options: BatchOptions = BatchOptions(), jobs: int | None = None,
               on_done: Callable[[RowResult], None] | None = None) -> Iterator[RowResult]:
    """Each row's result, in row order, built over ``jobs`` worker processes (default: every core)."""
    jobs = max(1, min(jobs or default_jobs(), len(rows) or 1))
    if jobs == 1:
        results: Iterable[RowResult] = (build_row(row, options) for row in rows)
        yield from _reported(results, on_done)
        return
    # forkserver, not fork: the caller may run threads (the app, PDF converters) that a fork would copy mid-step
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_warm_worker) as pool:
        chunk = max(1, min(16, len(rows) // (jobs * 4)))
        yield from _reported(pool.map(partial(build_row, options=options), rows, chunksize=chunk), on_done)


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
