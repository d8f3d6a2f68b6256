"""The plan's text with its italic marks, as docxtpl rich text: the words between the marks in an italic run.

Only the fields that can hold a citation are turned into rich text; every other field stays a plain string,
escaped by the template. RichText escapes what it is given, so typed text stays text.
"""

from __future__ import annotations

import dataclasses
import re

from docxtpl import RichText

from ..composition.plan import ITALIC_END, ITALIC_START, AppendixEntry, Cell, DocumentPlan, Lead, PolicyParagraph
from .literal import shield

__all__ = ["with_rich_text"]

_PIECES = re.compile(f"{ITALIC_START}(.*?){ITALIC_END}|([^{ITALIC_START}{ITALIC_END}]+)", re.S)
_RICH_FIELDS = {Lead: "rest", PolicyParagraph: "text", Cell: "rest", AppendixEntry: "citation"}


def rich(text: str) -> RichText:
    out = RichText()
    for italic, plain in _PIECES.findall(text):
        if italic:
            out.add(shield(italic), italic=True)
        elif plain:
            out.add(shield(plain))
    return out


def _convert(value):
    if isinstance(value, tuple):
        return tuple(_convert(item) for item in value)
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        return value
    changes = {f.name: _convert(getattr(value, f.name)) for f in dataclasses.fields(value)
               if isinstance(getattr(value, f.name), (tuple,)) or dataclasses.is_dataclass(getattr(value, f.name))}
    field = _RICH_FIELDS.get(type(value))
    if field:
        changes[field] = rich(getattr(value, field))
    return dataclasses.replace(value, **changes) if changes else value


def with_rich_text(plan: DocumentPlan) -> DocumentPlan:
    """A copy of the plan for the templates, whose citation-bearing fields are RichText."""
    return _convert(plan)
