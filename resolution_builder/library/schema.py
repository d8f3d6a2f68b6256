"""The shapes of the provision library's data files, validated when the library loads."""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from ..languages import LANGUAGE_NAMES, LANGUAGES

__all__ = [
    "Localized", "TextOption", "ChoiceOption", "NumberOption", "BooleanOption", "Option",
    "Item", "PolicyItem", "Provision", "Reference", "Definition", "Category", "PolicySection",
]


def _complete(value: dict[str, str]) -> dict[str, str]:
    missing = [LANGUAGE_NAMES[lang] + f" ({lang})" for lang in LANGUAGES if not value.get(lang, "").strip()]
    if missing:
        raise ValueError(f"missing the text in {', '.join(missing)}")
    unknown = sorted(set(value) - set(LANGUAGES))
    if unknown:
        raise ValueError(f"unknown language {', '.join(unknown)} (languages: {', '.join(LANGUAGES)})")
    return value


Localized = Annotated[dict[str, str], AfterValidator(_complete)]
"""A user-visible string in every supported language."""

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
OptionId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
StateCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _OptionBase(_Data):
    id: OptionId
    label: Localized
    help: Localized | None = None


class TextOption(_OptionBase):
    type: Literal["text"]
    default: Localized
    max_length: int = Field(default=120, ge=1, le=500)


class Choice(_Data):
    value: Id
    label: Localized
    text: Localized


class ChoiceOption(_OptionBase):
    type: Literal["choice"]
    choices: list[Choice] = Field(min_length=2)
    default: str

    @model_validator(mode="after")
    def _default_is_a_choice(self) -> ChoiceOption:
        if self.default not in self.values:
            raise ValueError(f"default {self.default!r} is not one of the choices {self.values}")
        return self

    @property
    def values(self) -> list[str]:
        return [choice.value for choice in self.choices]

    def choice(self, value: str) -> Choice:
        return next(choice for choice in self.choices if choice.value == value)


class NumberOption(_OptionBase):
    type: Literal["number"]
    default: int
    min: int
    max: int

    @model_validator(mode="after")
    def _default_in_range(self) -> NumberOption:
        if not self.min <= self.default <= self.max:
            raise ValueError(f"default {self.default} is not between min {self.min} and max {self.max}")
        return self


class BooleanOption(_OptionBase):
    type: Literal["boolean"]
    default: bool


Option = Annotated[Union[TextOption, ChoiceOption, NumberOption, BooleanOption], Field(discriminator="type")]


class Item(_Data):
    """One recital or clause; used only when its conditions hold."""

    text: Localized
    when: str | None = None
    states: list[StateCode] | None = None
    not_states: list[StateCode] | None = None
    references: list[Id] = []

    def applies_to_state(self, state: str) -> bool:
        if self.states is not None and state not in self.states:
            return False
        return not (self.not_states and state in self.not_states)


class PolicyItem(Item):
    section: Id
    kind: Literal["rule", "text"] = "rule"


class Provision(_Data):
    id: Id
    category: Id
    recommended: bool = False
    topics: list[int] = []
    requires: list[Id] = []
    conflicts: list[Id] = []
    definitions: list[Id] = []
    references: list[Id] = []
    title: Localized
    summary: Localized
    rationale: Localized
    options: list[Option] = []
    recitals: list[Item] = []
    clauses: list[Item] = []
    closing_clauses: list[Item] = []
    policy: list[PolicyItem] = []

    @model_validator(mode="after")
    def _options_unique(self) -> Provision:
        ids = [option.id for option in self.options]
        doubled = sorted({i for i in ids if ids.count(i) > 1})
        if doubled:
            raise ValueError(f"option ids used twice: {', '.join(doubled)}")
        return self

    def option(self, option_id: str) -> Option:
        return next(option for option in self.options if option.id == option_id)

    def items(self) -> list[Item]:
        return [*self.recitals, *self.clauses, *self.closing_clauses, *self.policy]


class Reference(_Data):
    id: Id
    kind: Literal["constitution", "case", "statute", "regulation", "state-law", "guidance"]
    citation: str
    state: StateCode | None = None


class Definition(_Data):
    id: Id
    term: Localized
    text: Localized


class Category(_Data):
    id: Id
    flavor: Literal["core", "lgbtq"] = "core"
    title: Localized


class PolicySection(_Data):
    id: Id
    title: Localized
