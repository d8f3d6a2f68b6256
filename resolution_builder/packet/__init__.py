"""The board packet: six documents advocates bring to the board meeting, built from the same answers as the drafts."""

from __future__ import annotations

from ..answers.models import Answers
from ..composition.composer import compose
from ..composition.plan import DocumentPlan
from ..library import Library, load_library
from ..word.output import Document
from .plan import PACKET_KINDS, Block, PacketDocument, compose_packet
from .text import load_packet_text

__all__ = ["PACKET_KINDS", "Block", "PacketDocument", "compose_packet", "build_packet", "load_packet_text"]


def build_packet(answers: Answers, library: Library | None = None, plan: DocumentPlan | None = None) -> dict:
    """The packet as ``{kind: Document}`` named in the first language (``<slug>-faq.docx``, ``<slug>-preguntas-frecuentes.docx``); ``plan`` saves composing the drafts twice."""
    from .render import render_packet_docx
    library = library or load_library()
    plan = plan or compose(answers, library)
    documents = compose_packet(answers, library, plan)
    return {kind: Document(doc.filename, render_packet_docx(doc, plan)) for kind, doc in documents.items()}
