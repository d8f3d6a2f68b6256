"""The app's "Many districts" page: a spreadsheet of districts in, every row checked, one .zip of drafts out.

Everything stays in memory: the uploaded files, the drafts and the .zip are never written to the server's disk.
"""

from __future__ import annotations

import hashlib
import re
from contextlib import closing
from typing import Any

import streamlit as st

from ..batch.report import BatchZip
from ..batch.rows import BatchInputError, DistrictRow, own_fields_in, read_rows
from ..batch.sheet import MAX_ROWS, read_table_bytes
from ..batch.run import BatchOptions, RowResult, build_rows, check_row, default_jobs, unique_folder
from ..library import load_library
from ..library.loader import DATA_DIR
from ..answers.reading import AnswersFileError, read_answers_bytes
from .literal import literal
from .locale import Translator
from .session_stop import stop_point

__all__ = ["batch_page", "DISTRICTS_KEY", "DEFAULTS_KEY", "BUILD_KEY", "DOWNLOAD_KEY"]

LOCALE_FILE = DATA_DIR / "ui_locale_batch.yaml"
DISTRICTS_KEY, DEFAULTS_KEY = "batch.districts", "batch.defaults"
BILINGUAL_KEY, ANNOTATED_KEY = "batch.bilingual", "batch.annotated"
BUILD_KEY, DOWNLOAD_KEY = "batch.build", "batch.download"
_CHECKED, _BUILT = "batch.checked", "batch.built"
_POOL_FROM = 20  # rows: below this, building in the app's own process is quicker than starting workers


def batch_page(t: Any) -> None:
    """The page, in the interface language of ``t`` (the app's Translator: only its ``language`` is used)."""
    w = Translator(t.language, LOCALE_FILE)
    st.header(w("title"))
    st.markdown(w("intro"))
    st.caption(w("privacy"))
    st.caption(w("limits", rows=f"{MAX_ROWS:,}"))
    st.file_uploader(w("districts_file"), type=["csv", "xlsx"], key=DISTRICTS_KEY)
    st.file_uploader(w("defaults_file"), type=["yaml", "yml", "json"], key=DEFAULTS_KEY, help=w("defaults_help"))
    left, right = st.columns(2)
    left.checkbox(w("bilingual"), key=BILINGUAL_KEY)
    right.checkbox(w("annotated"), key=ANNOTATED_KEY)
    uploaded = st.session_state.get(DISTRICTS_KEY)
    if uploaded is None:
        st.info(w("waiting"))
        return
    options = BatchOptions(bilingual=bool(st.session_state.get(BILINGUAL_KEY)),
                           annotated=bool(st.session_state.get(ANNOTATED_KEY)), language=t.language)
    checked = _checked_rows(w, uploaded, st.session_state.get(DEFAULTS_KEY), options)
    if checked is None:
        return
    ready = [row for row, problems in checked if not problems]
    failed = [(row, problems) for row, problems in checked if problems]
    if failed:
        st.warning(w("checked", ready_part=_counted(w, "ready", len(ready), total=len(checked)),
                     failed_part=_counted(w, "failed", len(failed))))
        st.markdown(w("problems_heading"))
        # Names and values from the spreadsheet are shown as written (never Markdown), fields by their columns.
        literal(lines=[w("row_problem", row=row.number, district=row.name or w("no_name"),
                         problem=_in_columns(problem, row)) for row, problems in failed for problem in problems])
    else:
        st.success(_counted(w, "all_ready", len(checked), total=len(checked)))
    if st.button(w("build", count=len(ready)), key=BUILD_KEY, type="primary", disabled=not ready):
        st.session_state[_BUILT] = (_fingerprint(uploaded, st.session_state.get(DEFAULTS_KEY), options),
                                    *_build(w, ready, failed, options))
    built = st.session_state.get(_BUILT)
    if built and built[0] == _fingerprint(uploaded, st.session_state.get(DEFAULTS_KEY), options):
        _, archive, count, warnings = built
        st.success(w("built", built_part=_counted(w, "built", count),
                     failed_part=_counted(w, "rows_failed", len(checked) - count)))
        if warnings:  # a translation still needed, a title in English, text cleaned: shown as written
            st.markdown(w("warnings_heading"))
            literal(lines=[w("row_problem", row=number, district=name or w("no_name"), problem=note)
                           for number, name, note in warnings], kind="warning")
        st.download_button(w("download"), archive, file_name="safe-zone-drafts.zip", mime="application/zip",
                           key=DOWNLOAD_KEY)


def _counted(w: Translator, key: str, count: int, **fields: Any) -> str:
    """``key_one`` or ``key_other`` filled with the count: "1 has problems", "2 have problems"."""
    return w(f"{key}_{'one' if count == 1 else 'other'}", ready=count, failed=count, built=count, **fields)


_ROW_PATH = re.compile(r"provisions\[(\d+)\](?:\.id)?(?:\.options\.([\w-]+))?")
_SECTION_COLUMNS = {"district": "district.name, district.state", "board": "board.name"}


def _in_columns(problem: str, row: DistrictRow) -> str:
    """A row's problem naming the spreadsheet's columns (``board.name``, ``provisions.<id>.<option>``,
    ``provisions``), not the answers' paths (``board``, ``provisions[5].options.record_hours``)."""
    path, sep, rest = problem.partition(": ")
    match = _ROW_PATH.fullmatch(path)
    if not sep or (match is None and path not in _SECTION_COLUMNS):
        return problem
    if match is None:
        return f"{_SECTION_COLUMNS[path]}: {rest}"
    chosen = row.answers.get("provisions") if isinstance(row.answers, dict) else None
    index, option = int(match.group(1)), match.group(2)
    item = chosen[index] if isinstance(chosen, list) and index < len(chosen) else None
    pid = item.get("id") if isinstance(item, dict) else None
    if option and isinstance(pid, str):
        return f"provisions.{pid}.{option}: {rest}"
    return f"provisions: {rest}"


def _fingerprint(uploaded: Any, defaults: Any, options: BatchOptions) -> str:
    digest = hashlib.sha256(uploaded.getvalue())
    digest.update(defaults.getvalue() if defaults is not None else b"")
    digest.update(repr(options).encode())
    return digest.hexdigest()


def _checked_rows(w: Translator, uploaded: Any, defaults_file: Any,
                  options: BatchOptions) -> list[tuple[DistrictRow, list[str]]] | None:
    """Every row with its problems, checked once per upload and options (a rerun does not check again)."""
    fingerprint = _fingerprint(uploaded, defaults_file, options)
    cached = st.session_state.get(_CHECKED)
    if cached and cached[0] == fingerprint:
        _own_fields(w, cached[2])
        return cached[1]
    defaults = None
    if defaults_file is not None:
        try:  # the one bounded reader of answers files, as for every upload
            defaults = read_answers_bytes(defaults_file.getvalue(), defaults_file.name)
        except AnswersFileError:
            defaults = "unreadable"
        if not isinstance(defaults, dict):
            st.error(w("defaults_bad", reason=w("defaults_unreadable")))
            return None
    try:  # the one bounded reader of spreadsheets, with the command line's bounds
        table = read_table_bytes(uploaded.getvalue(), uploaded.name, MAX_ROWS, w.language)
        rows = read_rows(table, load_library(), defaults, w.language)
    except BatchInputError as exc:
        literal(w("file_bad"), exc.problems, "error")
        return None
    checked = []
    for row in rows:  # the run ends here if the tab is closed (nothing is kept of a half-checked file)
        stop_point()
        checked.append((row, check_row(row, options)))
    own = own_fields_in(defaults)
    st.session_state[_CHECKED] = (fingerprint, checked, own)
    _own_fields(w, own)
    return checked


def _own_fields(w: Translator, own: list[str]) -> None:
    """Say which fields of the shared choices are each district's own, so not taken from them."""
    if own:
        st.info(w("defaults_own", fields=", ".join(own)))


def _build(w: Translator, ready: list[DistrictRow], failed: list[tuple[DistrictRow, list[str]]],
           options: BatchOptions) -> tuple[bytes, int, list[tuple[int, str, str]]]:
    """The .zip (a folder per district and batch-report.csv), how many districts were built, and each built
    district's warnings (row, name, note)."""
    bar = st.progress(0.0, text=w("building", done=0, total=len(ready)))
    archive, used, results = BatchZip(), set(), []
    jobs = default_jobs() if len(ready) >= _POOL_FROM else 1
    # Streamlit ends the run at the next progress update once the tab is closed; closing the results then stops
    # the workers (the rows not started are cancelled) instead of leaving them to build for no one.
    with closing(build_rows(ready, options, jobs)) as built:
        for done, result in enumerate(built, start=1):
            if result.ok:
                archive.add(unique_folder(result.slug, used), result)
                result.documents = {}
            results.append(result)
            bar.progress(done / len(ready), text=w("building", done=done, total=len(ready)))
    results += [RowResult(row.number, row.name, problems=problems) for row, problems in failed]
    results.sort(key=lambda result: result.number)
    warnings = [(result.number, result.district, note) for result in results if result.ok for note in result.notes]
    return archive.finish(results), sum(result.ok for result in results), warnings
