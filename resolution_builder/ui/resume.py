"""Save and resume without an account: the answers go to the person's own computer and come back."""

from __future__ import annotations

import streamlit as st

from ..build import AnswersError, load_answers
from ..library import Library
from ..yaml_io import YAMLError, load_yaml
from .fields import state_from_answers
from .locale import Translator

__all__ = ["restore_from_upload", "UPLOAD_KEY", "MESSAGE_KEY"]

UPLOAD_KEY = "resume.upload"
MESSAGE_KEY = "resume.message"


def restore_from_upload(t: Translator, library: Library) -> None:
    """on_change of the uploader: restore every field from a valid file, or explain and change nothing."""
    uploaded = st.session_state.get(UPLOAD_KEY)
    if uploaded is None:
        st.session_state.pop(MESSAGE_KEY, None)
        return
    try:
        data = load_yaml(uploaded.getvalue().decode("utf-8-sig"))
    except (UnicodeDecodeError, YAMLError):
        st.session_state[MESSAGE_KEY] = ("error", t("upload_bad", reason=t("upload_unreadable")), [])
        return
    if not isinstance(data, dict) or not {"district", "board"} & set(data):
        st.session_state[MESSAGE_KEY] = ("error", t("upload_bad", reason=t("upload_foreign")), [])
        return
    try:
        answers, _ = load_answers(data, library, t.language)
    except AnswersError as exc:
        st.session_state[MESSAGE_KEY] = ("error", t("upload_bad", reason=t("upload_invalid")), exc.problems)
        return
    for key, value in state_from_answers(answers, library).items():
        st.session_state[key] = value
    st.session_state[MESSAGE_KEY] = ("success", t("upload_ok", district=answers.district.name), [])
