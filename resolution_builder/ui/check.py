"""Validates what the form holds and says each problem at its field, in the form's own words.

The answers model gives structured errors; here they become sentences naming things as the form names
them (labels and provision titles, never ids or paths), in the interface language.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Mapping

from pydantic import ValidationError

from ..messages import field_path, plain_message
from ..answers.models import Answers
from ..answers.titles import TITLE_FIELDS, is_english_title
from ..typed_text import clean_tree
from ..library import Library
from .fields import DATE_MAX, DATE_MIN, REQUIRED, field_named, raw_answers, widget_key
from .local_fields import untranslated
from .locale import Translator

__all__ = ["Problem", "FormCheck", "check_form", "label_of"]

_MISSING = {"missing", "string_too_short", "too_short"}


@dataclass(frozen=True)
class Problem:
    text: str
    needs: str | None = None  # a provision id that, once chosen, fixes the problem (offered as a button)


@dataclass
class FormCheck:
    answers: Answers | None
    problems: dict[str, list[Problem]] = field(default_factory=lambda: defaultdict(list))  # widget key -> problems
    general: list[str] = field(default_factory=list)  # problems that belong to no single widget
    missing: list[str] = field(default_factory=list)  # required fields left empty
    notes: dict[str, str] = field(default_factory=dict)  # widget key -> characters left out of pasted text


def _option(key: str, library: Library):
    kind, _, rest = key.partition(".")
    pid, _, oid = rest.partition(".")
    provision = library.provisions.get(pid) if kind == "option" else None
    return next((o for o in provision.options if o.id == oid), None) if provision else None


_LOCAL_ROW = re.compile(r"local\.(reaffirms|recitals|clauses)\[(\d+)\](?:\.(\w+))?")


def _local_label(key: str, t: Translator) -> str | None:
    """``local.facts.students`` -> "Number of students"; ``local.clauses[1].es`` -> "Clause 2 in Spanish"."""
    if key.startswith("local.facts."):
        return t("local_" + key.removeprefix("local.facts."))
    if key in ("local.facts", "local.reaffirms", "local.recitals", "local.clauses"):
        return t("local_section_" + key.removeprefix("local."))
    match = _LOCAL_ROW.fullmatch(key)
    if match:
        kind, row, part = match[1], int(match[2]) + 1, match[3]
        return t(f"local_{kind}_{part}" if part else f"local_{kind}_n", n=row)
    return None


def label_of(key: str, t: Translator, library: Library) -> str:
    """What the form calls the widget with this key."""
    known = field_named(key)
    if known:
        return t(known.label)
    if key.startswith("local."):
        return _local_label(key, t) or key
    kind, _, rest = key.partition(".")
    if kind == "provision" and rest in library.provisions:
        return library.provisions[rest].title[t.language]
    option = _option(key, library)
    return option.label[t.language] if option else key


def _title(library: Library, pid: Any, language: str) -> str:
    return library.provisions[pid].title[language] if pid in library.provisions else str(pid)


def _sentence(error: dict[str, Any], key: str, t: Translator, library: Library) -> Problem:
    label = label_of(key, t, library)
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    lang = t.language
    if kind == "provision_requires":
        return Problem(t("problem_requires", provision=_title(library, ctx.get("provision"), lang),
                         needed=_title(library, ctx.get("needed"), lang)), needs=ctx.get("needed"))
    if kind == "provision_conflicts":
        return Problem(t("problem_conflicts", provision=_title(library, ctx.get("provision"), lang),
                         other=_title(library, ctx.get("other"), lang)))
    option = _option(key, library)
    if kind in ("greater_than_equal", "less_than_equal") and getattr(option, "type", None) == "number":
        return Problem(t("problem_range", label=label, value=value, min=option.min, max=option.max))
    if kind in ("string_too_long", "too_long"):
        return Problem(t("problem_too_long", label=label, limit=ctx.get("max_length", ""),
                         length=len(value) if isinstance(value, str) else ""))
    if kind in _MISSING:
        return Problem(t("missing_field", field=label))
    return Problem(f"{label}: {plain_message(error, lang)}")


def _english_title_notes(raw: Mapping[str, Any], t: Translator) -> dict[str, str]:
    """A note at each officer's title typed in English when a document is in Spanish (the bilingual edition's
    Spanish column included): the Spanish document prints the title as typed. Beside a note on cleaned text."""
    output = raw.get("output") if isinstance(raw.get("output"), Mapping) else {}
    if raw.get("language") != "es" and not output.get("bilingual"):
        return {}
    board = raw.get("board") if isinstance(raw.get("board"), Mapping) else {}
    notes = {}
    for name in TITLE_FIELDS:
        title = board.get(name)
        if isinstance(title, str) and is_english_title(title):
            notes[f"board.{name}"] = t("english_title_note", title=title)
    return notes


def check_form(values: Mapping[str, Any], library: Library, t: Translator) -> FormCheck:
    """Every problem of the form's values, each at the widget it belongs to, in ``t``'s language."""
    raw = raw_answers(values, library)
    cleaned, removed = clean_tree(raw)
    notes = {}
    for path, _codes in removed:
        key = widget_key(path, raw, values)
        if key:
            notes[key] = t("cleaned_note")
    for key, note in _english_title_notes(cleaned, t).items():
        notes[key] = f"{notes[key]} {note}" if key in notes else note
    for key, language in untranslated(values, cleaned):  # the draft prints "[translation needed]" there
        note = t("local_translation_needed", language=t(f"local_language_{language}"))
        notes[key] = f"{notes[key]} {note}" if key in notes else note
    date = values.get("adoption.meeting_date")
    out_of_range = isinstance(date, dt.date) and not DATE_MIN <= date <= DATE_MAX
    try:
        answers = Answers.model_validate(cleaned, context={"library": library})
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    else:
        if not out_of_range:
            return FormCheck(answers, notes=notes)
        errors = []
    check = FormCheck(None, notes=notes)
    if out_of_range:
        check.problems["adoption.meeting_date"].append(
            Problem(t("problem_date_range", first=DATE_MIN.isoformat(), last=DATE_MAX.isoformat())))
    for error in errors:
        path = field_path(error["loc"])
        key = widget_key(path, raw, values)
        if key is None:
            check.general.append(plain_message(error, t.language))
            continue
        if error["type"] == "newcomers_more_than_students":  # said at the newcomers' field, in the form's words
            check.problems["local.facts.newcomer_students"].append(Problem(t("local_newcomers_more", **error["ctx"])))
            continue
        if key in REQUIRED and error["type"] in _MISSING:
            check.missing.append(key)
            continue
        if error["type"] == "date_range":  # the model bounds dates as the widget does: one message, the form's
            if not (out_of_range and key == "adoption.meeting_date"):
                check.problems[key].append(
                    Problem(t("problem_date_range", first=DATE_MIN.isoformat(), last=DATE_MAX.isoformat())))
            continue
        check.problems[key].append(_sentence(error, key, t, library))
    return check
