"""Reads a Word body as a reader sees it: paragraphs and tables in order, and each paragraph's text."""

from __future__ import annotations

from docx.oxml.ns import qn

__all__ = ["W", "blocks", "rows", "cells", "cell_paragraphs", "paragraph_text", "is_paragraph", "is_table",
           "text_elements"]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT = {qn("w:t"): None, qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-"}
# Text inside these belongs to something else (a text box, a drawing, a comment's own part), not to the paragraph.
_SKIPPED = {qn("w:del"), qn("w:moveFrom"), qn("w:pPr"), qn("w:rPr")}  # deleted text; properties hold none
_FOREIGN = {qn("w:drawing"), qn("w:pict"), qn("w:object"), "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent", qn("w:txbxContent")}


def is_paragraph(element) -> bool:
    return element.tag == qn("w:p")


def is_table(element) -> bool:
    return element.tag == qn("w:tbl")


def blocks(container) -> list:
    """The paragraphs and tables of a body or a table cell, in order (content controls opened up)."""
    out = []
    for child in container:
        if child.tag in (qn("w:p"), qn("w:tbl")):
            out.append(child)
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                out.extend(blocks(content))
    return out


def rows(table) -> list:
    return [row for row in table.iterchildren(qn("w:tr"))]


def cells(row) -> list:
    return [cell for cell in row.iterchildren(qn("w:tc"))]


def cell_paragraphs(cell) -> list:
    """A cell's paragraphs; a table nested in a cell is read as its paragraphs, row by row."""
    out = []
    for block in blocks(cell):
        if is_paragraph(block):
            out.append(block)
        else:
            out.extend(p for row in rows(block) for c in cells(row) for p in cell_paragraphs(c))
    return out


def text_elements(paragraph):
    """The elements that carry the paragraph's visible text, in order, with the text each stands for."""
    stack = [iter(paragraph)]
    while stack:
        element = next(stack[-1], None)
        if element is None:
            stack.pop()
            continue
        tag = element.tag
        if not isinstance(tag, str) or tag in _FOREIGN or tag in _SKIPPED:
            continue  # XML comments; text boxes; text already deleted by an earlier revision
        if tag in _TEXT:
            yield element, (element.text or "") if _TEXT[tag] is None else _TEXT[tag]
        else:
            stack.append(iter(element))


def paragraph_text(paragraph) -> str:
    return "".join(text for _, text in text_elements(paragraph))
