"""Checks that every part of the library fits every other: ids that name something, snippets that use only the
names the composer gives, languages complete, state profiles about known states and provisions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from jinja2 import TemplateSyntaxError
from pydantic import ValidationError

from ..languages import LANGUAGES
from ..messages import error_lines
from .reading import LibraryFiles
from .options import options_model
from .schema import Provision, ResolutionText, StateProfile
from .snippets import CONTEXT_NAMES, citations_used, names_used, option_names_used

__all__ = ["check_files", "complete_profiles", "GENERATED_SECTIONS"]

GENERATED_SECTIONS = {"definitions", "legal-references", "related-policies"}
"""Policy sections the composer fills itself; provisions do not write into them."""


def check_files(files: LibraryFiles, state_profiles: dict[str, StateProfile]) -> list[str]:
    """Every problem of fit between the files, one ``file: where: what`` line each."""
    problems = _languages(files) + _profiles(files, state_profiles)
    groups = {group.id for group in files.resolution.clause_groups} if files.resolution else set()
    context = _Context(files.categories, files.sections, files.references, files.definitions, files.states,
                       files.provisions, groups)
    if files.base is not None:
        problems += [f"base.yaml: {p}" for p in context.check(files.base)]
    if files.resolution is not None:
        problems += [f"resolution.yaml: {p}" for p in context.check_recitals(files.resolution)]
    for provision in files.provisions.values():
        problems += [f"provisions/{provision.id}.yaml: {p}" for p in context.check(provision)]
        if provision.closing_clauses:
            problems.append(f"provisions/{provision.id}.yaml: closing_clauses belong to base.yaml only")
    return problems


def complete_profiles(files: LibraryFiles, problems: list[str]) -> dict[str, StateProfile]:
    """A profile for every state (the defaults filled in), or none with the problems added."""
    if files.profiles is None:
        return {}
    try:
        return files.profiles.complete(files.states)
    except ValidationError as exc:
        problems.extend(f"state_profiles.yaml: {line}" for line in error_lines(exc))
        return {}


def _languages(files: LibraryFiles) -> list[str]:
    problems = []
    for lang in LANGUAGES:
        missing = sorted(set(files.phrases.get("en", {})) - set(files.phrases.get(lang, {})))
        if missing:
            problems.append(f"phrases.yaml: {lang}: missing {', '.join(missing)}")
    for code, names in files.states.items():
        if set(names) != set(LANGUAGES):
            problems.append(f"states.yaml: {code}: needs a name in each of {', '.join(LANGUAGES)}")
    return problems


def _profiles(files: LibraryFiles, state_profiles: dict[str, StateProfile]) -> list[str]:
    profiles, states = files.profiles, files.states
    if profiles is None:
        return []
    problems = [f"state_profiles.yaml: law_words.{code}: not a code in states.yaml"
                for code in profiles.law_words if code != "default" and code not in states]
    for code, by_language in profiles.phrases.items():
        if code not in states:
            problems.append(f"state_profiles.yaml: phrases.{code}: not a code in states.yaml")
        for lang, words in by_language.items():
            unknown = sorted(set(words) - set(files.phrases.get(lang, {})))
            if lang not in LANGUAGES or unknown:
                problems.append(f"state_profiles.yaml: phrases.{code}.{lang}: not a language or phrase: "
                                f"{', '.join(unknown) or lang}")
    problems += [f"state_profiles.yaml: {code}: not a code in states.yaml"
                 for code in profiles.profiles if code not in states]
    for code, profile in state_profiles.items():
        problems += [f"state_profiles.yaml: {code}.at_risk: {pid!r} is not in the provisions"
                     for pid in profile.at_risk if pid not in files.provisions]
        cited = {rid for text in (profile.recital or {}).values()
                 for rid in re.findall(r'(?:cite|short)\["([a-z0-9-]+)"\]', text)}
        problems += [f"state_profiles.yaml: {code}.recital: {rid!r} is not in references.yaml"
                     for rid in sorted(cited - set(files.references))]
        problems += _option_defaults(code, profile, files.provisions)
        problems += _options_at_risk(code, profile, files.provisions)
    return problems


def _by_provision(code: str, name: str, entries: dict, provisions: dict[str, Provision], problems: list[str]):
    """A state's entries keyed by provision id, each with where it is written; an unknown id is a problem."""
    for pid, value in entries.items():
        where = f"state_profiles.yaml: {code}.{name}.{pid}"
        if pid in provisions:
            yield where, pid, value
        else:
            problems.append(f"{where}: not a provision")


def _options_at_risk(code: str, profile: StateProfile, provisions: dict[str, Provision]) -> list[str]:
    """A state's option values at risk are choices of a real provision's choice option, and neither the provision's
    default nor the state's own default is one of them (a draft left to its defaults is never at risk)."""
    problems: list[str] = []
    for where, pid, options in _by_provision(code, "at_risk_options", profile.at_risk_options, provisions, problems):
        by_id = {option.id: option for option in provisions[pid].options}
        for oid, values in options.items():
            option = by_id.get(oid)
            if option is None or option.type != "choice":
                problems.append(f"{where}.{oid}: not a choice option of {pid!r}")
                continue
            known = [choice.value for choice in option.choices]
            problems += [f"{where}.{oid}: {value!r} is not one of the choices ({', '.join(known)})"
                         for value in values if value not in known]
            default = profile.option_defaults.get(pid, {}).get(oid, option.default)
            if default in values:
                problems.append(f"{where}.{oid}: the default {default!r} is at risk; give the state another "
                                "default in option_defaults")
    return problems


def _option_defaults(code: str, profile: StateProfile, provisions: dict[str, Provision]) -> list[str]:
    """A state's option default names a real provision and option, and holds a value the option takes."""
    problems: list[str] = []
    for where, pid, values in _by_provision(code, "option_defaults", profile.option_defaults, provisions, problems):
        known = {option.id for option in provisions[pid].options}
        problems += [f"{where}.{oid}: not an option of {pid!r}" for oid in values if oid not in known]
        try:
            options_model(provisions[pid]).model_validate({k: v for k, v in values.items() if k in known})
        except ValidationError as exc:
            problems += [f"{where}: {line}" for line in error_lines(exc)]
    return problems


@dataclass(frozen=True)
class _Context:
    """The shared lists a provision's ids must be found in."""

    categories: dict
    sections: dict
    references: dict
    definitions: dict
    states: dict
    provisions: dict
    groups: set

    def check_recitals(self, text: ResolutionText) -> list[str]:
        problems = []
        for index, recital in enumerate(text.recitals):
            where = f"recitals[{index}] ({recital.id})"
            problems += self._ids(f"{where}.provisions", recital.provisions, self.provisions, "the provisions")
            problems += self._item(where, recital, set())
        for related in text.related_policies:
            problems += [f"related_policies.{related.id}: {s!r} is not a U.S. state or territory code"
                         for s in related.numbers if s not in self.states]
        return problems

    def check(self, provision: Provision) -> list[str]:
        problems = []
        if provision.category not in self.categories:
            problems.append(f"category: {provision.category!r} is not in categories.yaml")
        problems += self._ids("references", provision.references, self.references, "references.yaml")
        problems += self._ids("definitions", provision.definitions, self.definitions, "definitions.yaml")
        for kind in ("requires", "conflicts"):
            problems += self._ids(kind, getattr(provision, kind), self.provisions, "the provisions")
            if provision.id in getattr(provision, kind):
                problems.append(f"{kind}: a provision cannot name itself")
        option_ids = {option.id for option in provision.options}
        for where, item in _items(provision):
            problems += self._item(where, item, option_ids)
            if hasattr(item, "section"):
                if item.section not in self.sections or item.section in GENERATED_SECTIONS:
                    problems.append(f"{where}.section: {item.section!r} is not a policy section a provision writes")
            if getattr(item, "group", None) and item.group not in self.groups:
                problems.append(f"{where}.group: {item.group!r} is not a clause group in resolution.yaml")
        return problems

    def _item(self, where: str, item, option_ids: set[str]) -> list[str]:
        problems = self._ids(f"{where}.references", item.references, self.references, "references.yaml")
        for state in (item.states or []) + (item.not_states or []):
            if state not in self.states:
                problems.append(f"{where}: {state!r} is not a U.S. state or territory code")
        sources = [(f"{where}.text.{lang}", text, False) for lang, text in item.text.items()]
        if item.when:
            sources.append((f"{where}.when", item.when, True))
        for place, source, is_expression in sources:
            problems += self._snippet(place, source, is_expression, option_ids)
        return problems

    def _snippet(self, place: str, source: str, is_expression: bool, option_ids: set[str]) -> list[str]:
        try:
            names = names_used(source, is_expression)
            options = option_names_used(source, is_expression)
            cited = set() if is_expression else citations_used(source)
        except TemplateSyntaxError as exc:
            return [f"{place}: template error: {exc.message}"]
        problems = [f"{place}: unknown placeholder {name!r} (use {', '.join(sorted(CONTEXT_NAMES))})"
                    for name in sorted(names - CONTEXT_NAMES)]
        problems += [f"{place}: unknown option {name!r}" for name in sorted(options - option_ids)]
        problems += [f"{place}: cites {ref!r}, which is not in references.yaml"
                     for ref in sorted(cited - set(self.references))]
        return problems

    @staticmethod
    def _ids(where: str, ids: list[str], known: dict, listed_in: str) -> list[str]:
        return [f"{where}: {i!r} is not in {listed_in}" for i in ids if i not in known]


def _items(provision: Provision):
    for kind in ("clauses", "closing_clauses", "policy"):
        for index, item in enumerate(getattr(provision, kind)):
            yield f"{kind}[{index}]", item
