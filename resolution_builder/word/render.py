"""Renders a DocumentPlan into Word files through the docxtpl templates.

This module and ``docx_xml`` are the only places that know .docx; the plan knows board language.
"""

from __future__ import annotations

import datetime as dt
import re
from io import BytesIO

from docxtpl import DocxTemplate
from jinja2 import Environment

from .comments import add_comments
from .ooxml import set_proofing_language
from ..composition.plan import DocumentPlan
from .templates import template_bytes

__all__ = ["render_docx", "ANNOTATION_AUTHOR"]

ANNOTATION_AUTHOR = "Safe Zone Builder"


# docxtpl turns {_{ }_} {_% %_} into {{ }} {% %} in the whole rendered XML, typed text included. Every value
# the template prints is shielded first (those sequences, and the marker itself, become the marker and a letter),
# and the rendered XML unshielded after docxtpl's pass, so what a person typed comes out exactly as typed.
_MARKER = "\ue000"  # a private-use character; one typed by a person is shielded too, so the round trip is exact
_SHIELD = {_MARKER: "e", "{_{": "a", "}_}": "b", "{_%": "c", "%_}": "d"}
_UNSHIELD = {letter: text for text, letter in _SHIELD.items()}
_SHIELDED = re.compile("|".join(map(re.escape, _SHIELD)))
_UNSHIELDED = re.compile(f"{_MARKER}([a-e])")


def _shield(value: object) -> object:
    return _SHIELDED.sub(lambda m: _MARKER + _SHIELD[m.group()], value) if isinstance(value, str) else value


class _LiteralTemplate(DocxTemplate):
    def render_xml_part(self, src_xml, part, context, jinja_env=None):
        rendered = super().render_xml_part(src_xml, part, context, jinja_env)
        return _UNSHIELDED.sub(lambda m: _UNSHIELD[m.group(1)], rendered)


def render_docx(plan: DocumentPlan, which: str) -> bytes:
    """``which`` is ``"resolution"`` or ``"policy"``; returns the .docx file's bytes."""
    template = _LiteralTemplate(BytesIO(template_bytes(f"{which}_bilingual" if plan.bilingual else which)))
    template.render({"plan": plan}, Environment(autoescape=True, finalize=_shield))
    document = template.docx
    title = plan.resolution.title if which == "resolution" else plan.policy.title
    props = document.core_properties
    props.title = title
    props.subject = plan.subjects[which]
    props.author = props.last_modified_by = plan.board_name
    props.keywords = plan.district_name
    props.comments = ""
    props.language = plan.word_language
    props.created = props.modified = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
    props.revision = 1
    set_proofing_language(document, plan.word_language, plan.second_word_language or None)
    if plan.annotations:
        add_comments(document, plan, which, author=ANNOTATION_AUTHOR, initials="SZB")
    out = BytesIO()
    document.save(out)
    return out.getvalue()
