"""Answers that exercise the library: each provision alone, the recommended set and everything,
for each state with its own variants and for a state without any."""

from __future__ import annotations

from helpers import representatives
from resolution_builder import load_answers, load_library

# Issue 11: Texas, Florida, Washington and Oregon now have their own text, so the neutral state is Kentucky.
VARIANT_STATES = ("CA", "NY", "NJ", "IL", "WA", "OR", "TX", "FL")
NEUTRAL_STATE = "KY"
STATES = (*VARIANT_STATES, NEUTRAL_STATE)
# The states as a sweep: the fast tier keeps California (the most state text), Texas (a state that restricts) and
# the neutral state; the whole suite runs them all.
STATE_SWEEP = representatives(STATES, {"CA", "TX", NEUTRAL_STATE})


def _with_requirements(ids: list[str]) -> list[str]:
    library = load_library()
    out: list[str] = []
    for pid in ids:
        for needed in library.provisions[pid].requires:
            if needed not in out:
                out.append(needed)
        if pid not in out:
            out.append(pid)
    return out


def selections() -> dict[str, list[str]]:
    library = load_library()
    cases = {f"alone:{pid}": _with_requirements([pid]) for pid in library.provisions}
    cases["recommended"] = library.recommended()
    cases["everything"] = _with_requirements(list(library.provisions))
    return cases


def answers_for(ids: list[str], state: str, language: str = "en", options: dict | None = None):
    data = {"district": {"name": "Cedar Valley Unified School District", "state": state, "city": "Cedar Valley"},
            "board": {"name": "Board of Education"}, "adoption": {"meeting_date": "2026-12-10"},
            "language": language,
            "provisions": [{"id": pid, "options": (options or {}).get(pid, {})} for pid in ids]}
    return load_answers(data)[0]


def option_variants() -> list[tuple[str, dict]]:
    """Each provision with each non-default choice and each flipped yes/no, to render every branch."""
    library = load_library()
    out = []
    for provision in library.provisions.values():
        for option in provision.options:
            if option.type == "choice":
                out += [(provision.id, {option.id: c.value}) for c in option.choices if c.value != option.default]
            elif option.type == "boolean":
                out.append((provision.id, {option.id: not option.default}))
            elif option.type == "number":
                out.append((provision.id, {option.id: option.max}))
    return out
