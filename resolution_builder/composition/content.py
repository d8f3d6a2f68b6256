"""Turns chosen provisions into final sentences: picks the items that apply and fills their placeholders."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from ..answers.models import Answers
from ..library import Library, Provision
from ..library.schema import ChoiceOption, Item, TextOption
from .adoption import adoption_context
from .citations import in_text, short_form
from ..library.snippets import citations_used, evaluate, named, render

__all__ = ["Rendered", "Chosen", "chosen_provisions", "shared_context", "district_named", "board_named",
           "after_preposition"]


def _folded(word: str) -> str:
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().casefold()


def district_named(name: str, pattern: str) -> str:
    """The district as running text names it (``district_named`` in phrases.yaml): "distrito escolar Escuelas
    Públicas de Hillsboro", but "Distrito Escolar Unificado de Los Ángeles" alone, since its own first word is
    the noun the pattern would put before it (and then "el"/"del" agree with it). In English the pattern is
    "the {name}", and a name typed with its own "The" keeps it (never "the the")."""
    return named(name, pattern)


def _articles(spec: str) -> dict[str, str]:
    """``board_nouns`` of phrases.yaml ("la Junta, el Consejo, ...") as {folded noun: article}."""
    pairs = (entry.split() for entry in spec.split(",") if entry.strip())
    return {_folded(noun): article for article, noun in pairs}


def board_named(name: str, words: dict[str, str]) -> str:
    """The board as running text names it, with an article that agrees with the name typed (phrases.yaml
    ``board_named``, ``board_nouns``, ``board_articles``): "the Board of Education of ..."; in Spanish "la Junta de
    Educación ...", "el Consejo ...", "los Fideicomisarios ...", a typed article in lower case ("La Junta ..." ->
    "la Junta ..."), and a name that starts with no known noun (an English one, say) after the noun of the
    pattern: "la junta escolar Board of Education ...". Never two articles."""
    parts = name.split(maxsplit=1)
    if not parts:
        return words["board_named"].format(name=name)
    first = _folded(parts[0])
    if first in {_folded(a) for a in words["board_articles"].split()}:
        return " ".join([parts[0].lower(), *parts[1:]])
    article = _articles(words["board_nouns"]).get(first)
    if article:
        return f"{article} {name}"
    return words["board_named"].format(name=name)


def after_preposition(preposition: str, named: str, words: dict[str, str]) -> str:
    """``de`` + ``el Consejo`` -> ``del Consejo`` (phrases.yaml ``contractions``: "de el=del, a el=al")."""
    joined = f"{preposition} {named}" if preposition else named
    for rule in words.get("contractions", "").split(","):
        if "=" in rule:
            long, short = (part.strip() for part in rule.split("="))
            if joined.startswith(long + " "):
                return short + joined[len(long):]
    return joined


@dataclass(frozen=True)
class Rendered:
    """One item of a provision, in final words, with the references it really rests on."""

    item: Item
    text: str
    provision_id: str | None  # None for the recitals, which belong to the resolution as a whole
    references: tuple[str, ...]  # the item's own and those its text cites; not the whole provision's
    rank: int = 0  # its place: the item's own rank, else its provision's
    also: tuple[str, ...] = ()  # a shared clause: the other provisions whose parts it holds
    parts: tuple[tuple[str, str], ...] = ()  # a shared clause: each lettered part's provision and words


@dataclass(frozen=True)
class Chosen:
    """A chosen provision (or the base) with its options settled in the document's language."""

    provision: Provision
    context: dict[str, Any]  # options as the documents word them (a choice's text in the language)
    values: dict[str, Any]  # options as chosen (a choice's value id): what ``when`` conditions test
    state: str

    def applies(self, item: Item) -> bool:
        if not item.applies_to_state(self.state):
            return False
        return not item.when or evaluate(item.when, {**self.context, "options": self.values})

    def render(self, items: list[Item], lang: str) -> list[Rendered]:
        out = []
        for item in items:
            if not self.applies(item):
                continue
            source = item.text[lang]
            refs = tuple(dict.fromkeys([*item.references, *sorted(citations_used(source))]))
            rank = getattr(item, "rank", None)
            out.append(Rendered(item, render(source, self.context), self.provision.id, refs,
                                self.provision.rank if rank is None else rank))
        return out


def _option_values(provision: Provision, values: dict[str, Any], lang: str) -> dict[str, Any]:
    """The options in the document's words; validation has already filled in every default."""
    settled = {}
    for option in provision.options:
        value = values[option.id]
        if isinstance(option, ChoiceOption):
            value = option.choice(value).text[lang]
        elif isinstance(option, TextOption) and value is None:
            value = option.default[lang]
        settled[option.id] = value
    return settled


def shared_context(answers: Answers, library: Library, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """What every snippet may read: the district, the board, the citations (``cite``, ``short``), the adoption."""
    lang, state = answers.language, answers.district.state
    law = library.law_words.get(state, {"singular": {lang: "state"}, "plural": {lang: "state"}})
    return {
        "district": {"name": answers.district.name, "city": answers.district.city or "",
                     "named": district_named(answers.district.name, library.phrases[lang]["district_named"]),
                     "state": state, "state_name": library.states[state][lang],
                     # "state or federal law" reads "territorial or federal law" in Puerto Rico and the territories
                     "law_word": law["singular"][lang], "laws_word": law["plural"][lang]},
        "board": {"name": answers.board.name, "named": board_named(answers.board.name, library.phrases[lang])},
        "cite": {rid: in_text(ref, lang) for rid, ref in library.references.items()},
        "short": {rid: short_form(ref, lang) for rid, ref in library.references.items()},
        "options": {},
        **(extra or {}),
    }


def chosen_provisions(answers: Answers, library: Library, extra: dict[str, Any] | None = None) -> list[Chosen]:
    """The base first, then each chosen provision in the library's fixed order (by rank), whatever the answers' order.
    ``extra`` is the adoption context (the composer's own); left out, the answers' own (the packet's)."""
    lang, state = answers.language, answers.district.state
    if extra is None:
        words = library.words(answers.language, answers.district.state)
        extra = adoption_context(answers, words, answers.output.policy_format == "separate")
    shared = shared_context(answers, library, extra)
    chosen = [Chosen(library.base, shared, {}, state)]
    by_id = {choice.id: choice for choice in answers.provisions}
    for provision in library.provisions.values():  # already in rank order
        if provision.id in by_id:
            values = by_id[provision.id].options
            worded = _option_values(provision, values, lang)
            chosen.append(Chosen(provision, {**shared, "options": worded}, dict(values), state))
    return chosen
