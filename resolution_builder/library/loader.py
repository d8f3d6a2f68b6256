"""Loads the provision library from its data files and checks that every part fits every other."""

from __future__ import annotations

import re

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import TemplateSyntaxError
from pydantic import BaseModel, TypeAdapter, ValidationError

from ..answers.errors import error_lines
from ..exceptions import LibraryError
from ..languages import LANGUAGES
from ..composition.snippets import CONTEXT_NAMES, citations_used, names_used, option_names_used
from ..yaml_io import load_data_yaml
from .options import options_model
from .schema import (Category, Definition, PolicySection, Provision, Reference, ResolutionText, StateProfile,
                     StateProfiles)

__all__ = ["Library", "LibraryError", "load_library", "DATA_DIR"]

DATA_DIR = Path(str(resources.files("resolution_builder") / "data"))
GENERATED_SECTIONS = {"definitions", "legal-references", "related-policies"}
"""Policy sections the composer fills itself; provisions do not write into them."""


@dataclass(frozen=True)
class Library:
    base: Provision
    provisions: dict[str, Provision]
    categories: dict[str, Category]
    sections: dict[str, PolicySection]
    references: dict[str, Reference]
    definitions: dict[str, Definition]
    phrases: dict[str, dict[str, str]]
    states: dict[str, dict[str, str]]
    resolution: ResolutionText
    option_models: dict[str, type[BaseModel]] = field(repr=False)
    state_profiles: dict[str, StateProfile] = field(default_factory=dict)
    law_words: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    state_phrases: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    """By code, then language: fixed words of phrases.yaml that the jurisdiction's own style replaces."""
    """By code: ``singular`` and ``plural``, each per language: how the text names that jurisdiction's law."""

    def recommended(self, state: str | None = None) -> list[str]:
        """The recommended set; for a state, without the provisions its law puts at risk."""
        profile = self.state_profiles.get(state) if state else None
        at_risk = set(profile.at_risk) if profile else set()
        return [pid for pid, provision in self.provisions.items() if provision.recommended and pid not in at_risk]

    def in_category(self, category_id: str) -> list[Provision]:
        return [p for p in self.provisions.values() if p.category == category_id]


def _read(path: Path, problems: list[str]) -> Any:
    try:
        return load_data_yaml(path.read_text(encoding="utf-8"))
    except Exception as exc:  # a YAML error or an unreadable file: report it with the others
        problems.append(f"{path.name}: cannot be read: {exc}")
        return None


def _parse(adapter_type: Any, data: Any, where: str, problems: list[str]) -> Any:
    try:
        return TypeAdapter(adapter_type).validate_python(data)
    except ValidationError as exc:
        problems.extend(f"{where}: {line}" for line in error_lines(exc))
        return None


def _keyed(items: list | None) -> dict:
    return {item.id: item for item in items or []}


def load_library(data_dir: Path | str | None = None) -> Library:
    """Load and check the library; the default library is read once per process."""
    return _load(Path(data_dir) if data_dir else DATA_DIR)


@lru_cache(maxsize=8)
def _load(data_dir: Path) -> Library:
    problems: list[str] = []
    shared = {name: _read(data_dir / f"{name}.yaml", problems)
              for name in ("categories", "policy_sections", "references", "definitions", "phrases", "states", "base",
                           "resolution", "state_profiles")}
    categories = _keyed(_parse(list[Category], shared["categories"], "categories.yaml", problems))
    sections = _keyed(_parse(list[PolicySection], shared["policy_sections"], "policy_sections.yaml", problems))
    references = _keyed(_parse(list[Reference], shared["references"], "references.yaml", problems))
    definitions = _keyed(_parse(list[Definition], shared["definitions"], "definitions.yaml", problems))
    phrases = _parse(dict[str, dict[str, str]], shared["phrases"], "phrases.yaml", problems) or {}
    states = _parse(dict[str, dict[str, str]], shared["states"], "states.yaml", problems) or {}
    base = _parse(Provision, shared["base"], "base.yaml", problems)
    resolution = _parse(ResolutionText, shared["resolution"], "resolution.yaml", problems)
    profiles = _parse(StateProfiles, shared["state_profiles"], "state_profiles.yaml", problems)

    provisions: dict[str, Provision] = {}
    for path in sorted((data_dir / "provisions").glob("*.yaml")):
        provision = _parse(Provision, _read(path, problems), f"provisions/{path.name}", problems)
        if provision is None:
            continue
        if provision.id != path.stem:
            problems.append(f"provisions/{path.name}: id {provision.id!r} does not match the file name")
        provisions[provision.id] = provision

    for lang in LANGUAGES:
        missing = sorted(set(phrases.get("en", {})) - set(phrases.get(lang, {})))
        if missing:
            problems.append(f"phrases.yaml: {lang}: missing {', '.join(missing)}")
    for code, names in states.items():
        if set(names) != set(LANGUAGES):
            problems.append(f"states.yaml: {code}: needs a name in each of {', '.join(LANGUAGES)}")

    state_profiles, law_words = {}, {}
    if profiles is not None:
        problems += [f"state_profiles.yaml: law_words.{code}: not a code in states.yaml"
                     for code in profiles.law_words if code != "default" and code not in states]
        law_words = {code: profiles.words_for(code).model_dump() for code in states}
        for code, by_language in profiles.phrases.items():
            if code not in states:
                problems.append(f"state_profiles.yaml: phrases.{code}: not a code in states.yaml")
            for lang, words in by_language.items():
                unknown = sorted(set(words) - set(phrases.get(lang, {})))
                if lang not in LANGUAGES or unknown:
                    problems.append(f"state_profiles.yaml: phrases.{code}.{lang}: not a language or phrase: "
                                    f"{', '.join(unknown) or lang}")
        problems += [f"state_profiles.yaml: {code}: not a code in states.yaml"
                     for code in profiles.profiles if code not in states]
        try:
            state_profiles = profiles.complete(states)
        except ValidationError as exc:
            problems.extend(f"state_profiles.yaml: {line}" for line in error_lines(exc))
        for code, profile in state_profiles.items():
            problems += [f"state_profiles.yaml: {code}.at_risk: {pid!r} is not in the provisions"
                         for pid in profile.at_risk if pid not in provisions]
            cited = {rid for text in (profile.recital or {}).values()
                     for rid in re.findall(r'(?:cite|short)\["([a-z0-9-]+)"\]', text)}
            problems += [f"state_profiles.yaml: {code}.recital: {rid!r} is not in references.yaml"
                         for rid in sorted(cited - set(references))]

    groups = {group.id for group in resolution.clause_groups} if resolution else set()
    context = _Context(categories, sections, references, definitions, states, provisions, groups)
    if base is not None:
        problems += [f"base.yaml: {p}" for p in context.check(base)]
    if resolution is not None:
        problems += [f"resolution.yaml: {p}" for p in context.check_recitals(resolution)]
    for provision in provisions.values():
        problems += [f"provisions/{provision.id}.yaml: {p}" for p in context.check(provision)]
        if provision.closing_clauses:
            problems.append(f"provisions/{provision.id}.yaml: closing_clauses belong to base.yaml only")
    if problems:
        raise LibraryError("\n".join(problems))

    ordered = sorted(provisions.values(), key=lambda p: (p.rank, p.id))  # the documents' order, for every face
    return Library(
        base=base, provisions={p.id: p for p in ordered}, categories=categories, sections=sections,
        references=references, definitions=definitions, phrases=phrases, states=states, resolution=resolution,
        option_models={p.id: options_model(p) for p in ordered}, state_profiles=state_profiles,
        law_words=law_words, state_phrases=dict(profiles.phrases) if profiles else {},
    )


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
