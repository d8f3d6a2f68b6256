"""The bilingual edition: two plans of the same answers, paired paragraph by paragraph."""

from __future__ import annotations

from dataclasses import replace

import re

from .plan import Cell, Certificate, DocumentPlan, PolicyParagraph, Resolution, Row, Signature

__all__ = ["pair_plans"]


def _cell(item) -> Cell:
    if isinstance(item, str):
        return Cell("", item)
    if isinstance(item, PolicyParagraph):
        return Cell(item.term, item.text)
    return Cell(item.lead, item.rest, getattr(item, "parts", ()))


def _rows(kind: str, left: list, right: list, ids: list | None = None) -> list[Row]:
    if len(left) != len(right):  # both plans come from the same items, so this is a bug, not bad input
        raise ValueError(f"the two languages have {len(left)} and {len(right)} {kind} paragraphs")
    ids = ids or [None] * len(left)
    return [Row(kind, _cell(a), _cell(b), pid, getattr(a, "also", ()), getattr(a, "number", ""))
            for a, b, pid in zip(left, right, ids, strict=True)]


def _block(left: list[str], right: list[str]) -> tuple[list[str], list[str]]:
    """The title block's lines, leaving out the place line when no city was given."""
    kept = [(a, b) for a, b in zip(left, right, strict=True) if a]
    return [a for a, _ in kept], [b for _, b in kept]


def _resolution_rows(first: DocumentPlan, second: DocumentPlan) -> list[Row]:
    a, b = first.resolution, second.resolution
    rows = _rows("label", [a.label], [b.label])
    rows += _rows("block", *_block([first.board_name, first.district_name, first.place_line, a.number_line],
                                   [second.board_name, second.district_name, second.place_line, b.number_line]))
    rows += _rows("title", [a.title], [b.title])
    rows += _rows("recital", list(a.recitals), list(b.recitals), [r.provision_id for r in a.recitals])
    rows += _rows("clause", list(a.clauses), list(b.clauses), [c.provision_id for c in a.clauses])
    rows += _rows("adopted", [a.adopted], [b.adopted])
    rows += _rows("vote", list(a.vote_labels), list(b.vote_labels))
    return rows


def _policy_rows(first: DocumentPlan, second: DocumentPlan, kind: str = "policy") -> list[Row]:
    a, b = getattr(first, kind), getattr(second, kind)
    rows = _rows("label", [a.label], [b.label])
    rows += _rows("block", *_block([first.district_name, first.place_line, a.number_line],
                                   [second.district_name, second.place_line, b.number_line]))
    rows += _rows("title", [a.title], [b.title])
    if len(a.sections) != len(b.sections):
        raise ValueError("the two languages have different policy sections")
    for left, right in zip(a.sections, b.sections, strict=True):
        rows += _rows("heading", [left.title], [right.title])
        for x, y in zip(left.paragraphs, right.paragraphs, strict=True):
            if (x.kind, x.provision_id, x.key) != (y.kind, y.provision_id, y.key):
                raise ValueError(f"unpaired policy paragraphs: {x.kind} {x.key or x.provision_id}")
            rows += _rows(x.kind, [x], [y], [x.provision_id])
    rows += _rows("adopted", [a.adopted], [b.adopted])
    return rows


def _both(first: str, second: str) -> str:
    """One caption in both languages, sharing what they end with from a comma or colon on: "President,
    Board X" and "Presidente, Board X" give "President / Presidente, Board X"; "ATTEST:" and "CERTIFICO:" give
    "ATTEST / CERTIFICO:"."""
    if first == second or not second:
        return first
    if not first:
        return second
    for match in re.finditer(r"[,:]", first):
        tail = first[match.start():]
        if second.endswith(tail) and len(second) > len(tail):
            return f"{first[:match.start()]} / {second[:-len(tail)]}{tail}"
    return f"{first} / {second}"


def _signature(a: Signature, b: Signature) -> Signature:
    return Signature(_both(a.role, b.role), a.name, _both(a.attest, b.attest))


def _adoption(a: Resolution, b: Resolution) -> Resolution:
    """One set of signatures, captioned in both languages, and the certificate in both, one after the other:
    a board signs its resolution once."""
    signatures = tuple(_signature(x, y) for x, y in zip(a.signatures, b.signatures, strict=True))
    certificate = a.certificate
    if a.certificate and b.certificate:
        certificate = Certificate(_both(a.certificate.title, b.certificate.title), a.certificate.text,
                                  _signature(a.certificate.signature, b.certificate.signature), b.certificate.text)
    return replace(a, signatures=signatures, certificate=certificate)


def pair_plans(first: DocumentPlan, second: DocumentPlan, titles: tuple[str, str]) -> DocumentPlan:
    """The first language's plan, carrying both documents as paired rows for the bilingual templates."""
    marks = " / ".join(mark for mark in (first.draft_mark, second.draft_mark) if mark)
    return replace(first, draft_mark=marks, resolution=_adoption(first.resolution, second.resolution), second_word_language=second.word_language, column_titles=titles,
                   resolution_rows=tuple(_resolution_rows(first, second)),
                   policy_rows=tuple(_policy_rows(first, second)),
                   regulation_rows=tuple(_policy_rows(first, second, "regulation")) if first.regulation else ())
