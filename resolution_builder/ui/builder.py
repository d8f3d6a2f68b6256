"""The builder page: four steps (District, Provisions, Documents, Download) on the left; the downloads,
which never move, and the preview on the right (below the form on a phone, one tap away)."""

from __future__ import annotations

import streamlit as st

from ..composition.composer import compose
from ..library import Library, load_library
from ..states_command import state_note
from .check import FormCheck, check_form
from .downloads import downloads_area
from .fields import FIELDS, PASSED, REQUIRED, TRIED, UI_LANGUAGE, defaults, field_named, provision_key
from .locale import Translator
from .page_aids import ask_focus, focus_request, skip_link
from .preview import document_html
from .local_section import local_section
from .keeper import FORGET, KEEP, KEEP_TOGGLE, forget, set_keep
from .resume import MESSAGE_KEY, UPLOAD_KEY, restore_from_upload, restore_message
from .widgets import field_widget, plain, provision_picker, set_provisions, show, values

__all__ = ["builder_page", "STEPS"]

STEPS = ("district", "provisions", "documents", "download")
STEP = "ui.step"  # the open step's id
_STEP_TABS = "ui.step.tabs"  # the tabs widget (its value is the label, so it is set from STEP each run)
_CONFIRM_RESET = "ui.confirm_reset"
_PLAN = "ui.plan"
_ADDRESS_STEP = "ui.step.address"  # the step the address (?step=...) last showed


def _labels(t: Translator) -> dict[str, str]:
    return {step: f"{index}. {t('step_' + step)}" for index, step in enumerate(STEPS, 1)}


def go_to(step: str) -> None:
    """Open a step; the one left counts as passed, so its empty required fields are now flagged."""
    st.session_state.setdefault(PASSED, set()).add(st.session_state.get(STEP, STEPS[0]))
    st.session_state[STEP] = step


def _tab_changed(labels: dict[str, str]) -> None:
    chosen = st.session_state[_STEP_TABS]
    go_to(next((step for step, label in labels.items() if label == chosen), STEPS[0]))


def _fill_in(key: str, step: str) -> None:
    """A "Fill in: …" button: open the field's step and put the cursor in the field."""
    go_to(step)
    ask_focus(key)


def _flag_missing(step: str) -> bool:
    return step in st.session_state.get(PASSED, set()) or bool(st.session_state.get(TRIED))


def _step_buttons(t: Translator, step: str) -> None:
    index = STEPS.index(step)
    back, ahead = st.columns(2)
    if index > 0:
        back.button(t("back"), key=f"back.{step}", on_click=go_to, args=(STEPS[index - 1],),
                    icon=":material/arrow_back:")
    if index < len(STEPS) - 1:
        ahead.button(t("next_step", step=t("step_" + STEPS[index + 1])), key=f"next.{step}", type="primary",
                     on_click=go_to, args=(STEPS[index + 1],), icon=":material/arrow_forward:")


def _fields(t: Translator, check: FormCheck, library: Library, step: str) -> None:
    for field in FIELDS:
        if field.step == step:
            field_widget(t, check, field, library, _flag_missing(step))
            if field.key == "district.state" and values().get(field.key) in library.state_profiles:
                # What the chosen state's law adds or forbids, as plain text (never Markdown).
                note = state_note(library, values()[field.key], t.language)
                profile = library.state_profiles[values()[field.key]]
                (st.warning if profile.warning else st.info)(plain(note), icon=":material/gavel:")


def _district(t: Translator, check: FormCheck, library: Library) -> None:
    _fields(t, check, library, "district")


def _provisions(t: Translator, check: FormCheck, library: Library) -> None:
    st.write(t("provisions_intro"))
    left, right = st.columns(2)
    # The recommended set for the chosen state: provisions its law puts at risk are left for counsel to decide.
    left.button(t("choose_recommended"), key="provisions.recommended", on_click=set_provisions,
                args=(library, library.recommended(values().get("district.state"))))
    right.button(t("clear_all"), key="provisions.clear", on_click=set_provisions, args=(library, []))
    provision_picker(t, check, library)
    local_section(t, check, library)


def _documents(t: Translator, check: FormCheck, library: Library) -> None:
    _fields(t, check, library, "documents")


def _start_over() -> None:
    values().clear()  # the same dict: downloads made on a click read it
    values().update(defaults(load_library()))
    for key in (PASSED, TRIED, _CONFIRM_RESET, MESSAGE_KEY, _PLAN):
        st.session_state.pop(key, None)
    st.session_state[STEP] = STEPS[0]


def _download(t: Translator, check: FormCheck, library: Library) -> None:
    if check.answers is not None:
        st.success(t("ready"), icon=":material/check_circle:")
    else:
        st.write(t("not_ready"))
        for key in check.missing:
            field = field_named(key)
            st.button(t("go_to_field", field=t(field.label)), key=f"goto.{key}", on_click=_fill_in,
                      args=(key, field.step))
        for key in check.problems:
            step = field_named(key).step if field_named(key) else "provisions"
            st.button(t("go_to_problem", step=t("step_" + step)), key=f"goto.{key}", on_click=_fill_in, args=(key, step))
    _coverage(t, library)
    st.divider()
    if st.session_state.get(_CONFIRM_RESET):
        st.warning(t("start_over_confirm"), icon=":material/warning:")
        yes, no = st.columns(2)
        yes.button(t("start_over_yes"), key="start_over.yes", on_click=_start_over, type="primary")
        no.button(t("start_over_no"), key="start_over.no", on_click=st.session_state.pop, args=(_CONFIRM_RESET,))
    else:
        st.button(t("start_over"), key="start_over", on_click=st.session_state.__setitem__,
                  args=(_CONFIRM_RESET, True), icon=":material/restart_alt:")


def _coverage(t: Translator, library: Library) -> None:
    recommended = [library.provisions[pid] for pid in library.recommended()]
    chosen = {pid for pid in library.provisions if values().get(provision_key(pid))}
    st.markdown(f"**{t('section_coverage')}**")
    st.write(t("coverage_summary", included=len(chosen & {p.id for p in recommended}), total=len(recommended)))
    for provision in recommended:
        mark, status = ((":material/check_circle:", t("coverage_in")) if provision.id in chosen
                        else (":material/radio_button_unchecked:", t("coverage_missing")))
        st.markdown(f"{mark} {plain(provision.title[t.language])} ({status})")


_DRAW = {"district": _district, "provisions": _provisions, "documents": _documents, "download": _download}


# Keeping the work: the step in the address, the restore, this browser's copy -----------------------------------

def _step_in_address() -> None:
    """Each step has its own address (``?step=provisions``) and browser history entry: Back and Forward move
    between steps, and a reload opens the same step. A step opened here is written to the address (Streamlit
    pushes a history entry); an address changed by Back, Forward or a reload opens its step."""
    shown = st.query_params.get("step", STEPS[0])
    shown = shown if shown in STEPS else STEPS[0]
    first = _ADDRESS_STEP not in st.session_state
    if st.session_state.get(_ADDRESS_STEP) != shown and not (first and "step" not in st.query_params):
        st.session_state[_ADDRESS_STEP] = shown  # Back, Forward, a reload or a typed address
        if st.session_state.get(STEP, STEPS[0]) != shown:
            go_to(shown)
        return
    st.session_state[_ADDRESS_STEP] = shown
    step = st.session_state.get(STEP, STEPS[0])
    if step != shown:  # a tab, Next or Back on the page opened another step
        st.session_state[_ADDRESS_STEP] = step
        if step == STEPS[0]:
            st.query_params.pop("step", None)
        else:
            st.query_params["step"] = step


def _resume(t: Translator, library: Library, complete: bool) -> None:
    message = st.session_state.get(MESSAGE_KEY)
    with st.expander(t("section_resume"), icon=":material/upload_file:", expanded=bool(message)):
        # Any file is taken, so that a wrong one (a PDF, a picture) is refused in words, not by a bare "!".
        st.file_uploader(t("upload_label"), key=UPLOAD_KEY, on_change=restore_from_upload, args=(t, library))
        restore_message(t, complete, library)


def _keep_in_browser(t: Translator) -> None:
    show(KEEP_TOGGLE, bool(st.session_state.get(KEEP)))
    keep, drop = st.columns([3, 2], vertical_alignment="center")
    keep.toggle(t("keep_label"), key=KEEP_TOGGLE, on_change=set_keep, help=t("keep_help"))
    if st.session_state.get(KEEP):
        drop.button(t("forget"), key="keep.forget", on_click=forget, icon=":material/delete:")
    elif st.session_state.get(FORGET):
        drop.caption(t("forgotten"))


def _progress(t: Translator, check: FormCheck) -> None:
    done = len(REQUIRED) - len(check.missing)
    step = STEPS.index(st.session_state.get(STEP, STEPS[0])) + 1
    text = t("progress", step=step, steps=len(STEPS), done=done, required=len(REQUIRED))
    st.progress(step / len(STEPS), text=text)


def _plan(check: FormCheck):
    """The documents' plan, composed again only when the answers change."""
    if check.answers is None:
        return None
    fingerprint = check.answers.model_dump_json()
    cached = st.session_state.get(_PLAN)
    if cached and cached[0] == fingerprint:
        return cached[1]
    plan = compose(check.answers)
    st.session_state[_PLAN] = (fingerprint, plan)
    return plan


@st.fragment
def preview_area(t: Translator, plan) -> None:
    """Only the open document is rendered; switching documents reruns this part alone."""
    st.header(t("section_preview"), anchor="preview")
    if plan is None:
        st.write(t("preview_unavailable"))
        return
    tabs = st.tabs([t(f"tab_{kind}") for kind in plan.kinds], key="ui.preview", on_change="rerun")
    for kind, tab in zip(plan.kinds, tabs, strict=True):
        if tab.open is not False:
            with tab:
                st.html(document_html(plan, kind))


def builder_page() -> None:
    library = load_library()
    t = Translator(st.session_state[UI_LANGUAGE])
    st.write(t("app_intro"))
    with st.expander(t("explainer_title"), icon=":material/help:"):
        st.markdown(t("explainer"))
    st.write(t("privacy_note") + " " + t("legal_note"))
    _keep_in_browser(t)
    _step_in_address()
    check = check_form(values(), library, t)
    _resume(t, library, check.answers is not None)
    _progress(t, check)
    plan = _plan(check)
    form, results = st.columns([3, 2], gap="large")
    with results:  # sent first: after an edit, the preview is what a person watches
        downloads = st.container()
        preview_area(t, plan)
    with downloads:
        downloads_area(t, check, plan, library)
    with form:
        st.markdown(t("jump_to_preview"))
        labels = _labels(t)
        step = st.session_state.setdefault(STEP, STEPS[0])
        show(_STEP_TABS, labels[step])
        tabs = st.tabs(list(labels.values()), key=_STEP_TABS, on_change=_tab_changed, args=(labels,))
        for name, tab in zip(STEPS, tabs):
            if tab.open is not False:
                with tab:
                    skip_link(t)
                    _DRAW[name](t, check, library)
                    _step_buttons(t, name)
        focus_request()
