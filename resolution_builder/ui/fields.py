"""The mapping between the form's widget keys and the answers: in both directions, and for errors."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from ..library import Library
from ..answers.models import Answers

__all__ = ["FIELDS", "REQUIRED", "UI_LANGUAGE", "provision_key", "option_key", "defaults", "raw_answers",
           "state_from_answers", "widget_key"]

FIELDS = (
    "district.name", "district.state", "district.city",
    "board.name", "board.presiding_officer_title", "board.presiding_officer_name",
    "board.secretary_title", "board.secretary_name",
    "adoption.resolution_number", "adoption.policy_number", "adoption.meeting_date", "adoption.title",
    "language", "output.draft_mark", "output.bilingual", "output.annotated",
)
REQUIRED = ("district.name", "district.state", "board.name")
UI_LANGUAGE = "ui.language"


def provision_key(provision_id: str) -> str:
    return f"provision.{provision_id}"


def option_key(provision_id: str, option_id: str) -> str:
    return f"option.{provision_id}.{option_id}"


def _option_default(option) -> Any:
    return "" if option.type == "text" else option.default


def defaults(library: Library) -> dict[str, Any]:
    """A fresh form: the recommended set chosen, every option at its default."""
    state: dict[str, Any] = {field: None for field in FIELDS}
    state.update({"language": "en", "output.draft_mark": True, "output.bilingual": False, "output.annotated": False,
                  UI_LANGUAGE: "en"})
    for provision in library.provisions.values():
        state[provision_key(provision.id)] = provision.recommended
        for option in provision.options:
            state[option_key(provision.id, option.id)] = _option_default(option)
    return state


def _given(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and value.strip() == "")


def raw_answers(state: Mapping[str, Any], library: Library) -> dict[str, Any]:
    """The answers as the form holds them, unvalidated: empty fields are simply not given."""
    raw: dict[str, Any] = {}
    for field in FIELDS:
        value = state.get(field)
        if not _given(value):
            continue
        if isinstance(value, dt.date):
            value = value.isoformat()
        section, _, name = field.rpartition(".")
        (raw.setdefault(section, {}) if section else raw)[name] = value
    raw.setdefault("district", {})
    raw.setdefault("board", {})
    raw["provisions"] = []
    for provision in library.provisions.values():
        if state.get(provision_key(provision.id)):
            options = {option.id: state.get(option_key(provision.id, option.id)) for option in provision.options}
            raw["provisions"].append({"id": provision.id,
                                      "options": {k: v for k, v in options.items() if _given(v)}})
    return raw


def state_from_answers(answers: Answers, library: Library) -> dict[str, Any]:
    """Every widget's value for a loaded answers file (for resuming from saved answers)."""
    state = defaults(library)
    data = answers.model_dump()
    for field in FIELDS:
        section, _, name = field.rpartition(".")
        state[field] = (data.get(section) or {}).get(name) if section else data.get(name)
    for provision in library.provisions.values():
        state[provision_key(provision.id)] = False
    for chosen in answers.provisions:
        state[provision_key(chosen.id)] = True
        for option in library.provisions[chosen.id].options:
            value = chosen.options.get(option.id)
            state[option_key(chosen.id, option.id)] = "" if value is None and option.type == "text" else value
    state.pop(UI_LANGUAGE)
    return state


def widget_key(path: str, raw: Mapping[str, Any]) -> str | None:
    """The widget a problem belongs to: ``provisions[2].options.days`` -> ``option.<id>.days``."""
    if path in FIELDS:
        return path
    match = re.fullmatch(r"provisions\[(\d+)\](?:\.(id|options)(?:\.(\w+))?)?", path)
    if not match:
        return None
    provisions = raw.get("provisions") or []
    index = int(match.group(1))
    if index >= len(provisions):
        return None
    provision_id = provisions[index]["id"]
    if match.group(2) == "options" and match.group(3):
        return option_key(provision_id, match.group(3))
    return provision_key(provision_id)
