"""The form's fields, as data, and the mapping between the form's values and the answers, both ways.

The form's values live in one dict of our own in the session (``VALUES``), keyed by answers path, holding
stable values only (codes, ids, numbers, dates, text), never a label: switching the interface language,
hiding a step or a refused upload cannot change them. Widgets copy from and to it (see widgets.py).
A new answers field is one more ``Field`` line in ``FIELDS`` and one label in ui_locale.yaml.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..answers.models import Answers
from ..library import Library
from .local_fields import local_defaults, local_raw, local_widget_key

__all__ = ["Field", "FIELDS", "REQUIRED", "VALUES", "UI_LANGUAGE", "PASSED", "TRIED", "DATE_MIN", "DATE_MAX", "provision_key",
           "option_key", "defaults", "raw_answers", "state_from_answers", "widget_key", "field_named", "fingerprint"]

VALUES = "form.values"
UI_LANGUAGE = "ui.language"
PASSED = "ui.passed"  # steps the person has moved on from: their empty required fields are flagged
TRIED = "ui.tried_download"  # a download was tried: every empty required field is flagged
# What the date widget can show; the answers model bounds the meeting date the same way.
DATE_MIN, DATE_MAX = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


@dataclass(frozen=True)
class Field:
    """One answers field on the form. ``label``, ``example`` and ``help`` are keys of ui_locale.yaml."""

    key: str  # the answers path, e.g. district.name; also the widget's key
    kind: str  # text, state, date, language, choice, toggle
    step: str  # the step of the form it is on
    label: str
    required: bool = False
    max_chars: int | None = None  # told to the person when passed, never cut silently
    example: str | None = None
    help: str | None = None
    default: Any = None
    phrase: str | None = None  # the library's words used when left empty (shown as a hint)
    optional: bool = False  # the label says "(optional)"; messages name the field without it
    choices: tuple[str, ...] = ()  # kind "choice": the values, each labelled by ui_locale's "<label>_<value>"
    inline: bool = False  # kind "choice": short labels, side by side


FIELDS = (
    Field("district.name", "text", "district", "district_name", True, 150, "district_name_example",
          "district_name_help"),
    Field("district.state", "state", "district", "district_state", True, help="district_state_help"),
    Field("district.city", "text", "district", "district_city", max_chars=100, example="district_city_example",
          help="district_city_help", optional=True),
    Field("board.name", "text", "district", "board_name", True, 150, "board_name_example", "board_name_help"),
    Field("adoption.resolution_number", "text", "documents", "resolution_number", max_chars=40,
          example="resolution_number_example", help="blank_hint", optional=True),
    Field("adoption.policy_number", "text", "documents", "policy_number", max_chars=40,
          example="policy_number_example", help="blank_hint", optional=True),
    Field("output.policy_format", "choice", "documents", "policy_format", help="policy_format_help",
          default="separate", choices=("separate", "combined")),
    Field("adoption.regulation_number", "text", "documents", "regulation_number", max_chars=40,
          example="regulation_number_example", help="regulation_number_help", optional=True),
    Field("adoption.regulation_action", "choice", "documents", "regulation_action", default="issue",
          choices=("issue", "approve")),
    Field("adoption.meeting_date", "date", "documents", "meeting_date", help="blank_hint", optional=True),
    Field("adoption.first_reading_date", "date", "documents", "first_reading_date", help="first_reading_date_help",
          optional=True),
    Field("adoption.meeting_type", "choice", "documents", "meeting_type", default="regular",
          choices=("regular", "special"), inline=True),
    Field("adoption.effective_date", "date", "documents", "effective_date", help="effective_date_help"),
    Field("adoption.approved_as_to_form", "toggle", "documents", "approved_as_to_form", help="approved_as_to_form_help",
          default=False),
    Field("adoption.title", "text", "documents", "custom_title", max_chars=250, help="custom_title_help", optional=True),
    Field("board.presiding_officer_title", "text", "documents", "presiding_officer_title", max_chars=60,
          phrase="presiding_officer_title", optional=True),
    Field("board.presiding_officer_name", "text", "documents", "presiding_officer_name", max_chars=100, optional=True),
    Field("board.secretary_title", "text", "documents", "secretary_title", max_chars=60,
          phrase="secretary_title", optional=True),
    Field("board.secretary_name", "text", "documents", "secretary_name", max_chars=100, optional=True),
    Field("language", "language", "documents", "document_language", help="document_language_help", default="en"),
    Field("output.draft_mark", "toggle", "documents", "draft_mark", default=True),
    Field("output.bilingual", "toggle", "documents", "bilingual", help="bilingual_help", default=False),
    Field("output.annotated", "toggle", "documents", "annotated", help="annotated_help", default=False),
)
REQUIRED = tuple(field.key for field in FIELDS if field.required)
_BY_KEY = {field.key: field for field in FIELDS}


def field_named(key: str) -> Field | None:
    return _BY_KEY.get(key)


def provision_key(provision_id: str) -> str:
    return f"provision.{provision_id}"


def option_key(provision_id: str, option_id: str) -> str:
    return f"option.{provision_id}.{option_id}"


def _option_default(option) -> Any:
    return "" if option.type == "text" else option.default


def defaults(library: Library) -> dict[str, Any]:
    """A fresh form: the recommended set chosen, every option at its default."""
    values: dict[str, Any] = {field.key: field.default for field in FIELDS}
    for provision in library.provisions.values():
        values[provision_key(provision.id)] = provision.recommended
        for option in provision.options:
            values[option_key(provision.id, option.id)] = _option_default(option)
    values.update(local_defaults())
    return values


def _given(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and value.strip() == "")


def raw_answers(values: Mapping[str, Any], library: Library) -> dict[str, Any]:
    """The answers as the form holds them, unvalidated: empty fields are simply not given."""
    raw: dict[str, Any] = {"district": {}, "board": {}}
    for field in FIELDS:
        value = values.get(field.key)
        if not _given(value):
            continue
        if isinstance(value, dt.date):
            value = value.isoformat()
        section, _, name = field.key.rpartition(".")
        (raw.setdefault(section, {}) if section else raw)[name] = value
    raw["provisions"] = []
    for provision in library.provisions.values():
        if values.get(provision_key(provision.id)):
            options = {option.id: values.get(option_key(provision.id, option.id)) for option in provision.options}
            raw["provisions"].append({"id": provision.id,
                                      "options": {k: v for k, v in options.items() if _given(v)}})
    local = local_raw(values)
    if local:
        raw["local"] = local
    return raw


def state_from_answers(answers: Answers, library: Library) -> dict[str, Any]:
    """The form's values for validated answers (resuming from a saved file)."""
    values = defaults(library)
    data = answers.model_dump()
    for field in FIELDS:
        section, _, name = field.key.rpartition(".")
        values[field.key] = (data.get(section) or {}).get(name) if section else data.get(name)
    for provision in library.provisions.values():
        values[provision_key(provision.id)] = False
    for chosen in answers.provisions:
        values[provision_key(chosen.id)] = True
        for option in library.provisions[chosen.id].options:
            value = chosen.options.get(option.id)
            values[option_key(chosen.id, option.id)] = "" if value is None and option.type == "text" else value
    return values


def widget_key(path: str, raw: Mapping[str, Any], values: Mapping[str, Any] | None = None) -> str | None:
    """The widget a problem belongs to: ``provisions[2].options.days`` -> ``option.<id>.days``; ``local.*`` by
    the form's ``values`` (local_fields.py)."""
    if path in _BY_KEY:
        return path
    if path == "local" or path.startswith("local."):
        return local_widget_key(path, values or {})
    match = re.fullmatch(r"provisions\[(\d+)\](?:\.(id|options)(?:\.(\w+))?)?", path)
    if not match:
        return None
    provisions = raw.get("provisions") or []
    index = int(match.group(1))
    if index >= len(provisions) or not isinstance(provisions[index], Mapping):
        return None
    provision_id = provisions[index].get("id")
    if not isinstance(provision_id, str):
        return None
    if match.group(2) == "options" and match.group(3):
        return option_key(provision_id, match.group(3))
    return provision_key(provision_id)


def fingerprint(values: Mapping[str, Any], library: Library) -> str:
    """A short digest of the answers the form holds: equal for equal answers, whatever the widgets did."""
    text = json.dumps(raw_answers(values, library), sort_keys=True, default=str, ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()[:20]
