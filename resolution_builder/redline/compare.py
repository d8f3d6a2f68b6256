"""Compare an edited draft with its original: a redline of tracked changes and a report of the protections.

The original is rebuilt from the answers the draft carries (the same document and edition), unless the
person gives the original file. The redline is the edited draft itself, with what was removed put back as
deletions and what was added marked as insertions, so the editor's formatting is what the board sees.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from difflib import SequenceMatcher
from io import BytesIO

import docx
from docx.oxml.ns import qn

from ..answers.loading import AnswersError, load_answers
from ..composition.composer import compose
from ..languages import LANGUAGES
from ..library import Library, load_library
from ..word.reading import DraftRefused, check_draft
from ..word.render import ANNOTATION_AUTHOR, render_docx
from .diff import ParagraphPair, TablePair, compare_bodies, paragraph_pairs
from .document import blocks, cells, paragraph_text, rows
from .report import Report, build_report
from .tracked import (Revisions, accept_all, deleted_copy, deleted_row_copy, mark_changed, mark_inserted,
                      mark_row_inserted)

__all__ = ["CompareError", "Comparison", "compare_drafts", "REVISION_AUTHOR"]

REVISION_AUTHOR = ANNOTATION_AUTHOR  # "Safe Zone Builder": the name Word shows on each tracked change


class CompareError(DraftRefused):
    """A file that cannot be compared: the bounded reader's refusal as it is (``reason``: ``not_docx``,
    ``no_answers``, ``too_big``), or ``bad_answers`` with ``problem``, or ``other_kind`` when ``--against`` is
    the other document."""


@dataclass(frozen=True)
class Comparison:
    document: str  # resolution, policy or regulation
    redline: bytes
    report: Report
    rebuilt: bool  # the original was rebuilt from the answers (not given)


def _body_text(document) -> list[str]:
    return [paragraph_text(p) for p in document.element.body.iter(qn("w:p"))]


def _which(carried_kind: str | None, edited, plan) -> str:
    """The document the draft is: as it says, or else whichever rebuilt document its text is closest to."""
    if carried_kind in plan.kinds:
        return carried_kind
    text = _body_text(edited)
    scores = {kind: SequenceMatcher(None, text, _body_text(docx.Document(BytesIO(render_docx(plan, kind)))),
                                    autojunk=False).ratio() for kind in plan.kinds}
    return max(scores, key=scores.get)


def _drafts(edited: bytes, against: bytes | None, edited_name: str, against_name: str):
    """Both files through the bounded reader; the answers must be in one of them (the edited draft's first)."""
    if against is None:
        return check_draft(edited, edited_name), None
    edited_draft = check_draft(edited, edited_name, need_answers=False)
    return edited_draft, check_draft(against, against_name, need_answers=edited_draft.answers is None)


def compare_drafts(edited: bytes, against: bytes | None = None, *, edited_name: str = "the edited draft",
                   against_name: str = "the original", library: Library | None = None,
                   now: dt.datetime | None = None) -> Comparison:
    """The redline (.docx bytes) and the report; raises CompareError for a file that cannot be compared."""
    try:
        return _compared(edited, against, edited_name, against_name, library, now)
    except CompareError:
        raise
    except DraftRefused as refusal:  # the reader's refusal, as the comparison's
        raise CompareError(str(refusal), refusal.reason, refusal.problem, refusal.limit, refusal.fields) from None


def _compared(edited: bytes, against: bytes | None, edited_name: str, against_name: str, library: Library | None,
              now: dt.datetime | None) -> Comparison:
    library = library or load_library()
    edited_draft, against_draft = _drafts(edited, against, edited_name, against_name)
    carrier = edited_draft if edited_draft.answers is not None else against_draft
    try:
        answers, _ = load_answers(carrier.answers, library)
    except AnswersError as exc:
        raise CompareError(f"{carrier.source}: the answers it carries are not valid: {exc.problems[0]}",
                           "bad_answers", exc.problems[0]) from None
    edited_doc = edited_draft.document()
    plan = compose(answers, library)
    which = _which(edited_draft.kind, edited_doc, plan)
    if against_draft is None:
        original_doc = docx.Document(BytesIO(render_docx(plan, which)))
    else:
        original_doc = against_draft.document()
        given = _which(against_draft.kind, original_doc, plan)
        if given != which:
            raise CompareError(f"{against_name}: is the {given} and {edited_name} the {which}; give the original "
                               f"of the same document with --against", "other_kind",
                               fields={"edited": which, "original": given})
    before, after = original_doc.element.body, edited_doc.element.body
    accept_all(before)
    accept_all(after)  # an edit already tracked by the editor counts as made
    pairs = compare_bodies(before, after)
    _write(pairs, after, Revisions(edited_doc.element, REVISION_AUTHOR, now))
    second = next(lang for lang in LANGUAGES if lang != answers.language)
    report = build_report(paragraph_pairs(pairs), plan, which, library, second)
    out = BytesIO()
    edited_doc.save(out)
    return Comparison(which, out.getvalue(), report, against is None)


def _place(element, anchor, container) -> None:
    """Put a deleted copy after ``anchor``, or first in the container when nothing comes before it."""
    if anchor is not None:
        anchor.addnext(element)
        return
    first = next(iter(blocks(container) if container.tag != qn("w:tbl") else rows(container)), None)
    if first is not None:
        first.addprevious(element)
    elif container.find(qn("w:sectPr")) is not None:
        container.find(qn("w:sectPr")).addprevious(element)
    else:
        container.append(element)


def _write(pairs: list, container, revisions: Revisions) -> None:
    """Apply the comparison to the edited draft's elements, in order, as tracked changes."""
    anchor = None
    for item in pairs:
        if isinstance(item, ParagraphPair):
            if item.op == "deleted":
                clone = deleted_copy(item.before, revisions)
                _place(clone, anchor, container)
                anchor = clone
                continue
            if item.op == "changed":
                mark_changed(item.after, item.words, item.before, revisions)
            elif item.op == "inserted":
                mark_inserted(item.after, revisions)
            anchor = item.after
        else:
            anchor = _write_table(item, anchor, container, revisions)


def _write_table(item: TablePair, anchor, container, revisions: Revisions):
    if item.op == "deleted":
        clone = copy.deepcopy(item.before)
        for row in rows(clone):
            row.addprevious(deleted_row_copy(row, revisions))
            row.getparent().remove(row)
        _place(clone, anchor, container)
        return clone
    if item.op == "inserted":
        for row in rows(item.after):
            mark_row_inserted(row, revisions)
        return item.after
    row_anchor = None
    for row in item.rows:
        if row.op == "deleted":
            clone = deleted_row_copy(row.before, revisions)
            _place(clone, row_anchor, item.after)
            row_anchor = clone
            continue
        if row.op == "inserted":
            mark_row_inserted(row.after, revisions)
        else:
            for cell, cell_pairs in zip(cells(row.after), row.cells):
                _write(cell_pairs, cell, revisions)
        row_anchor = row.after
    return item.after
