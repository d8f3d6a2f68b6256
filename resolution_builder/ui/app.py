"""The Streamlit app: pages (one line each in ``PAGES``), the shared header with the language switch.

The builder page itself is in builder.py; other faces (many districts, comparing an edited draft) add
a function and one line to ``PAGES``, and their page title as ``page_<name>`` in ui_locale.yaml.
The header is drawn before the library and the pages' modules are loaded, so that the first visitor after
the server starts sees the title while they load; this module imports only what the header needs.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from ..languages import LANGUAGES
from .locale import UI_LANGUAGE, Translator, load_locale

__all__ = ["main", "PAGES", "IDLE", "busy", "OPTIONS_BLOCK"]

IDLE = "ui.idle"  # a threading.Event, set while no run (of the app or a fragment) of this session is under way


@contextmanager
def busy() -> Iterator[None]:
    """Marks a run as under way: downloads made on a click wait for the answers it stores."""
    idle = st.session_state.setdefault(IDLE, threading.Event())
    idle.clear()
    try:
        yield
    finally:
        idle.set()


def _translator() -> Translator:
    return Translator(st.session_state[UI_LANGUAGE])


def builder() -> None:
    from .builder import builder_page
    builder_page()


def board_packet() -> None:
    from .packet_page import packet_page
    packet_page(_translator())


def compare() -> None:
    from .compare_page import compare_page
    compare_page(_translator())


def many_districts() -> None:
    from .batch_page import batch_page
    batch_page(_translator())


# (name, page function): the first is the start page. Add a page here with one line.
PAGES = [
    ("builder", builder),
    ("packet", board_packet),
    ("compare", compare),
    ("batch", many_districts),
]

_UI_CHOICE = "ui.language.choice"  # the switch's widget; UI_LANGUAGE keeps the code between runs
OPTIONS_BLOCK = "options-"  # the key prefix of a chosen provision's options block (widgets.py), indented here
# Captions and the like at 4.5:1 contrast or better on white (Streamlit's grey is 3.9:1), headings in order;
# a chosen provision's options indented under it.
_CSS = ("<style>[data-testid='stCaptionContainer'],[data-testid='stWidgetLabel'] p,"
        "[data-testid='stMarkdownContainer'] small{color:#3d3d45 !important}"
        "[data-testid='stHeaderActionElements']{display:none}"
        f"[class*='st-key-{OPTIONS_BLOCK}']{{padding-left:2.5rem}}</style>")


def _switch_language() -> None:
    st.session_state[UI_LANGUAGE] = st.session_state[_UI_CHOICE]


def _header(t: Translator) -> None:
    title, switch = st.columns([5, 2], vertical_alignment="center")
    title.title(t("app_title"))
    names = {code: load_locale()[code]["language_name"] for code in LANGUAGES}
    st.session_state[_UI_CHOICE] = t.language
    switch.radio(t("interface_language"), options=list(names), format_func=names.__getitem__, horizontal=True,
                 key=_UI_CHOICE, on_change=_switch_language)


def _start_form() -> None:
    """A new session's form: the recommended provisions chosen (needs the library, so after the header)."""
    from ..library import load_library
    from .fields import VALUES, defaults
    if VALUES not in st.session_state:
        st.session_state[VALUES] = defaults(load_library())


def main() -> None:
    st.session_state.setdefault(UI_LANGUAGE, "en")
    t = Translator(st.session_state[UI_LANGUAGE])
    st.set_page_config(page_title=t("page_title"), page_icon="🏫", layout="wide")
    st.html(_CSS)
    pages = [st.Page(function, title=t(f"page_{name}"), url_path=name, default=index == 0)
             for index, (name, function) in enumerate(PAGES)]
    page = st.navigation(pages, position="top" if len(pages) > 1 else "hidden")
    with busy():  # downloads made on a click wait for this run's answers
        _header(t)
        _start_form()
        page.run()
