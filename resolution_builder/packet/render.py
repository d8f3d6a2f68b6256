"""Renders the packet's documents through their docxtpl templates (templates/packet_*.docx)."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

from docxtpl import DocxTemplate

from ..composition.plan import DocumentPlan
from ..word.ooxml import set_proofing_language
from ..word.templates import template_bytes
from .plan import PacketDocument

__all__ = ["render_packet_docx", "template_name"]


def template_name(kind: str) -> str:
    return f"packet_{kind.replace('-', '_')}"


def render_packet_docx(document: PacketDocument, plan: DocumentPlan) -> bytes:
    """One packet document's .docx bytes; the draft mark and page numbers follow the drafts' plan."""
    template = DocxTemplate(BytesIO(template_bytes(template_name(document.kind))))
    template.render({"packet": document, "plan": plan}, autoescape=True)
    docx = template.docx
    props = docx.core_properties
    props.title = document.title[:255]
    props.subject = document.title[:255]
    props.author = props.last_modified_by = plan.board_name
    props.keywords = plan.district_name
    props.comments = ""
    props.language = plan.word_language
    props.created = props.modified = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
    props.revision = 1
    set_proofing_language(docx, plan.word_language, plan.second_word_language or None)
    out = BytesIO()
    docx.save(out)
    return out.getvalue()
