"""The form's widgets, each bound to the form's own values and showing its problems right below it.

A widget's state is dropped by Streamlit in any run that does not draw it (a hidden step), so each
widget is filled from ``VALUES`` before it is drawn and writes back to it when the person changes it.
"""

from __future__ import annotations

import re
from typing import Any

import streamlit as st

from ..languages import LANGUAGES
from ..library import Library, Provision
from .check import FormCheck
from .fields import DATE_MAX, DATE_MIN, VALUES, Field, field_named, option_key, provision_key
from .locale import Translator, load_locale

__all__ = ["plain", "values", "bound", "field_widget", "show_problems", "provision_picker", "set_provisions"]

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|:~$=^])")


def plain(text: Any) -> str:
    """Text shown literally by Streamlit's Markdown: every markup character escaped, so an error message
    quoting a file's content (``![x](http://...)``) is text, never an image fetched or a link."""
    return _MARKDOWN.sub(r"\\\1", str(text)).replace("\n", "  \n")


def values() -> dict[str, Any]:
    return st.session_state[VALUES]


def _store(key: str) -> None:
    values()[key] = st.session_state[key]


def bound(key: str) -> dict[str, Any]:
    """The widget's arguments that tie it to the form's values (call just before drawing it)."""
    st.session_state[key] = values().get(key)
    return {"key": key, "on_change": _store, "args": (key,)}


def _choose(provision_id: str) -> None:
    values()[provision_key(provision_id)] = True


def show_problems(t: Translator, check: FormCheck, key: str, library: Library, flag_missing: bool) -> None:
    if key in check.notes:
        st.warning(plain(check.notes[key]), icon=":material/content_cut:")
    if flag_missing and key in check.missing:
        st.error(plain(t("missing_field", field=t(field_named(key).label))), icon=":material/error:")
    for index, problem in enumerate(check.problems.get(key, [])):
        st.error(plain(problem.text), icon=":material/error:")
        if problem.needs:
            st.button(t("fix_choose", title=library.provisions[problem.needs].title[t.language]),
                      key=f"fix.{key}.{index}", on_click=_choose, args=(problem.needs,), icon=":material/add:")


def _language_name(code: str) -> str:
    return load_locale()[code]["language_name"]


def field_widget(t: Translator, check: FormCheck, field: Field, library: Library, flag_missing: bool) -> None:
    label = t(field.label) + (f" ({t('required')})" if field.required else "")
    help_text = t(field.help) if field.help else None
    if field.phrase:
        help_text = t("default_hint", value=library.phrases[values().get("language") or "en"][field.phrase])
    if field.kind == "text":
        st.text_input(label, help=help_text, placeholder=t(field.example) if field.example else None,
                      **bound(field.key))
    elif field.kind == "state":
        names = {code: f"{names[t.language]} ({code})" for code, names in library.states.items()}
        st.selectbox(label, options=list(names), format_func=names.__getitem__, index=None,
                     placeholder=t("district_state_placeholder"), help=help_text, **bound(field.key))
    elif field.kind == "date":
        arguments = bound(field.key)
        date = values().get(field.key)
        if date is not None and not DATE_MIN <= date <= DATE_MAX:  # the widget cannot show it; the check says why
            st.session_state[field.key] = None
        st.date_input(label, min_value=DATE_MIN, max_value=DATE_MAX, format="YYYY-MM-DD", help=help_text,
                      **arguments)
    elif field.kind == "language":
        st.selectbox(label, options=list(LANGUAGES), format_func=_language_name, help=help_text, **bound(field.key))
    elif field.kind == "meeting":
        kinds = {kind: t(f"meeting_{kind}") for kind in ("regular", "special")}
        st.radio(label, options=list(kinds), format_func=kinds.__getitem__, horizontal=True, help=help_text,
                 **bound(field.key))
    else:
        st.toggle(label, help=help_text, **bound(field.key))
    show_problems(t, check, field.key, library, flag_missing)


def _option_widget(t: Translator, check: FormCheck, provision: Provision, option, library: Library) -> None:
    lang = t.language
    key = option_key(provision.id, option.id)
    label, help_text = option.label[lang], (option.help or {}).get(lang)
    if option.type == "choice":
        names = {choice.value: choice.label[lang] for choice in option.choices}
        st.selectbox(label, options=list(names), format_func=names.__getitem__, help=help_text, **bound(key))
    elif option.type == "number":
        # No min/max on the widget: the browser would keep showing a refused number while the draft used
        # the old one. The check refuses it at the field instead, naming the range.
        hint = t("number_hint", min=option.min, max=option.max)
        st.number_input(label, step=1, help=(help_text + "\n\n" if help_text else "") + hint, **bound(key))
    elif option.type == "boolean":
        st.toggle(label, help=help_text, **bound(key))
    else:
        default = option.default[values().get("language") or "en"]
        st.text_input(label, placeholder=default,
                      help=(help_text + "\n\n" if help_text else "") + t("default_hint", value=default), **bound(key))
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
                st.checkbox(provision.title[lang] + mark, help=provision.rationale[lang], **bound(key))
                st.caption(provision.summary[lang])
                show_problems(t, check, key, library, False)
                if values().get(key) and provision.options:
                    _, column = st.columns([0.06, 0.94])
                    with column:
                        for option in provision.options:
                            _option_widget(t, check, provision, option, library)
