"""The downloads: always the same buttons in the same places, so nothing moves under a person's finger.

"Save my answers" works at any moment; the drafts' buttons, until the answers are complete, say what is
missing and flag it at its field instead of downloading.
"""

from __future__ import annotations

import streamlit as st

import threading
import time

from ..build import Document, drafts_zip, load_answers, render_documents
from ..composition.composer import compose
from ..library import Library
from ..word.pdf import soffice_path
from ..word.pdf_server import warm_to_pdf
from .check import FormCheck, label_of
from .fields import TRIED, VALUES, raw_answers
from .locale import Translator
from .resume import saved_answers
from .widgets import plain

__all__ = ["downloads_area", "IDLE", "file_names"]

IDLE = "ui.idle"  # a threading.Event, set while no run of this session is under way

_KINDS = ("resolution", "policy")
_MIME = {"resolution": Document("", b"").media_type, "policy": Document("", b"").media_type,
         "zip": "application/zip", "pdf": "application/pdf"}


def file_names(plan) -> dict[str, str]:
    """The names the drafts download under, as ``render_documents`` names them."""
    return {kind: plan.file_names[kind] for kind in ("resolution", "policy", "zip")}


def _made_on_click(values: dict, idle: threading.Event, library: Library, make):
    """The file is made when the button is clicked, from the answers as they are at that moment: a click
    that ends typing in a field (its blur starts a rerun) gets what was typed, not the answers before."""

    def produce() -> bytes:
        time.sleep(0.15)  # the rerun the same click started reaches the server just before this request
        idle.wait(timeout=20)
        answers, _ = load_answers(raw_answers(dict(values), library), library)
        plan = compose(answers, library)
        return make(plan, answers)

    return produce


def _saved_on_click(values: dict, idle: threading.Event, library: Library):
    def produce() -> bytes:
        time.sleep(0.15)
        idle.wait(timeout=20)
        return saved_answers(dict(values), library)[1]

    return produce


def _docx(kind: str):
    return lambda plan, answers: render_documents(plan, answers)[kind].content  # each draft carries its answers


def _zip(plan, answers) -> bytes:
    return drafts_zip(render_documents(plan, answers), answers, plan).content


def _pdf(kind: str):
    """LibreOffice takes a second or two, so the PDF is made only when someone asks for it."""
    def make(plan, answers) -> bytes:
        document: Document = render_documents(plan, answers)[kind]
        return warm_to_pdf({"document": document})["document"].content  # a warm LibreOffice, else one-shot
    return make


def _waiting_buttons(t: Translator, labels: list[tuple[str, str]]) -> None:
    """Until the answers are complete: a click flags what is missing at its field (the whole page reruns)."""
    clicked = [st.button(t(label), key=f"download.{key}.wait", icon=":material/download:") for key, label in labels]
    if any(clicked):
        st.session_state[TRIED] = True
        st.rerun(scope="app")


@st.fragment
def downloads_area(t: Translator, check: FormCheck, plan, library: Library) -> None:
    st.header(t("section_download"))
    pdf = soffice_path() is not None  # PDF only where LibreOffice is installed
    labels = [(kind, f"download_{kind}") for kind in _KINDS] + [("zip", "download_zip")]
    labels += [(f"{kind}_pdf", f"download_{kind}_pdf") for kind in _KINDS] if pdf else []
    if check.answers is None or plan is None:
        _waiting_buttons(t, labels)
    else:
        names = file_names(plan)
        made = {"resolution": _docx("resolution"), "policy": _docx("policy"), "zip": _zip,
                "resolution_pdf": _pdf("resolution"), "policy_pdf": _pdf("policy")}
        idle = st.session_state.setdefault(IDLE, threading.Event())
        for key, label in labels:
            kind = key.removesuffix("_pdf")
            name = names[kind] if key == kind else names[kind].removesuffix(".docx") + ".pdf"
            st.download_button(t(label), data=_made_on_click(st.session_state[VALUES], idle, library, made[key]),
                               file_name=name, mime=_MIME[key.rpartition("_")[2]], key=f"download.{key}", on_click="ignore",
                               type="primary" if key in _KINDS else "secondary", icon=":material/download:")
    values = st.session_state[VALUES]
    name, _ = saved_answers(values, library)
    idle = st.session_state.setdefault(IDLE, threading.Event())
    st.download_button(t("download_answers"), data=_saved_on_click(values, idle, library), file_name=name,
                       mime="application/x-yaml",
                       key="download.answers", on_click="ignore", icon=":material/save:", help=t("save_help"))
    if check.answers is None and st.session_state.get(TRIED):
        reasons = [t("missing_field", field=label_of(key, t, library)) for key in check.missing]
        reasons += [problem.text for problems in check.problems.values() for problem in problems]
        st.error(plain(t("download_wait")), icon=":material/error:")
        st.text("\n".join(f"• {reason}" for reason in reasons + check.general))
