"""Save and resume without an account: the answers go to the person's own computer and come back.

An upload is read by ONE function, ``read_answers_file``: whatever the bytes hold, it returns a mapping or
raises ``UploadRefused``, never anything else. A file the form can show (even an incomplete one, or one
with a number out of range) is loaded as it is, its problems then shown at their fields; any other file
is refused with a message and the form is left exactly as it was.
"""

from __future__ import annotations

import copy
from typing import Any

import streamlit as st
from pydantic import BaseModel, ValidationError

from ..messages import field_path, plain_message
from ..answers.models import Answers, ChosenProvision
from ..answers.reading import read_answers_bytes
from ..typed_text import clean_tree
from ..build import AnswersError, answers_to_yaml, load_answers
from ..composition.composer import slugify
from ..library import Library
from ..redline.present import compare_words
from ..word.reading import DraftRefused, check_draft, draft_answer_texts
from ..yaml_io import dump_yaml
from .check import label_of
from .fields import DATE_MAX, DATE_MIN, REQUIRED, TRIED, VALUES, raw_answers, state_from_answers, widget_key
from .locale import Translator
from ..exceptions import SafeZoneError

__all__ = ["UPLOAD_KEY", "MESSAGE_KEY", "MAX_BYTES", "UploadRefused", "read_answers_file", "restore_from_upload",
           "saved_answers"]

UPLOAD_KEY = "resume.upload"
MESSAGE_KEY = "resume.message"
MAX_BYTES = 1_000_000  # an answers file is a few KB


class UploadRefused(SafeZoneError):
    """The file is not loaded; ``reason`` is a ui_locale key, ``problems`` plain sentences."""

    def __init__(self, reason: str, problems: list[str] | None = None):
        super().__init__(reason)
        self.reason, self.problems = reason, problems or []


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


# Problems the form can show at a field; a file with only these loads, with them shown there.
_SHOWABLE = {"missing", "string_too_short", "string_too_long", "greater_than_equal", "less_than_equal"}


def _set(data: Any, loc: tuple, value: Any) -> None:
    for part in loc[:-1]:
        data = data[part]
    data[loc[-1]] = value


def _get(data: Any, loc: tuple) -> Any:
    for part in loc:
        data = data[part] if isinstance(data, dict) and part in data else None
    return data


def _validate_showing(model: type[BaseModel], data: dict, library: Library, where: tuple, raw: dict,
                      kept: dict[tuple, Any], refused: list[str], t: Translator):
    """Validate, putting a stand-in where the form can show the problem (the original is kept for the form)."""
    for _ in range(3):
        try:
            return model.model_validate(data, context={"library": library})
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
        for error in errors:
            loc, kind = tuple(error["loc"]), error["type"]
            full = where + loc
            if kind not in _SHOWABLE or loc == ():
                key = widget_key(field_path(full), raw)
                name = label_of(key, t, library) if key else field_path(full)
                refused.append(f"{name}: {plain_message(error, t.language)}")
                continue
            kept[full] = _get(data, loc)
            stand_in = {"district.state": next(iter(library.states))}.get(field_path(loc), "x")
            if kind == "string_too_long":
                stand_in = kept[full][: (error.get("ctx") or {}).get("max_length", 1)]
            elif kind in ("greater_than_equal", "less_than_equal"):
                stand_in = (error.get("ctx") or {}).get("ge", (error.get("ctx") or {}).get("le"))
            _set(data, loc, stand_in)
        if refused:
            return None
    return None


def _restored_values(data: dict[str, Any], library: Library, t: Translator) -> dict[str, Any]:
    """The form's values for a file, or UploadRefused listing what the form could not show."""
    cleaned, _ = clean_tree(copy.deepcopy(data))
    provisions = cleaned.pop("provisions", None) or []
    if not isinstance(provisions, list) or len(provisions) > len(library.provisions) * 2:
        raise UploadRefused("upload_invalid", [t("upload_provisions_list")])
    for section in ("district", "board"):
        cleaned.setdefault(section, {})
    raw = {**cleaned, "provisions": provisions}
    kept: dict[tuple, Any] = {}
    refused: list[str] = []
    base = _validate_showing(Answers, {**cleaned, "provisions": []}, library, (), raw, kept, refused, t)
    chosen = []
    for index, item in enumerate(provisions):
        if not isinstance(item, dict):
            refused.append(t("upload_provisions_list"))
            continue
        chosen.append(_validate_showing(ChosenProvision, dict(item), library, ("provisions", index), raw, kept,
                                        refused, t))
    if refused or base is None or None in chosen:
        refused = refused or [t("upload_unreadable")]
        raise UploadRefused("upload_invalid", refused[:20] + ([t("upload_more", count=len(refused) - 20)]
                                                              if len(refused) > 20 else []))
    date = base.adoption.meeting_date
    if date is not None and not DATE_MIN <= date <= DATE_MAX:
        raise UploadRefused("upload_invalid", [
            f"{t('meeting_date')}: {t('problem_date_range', first=DATE_MIN.isoformat(), last=DATE_MAX.isoformat())}"])
    values = state_from_answers(base.model_copy(update={"provisions": [c for c in chosen if c]}), library)
    for loc, original in kept.items():
        key = widget_key(field_path(loc), raw)
        if key in values:
            values[key] = original
    return values


def _uploaded_answers(name: str, content: bytes, language: str) -> dict[str, Any]:
    """An answers file, or a draft .docx that carries its answers (read through the same bounded reader)."""
    if not name.lower().endswith(".docx"):
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


def restore_from_upload(t: Translator, library: Library) -> None:
    """on_change of the uploader: restore every field from a file the form can show, or explain and change
    nothing (the form's values are replaced only once the whole file has been read)."""
    uploaded = st.session_state.get(UPLOAD_KEY)
    if uploaded is None:
        st.session_state.pop(MESSAGE_KEY, None)
        return
    try:
        values = _restored_values(_uploaded_answers(uploaded.name, uploaded.getvalue(), t.language), library, t)
    except UploadRefused as refusal:
        st.session_state[MESSAGE_KEY] = ("error", t("upload_bad", reason=t(refusal.reason)), refusal.problems)
        return
    except Exception:  # noqa: BLE001 - a file that breaks the reader is refused like any unreadable file
        st.session_state[MESSAGE_KEY] = ("error", t("upload_bad", reason=t("upload_unreadable")), [])
        return
    st.session_state[VALUES].clear()  # the same dict: downloads made on a click read it
    st.session_state[VALUES].update(values)
    st.session_state[TRIED] = True  # what the file still lacks is flagged at its field at once
    missing = [key for key in REQUIRED if not values.get(key)]
    name = values.get("district.name") or t("upload_unnamed")
    st.session_state[MESSAGE_KEY] = ("success", t("upload_ok", district=name) +
                                     (" " + t("upload_incomplete") if missing else ""), [])


def saved_answers(values: dict[str, Any], library: Library) -> tuple[str, bytes]:
    """The answers file at any moment: the validated answers when complete, else the form as it is."""
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
