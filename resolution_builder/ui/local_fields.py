"""The form's values for ``local:`` (the district's own words), and their mapping to and from the answers.

Like every field, each lives in the form's own dict (``VALUES``) under its answers path, holding what was typed:
``local.facts.students`` ("12,400", text: the answers model reads the number), ``local.reaffirms[0].date``,
``local.recitals[1].es``, ``local.clauses[0].place`` (a clause group's id, or "end"). How many rows of each list
the form shows is a value too (``local.recitals.rows``): a row left empty is no answer, so it is never saved, and
the answers' ``recitals[0]`` is the form's first row that holds something (``answer_rows``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from types import SimpleNamespace
from typing import Any

from ..answers.local import END_PLACE, OWN_ITEMS, OwnRecital, missing_translations
from ..languages import LANGUAGES
from ..typed_text import blank_is_none

__all__ = ["FACTS", "LISTS", "PARTS", "empty_part", "fact_key", "rows_key", "row_key", "part_key", "rows", "local_defaults",
           "local_raw", "answer_rows", "local_widget_key", "untranslated", "printed_languages"]

FACTS = ("students", "english_learners_percent", "languages_spoken", "countries_of_origin", "newcomer_students",
         "source_year")
LISTS = ("reaffirms", "recitals", "clauses")
PARTS = {"reaffirms": ("number", "title", "date"), "recitals": LANGUAGES, "clauses": (*LANGUAGES, "place")}
_WORDS = {"reaffirms": ("number", "title", "date"), "recitals": LANGUAGES, "clauses": LANGUAGES}  # what makes a row


def fact_key(name: str) -> str:
    return f"local.facts.{name}"


def rows_key(kind: str) -> str:
    return f"local.{kind}.rows"


def row_key(kind: str, row: int) -> str:
    return f"local.{kind}[{row}]"


def part_key(kind: str, row: int, part: str) -> str:
    return f"{row_key(kind, row)}.{part}"


def empty_part(part: str) -> Any:
    """What a row's part holds when nothing is typed in it."""
    return None if part == "date" else END_PLACE if part == "place" else ""


def rows(values: Mapping[str, Any], kind: str) -> int:
    """How many rows of a list the form shows: one at least, however many a restored file held."""
    count = values.get(rows_key(kind))
    return count if isinstance(count, int) and count >= 1 else 1


def local_defaults() -> dict[str, Any]:
    values: dict[str, Any] = {fact_key(name): "" for name in FACTS}
    for kind in LISTS:
        values[rows_key(kind)] = 1
        for row in range(OWN_ITEMS):
            values.update({part_key(kind, row, part): empty_part(part) for part in PARTS[kind]})
    return values


def _given(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and value.strip() == "")


def _row(values: Mapping[str, Any], kind: str, row: int) -> dict[str, Any] | None:
    """A row's answers, or None when nothing is typed in it (a clause's place alone is no clause)."""
    if not any(_given(values.get(part_key(kind, row, part))) for part in _WORDS[kind]):
        return None
    item = {}
    for part in PARTS[kind]:
        value = values.get(part_key(kind, row, part))
        if _given(value):
            item[part] = value.isoformat() if isinstance(value, dt.date) else value
    return item


def answer_rows(values: Mapping[str, Any], kind: str) -> list[int]:
    """The form's rows that are answers, in order: the answers' item ``i`` is the form's row ``answer_rows[i]``."""
    return [row for row in range(rows(values, kind)) if _row(values, kind, row) is not None]


def local_raw(values: Mapping[str, Any]) -> dict[str, Any]:
    """``local:`` as the form holds it, unvalidated; empty when nothing is given (and then never saved)."""
    local: dict[str, Any] = {}
    facts = {name: values[fact_key(name)] for name in FACTS if _given(values.get(fact_key(name)))}
    if facts:
        local["facts"] = facts
    for kind in LISTS:
        items = [_row(values, kind, row) for row in answer_rows(values, kind)]
        if items:
            local[kind] = items
    return local


_ITEM = re.compile(r"local\.(reaffirms|recitals|clauses)\[(\d+)\](?:\.(\w+))?")


def local_widget_key(path: str, values: Mapping[str, Any]) -> str | None:
    """The form's key for a problem's path in the answers: ``local.recitals[0].es`` -> the key of the first row
    that holds a recital; ``local.facts`` and ``local.clauses`` (the group, the list) are keys of their own."""
    if path in ("local.facts", *(f"local.{kind}" for kind in LISTS)):
        return path
    if path.startswith("local.facts."):
        name = path.removeprefix("local.facts.")
        return fact_key(name) if name in FACTS else "local.facts"
    match = _ITEM.fullmatch(path)
    if not match:
        return "local.facts" if path == "local" else None
    kind, index, part = match[1], int(match[2]), match[3]
    given = answer_rows(values, kind)
    if index >= len(given):
        return f"local.{kind}"
    return part_key(kind, given[index], part) if part in PARTS[kind] else row_key(kind, given[index])


def printed_languages(raw: Mapping[str, Any]) -> tuple[str, ...]:
    """The languages the documents print, as loading.py counts them: the document's, and the other one in the
    bilingual edition (a language the library lacks counts as English, as the form's hints do)."""
    language = raw.get("language") if raw.get("language") in LANGUAGES else "en"
    output = raw.get("output") if isinstance(raw.get("output"), Mapping) else {}
    bilingual = output.get("bilingual") is True
    return (language, *(code for code in LANGUAGES if code != language)) if bilingual else (language,)


def untranslated(values: Mapping[str, Any], raw: Mapping[str, Any]) -> list[tuple[str, str]]:
    """``(widget key, language)`` for each own recital or clause the form holds with no text in a language the
    documents print: ``answers.local.missing_translations``'s condition, asked of the form's rows."""
    items = {}
    for kind in ("recitals", "clauses"):
        items[kind] = [OwnRecital.model_construct(**{code: blank_is_none(values.get(part_key(kind, row, code)))
                                                    for code in LANGUAGES})
                       for row in answer_rows(values, kind)]
    found = missing_translations(SimpleNamespace(**items), printed_languages(raw))
    return [(local_widget_key(path, values), language) for path, language in found]
