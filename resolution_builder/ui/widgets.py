"""The form's widgets, each bound to the form's own values and showing its problems right below it.

A widget's state is dropped by Streamlit in any run that does not draw it (a hidden step), so each
widget is filled from ``VALUES`` before it is drawn and writes back to it when the person changes it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import streamlit as st

from ..languages import LANGUAGES
from ..library import Library, Provision
from .check import FormCheck
from .fields import DATE_MAX, DATE_MIN, UI_LANGUAGE, VALUES, Field, field_named, option_key, provision_key
from .literal import literal
from .locale import Translator, load_locale

__all__ = ["plain", "values", "bound", "show", "field_widget", "show_problems", "provision_picker", "set_provisions"]

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|:~$=^])")


def plain(text: Any) -> str:
    """Text shown literally by Streamlit's Markdown: every markup character escaped, so an error message
    quoting a file's content (``![x](http://...)``) is text, never an image fetched or a link."""
    return _MARKDOWN.sub(r"\\\1", str(text)).replace("\n", "  \n")


def values() -> dict[str, Any]:
    return st.session_state[VALUES]


def _drafts_language() -> str:
    """The documents' language for hints and defaults (English while the field holds one the library lacks)."""
    language = values().get("language")
    return language if language in LANGUAGES else "en"


def _store(key: str) -> None:
    values()[key] = st.session_state[key]


def _store_state(key: str, library: Library) -> None:
    """A new state brings its own option defaults (Florida: "a safe and welcoming place"), but only to an option
    still at the old state's default: what the person chose stays."""
    old, new = values().get(key), st.session_state[key]
    values()[key] = new
    for code in {old, new} - {None}:
        profile = library.state_profiles.get(code)
        for pid in (profile.option_defaults if profile else {}):
            was, now = library.option_defaults(pid, old), library.option_defaults(pid, new)
            for oid in now:
                if values().get(option_key(pid, oid)) == was[oid]:
                    values()[option_key(pid, oid)] = now[oid]


def bound(key: str, shows=lambda value: True, empty: Any = None) -> dict[str, Any]:
    """The widget's arguments that tie it to the form's values (call just before drawing it).

    A value the widget cannot show (a restored file's state code that does not exist, a date that is no date)
    stays in the form's values, and so in a saved file, as written; the widget shows ``empty`` and the check says
    what is wrong below it, until the person changes it."""
    value = values().get(key)
    show(key, value if value is None or shows(value) else empty)
    return {"key": key, "on_change": _store, "args": (key,)}


_SHOWN_IN = "ui.widgets.shown_in"  # the interface language in which each widget was last given its value


def show(key: str, value: Any) -> None:
    """Give a widget the value it must show, only where it shows something else (a hidden step, a file loaded) or
    in a new interface language (the choices' labels change, and the browser still holds the old label). A value
    set through session_state is pushed to the browser: pushed in every run, it would overwrite what the person
    chose while that run was on its way (a state picked just after Enter in another field was lost)."""
    language = st.session_state.get(UI_LANGUAGE)
    shown_in = st.session_state.setdefault(_SHOWN_IN, {})
    if key not in st.session_state or st.session_state[key] != value or shown_in.get(key) != language:
        st.session_state[key] = value
        shown_in[key] = language


def _is_text(value: Any) -> bool:
    return isinstance(value, str)


def _one_of(options) -> Any:
    return lambda value: isinstance(value, str) and value in options


def _is_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_bool(value: Any) -> bool:
    return isinstance(value, bool)


def _is_shown_date(value: Any) -> bool:  # the widget cannot show a date outside its range; the check says why
    return isinstance(value, dt.date) and DATE_MIN <= value <= DATE_MAX


def _choose(provision_id: str) -> None:
    values()[provision_key(provision_id)] = True


def show_problems(t: Translator, check: FormCheck, key: str, library: Library, flag_missing: bool) -> None:
    """A field's problems right below it, as text: they can quote what a file held (never read as Markdown)."""
    if key in check.notes:
        literal(check.notes[key], kind="warning")
    if flag_missing and key in check.missing:
        literal(t("missing_field", field=t(field_named(key).label)), kind="error")
    for index, problem in enumerate(check.problems.get(key, [])):
        literal(problem.text, kind="error")
        if problem.needs:
            st.button(t("fix_choose", title=library.provisions[problem.needs].title[t.language]),
                      key=f"fix.{key}.{index}", on_click=_choose, args=(problem.needs,), icon=":material/add:")


def _language_name(code: str) -> str:
    return load_locale()[code]["language_name"]


def field_widget(t: Translator, check: FormCheck, field: Field, library: Library, flag_missing: bool) -> None:
    label = t(field.label) + (f" ({t('required')})" if field.required else f" ({t('optional')})" if field.optional else "")
    help_text = t(field.help) if field.help else None
    if field.phrase:
        help_text = t("default_hint", value=library.phrases[_drafts_language()][field.phrase])
    if field.kind == "text":
        st.text_input(label, help=help_text, placeholder=t(field.example) if field.example else None,
                      **bound(field.key, _is_text, ""))
    elif field.kind == "state":
        names = {code: f"{names[t.language]} ({code})" for code, names in library.states.items()}
        st.selectbox(label, options=list(names), format_func=names.__getitem__, index=None,
                     placeholder=t("district_state_placeholder"), help=help_text,
                     **{**bound(field.key, _one_of(names)), "on_change": _store_state, "args": (field.key, library)})
    elif field.kind == "date":
        st.date_input(label, min_value=DATE_MIN, max_value=DATE_MAX, format="YYYY-MM-DD", help=help_text,
                      **bound(field.key, _is_shown_date))
    elif field.kind == "language":
        st.selectbox(label, options=list(LANGUAGES), format_func=_language_name, help=help_text,
                     **bound(field.key, _one_of(LANGUAGES)))
    elif field.kind == "choice":
        names = {value: t(f"{field.label}_{value}") for value in field.choices}
        st.radio(label, options=list(names), format_func=names.__getitem__, horizontal=field.inline,
                 help=help_text, **bound(field.key, _one_of(names)))
    else:
        st.toggle(label, help=help_text, **bound(field.key, _is_bool, False))
    show_problems(t, check, field.key, library, flag_missing)


def _option_widget(t: Translator, check: FormCheck, provision: Provision, option, library: Library) -> None:
    lang = t.language
    key = option_key(provision.id, option.id)
    label, help_text = option.label[lang], (option.help or {}).get(lang)
    if option.type == "choice":
        names = {choice.value: choice.label[lang] for choice in option.choices}
        st.selectbox(label, options=list(names), format_func=names.__getitem__, help=help_text,
                     **bound(key, _one_of(names)))
    elif option.type == "number":
        # No min/max on the widget: the browser would keep showing a refused number while the draft used
        # the old one. The check refuses it at the field instead, naming the range.
        hint = t("number_hint", min=option.min, max=option.max)
        st.number_input(label, step=1, help=(help_text + "\n\n" if help_text else "") + hint,
                        **bound(key, _is_number))
    elif option.type == "boolean":
        st.toggle(label, help=help_text, **bound(key, _is_bool, False))
    else:
        default = option.default[_drafts_language()]
        st.text_input(label, placeholder=default,
                      help=(help_text + "\n\n" if help_text else "") + t("default_hint", value=default),
                      **bound(key, _is_text, ""))
    show_problems(t, check, key, library, False)


def set_provisions(library: Library, ids: list[str]) -> None:
    for pid in library.provisions:
        values()[provision_key(pid)] = pid in ids


def provision_picker(t: Translator, check: FormCheck, library: Library) -> None:
    lang = t.language
    for category in library.categories.values():
        provisions = library.in_category(category.id)
        if not provisions:
            continue
        chosen = sum(bool(values().get(provision_key(p.id))) for p in provisions)
        with st.expander(f"{category.title[lang]} ({chosen}/{len(provisions)})", expanded=category.flavor == "core"):
            if category.flavor != "core":
                st.caption(t("flavor_note"))
            for provision in provisions:
                key = provision_key(provision.id)
                mark = f"  ·  ★ {t('recommended_mark')}" if provision.recommended else ""
                st.checkbox(provision.title[lang] + mark, help=provision.rationale[lang], **bound(key, _is_bool, False))
                st.caption(provision.summary[lang])
                show_problems(t, check, key, library, False)
                if values().get(key) and provision.options:
                    _, column = st.columns([0.06, 0.94])
                    with column:
                        for option in provision.options:
                            _option_widget(t, check, provision, option, library)
