"""The app's "Compare an edited draft" page, and reading answers back from an uploaded draft.

The comparison itself is the library's (``redline.compare``); this page only turns uploads into bytes,
shows the report (weakened protections first) and offers the redline for download. Nothing is written
to disk: the files live in the session's memory only.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

import streamlit as st

from ..redline.compare import CompareError, Comparison, compare_drafts
from ..redline.present import change_text, compare_words, warning_text
from ..word.carried_answers import read_answers
from ..answers.reading import AnswersFileError, read_answers_bytes
from .literal import literal
from .locale import Translator
from ..exceptions import SafeZoneError

__all__ = ["compare_page", "answers_from_upload", "UploadNotUnderstood", "EDITED_KEY", "AGAINST_KEY",
           "DOWNLOAD_KEY"]

EDITED_KEY = "compare.edited"
AGAINST_KEY = "compare.against"
DOWNLOAD_KEY = "compare.download"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class UploadNotUnderstood(SafeZoneError, ValueError):
    """``reason`` is a key of ``ui_locale.yaml``: ``upload_unreadable`` or ``upload_foreign``."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def answers_from_upload(name: str, data: bytes) -> dict[str, Any]:
    """The raw answers in an uploaded file: an answers file (YAML or JSON) or a draft .docx that carries them.

    For "continue from saved answers": the caller validates the result with ``load_answers`` as for any file.
    """
    if name.lower().endswith(".docx") or data[:2] == b"PK":
        answers = read_answers(data)
        if answers is None:
            raise UploadNotUnderstood("upload_foreign")
        return answers
    try:  # the one bounded reader of answers files
        answers = read_answers_bytes(data, name)
    except AnswersFileError:
        raise UploadNotUnderstood("upload_unreadable") from None
    if not isinstance(answers, dict):
        raise UploadNotUnderstood("upload_foreign")
    return answers


def _comparison(words: dict[str, str]) -> Comparison | None:
    edited, against = st.session_state.get(EDITED_KEY), st.session_state.get(AGAINST_KEY)
    if edited is None:
        return None
    try:
        return compare_drafts(edited.getvalue(), against.getvalue() if against is not None else None,
                              edited_name=edited.name, against_name=against.name if against is not None else "")
    except CompareError as exc:
        literal(exc.describe(words), kind="error")  # a refusal in the page's words, limits named; never Markdown
        return None


def _report(comparison: Comparison, words: dict[str, str]) -> None:
    """The report. Every line that quotes the drafts (edits, paragraphs, warnings) is shown literally (literal.py):
    an edited draft is someone else's file, and its words must never become a link, an image or a formula."""
    report = comparison.report
    original = words["original_rebuilt" if comparison.rebuilt else "original_given"]
    st.success(words["compared"].format(document=words[f"document_{comparison.document}"], original=original))
    if not report.changed_paragraphs:
        st.info(words["no_changes"])
    st.subheader(words["warnings_title"].format(count=len(report.warnings)))
    if report.warnings:
        literal(lines=[warning_text(w, words, report.bilingual) for w in report.warnings], kind="warning")
    else:
        st.write(words["no_warnings"])
    counts = {status: sum(p.status == status for p in report.provisions) for status in ("kept", "changed", "removed")}
    st.subheader(words["provisions_title"].format(**counts))
    for status in ("removed", "changed", "kept"):
        for provision in (p for p in report.provisions if p.status == status):
            label = f"{words['status_' + status]}: {provision.title}"
            if provision.changes and status == "changed":
                with st.expander(label, expanded=True):
                    literal(lines=[change_text(c, words, report.bilingual) for c in provision.changes])
            else:
                literal(lines=[label])
    if report.other_changes:
        st.subheader(words["other_title"].format(count=len(report.other_changes)))
        literal(lines=[change_text(c, words, report.bilingual) for c in report.other_changes])


def compare_page(t: Translator) -> None:
    """Upload an edited draft (and, optionally, the original); see the report; download the redline."""
    words = compare_words(t.language)
    st.header(words["page_title"])
    st.write(words["page_intro"])
    st.caption(words["page_privacy"])
    # Any file is taken, so that a wrong one (a PDF, a picture) is refused in words ("not a Word document").
    st.file_uploader(words["upload_label"], key=EDITED_KEY)
    st.file_uploader(words["against_label"], key=AGAINST_KEY)
    comparison = _comparison(words)
    if comparison is None:
        return
    stem = PurePath(st.session_state[EDITED_KEY].name).stem
    st.download_button(words["download_redline"], data=comparison.redline, file_name=f"{stem}-redline.docx",
                       mime=DOCX_TYPE, key=DOWNLOAD_KEY, type="primary")
    _report(comparison, words)
