"""Save and resume without an account: the answers go to the person's own computer (or this browser) and come back.

A saved file always restores. Every value the file holds goes back into its field exactly as written, valid or
not (a 161-character name, a title over the limit, a number out of range, a state code that does not exist), and
the form then flags what is wrong at the field, the same as if the person had typed it. Only a file that is not
an answers file at all, or that breaks the reader's bounds (size, nesting, YAML features, unreadable bytes), is
refused whole, and then the form is left exactly as it was. Parts of a file that no field can hold (a key the
form does not have, a provision the library does not know) are named in the message, never dropped in silence.

An upload's bytes are read by ONE function, ``uploaded_answers``: whatever they hold, it returns a mapping or
raises ``UploadRefused``, never anything else. The answers kept in this browser (see keeper.py) come back
through the same reader and the same restore.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import streamlit as st
from pydantic import TypeAdapter, ValidationError

from ..answers.reading import read_answers_bytes
from ..build import AnswersError, answers_to_yaml, load_answers
from ..composition.composer import slugify
from ..exceptions import SafeZoneError
from ..library import Library
from ..redline.present import compare_words
from ..word.reading import DraftRefused, check_draft, draft_answer_texts
from ..yaml_io import dump_yaml
from .fields import (TRIED, VALUES, Field, defaults, field_named, fingerprint, option_key, provision_key,
                     raw_answers)
from .literal import literal
from .local_fields import FACTS, LISTS, PARTS, fact_key, part_key, rows_key
from .locale import Translator

__all__ = ["UPLOAD_KEY", "MESSAGE_KEY", "CLEAN_KEY", "MAX_BYTES", "ALLOWED_SUFFIXES", "UploadRefused", "LeftOut",
           "read_answers_file", "uploaded_answers", "form_values", "restore_from_upload", "restore_from_text",
           "restore_message", "saved_answers"]

UPLOAD_KEY = "resume.upload"
MESSAGE_KEY = "resume.message"
CLEAN_KEY = "resume.clean"  # the fingerprint of answers that are safe in a file (restored from one, or saved)
MAX_BYTES = 1_000_000  # an answers file is a few KB
ALLOWED_SUFFIXES = (".yaml", ".yml", ".json", ".docx")
_SECTIONS = ("district", "board", "adoption", "output")


class UploadRefused(SafeZoneError):
    """The file is not loaded; ``reason`` is a ui_locale key (filled with ``fields``), ``problems`` plain sentences."""

    def __init__(self, reason: str, problems: list[str] | None = None, **fields: Any):
        super().__init__(reason)
        self.reason, self.problems, self.fields = reason, problems or [], fields


@dataclass(frozen=True)
class LeftOut:
    """A part of a restored file that no field of the form can hold; ``reason`` is a ui_locale key."""

    path: str
    reason: str
    value: str = ""


def read_answers_file(content: bytes, name: str = "file", language: str = "en") -> dict[str, Any]:
    """Uploaded bytes through the one bounded reader of answers files (answers.reading, as the CLI and batch use):
    a mapping shaped like answers, or UploadRefused naming each problem. Any other failure is a refusal too."""
    try:
        data = read_answers_bytes(content, name, language)
    except AnswersError as refusal:  # the reader names each problem, with its line and column
        raise UploadRefused("upload_invalid", refusal.problems) from None
    except Exception:  # noqa: BLE001 - whatever breaks the reader means the same thing to the person
        raise UploadRefused("upload_unreadable") from None
    if not isinstance(data, dict) or not {"district", "board"} & set(data):
        raise UploadRefused("upload_foreign")
    return data


def uploaded_answers(name: str, content: bytes, language: str = "en") -> dict[str, Any]:
    """THE reading call for an upload: an answers file (.yaml, .yml, .json), or a draft .docx that carries its
    answers, through the bounded readers; anything else is refused with the reason in words."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise UploadRefused("upload_wrong_kind", kind=suffix.lstrip(".").upper() or name)
    if suffix != ".docx":
        return read_answers_file(content, name, language)
    if len(content) > MAX_BYTES:
        raise UploadRefused("upload_too_big")
    try:  # the one bounded reader of uploaded drafts: the answers first, then the rest of the file's bounds
        texts = draft_answer_texts(content, name)
        if texts:
            check_draft(content, name, need_answers=False)
    except DraftRefused as refusal:
        if refusal.reason != "too_big":
            raise UploadRefused("upload_foreign") from None
        raise UploadRefused("upload_invalid", [refusal.problem_text(compare_words(language))]) from None
    for text, _ in texts:
        return read_answers_file(text.encode("utf-8"), name, language)
    raise UploadRefused("upload_foreign")


# What the file holds, put into the form's fields -------------------------------------------------------------

_BOOL = TypeAdapter(bool)
_WHOLE_NUMBER = re.compile(r"[+-]?\d{1,30}")


def _as_bool(value: Any) -> Any:
    """A yes/no answer as the answers model reads it ("true", "yes", 1); anything else is kept as written."""
    try:
        return _BOOL.validate_python(value)
    except ValidationError:
        return value


def _as_text(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)  # "15" typed in a YAML file reads as a number: the field holds text
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _as_date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()) if re.fullmatch(r"\d{4}-\d\d-\d\d", value.strip()) else value
        except ValueError:
            return value  # 2026-13-45: kept as written, and flagged at the field
    return value


def _as_number(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and _WHOLE_NUMBER.fullmatch(value.strip()):
        return int(value.strip())
    return value


def _for_field(field: Field, value: Any, library: Library) -> Any:
    """The value the form keeps for ``field``: the file's own, as written, in the form's type where it has one."""
    if value is None:
        return field.default
    if field.kind == "text":
        return _as_text(value)
    if field.kind == "state" and isinstance(value, str):
        code = value.strip()
        return code.upper() if code.isascii() and code.upper() in library.states else value
    if field.kind == "date":
        return _as_date(value)
    if field.kind == "toggle":
        return _as_bool(value)
    return value  # a language or meeting kind: shown when it is one of the choices, else flagged


def _for_option(option, value: Any) -> Any:
    if value is None:
        return "" if option.type == "text" else option.default
    if option.type == "number":
        return _as_number(value)
    if option.type == "boolean":
        return _as_bool(value)
    if option.type == "text":
        return _as_text(value)
    return value


def _shown(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _provisions(items: Any, values: dict[str, Any], left: list[LeftOut], library: Library) -> None:
    for pid in library.provisions:
        values[provision_key(pid)] = False  # the file says which are chosen: none, when it lists none
    if items is None:
        return
    if not isinstance(items, list):
        left.append(LeftOut("provisions", "restore_not_a_list"))
        return
    for index, item in enumerate(items):
        where = f"provisions[{index}]"
        if not isinstance(item, dict):
            left.append(LeftOut(where, "restore_not_a_group", _shown(item)))
            continue
        pid = item.get("id")
        provision = library.provisions.get(pid) if isinstance(pid, str) else None
        if provision is None:
            left.append(LeftOut(where, "restore_unknown_provision", _shown(pid)))
            continue
        values[provision_key(pid)] = True
        for key in item:
            if key not in ("id", "options"):
                left.append(LeftOut(f"{where}.{key}", "restore_no_field"))
        options = item.get("options")
        if options is None:
            continue
        if not isinstance(options, dict):
            left.append(LeftOut(f"{where}.options", "restore_not_a_group", _shown(options)))
            continue
        known = {option.id: option for option in provision.options}
        for oid, value in options.items():
            if oid in known and isinstance(value, (list, dict)):
                left.append(LeftOut(f"{where}.options.{oid}", "restore_not_a_value", _shown(value)))
            elif oid in known:
                values[option_key(pid, oid)] = _for_option(known[oid], value)
            else:
                left.append(LeftOut(f"{where}.options.{oid}", "restore_no_field", _shown(value)))


def _local(local: Any, values: dict[str, Any], left: list[LeftOut]) -> None:
    """``local:`` into its fields: each figure as written (the field holds text), each list's items in rows."""
    if local is None:
        return
    if not isinstance(local, dict):
        left.append(LeftOut("local", "restore_not_a_group", _shown(local)))
        return
    for name, value in local.items():
        if name == "facts" and isinstance(value, dict):
            for fact, item in value.items():
                if fact not in FACTS:
                    left.append(LeftOut(f"local.facts.{fact}", "restore_no_field", _shown(item)))
                elif isinstance(item, (list, dict)):
                    left.append(LeftOut(f"local.facts.{fact}", "restore_not_a_value", _shown(item)))
                else:
                    values[fact_key(fact)] = "" if item is None else _as_text(item)
        elif name in LISTS and isinstance(value, list):
            _local_rows(name, value, values, left)
        elif name in ("facts", *LISTS) and value is not None:
            left.append(LeftOut(f"local.{name}", "restore_not_a_group" if name == "facts" else "restore_not_a_local_list",
                                _shown(value)))
        elif name not in ("facts", *LISTS):
            left.append(LeftOut(f"local.{name}", "restore_no_field", _shown(value)))


def _local_rows(kind: str, items: list, values: dict[str, Any], left: list[LeftOut]) -> None:
    row = 0
    for index, item in enumerate(items):
        where = f"local.{kind}[{index}]"
        if not isinstance(item, dict):
            left.append(LeftOut(where, "restore_not_a_group", _shown(item)))
            continue
        for part, value in item.items():
            if part not in PARTS[kind]:
                left.append(LeftOut(f"{where}.{part}", "restore_no_field", _shown(value)))
            elif isinstance(value, (list, dict)):
                left.append(LeftOut(f"{where}.{part}", "restore_not_a_value", _shown(value)))
            elif value is not None:
                values[part_key(kind, row, part)] = _as_date(value) if part == "date" else _as_text(value)
        row += 1
    values[rows_key(kind)] = max(1, row)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _holdable(data: Any) -> Any:
    """The file's values as written, less lone surrogates (half an emoji), which no page or file can hold. Spaces
    and other characters stay: the form notes at the field what a Word document cannot keep, as for typing."""
    if isinstance(data, str):
        return _SURROGATE.sub("", data)
    if isinstance(data, dict):
        return {key: _holdable(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_holdable(value) for value in data]
    return data


def form_values(data: dict[str, Any], library: Library) -> tuple[dict[str, Any], list[LeftOut]]:
    """The form's values for an answers file, every value kept as written; and what no field can hold."""
    cleaned = _holdable(data)
    values = defaults(library)
    left: list[LeftOut] = []
    for key, value in cleaned.items():
        if key in _SECTIONS:
            if value is None:
                continue
            if not isinstance(value, dict):
                left.append(LeftOut(str(key), "restore_not_a_group", _shown(value)))
                continue
            for name, item in value.items():
                field = field_named(f"{key}.{name}")
                if field is None:
                    left.append(LeftOut(f"{key}.{name}", "restore_no_field", _shown(item)))
                elif isinstance(item, (list, dict)):  # a list or a group is no field's answer
                    left.append(LeftOut(field.key, "restore_not_a_value", _shown(item)))
                else:
                    values[field.key] = _for_field(field, item, library)
        elif key == "language":
            if isinstance(value, (list, dict)):
                left.append(LeftOut("language", "restore_not_a_value", _shown(value)))
            else:
                values["language"] = _for_field(field_named("language"), value, library)
        elif key == "local":
            _local(value, values, left)
        elif key != "provisions":
            left.append(LeftOut(str(key), "restore_no_field", _shown(value)))
    _provisions(cleaned.get("provisions"), values, left, library)
    return values, left


# Restoring, and what the person is told ------------------------------------------------------------------------

def _apply(values: dict[str, Any], left: list[LeftOut], source: str, library: Library) -> None:
    st.session_state[VALUES].clear()  # the same dict: downloads made on a click read it
    st.session_state[VALUES].update(values)
    if source == "file":
        st.session_state[TRIED] = True  # what the file still lacks, or holds wrongly, is flagged at its field at once
    name = values.get("district.name")
    st.session_state[MESSAGE_KEY] = {"kind": "restored", "source": source, "fingerprint": fingerprint(values, library),
                                     "district": name if isinstance(name, str) else "",
                                     "left": [(item.path, item.reason, item.value) for item in left]}


def _refusal(uploaded: Any, language: str) -> UploadRefused | None:
    try:
        uploaded_answers(uploaded.name, uploaded.getvalue(), language)
    except UploadRefused as refusal:
        return refusal
    except Exception:  # noqa: BLE001 - a file that breaks the reader is refused like any unreadable file
        return UploadRefused("upload_unreadable")
    return None


def restore_from_upload(t: Translator, library: Library) -> None:
    """on_change of the uploader: restore every field from the file, or explain and change nothing (the form's
    values are replaced only once the whole file has been read)."""
    uploaded = st.session_state.get(UPLOAD_KEY)
    if uploaded is None:
        st.session_state.pop(MESSAGE_KEY, None)
        return
    try:
        values, left = form_values(uploaded_answers(uploaded.name, uploaded.getvalue(), t.language), library)
    except Exception as exc:  # noqa: BLE001 - UploadRefused, or a file that breaks the reader
        refusal = exc if isinstance(exc, UploadRefused) else UploadRefused("upload_unreadable")
        st.session_state[MESSAGE_KEY] = {"kind": "refused", "language": t.language, "refusal": refusal}
        return
    _apply(values, left, "file", library)
    st.session_state[CLEAN_KEY] = st.session_state[MESSAGE_KEY]["fingerprint"]  # the file holds exactly these


def restore_from_text(text: str, library: Library) -> bool:
    """The answers kept in this browser (an answers file's text), through the same reader and restore as an
    upload; False, and nothing changed, when they cannot be read."""
    try:
        values, left = form_values(read_answers_file(text.encode("utf-8"), "browser"), library)
    except Exception:  # noqa: BLE001 - a damaged copy is ignored: the form stays as it is
        return False
    _apply(values, left, "browser", library)
    return True


def _left_lines(t: Translator, left: list) -> list[str]:
    lines = [t(reason, path=path, value=value) for path, reason, value in left[:20]]
    return lines + ([t("upload_more", count=len(left) - 20)] if len(left) > 20 else [])


def restore_message(t: Translator, complete: bool, library: Library) -> None:
    """The last restore's message, in the interface language of the moment; it goes once the form, restored
    incomplete or with problems, has been completed."""
    message = st.session_state.get(MESSAGE_KEY)
    if not message:
        return
    if message["kind"] == "refused":
        refusal = message["refusal"]
        uploaded = st.session_state.get(UPLOAD_KEY)
        if message["language"] != t.language and uploaded is not None:  # its reasons, in the new language
            refusal = _refusal(uploaded, t.language) or refusal
            st.session_state[MESSAGE_KEY] = {"kind": "refused", "language": t.language, "refusal": refusal}
        reason = t(refusal.reason, **refusal.fields)
        literal(t("upload_bad", reason=reason), refusal.problems[:20] + (
            [t("upload_more", count=len(refusal.problems) - 20)] if len(refusal.problems) > 20 else []), "error")
        return
    edited = message["fingerprint"] != fingerprint(st.session_state[VALUES], library)
    if complete and edited and not message["left"]:
        st.session_state.pop(MESSAGE_KEY, None)  # the form was completed since: the message has done its work
        return
    name = message["district"] or t("upload_unnamed")
    text = t("restored_from_browser" if message["source"] == "browser" else "upload_ok", district=name)
    if not complete and message["source"] == "file":
        text += " " + t("upload_incomplete")
    literal(text, kind="success" if complete else "info")
    if message["left"]:
        literal(t("restore_left_out"), _left_lines(t, message["left"]), "warning")


def saved_answers(values: dict[str, Any], library: Library) -> tuple[str, bytes]:
    """The answers file at any moment: the validated answers when complete, else the form as it is (every value
    as the fields hold it, wrong ones too, so the file restores to exactly this form)."""
    name = values.get("district.name")
    slug = slugify(name) if isinstance(name, str) and name.strip() else "safe-zone"
    raw = raw_answers(values, library)
    try:
        answers, _ = load_answers(raw, library)
    except AnswersError:
        pass
    else:
        return f"{slug}-answers.yaml", answers_to_yaml(answers).encode("utf-8")
    text = "# Safe Zone Builder answers file (not finished yet)\n" + dump_yaml(raw)
    return f"{slug}-answers.yaml", text.encode("utf-8")

