"""Cleaning of text that people type or paste: what Word cannot store is removed, with a note."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, StringConstraints
from pydantic_core import PydanticCustomError

__all__ = ["clean_text", "clean_tree", "clean_value", "single_line", "blank_is_none", "is_blank"]

# Line and paragraph breaks pasted from Word (U+000B is Word's manual line break) become one
# space, so that "Oak\vRidge" does not turn into "OakRidge"; every field is a single line.
_BREAKS = re.compile("[\t\n\r\x0b\x0c\x85\u2028\u2029]+")
# Everything else that XML 1.0 (and so a .docx) cannot hold, or that only carries layout:
# C0 and C1 controls, lone surrogates and the two non-characters U+FFFE and U+FFFF; and the two
# private-use characters the documents use as italic marks (composition.plan), which carry no meaning in a draft.
_UNSTORABLE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff\ue000\ue001]")


# Characters that print nothing: format controls (zero-width space, joiners, bidi marks), combining marks on
# their own, separators (spaces), and the letters and symbols that are blank by design (Hangul fillers,
# the braille blank U+2800). A name made only of these looks empty on the page, so it counts as empty.
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Cs", "Mn", "Me", "Zs", "Zl", "Zp"}
_BLANK_GLYPHS = set("\u115f\u1160\u2800\u3164\uffa0\u034f")


def is_blank(value: str) -> bool:
    """True when the text shows nothing at all (see _INVISIBLE_CATEGORIES)."""
    return all(ch in _BLANK_GLYPHS or unicodedata.category(ch) in _INVISIBLE_CATEGORIES for ch in value)


def clean_text(value: str) -> tuple[str, list[str]]:
    """Return the text Word can store, trimmed, and the code points that were taken out."""
    value = value.strip()
    removed = {f"U+{ord(ch):04X}" for run in _BREAKS.findall(value) + _UNSTORABLE.findall(value)
               for ch in run}
    cleaned = _UNSTORABLE.sub("", _BREAKS.sub(" ", value)).strip()
    return cleaned, sorted(removed)


def clean_tree(data: Any, path: str = "") -> tuple[Any, list[tuple[str, list[str]]]]:
    """Clean every string in a nested answers structure; return it with (field path, code points
    taken out) for each changed field."""
    notes: list[tuple[str, list[str]]] = []
    if isinstance(data, str):
        cleaned, removed = clean_text(data)
        if removed:
            notes.append((path or "value", removed))
        return cleaned, notes
    if isinstance(data, dict):
        out = {}
        for key, value in data.items():
            out[key], sub = clean_tree(value, f"{path}.{key}" if path else str(key))
            notes += sub
        return out, notes
    if isinstance(data, list):
        items = []
        for index, value in enumerate(data):
            item, sub = clean_tree(value, f"{path}[{index}]")
            items.append(item)
            notes += sub
        return items, notes
    return data, notes


def clean_value(value: Any) -> Any:
    """A validator step: text is cleaned (see clean_text); anything else passes to the type check."""
    return clean_text(value)[0] if isinstance(value, str) else value


def blank_is_none(value: Any) -> Any:
    """A validator step for optional fields: left blank (``""``, spaces or only invisible characters) is not given,
    so a text option left blank takes the library's default, in the CLI and the app alike."""
    return None if isinstance(value, str) and is_blank(clean_text(value)[0]) else value


def _visible(value: str) -> str:
    if is_blank(value):
        raise PydanticCustomError("too_short", "must not be empty")
    return value


def single_line(max_length: int) -> Any:
    """The type of every field a person types: cleaned of what Word cannot store, trimmed, not empty (nor only
    invisible characters), bounded."""
    return Annotated[str, BeforeValidator(clean_value), StringConstraints(min_length=1, max_length=max_length),
                     AfterValidator(_visible)]
