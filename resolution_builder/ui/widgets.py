"""The form's widgets, each keyed by its answers field, each with its problems shown right below it."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from ..library import Library, Provision
from .check import FormCheck
from .fields import option_key, provision_key
from .locale import Translator

__all__ = ["text_field", "show_problems", "provision_picker"]


def show_problems(check: FormCheck, key: str) -> None:
    for message in check.problems.get(key, []):
        st.error(message, icon="⚠️")


def text_field(t: Translator, check: FormCheck, key: str, label: str, *, help: str | None = None,
               max_chars: int | None = None, required: bool = False) -> None:
    st.text_input(label + (f" ({t('required')})" if required else ""), key=key, help=help, max_chars=max_chars)
    show_problems(check, key)


def date_field(t: Translator, check: FormCheck, key: str, label: str) -> None:
    st.date_input(label, key=key, min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31),
                  format="YYYY-MM-DD", help=t("blank_hint"))
    show_problems(check, key)


def _option_widget(t: Translator, check: FormCheck, provision: Provision, option, doc_language: str) -> None:
    lang = t.language
    key = option_key(provision.id, option.id)
    label, help_text = option.label[lang], (option.help or {}).get(lang)
    if option.type == "choice":
        names = {choice.value: choice.label[lang] for choice in option.choices}
        st.selectbox(label, options=list(names), format_func=names.__getitem__, key=key, help=help_text)
    elif option.type == "number":
        st.number_input(label, min_value=option.min, max_value=option.max, step=1, key=key, help=help_text)
    elif option.type == "boolean":
        st.toggle(label, key=key, help=help_text)
    else:
        default = option.default[doc_language]
        st.text_input(label, key=key, placeholder=default, max_chars=option.max_length,
                      help=(help_text + "\n\n" if help_text else "") + t("default_hint", value=default))
    show_problems(check, key)


def provision_picker(t: Translator, check: FormCheck, library: Library, doc_language: str) -> None:
    lang = t.language
    for category in library.categories.values():
        provisions = library.in_category(category.id)
        if not provisions:
            continue
        chosen = sum(bool(st.session_state.get(provision_key(p.id))) for p in provisions)
        with st.expander(f"{category.title[lang]} ({chosen}/{len(provisions)})", expanded=category.flavor == "core"):
            if category.flavor != "core":
                st.caption(t("flavor_note"))
            for provision in provisions:
                key = provision_key(provision.id)
                mark = f"  ·  ★ {t('recommended_mark')}" if provision.recommended else ""
                st.checkbox(provision.title[lang] + mark, key=key, help=provision.rationale[lang])
                st.caption(provision.summary[lang])
                show_problems(check, key)
                if st.session_state.get(key) and provision.options:
                    _, column = st.columns([0.06, 0.94])
                    with column:
                        for option in provision.options:
                            _option_widget(t, check, provision, option, doc_language)
