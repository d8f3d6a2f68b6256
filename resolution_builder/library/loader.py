"""Loads the provision library: reads its data files, checks that every part fits every other, and completes
it into one read-only ``Library`` that every face shares (it is cached for the process)."""

from __future__ import annotations


from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from pydantic import BaseModel

from ..exceptions import LibraryError
from .checking import check_files, complete_profiles
from .options import options_model
from .reading import LibraryFiles, read_files
from .schema import Category, Definition, PolicySection, Provision, Reference, ResolutionText, StateProfile

__all__ = ["Library", "LibraryError", "load_library", "DATA_DIR"]

DATA_DIR = Path(str(resources.files("resolution_builder") / "data"))


@dataclass(frozen=True)
class Library:
    """The whole library, read-only: its mappings cannot be changed, so no face can alter what another sees."""

    base: Provision
    provisions: Mapping[str, Provision]
    """In the documents' order (rank, then id), for every face."""
    categories: Mapping[str, Category]
    sections: Mapping[str, PolicySection]
    references: Mapping[str, Reference]
    definitions: Mapping[str, Definition]
    phrases: Mapping[str, Mapping[str, str]]
    states: Mapping[str, Mapping[str, str]]
    resolution: ResolutionText
    option_models: Mapping[str, type[BaseModel]] = field(repr=False)
    state_profiles: Mapping[str, StateProfile] = field(default_factory=dict)
    law_words: Mapping[str, Mapping[str, Mapping[str, str]]] = field(default_factory=dict)
    """By code: ``singular`` and ``plural``, each per language: how the text names that jurisdiction's law."""
    state_phrases: Mapping[str, Mapping[str, Mapping[str, str]]] = field(default_factory=dict)
    """By code, then language: fixed words of phrases.yaml that the jurisdiction's own style replaces."""

    def __post_init__(self) -> None:
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if isinstance(value, dict):
                object.__setattr__(self, name, _read_only(value))

    def recommended(self, state: str | None = None) -> list[str]:
        """The recommended set; for a state, without the provisions its law puts at risk."""
        profile = self.state_profiles.get(state) if state else None
        at_risk = set(profile.at_risk) if profile else set()
        return [pid for pid, provision in self.provisions.items() if provision.recommended and pid not in at_risk]

    def words(self, language: str, state: str | None = None) -> dict[str, str]:
        """The documents' fixed words in a language; a jurisdiction's own drafting style overrides a few of them
        (Puerto Rico's "POR CUANTO:", California's "BP 5145.13", Washington's "Procedure 4300P")."""
        return {**self.phrases[language], **self.state_phrases.get(state, {}).get(language, {})}

    def option_defaults(self, provision_id: str, state: str | None = None) -> dict[str, Any]:
        """A provision's option defaults (text options excepted: theirs follow the language), the state's own where
        its profile gives one."""
        values = {option.id: option.default for option in self.provisions[provision_id].options
                  if option.type != "text"}
        profile = self.state_profiles.get(state) if state else None
        return values | (dict(profile.option_defaults.get(provision_id, {})) if profile else {})

    def in_category(self, category_id: str) -> list[Provision]:
        return [p for p in self.provisions.values() if p.category == category_id]


def load_library(data_dir: Path | str | None = None) -> Library:
    """Load and check the library; the default library is read once per process."""
    return _load(Path(data_dir) if data_dir else DATA_DIR)


@lru_cache(maxsize=8)
def _load(data_dir: Path) -> Library:
    problems: list[str] = []
    files = read_files(data_dir, problems)
    state_profiles = complete_profiles(files, problems)
    problems += check_files(files, state_profiles)
    if problems:
        raise LibraryError("\n".join(problems))
    return _completed(files, state_profiles)


def _completed(files: LibraryFiles, state_profiles: dict[str, StateProfile]) -> Library:
    """The checked files as one library: provisions in the documents' order, each with its options' model."""
    ordered = sorted(files.provisions.values(), key=lambda p: (p.rank, p.id))
    profiles = files.profiles
    return Library(
        base=files.base, provisions={p.id: p for p in ordered}, categories=files.categories,
        sections=files.sections, references=files.references, definitions=files.definitions,
        phrases=files.phrases, states=files.states, resolution=files.resolution,
        option_models={p.id: options_model(p) for p in ordered}, state_profiles=state_profiles,
        law_words={code: profiles.words_for(code).model_dump() for code in files.states} if profiles else {},
        state_phrases=dict(profiles.phrases) if profiles else {},
    )


def _read_only(value: Any) -> Any:
    """Plain dicts (and the dicts inside them) as read-only views; models are frozen already."""
    if isinstance(value, dict):
        return MappingProxyType({key: _read_only(item) for key, item in value.items()})
    return value
