"""State law for the faces: ``safe-zone states``, the warnings build and check print, and the note the app shows."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable, Mapping
from typing import Any

from .library import Library, load_library
from .library.loader import DATA_DIR
from .localized_files import load_localized

__all__ = ["state_note", "state_warning", "state_option_warning", "state_rows", "add_states_command"]

WORDS_FILE = DATA_DIR / "states_words.yaml"


def _what(law, lang: str) -> str:
    return law.what if isinstance(law.what, str) else law.what[lang]


def state_warning(library: Library, code: str, language: str, chosen: Iterable[str] | None = None) -> str | None:
    """The state's warning in the language, for a draft holding ``chosen`` (None: the state alone); None where
    the state has none, or where it warns only of provisions at risk and none of them is chosen."""
    profile = library.state_profiles.get(code)
    return profile.warning[language] if profile and profile.warns(chosen) else None


def state_option_warning(library: Library, code: str, language: str,
                         chosen: Mapping[str, Mapping[str, Any]] | None = None) -> str | None:
    """The state's warning on option choices its law puts at risk (Florida's and Texas's on the designation
    "sanctuary"), for a draft whose chosen provisions have these option values (None: the state alone, as the
    form shows it); None where the state has none or the draft holds none of those choices."""
    profile = library.state_profiles.get(code)
    if profile is None or profile.option_warning is None:
        return None
    return profile.option_warning[language] if chosen is None or profile.risky_choices(chosen) else None


def state_note(library: Library, code: str, language: str) -> str:
    """What the chosen state's law adds or forbids, and its warnings, as plain text for the state field."""
    profile = library.state_profiles.get(code)
    if profile is None:
        return ""
    warnings = [w for w in (state_warning(library, code, language), state_option_warning(library, code, language))
                if w]
    return "\n\n".join([profile.summary[language], *warnings])


def state_rows(library: Library, language: str) -> list[dict]:
    """Every jurisdiction with its posture, laws, sources and checked dates, in states.yaml order."""
    rows = []
    for code, profile in library.state_profiles.items():
        rows.append({
            "code": code, "name": library.states[code][language], "posture": profile.posture,
            "summary": profile.summary[language], "warning": state_warning(library, code, language),
            "agency": profile.agency[language] if profile.agency else None,
            "laws": [{"id": law.id, "citation": law.citation, "title": law.title, "effect": law.effect,
                      "what": _what(law, language), "source": law.source, "source_kind": law.source_kind,
                      "source_reason": law.source_reason[language] if law.source_reason else None,
                      "checked": law.checked,
                      "verify": law.verify[language] if law.verify else None} for law in profile.laws],
            "at_risk": list(profile.at_risk),
            "at_risk_options": {pid: {oid: list(values) for oid, values in options.items()}
                                for pid, options in profile.at_risk_options.items()},
            "option_warning": profile.option_warning[language] if profile.option_warning else None,
            "warns": profile.warn,
            "option_defaults": {pid: dict(values) for pid, values in profile.option_defaults.items()},
        })
    return rows


def listing_words(language: str) -> dict[str, str]:
    """The words of the `states` and `references` listings around the law data, in the language."""
    return load_localized(WORDS_FILE)[language]


def source_kind_words(row: dict, words: dict[str, str]) -> str:
    """"official", or "secondary: why" (the official text was not reached)."""
    return words["kind_" + row["source_kind"]] + (f": {row['source_reason']}" if row["source_reason"] else "")


def _cmd_states(args: argparse.Namespace) -> int:
    rows = state_rows(load_library(), args.language)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    words = listing_words(args.language)
    for row in rows:
        print(f"{row['code']}  {row['name']} ({words['posture_' + row['posture']]})")
        print(f"    {row['summary']}")
        if row["warning"]:
            print(f"    {words['warning'].format(text=row['warning'])}")
        for law in row["laws"]:
            print(f"    - {words['source'].format(**law, kind=source_kind_words(law, words))}")
            if law["verify"]:
                print(f"      {words['verify'].format(text=law['verify'])}")
        if row["at_risk"]:
            print(f"    {words['at_risk'].format(ids=', '.join(row['at_risk']))}")
            if row["warns"] == "at-risk-chosen":
                print(f"    {words['warns_when_chosen']}")
        for pid, options in row["at_risk_options"].items():
            for oid, values in options.items():
                print(f"    {words['at_risk_options'].format(provision=pid, option=oid, values=', '.join(values))}")
        if row["option_warning"]:
            print(f"    {words['warning'].format(text=row['option_warning'])}")
        for pid, chosen in row["option_defaults"].items():
            settings = ", ".join(f"{oid} = {value}" for oid, value in chosen.items())
            print(f"    {words['option_defaults'].format(provision=pid, settings=settings)}")
    print(words["total"].format(count=len(rows)))
    return 0


def add_states_command(sub) -> None:
    states = sub.add_parser("states", help="list what each state's law requires or forbids, with sources",
                            description="List every state, DC and territory: its posture (protective, neutral, "
                                        "restrictive, single-agency), its laws with a public source and the date "
                                        "checked, its warning and the provisions its law puts at risk.")
    states.add_argument("--json", action="store_true", help="print JSON for programs")
    states.add_argument("--language", choices=("en", "es"), default="en", help="language of the text (default en)")
    states.set_defaults(run=_cmd_states)
