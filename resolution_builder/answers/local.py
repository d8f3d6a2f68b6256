"""The district's own voice: figures about its students, the resolutions it reaffirms, and recitals and clauses
of its own, each typed in English, in Spanish or in both.

The figures are numbers, so both languages' recital is written from them (composition/local_text.py), never from
free text; the district's own words are printed literally, and where a document's language has none, the draft
shows that a translation is needed instead of leaving a gap (``missing_translations``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from ..languages import LANGUAGES
from ..typed_text import blank_is_none as _optional, single_line
from .sections import MEETING_DATES, Section, date_between, library_of

__all__ = ["Local", "Facts", "Reaffirmed", "OwnRecital", "OwnClause", "OWN_ITEMS", "OWN_TEXT_LENGTH", "END_PLACE",
           "missing_translations"]

# An earlier resolution may be older than any meeting the form plans (a 1990s nondiscrimination resolution).
EARLIER_RESOLUTIONS = (dt.date(1900, 1, 1), MEETING_DATES[1])
OWN_ITEMS = 5  # at most five own recitals, five own clauses and five earlier resolutions: a resolution stays short
OWN_TEXT_LENGTH = 600  # characters in one recital or clause: about a hundred words, more than real ones use
END_PLACE = "end"  # an own clause placed after every provision's, before the closing clauses

_GROUPED = re.compile(r"[\s,_\u00a0\u202f']")  # "12,400", "12 400", "12_400": the digits people type
_DOTTED = re.compile(r"^\d{1,3}(?:\.\d{3})+$")  # "12.400", as Spanish and most of Europe group thousands


def _count(value: Any) -> Any:
    """A whole number as people type it ("12,400"); a yes/no or a fraction is not a count."""
    if isinstance(value, bool) or isinstance(value, float) and not value.is_integer():
        raise PydanticCustomError("count_type", "must be a whole number, such as 12400")
    if isinstance(value, float):
        return int(value)
    if isinstance(value, str):
        digits = _GROUPED.sub("", value)
        if _DOTTED.match(digits):
            digits = digits.replace(".", "")
        if not digits:
            return None
        if not digits.isascii() or not digits.isdigit():
            raise PydanticCustomError("count_type", "must be a whole number, such as 12400")
        return int(digits)
    return value


def _percent(value: Any) -> Any:
    if isinstance(value, bool):
        raise PydanticCustomError("percent_type", "must be a number from 0 to 100, such as 18 or 18.5")
    if isinstance(value, str):
        text = value.strip().removesuffix("%").strip().replace(",", ".")
        if not text:
            return None
        try:
            return float(text)
        except ValueError:
            raise PydanticCustomError("percent_type", "must be a number from 0 to 100, such as 18 or 18.5") from None
    return value


_SCHOOL_YEAR = re.compile(r"^(\d{4})(?:\s*[-–/]\s*(\d{2}|\d{4}))?$")


def _school_year(value: Any) -> Any:
    """``2025`` (a calendar year) or ``2025-26`` / ``2025-2026`` (a school year), kept as ``2025-26``."""
    if value is None or isinstance(value, bool):
        return value if value is None else "x"
    text = str(value).strip()
    if not text:
        return None
    match = _SCHOOL_YEAR.match(text)
    if not match:
        raise PydanticCustomError("year_format", "must be a year such as 2025, or a school year such as 2025-26")
    first, second = int(match[1]), match[2]
    if not 1990 <= first <= 2100:
        raise PydanticCustomError("year_range", "must be a year from 1990 to 2100")
    if second is None:
        return str(first)
    if int(second[-2:]) != (first + 1) % 100 or (len(second) == 4 and int(second) != first + 1):
        raise PydanticCustomError("school_year", "a school year runs from one year to the next, such as 2025-26")
    return f"{first}-{second[-2:]}"


def _counted(low: int, high: int):
    return Annotated[int | None, BeforeValidator(_count), Field(ge=low, le=high)]


class Facts(Section):
    """Figures about the District's students, from which a recital is written in each language."""

    students: _counted(1, 2_000_000) = None
    english_learners_percent: Annotated[float | None, BeforeValidator(_percent), Field(ge=0, le=100)] = None
    languages_spoken: _counted(1, 1_000) = None
    countries_of_origin: _counted(1, 250) = None
    newcomer_students: _counted(1, 2_000_000) = None
    source_year: Annotated[str | None, BeforeValidator(_school_year)] = None  # where the figures come from

    @model_validator(mode="after")
    def _newcomers_among_students(self) -> Facts:
        if self.students and self.newcomer_students and self.newcomer_students > self.students:
            raise PydanticCustomError("newcomers_more_than_students",
                                      "newcomer_students ({newcomers}) is more than students ({students})",
                                      {"newcomers": self.newcomer_students, "students": self.students})
        return self

    @property
    def given(self) -> bool:
        """Whether any figure is given (a year alone says nothing)."""
        return any(value is not None for name, value in self if name != "source_year")


_Optional = Annotated[single_line(OWN_TEXT_LENGTH) | None, BeforeValidator(_optional)]


class Reaffirmed(Section):
    """An earlier resolution of the Board that this one reaffirms and builds on."""

    number: Annotated[single_line(40) | None, BeforeValidator(_optional)] = None
    title: Annotated[single_line(250) | None, BeforeValidator(_optional)] = None
    date: date_between(*EARLIER_RESOLUTIONS) = None

    @model_validator(mode="after")
    def _named(self) -> Reaffirmed:
        if self.number is None and self.title is None:
            raise PydanticCustomError("reaffirmed_unnamed", "give the resolution's number, its title or both")
        return self


class OwnRecital(Section):
    """A recital in the District's own words: what follows "WHEREAS," in each language."""

    en: _Optional = None
    es: _Optional = None

    @model_validator(mode="after")
    def _some_text(self) -> OwnRecital:
        if all(getattr(self, language) is None for language in LANGUAGES):
            raise PydanticCustomError("own_text_empty", "type the text in English, in Spanish or in both")
        return self

    def text(self, language: str) -> str | None:
        return getattr(self, language)


class OwnClause(OwnRecital):
    """A clause in the District's own words (what follows "RESOLVED, that"), placed after one of the shared
    clauses (``place``: a clause group of resolution.yaml) or, by default, after every provision's clause."""

    place: str = END_PLACE

    @field_validator("place", mode="before")
    @classmethod
    def _known_place(cls, value: Any, info: ValidationInfo) -> str:
        if value is None or isinstance(value, str) and not value.strip():
            return END_PLACE
        places = [END_PLACE, *(group.id for group in library_of(info).resolution.clause_groups)]
        if not isinstance(value, str) or value.strip() not in places:
            raise PydanticCustomError("place_unknown", "must be one of: {places}", {"places": ", ".join(places)})
        return value.strip()


def _at_most(kind: str):
    def check(value: Any) -> Any:
        if isinstance(value, list) and len(value) > OWN_ITEMS:
            raise PydanticCustomError("own_too_many", "has {count} {kind}; at most {limit} fit a resolution",
                                      {"count": len(value), "kind": kind, "limit": OWN_ITEMS})
        return [] if value is None else value
    return BeforeValidator(check)


class Local(Section):
    """What makes the draft sound like the District: ``local:`` in the answers."""

    facts: Facts = Facts()
    reaffirms: Annotated[list[Reaffirmed], _at_most("resolutions")] = []
    recitals: Annotated[list[OwnRecital], _at_most("recitals")] = []
    clauses: Annotated[list[OwnClause], _at_most("clauses")] = []

    @model_validator(mode="before")
    @classmethod
    def _nothing_is_empty(cls, data: Any) -> Any:
        return {} if data is None else data

    @property
    def empty(self) -> bool:
        return not (self.facts.given or self.reaffirms or self.recitals or self.clauses)


def missing_translations(local: Local, languages: tuple[str, ...]) -> list[tuple[str, str]]:
    """``(field path, language)`` for each own recital or clause that has no text in a language the documents
    print (the document's, and the second column's in the bilingual edition)."""
    return [(f"local.{kind}[{index}].{language}", language)
            for kind in ("recitals", "clauses") for index, own in enumerate(getattr(local, kind))
            for language in languages if own.text(language) is None]
