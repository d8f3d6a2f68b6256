"""Tracked changes in WordprocessingML (``w:ins``, ``w:del``): the only module that writes or accepts them.

Word and LibreOffice show these as the revisions a person can accept or reject one by one. A deleted
paragraph also has its paragraph mark deleted, so that accepting removes the paragraph rather than leaving
it empty; an inserted one has its mark inserted, so that rejecting removes it.
"""

from __future__ import annotations

import copy
import datetime as dt
from itertools import groupby

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from .diff import WordOp
from .document import cell_paragraphs, cells, text_elements

__all__ = ["Revisions", "mark_changed", "mark_inserted", "deleted_copy", "mark_row_inserted", "deleted_row_copy",
           "accept_all"]

_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_PPR_AFTER_RPR = (qn("w:sectPr"), qn("w:pPrChange"))
_TRPR_AFTER_MARK = (qn("w:trPrChange"),)
_FOREIGN_REFERENCES = (qn("w:commentRangeStart"), qn("w:commentRangeEnd"), qn("w:commentReference"),
                       qn("w:bookmarkStart"), qn("w:bookmarkEnd"), qn("w:footnoteReference"),
                       qn("w:endnoteReference"), qn("w:drawing"), qn("w:pict"), qn("w:object"))


class Revisions:
    """Author, date and the next free revision id for one redline."""

    def __init__(self, root, author: str, date: dt.datetime | None = None):
        self.author = author
        when = (date or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc)
        self.date = when.replace(microsecond=0, tzinfo=None).isoformat() + "Z"
        ids = [int(value) for value in (e.get(qn("w:id")) for e in root.iter()) if value and value.isdigit()]
        self._next = max(ids, default=0) + 1

    def mark(self, tag: str):
        """A new ``w:ins`` or ``w:del`` element with its id, author and date."""
        element = OxmlElement(tag)
        element.set(qn("w:id"), str(self._next))
        element.set(qn("w:author"), self.author)
        element.set(qn("w:date"), self.date)
        self._next += 1
        return element


def _text_run(rpr, text: str, deleted: bool):
    """A run of plain text; tabs and line breaks become their own elements, as Word writes them."""
    run = OxmlElement("w:r")
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    for is_plain, chars in groupby(text, key=lambda c: c not in "\t\n"):
        if is_plain:
            t = OxmlElement("w:delText" if deleted else "w:t")
            t.text = "".join(chars)
            t.set(_SPACE, "preserve")
            run.append(t)
        else:
            run.extend(OxmlElement("w:tab" if c == "\t" else "w:br") for c in chars)
    return run


def _wrap(tag: str, elements: list, revisions: Revisions):
    mark = revisions.mark(tag)
    mark.extend(elements)
    return mark


def _paragraph_mark(paragraph, tag: str, revisions: Revisions) -> None:
    """Mark the paragraph mark itself as inserted or deleted (``w:pPr/w:rPr/w:ins|w:del``)."""
    ppr = paragraph.find(qn("w:pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        paragraph.insert(0, ppr)
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        later = [child for child in ppr if child.tag in _PPR_AFTER_RPR]
        if later:
            later[0].addprevious(rpr)
        else:
            ppr.append(rpr)
    for old in rpr.findall(qn("w:ins")) + rpr.findall(qn("w:del")):
        rpr.remove(old)
    rpr.insert(0, revisions.mark(tag))


def _runs_with_text(paragraph) -> list:
    """The runs that carry text, in order, each once."""
    return list(dict.fromkeys(element.getparent() for element, _ in text_elements(paragraph)))


def _rpr_by_char(paragraph) -> list:
    """For each character of the paragraph's text, the formatting of the run it is in."""
    out = []
    for element, text in text_elements(paragraph):
        out += [element.getparent().find(qn("w:rPr"))] * len(text)
    return out


def mark_inserted(paragraph, revisions: Revisions) -> None:
    """A paragraph the editor added: every run and the paragraph mark inserted."""
    for run in _runs_with_text(paragraph):
        mark = revisions.mark("w:ins")
        run.addprevious(mark)
        mark.append(run)
    _paragraph_mark(paragraph, "w:ins", revisions)


def _clean_copy(element):
    """A copy of the original's element that refers to nothing in the original's other parts."""
    clone = copy.deepcopy(element)
    for tag in _FOREIGN_REFERENCES:
        for found in list(clone.iter(tag)):
            found.getparent().remove(found)
    for link in list(clone.iter(qn("w:hyperlink"))):  # its target lives in the original's relationships
        for child in list(link):
            link.addprevious(child)
        link.getparent().remove(link)
    return clone


def deleted_copy(paragraph, revisions: Revisions):
    """A paragraph the editor removed: the original's paragraph, every run and its mark deleted."""
    clone = _clean_copy(paragraph)
    for run in list(clone.iter(qn("w:r"))):
        for t in run.findall(qn("w:t")):
            t.tag = qn("w:delText")
        for t in run.findall(qn("w:instrText")):
            t.tag = qn("w:delInstrText")
        mark = revisions.mark("w:del")
        run.addprevious(mark)
        mark.append(run)
    _paragraph_mark(clone, "w:del", revisions)
    return clone


_TEXT_TAGS = (qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr"), qn("w:noBreakHyphen"))


class _Rewriter:
    """Walks an edited paragraph's text character by character, in step with the word diff, and rebuilds
    each run as plain runs (unchanged words), ``w:ins`` runs (added words) and ``w:del`` runs (removed words,
    put back where they were, in the original's formatting)."""

    def __init__(self, words: list[WordOp], original, revisions: Revisions):
        self.revisions = revisions
        self.inserted: list[bool] = []  # per character of the edited text
        self.deletions: dict[int, list[tuple[int, str]]] = {}  # edited position -> (original position, text)
        at_original = 0
        for op in words:
            if op.op == "delete":
                self.deletions.setdefault(len(self.inserted), []).append((at_original, op.before))
            self.inserted += [op.op == "insert"] * len(op.after)
            at_original += len(op.before)
        self.original_rpr = _rpr_by_char(original)
        self.position = 0

    def deleted_at(self, position: int) -> list:
        out = []
        for start, text in self.deletions.pop(position, []):
            formats = self.original_rpr[start:start + len(text)] or [None]
            formats += [formats[-1]] * (len(text) - len(formats))
            runs = []
            for _, group in groupby(zip(text, formats), key=lambda pair: id(pair[1])):
                group = list(group)
                runs.append(_text_run(group[0][1], "".join(c for c, _ in group), deleted=True))
            out.append(_wrap("w:del", runs, self.revisions))
        return out

    def rewrite(self, run) -> list:
        rpr = run.find(qn("w:rPr"))
        out: list = []
        segment: list = []
        segment_inserted = False

        def flush() -> None:
            if segment:
                built = OxmlElement("w:r")
                if rpr is not None:
                    built.append(copy.deepcopy(rpr))
                built.extend(segment)
                out.append(_wrap("w:ins", [built], self.revisions) if segment_inserted else built)
                segment.clear()

        for child in [c for c in run if c.tag != qn("w:rPr")]:
            if child.tag not in _TEXT_TAGS:
                segment.append(child)  # not text (a field character, a page break): stays where it was
                continue
            for piece in (child.text or "") if child.tag == qn("w:t") else [child]:
                due = self.deleted_at(self.position)
                now_inserted = self.position < len(self.inserted) and self.inserted[self.position]
                if due or (segment and now_inserted != segment_inserted):
                    flush()
                out += due
                segment_inserted = now_inserted
                if not isinstance(piece, str):
                    segment.append(piece)
                elif segment and segment[-1].tag == qn("w:t"):  # only the w:t made here are in a segment
                    segment[-1].text += piece
                else:
                    t = OxmlElement("w:t")
                    t.set(_SPACE, "preserve")
                    t.text = piece
                    segment.append(t)
                self.position += 1
        flush()
        return out


def mark_changed(paragraph, words: list[WordOp], original, revisions: Revisions) -> None:
    """Rewrite an edited paragraph's runs so the added words are ``w:ins`` and the removed ones ``w:del``,
    at the place they were; the edited runs keep their formatting, the removed words the original's."""
    rewriter = _Rewriter(words, original, revisions)
    last = None
    for run in _runs_with_text(paragraph):
        for element in rewriter.rewrite(run):
            run.addprevious(element)
            last = element
        run.getparent().remove(run)
    tail = rewriter.deleted_at(rewriter.position)  # words removed from the very end
    if last is not None:
        for element in reversed(tail):
            last.addnext(element)
    else:
        paragraph.extend(tail)


def mark_row_inserted(row, revisions: Revisions) -> None:
    for cell in cells(row):
        for paragraph in cell_paragraphs(cell):
            mark_inserted(paragraph, revisions)
    _row_mark(row, "w:ins", revisions)


def deleted_row_copy(row, revisions: Revisions):
    clone = copy.deepcopy(row)
    for cell in cells(clone):
        for paragraph in cell_paragraphs(cell):
            paragraph.addprevious(deleted_copy(paragraph, revisions))
            paragraph.getparent().remove(paragraph)
    _row_mark(clone, "w:del", revisions)
    return clone


def _row_mark(row, tag: str, revisions: Revisions) -> None:
    trpr = row.find(qn("w:trPr"))
    if trpr is None:
        trpr = OxmlElement("w:trPr")
        tblpr_ex = row.find(qn("w:tblPrEx"))
        if tblpr_ex is not None:
            tblpr_ex.addnext(trpr)
        else:
            row.insert(0, trpr)
    later = [child for child in trpr if child.tag in _TRPR_AFTER_MARK]
    mark = revisions.mark(tag)
    if later:
        later[0].addprevious(mark)
    else:
        trpr.append(mark)


def _unwrap(element) -> None:
    for child in list(element):
        element.addprevious(child)
    element.getparent().remove(element)


def accept_all(root) -> None:
    """Accept every tracked change already in a document, so it reads as its author now sees it."""
    for tag in ("w:del", "w:moveFrom"):
        for element in list(root.iter(qn(tag))):
            parent = element.getparent()
            if parent is None:
                continue
            if parent.tag == qn("w:rPr") and parent.getparent().tag == qn("w:pPr"):
                continue  # a deleted paragraph mark: handled below
            if parent.tag == qn("w:trPr"):
                row = parent.getparent()
                row.getparent().remove(row)
                continue
            parent.remove(element)
    for tag in ("w:ins", "w:moveTo"):
        for element in list(root.iter(qn(tag))):
            if element.getparent().tag in (qn("w:rPr"), qn("w:trPr")):
                element.getparent().remove(element)
            else:
                _unwrap(element)
    for paragraph in reversed(list(root.iter(qn("w:p")))):
        ppr = paragraph.find(qn("w:pPr"))
        rpr = ppr.find(qn("w:rPr")) if ppr is not None else None
        mark = rpr.find(qn("w:del")) if rpr is not None else None
        if mark is None:
            continue
        rpr.remove(mark)
        following = paragraph.getnext()
        content = [child for child in paragraph if child.tag != qn("w:pPr")]
        if following is not None and following.tag == qn("w:p"):
            anchor = following.find(qn("w:pPr"))
            for child in reversed(content):
                if anchor is not None:
                    anchor.addnext(child)
                else:
                    following.insert(0, child)
            paragraph.getparent().remove(paragraph)
        elif not content:
            paragraph.getparent().remove(paragraph)
    for tag in ("w:rPrChange", "w:pPrChange", "w:sectPrChange", "w:tblPrChange", "w:trPrChange", "w:tcPrChange",
                "w:tblGridChange", "w:numberingChange"):
        for element in list(root.iter(qn(tag))):
            element.getparent().remove(element)

