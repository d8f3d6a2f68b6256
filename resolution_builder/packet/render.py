"""Renders the packet's documents through their docxtpl templates (templates/packet_*.docx)."""

from __future__ import annotations

from io import BytesIO

from ..composition.plan import DocumentPlan
from ..word.literal import TEMPLATE_ENVIRONMENT, LiteralTemplate
from ..word.ooxml import set_properties, set_proofing_language
from ..word.templates import template_bytes
from .plan import PacketDocument

__all__ = ["render_packet_docx", "template_name"]


def template_name(kind: str) -> str:
    return f"packet_{kind.replace('-', '_')}"


def render_packet_docx(document: PacketDocument, plan: DocumentPlan) -> bytes:
    """One packet document's .docx bytes; the draft mark and page numbers follow the drafts' plan."""
    template = LiteralTemplate(BytesIO(template_bytes(template_name(document.kind))))  # typed text stays literal
    template.render({"packet": document, "plan": plan}, TEMPLATE_ENVIRONMENT, autoescape=True)
    docx = template.docx
    set_properties(docx, document.title, document.title, plan.board_name, plan.district_name, plan.word_language)
    set_proofing_language(docx, plan.word_language, plan.second_word_language or None)
    out = BytesIO()
    docx.save(out)
    return out.getvalue()
