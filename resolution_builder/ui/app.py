"""The Streamlit page: the form on the left; coverage, downloads and the preview on the right."""

from __future__ import annotations

import streamlit as st

from ..build import answers_to_yaml, drafts_zip, render_documents
from ..composition.composer import compose
from ..languages import LANGUAGES
from ..library import Library, load_library
from ..word.pdf import soffice_path, to_pdf
from .check import FormCheck, check_form
from .fields import UI_LANGUAGE, defaults, provision_key
from .locale import Translator, load_locale
from .preview import policy_html, resolution_html
from .resume import MESSAGE_KEY, UPLOAD_KEY, restore_from_upload
from .widgets import date_field, provision_picker, show_problems, text_field

__all__ = ["main"]

_LABELS = {"district.name": "district_name", "district.state": "district_state", "board.name": "board_name"}
_BUILT = "downloads.built"


def _language_name(code: str) -> str:
    return load_locale()[code]["language_name"]


def _set_provisions(library: Library, ids: list[str]) -> None:
    for pid in library.provisions:
        st.session_state[provision_key(pid)] = pid in ids


def _district_and_board(t: Translator, check: FormCheck, library: Library) -> None:
    st.subheader(t("section_district"))
    text_field(t, check, "district.name", t("district_name"), help=t("district_name_help"), max_chars=150, required=True)
    names = {code: f"{names[t.language]} ({code})" for code, names in library.states.items()}
    st.selectbox(f"{t('district_state')} ({t('required')})", options=list(names), format_func=names.__getitem__,
                 key="district.state", index=None, placeholder=t("district_state_placeholder"),
                 help=t("district_state_help"))
    show_problems(check, "district.state")
    text_field(t, check, "district.city", t("district_city"), max_chars=100)
    text_field(t, check, "board.name", t("board_name"), help=t("board_name_help"), max_chars=150, required=True)
    words = library.phrases[st.session_state.get("language") or "en"]
    left, right = st.columns(2)
    with left:
        text_field(t, check, "board.presiding_officer_title", t("presiding_officer_title"), max_chars=60,
                   help=t("default_hint", value=words["presiding_officer_title"]))
        text_field(t, check, "board.secretary_title", t("secretary_title"), max_chars=60,
                   help=t("default_hint", value=words["secretary_title"]))
    with right:
        text_field(t, check, "board.presiding_officer_name", t("presiding_officer_name"), max_chars=100)
        text_field(t, check, "board.secretary_name", t("secretary_name"), max_chars=100)


def _adoption(t: Translator, check: FormCheck) -> None:
    st.subheader(t("section_adoption"))
    left, right = st.columns(2)
    with left:
        text_field(t, check, "adoption.resolution_number", t("resolution_number"), max_chars=40, help=t("blank_hint"))
        date_field(t, check, "adoption.meeting_date", t("meeting_date"))
    with right:
        text_field(t, check, "adoption.policy_number", t("policy_number"), max_chars=40, help=t("blank_hint"))
    text_field(t, check, "adoption.title", t("custom_title"), max_chars=250)


def _provisions(t: Translator, check: FormCheck, library: Library) -> None:
    st.subheader(t("section_provisions"))
    st.caption(t("provisions_intro"))
    left, right = st.columns(2)
    left.button(t("choose_recommended"), key="provisions.recommended", on_click=_set_provisions,
                args=(library, library.recommended()))
    right.button(t("clear_all"), key="provisions.clear", on_click=_set_provisions, args=(library, []))
    provision_picker(t, check, library, st.session_state.get("language") or "en")


def _documents(t: Translator, check: FormCheck) -> None:
    st.subheader(t("section_output"))
    st.selectbox(t("document_language"), options=list(LANGUAGES), format_func=_language_name, key="language",
                 help=t("document_language_help"))
    st.toggle(t("draft_mark"), key="output.draft_mark")
    show_problems(check, "output.draft_mark")
    st.toggle(t("bilingual"), key="output.bilingual", help=t("bilingual_help"))
    st.toggle(t("annotated"), key="output.annotated", help=t("annotated_help"))


def _coverage(t: Translator, library: Library) -> None:
    st.subheader(t("section_coverage"))
    recommended = [library.provisions[pid] for pid in library.recommended()]
    chosen = {pid for pid in library.provisions if st.session_state.get(provision_key(pid))}
    st.caption(t("coverage_summary", included=len(chosen & {p.id for p in recommended}), total=len(recommended)))
    for provision in recommended:
        why = provision.rationale[t.language].split(". ")[0].rstrip(".") + "."
        # Material icons ship with Streamlit, so they show without any font or file from outside.
        mark, status = ((":material/check_circle:", t("coverage_in")) if provision.id in chosen
                        else (":material/radio_button_unchecked:", t("coverage_missing")))
        st.markdown(f"{mark} **{provision.title[t.language]}** ({status}): {why}")


def _built(check: FormCheck):
    """Both drafts, the .zip and the answers file, rebuilt only when the answers change."""
    cached = st.session_state.get(_BUILT)
    if cached and cached[0] == check.fingerprint:
        return cached[1]
    plan = compose(check.answers)
    documents = render_documents(plan)
    built = (plan, documents, drafts_zip(documents, check.answers, plan.slug), answers_to_yaml(check.answers))
    st.session_state[_BUILT] = (check.fingerprint, built)
    return built


def _downloads(t: Translator, check: FormCheck):
    st.subheader(t("section_download"))
    for note in check.notes:
        st.warning(f"{t('cleaned_note')} {note}")
    if check.answers is None:
        st.session_state.pop(_BUILT, None)
        reasons = [t("missing_field", field=t(_LABELS[key])) for key in check.missing] + check.general
        reasons += [msg for messages in check.problems.values() for msg in messages]
        st.info(t("download_disabled") + "\n" + "\n".join(f"- {reason}" for reason in reasons))
        for key, label in (("resolution", "download_resolution"), ("policy", "download_policy"),
                           ("zip", "download_zip"), ("answers", "download_answers")):
            st.download_button(t(label), data=b"", key=f"download.{key}", disabled=True)
        return None
    plan, documents, archive, answers_yaml = _built(check)
    for key, document in documents.items():
        st.download_button(t(f"download_{key}"), data=document.content, file_name=document.filename,
                           mime=document.media_type, key=f"download.{key}", on_click="ignore", type="primary")
    st.download_button(t("download_zip"), data=archive.content, file_name=archive.filename, mime=archive.media_type,
                       key="download.zip", on_click="ignore")
    st.download_button(t("download_answers"), data=answers_yaml.encode("utf-8"), file_name=f"{plan.slug}-answers.yaml",
                       mime="application/x-yaml", key="download.answers", on_click="ignore")
    if soffice_path():  # PDF only where LibreOffice is installed; made when the button is clicked
        for key, document in documents.items():
            st.download_button(t(f"download_{key}_pdf"), data=_pdf_maker(document), key=f"download.{key}_pdf",
                               file_name=document.filename.removesuffix(".docx") + ".pdf", mime="application/pdf",
                               on_click="ignore")
    return plan


def _pdf_maker(document):
    """Deferred: LibreOffice takes a second or two, so the PDF is made only when someone asks for it."""
    return lambda: to_pdf({"document": document})["document"].content


def _preview(t: Translator, plan) -> None:
    st.subheader(t("section_preview"))
    if plan is None:
        st.caption(t("preview_unavailable"))
        return
    st.caption(t("preview_intro"))
    resolution, policy = st.tabs([t("tab_resolution"), t("tab_policy")])
    with resolution:
        st.html(resolution_html(plan))
    with policy:
        st.html(policy_html(plan))


def _resume(t: Translator, library: Library) -> None:
    st.subheader(t("section_resume"))
    st.file_uploader(t("upload_label"), type=["yaml", "yml", "json"], key=UPLOAD_KEY,
                     on_change=restore_from_upload, args=(t, library))
    message = st.session_state.get(MESSAGE_KEY)
    if message:
        kind, text, problems = message
        (st.success if kind == "success" else st.error)(text + "".join(f"\n- {p}" for p in problems))


def main() -> None:
    library = load_library()
    for key, value in defaults(library).items():
        st.session_state.setdefault(key, value)
    t = Translator(st.session_state[UI_LANGUAGE])
    st.set_page_config(page_title=t("page_title"), page_icon="🏫", layout="wide")
    with st.sidebar:
        st.selectbox(t("interface_language"), options=list(LANGUAGES), format_func=_language_name, key=UI_LANGUAGE)
        _resume(t, library)
    check = check_form(st.session_state, library, t.language)

    st.title(t("app_title"))
    st.write(t("app_intro"))
    st.info(t("privacy_note"), icon="🔒")
    st.caption(t("legal_note"))
    form, results = st.columns([3, 2], gap="large")
    with form:
        _district_and_board(t, check, library)
        _adoption(t, check)
        _provisions(t, check, library)
        _documents(t, check)
    with results:
        plan = _downloads(t, check)
        _coverage(t, library)
    _preview(t, plan)


