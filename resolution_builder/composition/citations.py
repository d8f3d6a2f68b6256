"""How a legal reference reads: in running text, in the Legal References list, and for short.

Case names come out between the italic marks of ``plan.ITALIC``, which the Word renderer turns into an
italic run and the preview into ``<i>``.
"""

from __future__ import annotations

from ..library.schema import Reference
from .plan import ITALIC_END, ITALIC_START

__all__ = ["in_text", "listed", "short_form", "agreeing_verb"]


def _name(reference: Reference, lang: str) -> str:
    name = reference.name[lang]
    return f"{ITALIC_START}{name}{ITALIC_END}" if reference.italic else name


def listed(reference: Reference, lang: str) -> str:
    """As the Legal References section lists it: ``Family Educational Rights and Privacy Act (FERPA), 20 U.S.C. § 1232g``."""
    if reference.listed_as is not None:
        return reference.listed_as[lang]
    name = _name(reference, lang)
    return f"{name}, {reference.cite}" if reference.cite else name


def in_text(reference: Reference, lang: str) -> str:
    """As a sentence cites it, with its article: ``the Family Educational Rights and Privacy Act (FERPA), 20 U.S.C. …``."""
    name = _name(reference, lang)
    if reference.cite and reference.cite_in_text:
        name = f"{name}, {reference.cite}"
    article = reference.article.get(lang, "")
    return f"{article} {name}" if article else name


def short_form(reference: Reference, lang: str) -> str:
    """After the first citation: ``FERPA``, ``Plyler`` (italic), ``Title VI``."""
    if reference.short is None:
        return in_text(reference, lang)
    short = reference.short[lang]
    return f"{ITALIC_START}{short}{ITALIC_END}" if reference.italic else short


def agreeing_verb(reference: Reference, lang: str, singular: str, plural: str) -> str:
    """The verb that follows the full citation (``in_text``), agreeing with its name: "the New Jersey rules on
    student residency provide", "the Family Educational Rights and Privacy Act ... provides" (``plural`` in
    references.yaml). Short forms ("N.J.A.C. 6A:22") are singular citations."""
    return plural if lang in reference.plural else singular
