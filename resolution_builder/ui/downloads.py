"""The downloads: always the same buttons in the same places, so nothing moves under a person's finger.

Every button is a real download from the start, finished answers or not: its file is made when it is clicked,
from the answers as they are once the page has taken in everything sent before the click (live_session.py):
a click that ends typing in a field gets what was typed, and a first click is never spent on anything else.
If the answers are not complete then, no file comes, and the click's own run says why right under that button
and flags each missing answer at its field. "Save my answers" works at any moment.

Each file is made alone (one draft renders one document) and kept until the browser has fetched it, and each
button's file maker is kept for the page's next few runs, so a click on a button the browser still shows while
a newer run is on its way is answered too (live_session.Pins).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Any, Callable

import streamlit as st

from ..build import Document, answers_to_yaml, drafts_zip, load_answers
from ..exceptions import SafeZoneError
from ..answers.loading import AnswersError
from ..composition.composer import compose, slugify
from ..library import Library
from ..word.pdf import soffice_path
from ..word.pdf_server import warm_to_pdf
from ..word.render import render_docx
from .check import FormCheck, label_of
from .fields import TRIED, VALUES, raw_answers
from .live_session import Clicks, Pins, current_session_id, is_live, keep_file_answers
from .locale import Translator
from .resume import saved_answers
from .widgets import plain

__all__ = ["downloads_area", "file_names", "NotReady", "DOWNLOADS_ANCHOR"]

DOWNLOADS_ANCHOR = "downloads"  # the section's id: the skip links and the phone's downloads bar go there
_DESK = "ui.downloads.desk"
_CLICKED = "ui.downloads.clicked"  # the draft button whose click found the answers not ready
_DOCX = Document("", b"").media_type
_MIME = {"resolution": _DOCX, "policy": _DOCX, "regulation": _DOCX, "zip": "application/zip", "pdf": "application/pdf"}
_FILE_PHRASES = {"resolution": "file_resolution", "policy": "file_policy", "regulation": "file_regulation",
                 "zip": "file_drafts"}


def _kinds(values: dict[str, Any], plan) -> tuple[str, ...]:
    """The drafts the answers make: the plan's; before the answers are complete, the format chosen so far."""
    if plan is not None:
        return plan.kinds
    combined = values.get("output.policy_format") == "combined"
    return ("resolution", "policy") if combined else ("resolution", "policy", "regulation")


keep_file_answers()  # see live_session.py: a rerun starting must not throw away a made file's address


class NotReady(SafeZoneError):
    """A draft was asked for while the answers are incomplete: no file (the page says why at the button)."""


@dataclass
class _Desk:
    """What the file makers read in Streamlit's worker threads (never ``st.session_state``, which needs a run).

    ``values`` is the form's own dict, set again on every run; ``plan`` the last plan the page composed."""

    session_id: str | None
    values: dict[str, Any] = field(default_factory=dict)
    plan: tuple[str, Any] | None = None
    pins: Pins | None = None
    clicks: Clicks = field(default_factory=Clicks)


def file_names(plan) -> dict[str, str]:
    """The names the drafts download under, as ``render_documents`` names them."""
    return {kind: plan.file_names[kind] for kind in (*plan.kinds, "zip")}


def _names(values: dict[str, Any], library: Library, plan) -> dict[str, str]:
    """The drafts' file names, also before the answers are complete (from the name typed so far)."""
    if plan is not None:
        return file_names(plan)
    name = values.get("district.name")
    slug = slugify(name) if isinstance(name, str) and name.strip() else "safe-zone"
    language = values.get("language") if values.get("language") in library.phrases else "en"
    words = library.words(language, values.get("district.state"))
    return {kind: words[phrase].format(slug=slug) for kind, phrase in _FILE_PHRASES.items()}


def _answers_and_plan(desk: _Desk, library: Library):
    """The answers as the form holds them now, and their plan (the page's own when nothing changed since)."""
    try:
        answers, _ = load_answers(raw_answers(dict(desk.values), library), library)
    except AnswersError as error:
        raise NotReady(str(error)) from None
    fingerprint = answers.model_dump_json()
    cached = desk.plan
    plan = cached[1] if cached and cached[0] == fingerprint else compose(answers, library)
    return answers, plan


def _docx(kind: str):
    return lambda plan, answers: render_docx(plan, kind, answers_to_yaml(answers))  # each draft carries its answers


def _zip(plan, answers) -> bytes:
    carried = answers_to_yaml(answers)
    documents = {kind: Document(plan.file_names[kind], render_docx(plan, kind, carried)) for kind in plan.kinds}
    return drafts_zip(documents, answers, plan).content


def _pdf(kind: str):
    """LibreOffice takes a second or two, so the PDF is made only when someone asks for it."""
    def make(plan, answers) -> bytes:
        document = Document(plan.file_names[kind], render_docx(plan, kind, answers_to_yaml(answers)))
        return warm_to_pdf({"document": document})["document"].content  # a warm LibreOffice, else one-shot
    return make


_MAKERS = {"zip": _zip, **{kind: _docx(kind) for kind in ("resolution", "policy", "regulation")},
           **{f"{kind}_pdf": _pdf(kind) for kind in ("resolution", "policy", "regulation")}}


def _made_on_click(desk: _Desk, library: Library, key: str, mime: str, name: str) -> Callable[[], bytes]:
    """The file maker behind one button, run by Streamlit in a worker thread when the button is clicked."""

    def produce() -> bytes:
        if is_live(desk.session_id):  # a browser's click (AppTest asks for the file without one)
            desk.clicks.wait_for_click(key)  # its rerun took in what was typed before it: ``desk.values`` is final
        if key == "answers":
            content = saved_answers(dict(desk.values), library)[1]
        else:
            answers, plan = _answers_and_plan(desk, library)
            content = _MAKERS[key](plan, answers)
        if desk.pins is not None:
            desk.pins.keep_file(key, content, mime, name)
        return content

    return produce


def _clicked(key: str) -> None:
    """The click's own run (its file waits for it): count the click; a draft's button is remembered, so that
    if the answers are not ready, the reasons show beside it."""
    st.session_state[_DESK].clicks.clicked(key)
    if key != "answers":
        st.session_state[_CLICKED] = key


def _why(t: Translator, check: FormCheck, library: Library) -> None:
    """Right under the button clicked: why no file came, each reason a line."""
    reasons = [t("missing_field", field=label_of(key, t, library)) for key in check.missing]
    reasons += [problem.text for problems in check.problems.values() for problem in problems]
    st.error(plain(t("download_wait")), icon=":material/error:")
    st.text("\n".join(f"• {reason}" for reason in reasons + check.general))


def _desk() -> _Desk:
    session_id = current_session_id()
    desk = st.session_state.get(_DESK)
    if desk is None or desk.session_id != session_id:
        desk = st.session_state[_DESK] = _Desk(session_id, pins=Pins(session_id))
    return desk


def downloads_bar(t: Translator) -> None:
    """On a phone, a bar at the foot of the screen that reaches the downloads in one tap (page_aids.py styles it)."""
    st.html(f'<nav class="sz-downloads-bar" aria-label="{escape(t("downloads_bar_label"))}">'
            f'<a href="#{DOWNLOADS_ANCHOR}">{escape(t("skip_to_downloads"))}</a></nav>')


def downloads_area(t: Translator, check: FormCheck, plan, library: Library) -> None:
    st.header(t("section_download"), anchor=DOWNLOADS_ANCHOR)
    desk = _desk()
    values = desk.values = st.session_state[VALUES]
    if plan is not None:
        desk.plan = (check.answers.model_dump_json(), plan)
    desk.clicks.taken_in()  # every callback of this run has been called: the clicks it brought can be answered
    if check.answers is None:
        clicked = st.session_state.get(_CLICKED)
        if clicked:
            st.session_state[TRIED] = True  # every missing answer is flagged at its field too
    else:
        st.session_state.pop(_CLICKED, None)
        clicked = None
    pdf = soffice_path() is not None  # PDF only where LibreOffice is installed
    kinds = _kinds(values, plan)
    keys = list(kinds) + ["zip"] + ([f"{kind}_pdf" for kind in kinds] if pdf else [])
    names = _names(values, library, plan)
    for key in keys:
        kind, _, suffix = key.partition("_")
        name = names[kind] if not suffix else names[kind].removesuffix(".docx") + ".pdf"
        mime = _MIME[suffix or kind]
        maker = _made_on_click(desk, library, key, mime, name)
        st.download_button(t(f"download_{key}"), data=maker, file_name=name, mime=mime, key=f"download.{key}",
                           on_click=_clicked, args=(key,), type="primary" if key in kinds else "secondary",
                           icon=":material/download:")
        desk.pins.keep_maker(key, maker)
        if clicked == key:
            _why(t, check, library)
    name, _ = saved_answers(values, library)
    maker = _made_on_click(desk, library, "answers", "application/x-yaml", name)
    st.download_button(t("download_answers"), data=maker, file_name=name, mime="application/x-yaml",
                       key="download.answers", on_click=_clicked, args=("answers",), icon=":material/save:",
                       help=t("save_help"))
    desk.pins.keep_maker("answers", maker)
    downloads_bar(t)
