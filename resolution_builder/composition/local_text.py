"""The district's own voice in the resolution: a recital written from its figures, the earlier resolutions it
reaffirms, and its own recitals and clauses, printed as typed (never read as a template).

Each paragraph carries an id of its own (``local-facts``, ``local-reaffirms``, ``local-recital-2``,
``local-clause-1``), so that the annotated edition can comment on it and ``compare`` can report it as an item.
"""

from __future__ import annotations

import re
from functools import lru_cache

from babel.numbers import format_decimal

from ..answers.local import END_PLACE, Facts, Local, Reaffirmed
from ..library import Library
from ..library.schema import ClauseItem, Recital
from .content import Rendered
from .adoption import bare_number
from .dates import long_date

__all__ = ["LOCAL_PREFIX", "local_recitals", "local_clauses", "own_title", "is_local", "FACTS_ID", "REAFFIRMS_ID",
           "missing_here"]

LOCAL_PREFIX = "local-"
FACTS_ID, REAFFIRMS_ID = "local-facts", "local-reaffirms"
_FACTS_RANK, _REAFFIRMS_RECITAL_RANK, _OWN_RECITAL_RANK = 5, 30, 40  # the "local" theme: community recital is 10
_REAFFIRMS_CLAUSE_RANK = 150  # after the declaration (100), before the shared clauses (200 on)
_END_RANK = 10_000  # after every provision's clause, before the closing clauses


def is_local(item_id: str | None) -> bool:
    return bool(item_id) and item_id.startswith(LOCAL_PREFIX)


def _number(value: float, words: dict[str, str]) -> str:
    return format_decimal(value, locale=words["locale"])


def _form(words: dict[str, str], key: str, count: float) -> str:
    return words[f"{key}_one" if count == 1 else f"{key}_other"]


def facts_text(facts: Facts, words: dict[str, str]) -> str:
    """The figures given, as one recital body: each figure in its own clause, joined as the language joins a list."""
    n = lambda value: _number(value, words)  # noqa: E731
    parts: list[str] = []
    languages = (_form(words, "local_languages", facts.languages_spoken).format(count=n(facts.languages_spoken))
                 if facts.languages_spoken else None)
    if languages and facts.students:
        parts.append(_form(words, "local_students_languages", facts.students).format(
            students=n(facts.students), languages=languages))
    elif languages:
        parts.append(words["local_languages"].format(languages=languages))
    elif facts.students:
        parts.append(_form(words, "local_students", facts.students).format(students=n(facts.students)))
    place = lambda: "next" if parts else "first"  # noqa: E731
    if facts.countries_of_origin:
        countries = _form(words, "local_countries", facts.countries_of_origin).format(
            count=n(facts.countries_of_origin))
        parts.append(words[f"local_countries_{place()}"].format(countries=countries))
    if facts.english_learners_percent is not None:
        parts.append(words[f"local_learners_{place()}"].format(percent=n(facts.english_learners_percent)))
    if facts.newcomer_students:
        parts.append(_form(words, f"local_newcomers_{place()}", facts.newcomer_students).format(
            count=n(facts.newcomer_students)))
    body = _joined(parts, words, "local")
    if facts.source_year:
        kind = "school_year" if "-" in facts.source_year else "year"
        year = _school_year(facts.source_year, words) if kind == "school_year" else facts.source_year
        body = words[f"local_figures_from_{kind}"].format(year=year) + body
    return body


def _school_year(year: str, words: dict[str, str]) -> str:
    """``2025-26`` as the language writes a school year: "2025–26" in English, "2025-2026" in Spanish."""
    first = int(year[:4])
    return f"{first}\u2013{year[-2:]}" if words["locale"].startswith("en") else f"{first}-{first + 1}"


def _joined(parts: list[str], words: dict[str, str], prefix: str) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    if len(parts) == 2:
        return parts[0] + words[f"{prefix}_join_two"] + parts[1]
    return words[f"{prefix}_join_many"].join(parts[:-1]) + words[f"{prefix}_join_last"] + parts[-1]


def _named(resolution: Reaffirmed, words: dict[str, str], with_date: bool) -> str:
    """"Resolution No. 17-01 (“Safe Haven Schools”, adopted on January 10, 2017)": what is given of each."""
    title = f"{words['quote_open']}{resolution.title}{words['quote_close']}" if resolution.title else ""
    number = bare_number(resolution.number) if resolution.number else ""
    name = words["reaffirmed_numbered"].format(number=number) if number else words["reaffirmed_titled"].format(
        title=title)
    about = [title] if number and title else []
    if with_date and resolution.date:
        about.append(words["reaffirmed_adopted"].format(date=long_date(resolution.date, words["locale"])))
    return words["reaffirmed_about"].format(resolution=name, about=", ".join(about)) if about else name


@lru_cache(maxsize=64)
def _leads(leads: str, links: str) -> re.Pattern[str]:
    """A typed "WHEREAS," or "BE IT RESOLVED that" at the start: the draft prints its own."""
    alternatives = "|".join(sorted((re.escape(lead) for lead in leads.split("|")), key=len, reverse=True))
    return re.compile(rf"^(?:{alternatives})\s*[,:]?\s*(?:(?:{links})\b\s*)?", re.IGNORECASE)


_ENDING = re.compile(r"(?:\s*[;.,:]\s*(?:and|y)?)+\s*$|\s*[;,]?\s+(?:and|y)\s*$", re.IGNORECASE)


def own_words(text: str, words: dict[str, str]) -> str:
    """The typed text without the connective words the draft adds itself: a leading "WHEREAS," or "RESOLVED,
    that", and a closing "; and" or full stop (the draft ends each paragraph as its place in the list requires)."""
    stripped = _leads(words["own_text_leads"], words["own_text_links"]).sub("", text, count=1)
    stripped = _ENDING.sub("", stripped)
    return stripped or text


def _own_text(own, language: str, other: str, words: dict[str, str]) -> str:
    text = own.text(language)
    if text is not None:
        return own_words(text, words)
    return words["translation_needed"].format(language=words["other_language_name"], text=own.text(other),
                                              quote_open=words["quote_open"], quote_close=words["quote_close"])


def missing_here(own, language: str) -> bool:
    return own.text(language) is None


def _other(language: str, library: Library) -> str:
    return next(code for code in library.phrases if code != language)


def local_recitals(local: Local, library: Library, words: dict[str, str], language: str) -> list[Rendered]:
    """The local theme's own recitals, each with its rank among the library's (the community recital is 10)."""
    out: list[Rendered] = []
    if local.facts.given:
        out.append(_rendered(Recital(id=FACTS_ID, theme="local", rank=_FACTS_RANK, text=_both("facts")),
                             facts_text(local.facts, words), FACTS_ID, _FACTS_RANK))
    if local.reaffirms:
        named = _joined([_named(r, words, True) for r in local.reaffirms], words, "reaffirmed_list")
        text = _form(words, "reaffirmed_recital", len(local.reaffirms)).format(resolutions=named)
        out.append(_rendered(Recital(id=REAFFIRMS_ID, theme="local", rank=_REAFFIRMS_RECITAL_RANK,
                                     text=_both("reaffirms")), text, REAFFIRMS_ID, _REAFFIRMS_RECITAL_RANK))
    other = _other(language, library)
    for index, own in enumerate(local.recitals, 1):
        rank, pid = _OWN_RECITAL_RANK + index, f"{LOCAL_PREFIX}recital-{index}"
        out.append(_rendered(Recital(id=pid, theme="local", rank=rank, text=_both(pid)),
                             _own_text(own, language, other, words), pid, rank))
    return out


def local_clauses(local: Local, library: Library, words: dict[str, str], language: str) -> list[Rendered]:
    """The reaffirming clause after the declaration, and each own clause after the shared clause it is placed
    with (in the order typed), or after every provision's clause."""
    out: list[Rendered] = []
    if local.reaffirms:
        named = _joined([_named(r, words, False) for r in local.reaffirms], words, "reaffirmed_list")
        text = _form(words, "reaffirmed_clause", len(local.reaffirms)).format(resolutions=named)
        out.append(_rendered(ClauseItem(text=_both("reaffirms")), text, REAFFIRMS_ID, _REAFFIRMS_CLAUSE_RANK))
    ranks = {group.id: group.rank for group in library.resolution.clause_groups}
    other = _other(language, library)
    for index, own in enumerate(local.clauses, 1):
        pid = f"{LOCAL_PREFIX}clause-{index}"
        # just after its group's shared clause (ties keep the order typed: the sort is stable)
        rank = _END_RANK if own.place == END_PLACE else ranks[own.place]
        out.append(_rendered(ClauseItem(text=_both(pid)), _own_text(own, language, other, words), pid, rank))
    return out


def _both(key: str) -> dict[str, str]:
    """An item's source text stands for the paragraph it marks; the words themselves are in ``Rendered.text``."""
    return {"en": key, "es": key}


def _rendered(item, text: str, pid: str, rank: int) -> Rendered:
    return Rendered(item, text, pid, (), rank)


def own_title(item_id: str, words: dict[str, str]) -> str:
    """How a report or a comment names one of the district's own paragraphs."""
    if item_id == FACTS_ID:
        return words["local_facts_title"]
    if item_id == REAFFIRMS_ID:
        return words["reaffirmed_title"]
    kind, _, number = item_id.removeprefix(LOCAL_PREFIX).partition("-")
    return words[f"own_{kind}_title"].format(number=number)


def local_notes(local: Local, words: dict[str, str], language: str, printed: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """The annotated edition's comment on each of the district's own paragraphs: what it is, that counsel reads
    it like any other, and which of the ``printed`` languages (the bilingual edition's two) still needs its text."""
    notes: dict[str, tuple[str, ...]] = {}
    if local.facts.given:
        notes[FACTS_ID] = (words["local_facts_title"], words["annotation_facts"])
    if local.reaffirms:
        notes[REAFFIRMS_ID] = (words["reaffirmed_title"], words["annotation_own_text"])
    for kind, owns in (("recital", local.recitals), ("clause", local.clauses)):
        for index, own in enumerate(owns, 1):
            pid = f"{LOCAL_PREFIX}{kind}-{index}"
            lines = [own_title(pid, words), words["annotation_own_text"]]
            lines += [words["annotation_translation_needed"].format(
                language=words["this_language_name" if code == language else "other_language_name"])
                for code in printed if missing_here(own, code)]
            notes[pid] = tuple(lines)
    return notes
