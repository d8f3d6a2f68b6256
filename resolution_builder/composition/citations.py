"""How a legal reference reads: in running text, in the Legal References list, and for short.

Case names come out between the italic marks of ``plan.ITALIC``, which the Word renderer turns into an
italic run and the preview into ``<i>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..library.schema import Reference
from .plan import ITALIC_END, ITALIC_START

__all__ = ["in_text", "listed", "short_form", "agreeing_verb", "short_after_first"]


def _name(reference: Reference, lang: str) -> str:
    name = reference.name[lang]
    return f"{ITALIC_START}{name}{ITALIC_END}" if reference.italic else name


def _cite(reference: Reference, lang: str) -> str:
    """The citation in ``lang``: the canonical one, or the language's own words and dates in it (``cite_local``)."""
    return reference.cite_local.get(lang, reference.cite)


def listed(reference: Reference, lang: str) -> str:
    """As the Legal References section lists it: ``Family Educational Rights and Privacy Act (FERPA), 20 U.S.C. § 1232g``,
    starting with a capital letter as every entry of a list does (the Spanish "ley AB 419 ..." reads "Ley AB 419 ...")."""
    if reference.listed_as is not None:
        return reference.listed_as[lang]
    name = _name(reference, lang)
    entry = f"{name}, {_cite(reference, lang)}" if reference.cite else name
    return entry[:1].upper() + entry[1:]


def in_text(reference: Reference, lang: str) -> str:
    """As a sentence cites it, with its article: ``the Family Educational Rights and Privacy Act (FERPA), 20 U.S.C. …``."""
    name = _name(reference, lang)
    if reference.cite and reference.cite_in_text:
        name = f"{name}, {_cite(reference, lang)}"
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


def _full_forms(references: Iterable[Reference], lang: str) -> list[tuple[str, str, re.Pattern[str], str]]:
    """(id, the full citation as running text writes it, a pattern finding it, its short form) for each reference
    a document may cite again for short: one with a short form, whose verbs do not agree with a plural full name
    in ``lang``."""
    forms = [(ref.id, in_text(ref, lang), short_form(ref, lang)) for ref in references
             if ref.short is not None and lang not in ref.plural]
    forms.sort(key=lambda form: -len(form[1]))  # a longer citation first, should one begin with another
    # Not the start of a longer citation: "20 U.S.C. § 1232g" is not the first words of "20 U.S.C. § 1232g(b)(2)(B)".
    return [(rid, full, re.compile(re.escape(full) + r"(?![\w(])"), short) for rid, full, short in forms
            if full != short]


def short_after_first(texts: list[str], references: Iterable[Reference], lang: str) -> list[str]:
    """The paragraphs of one document, in order, with every full citation after a reference's first one in the
    document written in its short form (review M-14: "As the State's January 2025 guidance advises" once the
    guidance's full title has been given)."""
    forms = _full_forms(references, lang)
    cited: set[str] = set()
    out = []
    for text in texts:
        for rid, full, pattern, short in forms:
            if full not in text:  # most paragraphs cite few references: no pattern to run (a tenth of a build)
                continue
            def shorten(match: re.Match[str], rid: str = rid, short: str = short) -> str:
                if rid in cited:
                    return short
                cited.add(rid)
                return match.group(0)
            text = pattern.sub(shorten, text)
        out.append(text)
    return out
