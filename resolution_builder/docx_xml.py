"""The few WordprocessingML details that docxtpl templates cannot express."""

from __future__ import annotations

from docx.document import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

__all__ = ["set_proofing_language"]


def set_proofing_language(document: Document, language: str) -> None:
    """Mark all text as written in ``language`` (``en-US``, ``es-US``) for spelling and grammar.

    The language goes on the document defaults, which every style inherits, and on any style that
    names a language of its own, so that no paragraph is proofed in the wrong language.
    """
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = parse_xml(f"<w:docDefaults {nsdecls('w')}/>")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = parse_xml(f"<w:rPrDefault {nsdecls('w')}><w:rPr/></w:rPrDefault>")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = parse_xml(f"<w:rPr {nsdecls('w')}/>")
        rpr_default.append(rpr)
    for element in [rpr, *styles.iter(qn("w:rPr"))]:
        lang = element.find(qn("w:lang"))
        if lang is None and element is rpr:
            lang = parse_xml(f"<w:lang {nsdecls('w')}/>")
            element.append(lang)  # python-docx would order it; w:lang is last but for a few rare elements
        if lang is not None:
            lang.set(qn("w:val"), language)
