"""The few WordprocessingML details that docxtpl templates cannot express."""

from __future__ import annotations

import datetime as dt

from docx.document import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

__all__ = ["set_proofing_language", "set_properties", "SECOND_LANGUAGE_SUFFIX"]

SECOND_LANGUAGE_SUFFIX = " (Second Language)"
"""The bilingual templates' right-hand column uses styles named so; they carry the second language."""


def set_proofing_language(document: Document, language: str, second: str | None = None) -> None:
    """Mark all text as written in ``language`` (``en-US``, ``es-US``) for spelling and grammar.

    The language goes on the document defaults, which every style inherits, and on any style that
    names a language of its own, so that no paragraph is proofed in the wrong language. In the
    bilingual edition the second column's styles get the ``second`` language.
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
    if rpr.find(qn("w:lang")) is None:
        rpr.append(parse_xml(f"<w:lang {nsdecls('w')}/>"))  # w:lang is the last child an rPr usually has
    rpr.find(qn("w:lang")).set(qn("w:val"), language)
    for style in document.styles:
        element = style.element.rPr
        lang = element.find(qn("w:lang")) if element is not None else None
        if lang is not None:
            in_second_column = second and style.name.endswith(SECOND_LANGUAGE_SUFFIX)
            lang.set(qn("w:val"), second if in_second_column else language)


def set_properties(document: Document, title: str, subject: str, author: str, keywords: str, language: str) -> None:
    """The document's properties (title, author, language ...), fresh for each draft; Word keeps at most 255
    characters in a property."""
    props = document.core_properties
    props.title, props.subject = title[:255], subject[:255]
    props.author = props.last_modified_by = author[:255]
    props.keywords, props.comments, props.language = keywords[:255], "", language
    props.created = props.modified = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
    props.revision = 1
