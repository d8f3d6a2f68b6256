"""The form's section "Your district's own words" (``local:``): the district's figures, the earlier resolutions
it reaffirms, and up to five recitals and five clauses of its own, each in English and Spanish side by side.

Every widget is bound to the form's values like the other fields (widgets.bound), so what is typed survives a
hidden step, a language switch, a save and a restore; local_fields.py maps the values to and from the answers.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from ..answers.local import END_PLACE, OWN_ITEMS
from ..languages import LANGUAGES
from ..library import Library
from ..library.snippets import render
from .check import FormCheck
from .fields import DATE_MAX, DATE_MIN
from .local_fields import FACTS, LISTS, PARTS, empty_part, fact_key, part_key, row_key, rows, rows_key
from .locale import Translator
from .widgets import bound, show_problems, values

__all__ = ["local_section", "place_labels"]

_HELP = {"reaffirms": "local_reaffirms_help", "recitals": "local_recitals_help", "clauses": "local_clauses_help"}
_HELD = ("number", "title", "date", *LANGUAGES)  # a row's parts that make it hold something
_FACT_HELP = {"newcomer_students", "source_year"}  # the figures whose label needs a word more


def place_labels(t: Translator, library: Library) -> dict[str, str]:
    """A clause's places, as a person reads them: the end first (the default), then each shared clause by its
    lead words in the interface language (with the chosen state's word for its law: "state or federal law")."""
    state = values().get("district.state")
    law = library.law_words.get(state) or next(iter(library.law_words.values()), None)
    words = {"law_word": law["singular"][t.language], "laws_word": law["plural"][t.language]} if law else {}
    labels = {END_PLACE: t("local_place_end")}
    for group in sorted(library.resolution.clause_groups, key=lambda group: group.rank):
        labels[group.id] = t("local_place_after", lead=render(group.lead[t.language], {"district": words}))
    return labels


def _is_text(value) -> bool:
    return isinstance(value, str)


def _is_shown_date(value) -> bool:
    return isinstance(value, dt.date) and DATE_MIN <= value <= DATE_MAX


def _add(kind: str) -> None:
    values()[rows_key(kind)] = rows(values(), kind) + 1


def _remove(kind: str, row: int) -> None:
    """Remove a row: the rows below move up one, and the form keeps one row (empty) at least."""
    count = rows(values(), kind)
    for below in range(row, count):
        for part in PARTS[kind]:
            values()[part_key(kind, below, part)] = values().get(part_key(kind, below + 1, part), empty_part(part))
    values()[rows_key(kind)] = max(1, count - 1)


def _holds_something(kind: str) -> bool:
    return any(values().get(part_key(kind, row, part)) not in (None, "", END_PLACE)
               for row in range(rows(values(), kind)) for part in PARTS[kind] if part in _HELD)


def _flagged(check: FormCheck, prefix: str) -> bool:
    return any(key.startswith(prefix) for key in (*check.problems, *check.notes))


def _facts(t: Translator, check: FormCheck, library: Library) -> None:
    given = any(values().get(fact_key(name)) for name in FACTS)
    with st.expander(t("local_section_facts"), expanded=given or _flagged(check, "local.facts")):
        st.caption(t("local_facts_help"))
        columns = st.columns(2)
        for index, name in enumerate(FACTS):
            key = fact_key(name)
            with columns[index % 2]:
                st.text_input(f"{t('local_' + name)} ({t('optional')})", placeholder=t(f"local_{name}_example"),
                              help=t(f"local_{name}_help") if name in _FACT_HELP else None, **bound(key, _is_text, ""))
                show_problems(t, check, key, library, False)
        show_problems(t, check, "local.facts", library, False)


def _row(t: Translator, check: FormCheck, library: Library, kind: str, row: int, places: dict[str, str]) -> None:
    n = row + 1
    st.markdown(f"**{t(f'local_{kind}_n', n=n)}**")
    if kind == "reaffirms":
        number, title, date = st.columns([1, 2, 1])
        with number:
            st.text_input(t("local_reaffirms_number", n=n), **bound(part_key(kind, row, "number"), _is_text, ""))
            show_problems(t, check, part_key(kind, row, "number"), library, False)
        with title:
            st.text_input(t("local_reaffirms_title", n=n), **bound(part_key(kind, row, "title"), _is_text, ""))
            show_problems(t, check, part_key(kind, row, "title"), library, False)
        with date:
            st.date_input(t("local_reaffirms_date", n=n), min_value=DATE_MIN, max_value=DATE_MAX, format="YYYY-MM-DD",
                          **bound(part_key(kind, row, "date"), _is_shown_date))
            show_problems(t, check, part_key(kind, row, "date"), library, False)
    else:
        for language, column in zip(LANGUAGES, st.columns(len(LANGUAGES)), strict=True):
            key = part_key(kind, row, language)
            with column:
                st.text_area(t(f"local_{kind}_{language}", n=n), height=100, **bound(key, _is_text, ""))
                show_problems(t, check, key, library, False)
        if kind == "clauses":
            key = part_key(kind, row, "place")
            st.selectbox(t("local_clauses_place", n=n), options=list(places), format_func=places.__getitem__,
                         help=t("local_clauses_place_help"), **bound(key, lambda value: value in places, END_PLACE))
            show_problems(t, check, key, library, False)
    show_problems(t, check, row_key(kind, row), library, False)
    st.button(t(f"local_remove_{kind}", n=n), key=f"local.{kind}.remove.{row}", on_click=_remove, args=(kind, row),
              icon=":material/delete:")


def _list(t: Translator, check: FormCheck, library: Library, kind: str, places: dict[str, str]) -> None:
    expanded = _holds_something(kind) or _flagged(check, f"local.{kind}")
    with st.expander(t(f"local_section_{kind}"), expanded=expanded):
        st.caption(t(_HELP[kind]))
        show_problems(t, check, f"local.{kind}", library, False)
        count = rows(values(), kind)
        for row in range(count):
            _row(t, check, library, kind, row, places)
        if count < OWN_ITEMS:
            st.button(t(f"local_add_{kind}"), key=f"local.{kind}.add", on_click=_add, args=(kind,),
                      icon=":material/add:")
        else:
            st.caption(t("local_limit", limit=OWN_ITEMS))


def local_section(t: Translator, check: FormCheck, library: Library) -> None:
    st.subheader(t("local_title"), anchor="local")
    st.write(t("local_intro"))
    _facts(t, check, library)
    places = place_labels(t, library)
    for kind in LISTS:
        _list(t, check, library, kind, places)
