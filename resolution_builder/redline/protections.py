"""The key protections as data (``data/protections.yaml``): what the protections report looks for, per language,
validated when it loads like every other data file, so that a missing list is a clear error, not a KeyError."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PositiveFloat, StringConstraints, TypeAdapter, ValidationError, \
    field_validator

from ..exceptions import LibraryError
from ..languages import LANGUAGES
from ..library.loader import DATA_DIR
from ..messages import error_lines
from ..yaml_io import load_yaml

__all__ = ["ProtectionRules", "load_protections", "PROTECTIONS_FILE"]

PROTECTIONS_FILE = DATA_DIR / "protections.yaml"

Words = tuple[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)], ...]


class ProtectionRules(BaseModel):
    """One language's rules; the file's opening comment says what each list means."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    terms: Words = Field(min_length=1)
    weaker_words: Words = Field(min_length=1)
    negations: Words = Field(min_length=1)
    duration_units: dict[Annotated[str, StringConstraints(to_lower=True, min_length=1)], PositiveFloat] = Field(
        min_length=1)
    duration_words: Words = ()
    immediate: Words = ()
    months: Words = ()
    date: str = ""

    @field_validator("months")
    @classmethod
    def _twelve(cls, months: tuple[str, ...]) -> tuple[str, ...]:
        if months and len(months) != 12:
            raise ValueError(f"needs the twelve months in order, not {len(months)}")
        return months

    @field_validator("date")
    @classmethod
    def _date_fields(cls, date: str) -> str:
        missing = [name for name in ("{month}", "{day}", "{year}") if date and name not in date]
        if missing:
            raise ValueError(f"must hold {', '.join(missing)}")
        return date


@lru_cache(maxsize=2)
def load_protections(path: Path = PROTECTIONS_FILE) -> dict[str, ProtectionRules]:
    """The rules by language; a LibraryError names every problem of the file."""
    path = Path(path)
    try:
        rules = TypeAdapter(dict[str, ProtectionRules]).validate_python(load_yaml(path.read_text(encoding="utf-8")))
    except ValidationError as exc:
        raise LibraryError("\n".join(f"{path.name}: {line}" for line in error_lines(exc))) from None
    missing = [lang for lang in LANGUAGES if lang not in rules]
    unknown = [lang for lang in rules if lang not in LANGUAGES]
    if missing or unknown:
        raise LibraryError(f"{path.name}: needs rules for each of {', '.join(LANGUAGES)}"
                           f"{f' (missing {missing})' if missing else ''}{f' (unknown {unknown})' if unknown else ''}")
    return rules
