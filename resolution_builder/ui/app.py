"""The Streamlit app: pages (one line each in ``PAGES``), the shared header with the language switch.

The builder page itself is in builder.py; other faces (many districts, comparing an edited draft) add
a function and one line to ``PAGES``, and their page title as ``page_<name>`` in ui_locale.yaml.
"""

from __future__ import annotations

import streamlit as st

from ..languages import LANGUAGES
from ..library import load_library
from .batch_page import batch_page
from .builder import builder_page
from .compare_page import compare_page
from .packet_page import packet_page
from .fields import UI_LANGUAGE, VALUES, defaults
from .keeper import keeper
from .live_session import finish_callbacks
from .locale import Translator, load_locale
from .page_aids import page_aids
from .widgets import show

__all__ = ["main", "PAGES"]

finish_callbacks()  # see live_session.py: a message arriving while callbacks run must not cut one short

def _translator() -> Translator:
    return Translator(st.session_state[UI_LANGUAGE])


def compare() -> None:
    compare_page(_translator())


def many_districts() -> None:
    batch_page(_translator())


def board_packet() -> None:
    packet_page(_translator())


# (name, page function): the first is the start page. Add a page here with one line.
PAGES = [
    ("builder", builder_page),
    ("packet", board_packet),
    ("compare", compare),
    ("batch", many_districts),
]

_UI_CHOICE = "ui.language.choice"  # the switch's widget; UI_LANGUAGE keeps the code between runs


def _switch_language() -> None:
    st.session_state[UI_LANGUAGE] = st.session_state[_UI_CHOICE]


def _header(t: Translator) -> None:
    title, switch = st.columns([5, 2], vertical_alignment="center")
    title.title(t("app_title"))
    names = {code: load_locale()[code]["language_name"] for code in LANGUAGES}
    show(_UI_CHOICE, t.language)
    switch.radio(t("interface_language"), options=list(names), format_func=names.__getitem__, horizontal=True,
                 key=_UI_CHOICE, on_change=_switch_language)


def main() -> None:
    library = load_library()
    st.session_state.setdefault(UI_LANGUAGE, "en")
    if VALUES not in st.session_state:
        st.session_state[VALUES] = defaults(library)
    t = Translator(st.session_state[UI_LANGUAGE])
    st.set_page_config(page_title=t("page_title"), page_icon="🏫", layout="wide")
    page_aids(t)  # contrast, focus kept, skip links, labelled navigation on a phone
    pages = [st.Page(function, title=t(f"page_{name}"), url_path=name, default=index == 0)
             for index, (name, function) in enumerate(PAGES)]
    page = st.navigation(pages, position="top" if len(pages) > 1 else "hidden")
    _header(t)
    page.run()
    keeper(library)  # this browser's copy of the answers, and its question before leaving (every page)
