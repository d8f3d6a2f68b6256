"""Renders a DocumentPlan into Word files through the docxtpl templates.

This module and ``docx_xml`` are the only places that know .docx; the plan knows board language.
"""

from __future__ import annotations

from dataclasses import replace
from io import BytesIO

from .carried_answers import embed_answers
from .comments import add_comments
from .literal import TEMPLATE_ENVIRONMENT, LiteralTemplate
from .ooxml import set_properties, set_proofing_language
from .rich_text import with_rich_text
from ..composition.plan import DocumentPlan
from .templates import template_bytes

__all__ = ["render_docx", "read_by_template", "ANNOTATION_AUTHOR"]

ANNOTATION_AUTHOR = "Safe Zone Builder"


def read_by_template(form: str, plan: DocumentPlan) -> DocumentPlan:
    """The plan as one form's template reads it: the other instrument's parts left out, so that they are not
    turned into rich text for nothing (that was a third of each render)."""
    if form == "resolution":
        return replace(plan, policy=None, regulation=None, policy_rows=(), regulation_rows=())
    return replace(plan, resolution=None, regulation=None, resolution_rows=(), regulation_rows=())


def render_docx(plan: DocumentPlan, which: str, answers_yaml: str = "") -> bytes:
    """``which`` is ``"resolution"``, ``"policy"`` or ``"regulation"``; returns the .docx file's bytes (carrying
    ``answers_yaml``). The regulation has the policy's form: it is rendered through the policy's template."""
    subject = plan.subjects[which]
    plan, form = plan.as_policy(which), "resolution" if which == "resolution" else "policy"
    template = LiteralTemplate(BytesIO(template_bytes(f"{form}_bilingual" if plan.bilingual else form)))
    template.render({"plan": with_rich_text(read_by_template(form, plan))}, TEMPLATE_ENVIRONMENT,
                    autoescape=True)  # docxtpl sets it on the env
    document = template.docx
    title = plan.resolution.title if form == "resolution" else plan.policy.title
    set_properties(document, title, subject, plan.board_name, plan.district_name, plan.word_language)
    set_proofing_language(document, plan.word_language, plan.second_word_language or None)
    if plan.annotations:
        add_comments(document, plan, form, author=ANNOTATION_AUTHOR, initials="SZB")
    embed_answers(document, answers_yaml, which)
    out = BytesIO()
    document.save(out)
    return out.getvalue()
