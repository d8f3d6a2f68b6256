"""Word comments for the annotated edition (python-docx 1.2's native comments).

Each provision gets one comment in each document, on its first paragraph there, naming the provision,
why it is there, the law it rests on and what the district chose; the title gets the note that the draft
is not legal advice. Paragraphs are matched to the plan by their named style, in order, exactly as the
templates lay them out.
"""

from __future__ import annotations

from docx.document import Document
from docx.text.paragraph import Paragraph

from ..composition.plan import DocumentPlan

__all__ = ["add_comments"]


def _comment(document: Document, paragraph: Paragraph, lines: tuple[str, ...], author: str, initials: str) -> None:
    runs = [run for run in paragraph.runs if run.text] or paragraph.runs
    comment = document.add_comment(runs, text=lines[0], author=author, initials=initials)
    comment.paragraphs[0].runs[0].bold = True
    for line in lines[1:]:
        comment.add_paragraph(line)


def _body_pairs(document: Document, plan: DocumentPlan, which: str):
    """(paragraph, provision ids) for every paragraph of the one-language edition that comes from provisions."""
    if which == "resolution":
        queues = {"Recital": list(plan.resolution.recitals), "Resolved Clause": list(plan.resolution.clauses)}
    else:
        queues = {"Policy Rule": [p for s in plan.policy.sections for p in s.paragraphs if p.kind == "rule"],
                  "Policy Text": [p for s in plan.policy.sections for p in s.paragraphs if p.kind == "text"]}
    for paragraph in document.paragraphs:
        queue = queues.get(paragraph.style.name)
        if queue:
            item = queue.pop(0)
            yield paragraph, (item.provision_id, *getattr(item, "also", ()))


def _table_pairs(document: Document, plan: DocumentPlan, which: str):
    """The bilingual edition: the comment goes on the first language's column."""
    if which == "resolution":  # its vote block is set after the table (make_templates.py, ADOPTION_KINDS)
        rows = [row for row in plan.resolution_rows if row.kind not in ("adopted", "vote")]
    else:
        rows = plan.policy_rows
    for table_row, row in zip(document.tables[0].rows[1:], rows, strict=True):  # row 0 names the languages
        yield table_row.cells[0].paragraphs[0], (row.provision_id, *row.also)


def add_comments(document: Document, plan: DocumentPlan, which: str, author: str, initials: str) -> None:
    paragraphs = [*document.paragraphs, *(p for t in document.tables for r in t.rows for c in r.cells
                                           for p in c.paragraphs)]
    title = next(p for p in paragraphs if p.style.name == "Document Title")
    _comment(document, title, (plan.title_note,), author, initials)
    pairs = _table_pairs if plan.bilingual else _body_pairs
    commented = set()
    for paragraph, provision_ids in pairs(document, plan, which):
        for provision_id in provision_ids:
            if provision_id in plan.annotations and provision_id not in commented:
                commented.add(provision_id)
                _comment(document, paragraph, plan.annotations[provision_id], author, initials)
