"""The downloads: always the same buttons in the same places, so nothing moves under a person's finger.

"Save my answers" works at any moment; the drafts' buttons, until the answers are complete, say what is
missing and flag it at its field instead of downloading.
"""

from __future__ import annotations

import streamlit as st

from ..build import drafts_zip, render_documents
from ..library import Library
from ..word.pdf import soffice_path, to_pdf
from .check import FormCheck, label_of
from .fields import VALUES
from .locale import Translator
from .resume import saved_answers
from .widgets import plain

__all__ = ["downloads_area", "TRIED"]

TRIED = "ui.tried_download"
_BUILT = "ui.built"
_KINDS = ("resolution", "policy")


def _built(check: FormCheck, plan):
    """Both drafts and the .zip, rendered again only when the answers change."""
    fingerprint = check.answers.model_dump_json()
    cached = st.session_state.get(_BUILT)
    if cached and cached[0] == fingerprint:
        return cached[1]
    documents = render_documents(plan)
    built = (documents, drafts_zip(documents, check.answers, plan.slug))
    st.session_state[_BUILT] = (fingerprint, built)
    return built


def _pdf_maker(document):
    """Deferred: LibreOffice takes a second or two, so the PDF is made only when someone asks for it."""
    return lambda: to_pdf({"document": document})["document"].content


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
        documents, archive = _built(check, plan)
        for kind, document in documents.items():
            st.download_button(t(f"download_{kind}"), data=document.content, file_name=document.filename,
                               mime=document.media_type, key=f"download.{kind}", on_click="ignore", type="primary",
                               icon=":material/download:")
        st.download_button(t("download_zip"), data=archive.content, file_name=archive.filename,
                           mime=archive.media_type, key="download.zip", on_click="ignore",
                           icon=":material/download:")
        if pdf:
            for kind, document in documents.items():
                st.download_button(t(f"download_{kind}_pdf"), data=_pdf_maker(document), key=f"download.{kind}_pdf",
                                   file_name=document.filename.removesuffix(".docx") + ".pdf",
                                   mime="application/pdf", on_click="ignore", icon=":material/download:")
    name, content = saved_answers(st.session_state[VALUES], library, check)
    st.download_button(t("download_answers"), data=content, file_name=name, mime="application/x-yaml",
                       key="download.answers", on_click="ignore", icon=":material/save:", help=t("save_help"))
    if check.answers is None and st.session_state.get(TRIED):
        reasons = [t("missing_field", field=label_of(key, t, library)) for key in check.missing]
        reasons += [problem.text for problems in check.problems.values() for problem in problems]
        st.error(plain(t("download_wait")), icon=":material/error:")
        st.text("\n".join(f"• {reason}" for reason in reasons + check.general))
