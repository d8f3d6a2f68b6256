"""Reads the library's data files into their models, collecting every problem instead of stopping at the first."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ..messages import error_lines
from ..yaml_io import load_data_yaml
from .schema import (Category, Definition, PolicySection, Provision, Reference, ResolutionText, StateProfiles)

__all__ = ["LibraryFiles", "read_files", "read_model"]


@dataclass
class LibraryFiles:
    """The data files as read; a part that could not be read or parsed is empty (or None) and has a problem."""

    categories: dict[str, Category] = field(default_factory=dict)
    sections: dict[str, PolicySection] = field(default_factory=dict)
    references: dict[str, Reference] = field(default_factory=dict)
    definitions: dict[str, Definition] = field(default_factory=dict)
    phrases: dict[str, dict[str, str]] = field(default_factory=dict)
    states: dict[str, dict[str, str]] = field(default_factory=dict)
    base: Provision | None = None
    resolution: ResolutionText | None = None
    profiles: StateProfiles | None = None
    provisions: dict[str, Provision] = field(default_factory=dict)


def read_files(data_dir: Path, problems: list[str]) -> LibraryFiles:
    """Every data file of the library in ``data_dir``, each validated by its model."""
    def model(name: str, model_type: Any) -> Any:
        return read_model(data_dir / f"{name}.yaml", model_type, f"{name}.yaml", problems)

    files = LibraryFiles(
        categories=_keyed(model("categories", list[Category])),
        sections=_keyed(model("policy_sections", list[PolicySection])),
        references=_keyed(model("references", list[Reference])),
        definitions=_keyed(model("definitions", list[Definition])),
        phrases=model("phrases", dict[str, dict[str, str]]) or {},
        states=model("states", dict[str, dict[str, str]]) or {},
        base=model("base", Provision),
        resolution=model("resolution", ResolutionText),
        profiles=model("state_profiles", StateProfiles),
    )
    for path in sorted((data_dir / "provisions").glob("*.yaml")):
        provision = read_model(path, Provision, f"provisions/{path.name}", problems)
        if provision is None:
            continue
        if provision.id != path.stem:
            problems.append(f"provisions/{path.name}: id {provision.id!r} does not match the file name")
        files.provisions[provision.id] = provision
    return files


def read_model(path: Path, model_type: Any, where: str, problems: list[str]) -> Any:
    """One data file validated by its model, or None with its problems added (``where: field.path: …``)."""
    try:
        data = load_data_yaml(path.read_text(encoding="utf-8"))
    except Exception as exc:  # a YAML error or an unreadable file: report it with the others
        problems.append(f"{path.name}: cannot be read: {exc}")
        return None
    try:
        return TypeAdapter(model_type).validate_python(data)
    except ValidationError as exc:
        problems.extend(f"{where}: {line}" for line in error_lines(exc))
        return None


def _keyed(items: list | None) -> dict:
    return {item.id: item for item in items or []}
