"""Turns chosen provisions into final sentences: picks the items that apply and fills their placeholders."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..library import Library, Provision
from ..library.schema import ChoiceOption, Item, TextOption
from ..answers.models import Answers
from .snippets import citations_used, evaluate, render

__all__ = ["Rendered", "Chosen", "chosen_provisions"]


@dataclass(frozen=True)
class Rendered:
    """One item of a provision, in final words, with the references it rests on."""

    item: Item
    text: str
    provision_id: str
    references: tuple[str, ...]


@dataclass(frozen=True)
class Chosen:
    """A chosen provision (or the base) with its options settled in the document's language."""

    provision: Provision
    context: dict[str, Any]  # options as the documents word them (a choice's text in the language)
    values: dict[str, Any]  # options as chosen (a choice's value id): what ``when`` conditions test
    state: str

    def render(self, items: list[Item], lang: str) -> list[Rendered]:
        out = []
        for item in items:
            if not item.applies_to_state(self.state):
                continue
            if item.when and not evaluate(item.when, {**self.context, "options": self.values}):
                continue
            source = item.text[lang]
            refs = tuple(dict.fromkeys([*item.references, *sorted(citations_used(source)), *self.provision.references]))
            out.append(Rendered(item, render(source, self.context), self.provision.id, refs))
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


def chosen_provisions(answers: Answers, library: Library) -> list[Chosen]:
    """The base first, then each chosen provision in the order the answers give."""
    lang, state = answers.language, answers.district.state
    shared = {
        "district": {"name": answers.district.name, "city": answers.district.city or "",
                     "state": state, "state_name": library.states[state][lang]},
        "board": {"name": answers.board.name},
        "cite": {rid: ref.citation for rid, ref in library.references.items()},
    }
    chosen = [Chosen(library.base, {**shared, "options": {}}, {}, state)]
    for choice in answers.provisions:
        provision = library.provisions[choice.id]
        worded = _option_values(provision, choice.options, lang)
        chosen.append(Chosen(provision, {**shared, "options": worded}, dict(choice.options), state))
    return chosen
