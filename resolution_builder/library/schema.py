"""The shapes of the provision library's data files, validated when the library loads."""

from __future__ import annotations

import re

from collections.abc import Iterable, Mapping
from typing import Annotated, Any, Literal, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from ..languages import LANGUAGE_NAMES, LANGUAGES, Language

__all__ = [
    "Localized", "TextOption", "ChoiceOption", "NumberOption", "BooleanOption", "Option",
    "Item", "ClauseItem", "PolicyItem", "Provision", "Reference", "Definition", "Category", "PolicySection",
    "Recital", "ClauseGroup", "ResolutionText", "RelatedPolicy", "StateLaw", "StateProfile", "StateProfiles",
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


class ClauseItem(Item):
    """A RESOLVED clause of principle; with ``group`` it is one lettered part of a shared clause."""

    group: Id | None = None


class PolicyItem(Item):
    section: Id
    kind: Literal["rule", "text"] = "rule"
    rank: int | None = None  # its place within the section, where it differs from its provision's rank
    # The name the board packet uses for this rule ("records-release/immigration-release"); the state variants
    # of one rule share it. ``conditions`` are what a packet line summarising the rule must also say (packet.yaml).
    key: Id | None = None
    conditions: list[Id] = []
    # Where the rule is adopted: the board policy (principles, duties, who is responsible, reporting) or the
    # administrative regulation the Superintendent issues (procedures, records, notices, forms, front-desk steps).
    # With ``output.policy_format: combined`` every item is in the one policy.
    instrument: Literal["policy", "regulation"] = "policy"


class Provision(_Data):
    id: Id
    category: Id
    rank: int = Field(ge=0, le=9999)  # the fixed place in both documents, whatever order the answers give
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
    clauses: list[ClauseItem] = []  # one clause of principle at most in any state (a state variant is a pair)
    closing_clauses: list[ClauseItem] = []  # base.yaml only: adoption of the policy, savings, severability ...
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
        return [*self.clauses, *self.closing_clauses, *self.policy]

    @model_validator(mode="after")
    def _one_clause_per_state(self) -> "Provision":
        if len(self.clauses) > 1:
            from_states = [c for c in self.clauses if c.states]
            others = [c for c in self.clauses if not c.states]
            named = [s for c in from_states for s in c.states]
            excluded = [set(c.not_states or []) for c in others]
            if len(others) > 1 or len(named) != len(set(named)) or any(not set(named) <= e for e in excluded):
                raise ValueError("clauses: at most one clause of principle in any state "
                                 "(several only as state variants: `states:` items and one `not_states:` item)")
        return self


SourceKind = Literal["official", "secondary"]
"""official: the legislature's, the U.S. Code's, the CFR's, a court's or an agency's own site; secondary: any other
page, allowed only with a reason (``source_reason``)."""


def _secondary_has_reason(source):
    if source.source_kind == "secondary" and not source.source_reason:
        raise ValueError("a secondary source needs a source_reason: why the official text is not cited")
    if source.source_kind == "official" and source.source_reason:
        raise ValueError("source_reason is for secondary sources only")
    return source


class Reference(_Data):
    """One legal authority: how it is cited in running text, in the references list and for short."""

    id: Id
    kind: Literal["constitution", "case", "statute", "regulation", "executive-order", "state-law", "guidance"]
    name: Localized  # without an article: "Family Educational Rights and Privacy Act (FERPA)"
    cite: str = ""  # the canonical citation, the same in every language: "20 U.S.C. § 1232g"
    # the citation where a language writes a word or a date of it its own way: {es: "90 Fed. Reg. 30896 (11 de julio de
    # 2025)"}, "Stats. 2025, cap. 663", "34 C.F.R. parte 99"; the canonical one elsewhere
    cite_local: dict[Language, str] = {}
    article: dict[str, str] = {}  # per language, the article running text puts before the name ("the", "la")
    short: Localized | None = None  # "FERPA"; the name when absent
    italic: bool = False  # case names are italic
    cite_in_text: bool = True  # False where the name says it all in running text ("the Fourth Amendment ...")
    listed_as: Localized | None = None  # how the Legal References list shows it, where "name, cite" would repeat itself
    state: StateCode | None = None
    source: str = Field(pattern=r"^https?://\S+$")  # a public address where the text can be read
    source_kind: SourceKind
    source_reason: Localized | None = None  # why a secondary page stands in for the official text (for counsel)
    checked: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")  # the date it was last checked against that source
    verify: Localized | None = None  # what counsel should verify, where a detail could not be confirmed
    plural: tuple[Language, ...] = ()  # the languages whose full name is plural ("the New Jersey rules on ..."): a
    # verb after the full citation agrees with it ("As the New Jersey rules on student residency provide")

    _reason = model_validator(mode="after")(lambda self: _secondary_has_reason(self))


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


class Recital(Item):
    """A WHEREAS recital of the resolution, used when one of ``provisions`` is chosen (always when empty)."""

    id: Id
    theme: Literal["mission", "law", "context", "local"]
    rank: int = 0
    provisions: list[Id] = []


class ClauseGroup(_Data):
    """A shared RESOLVED clause: its lead words, then the lettered fragments of the chosen provisions."""

    id: Id
    rank: int
    lead: Localized


class RelatedPolicy(_Data):
    """A board policy the Safe Zone policy works with, cited "(cf. 5125 – Student Records)"."""

    id: Id
    title: Localized
    numbers: dict[str, str] = {}  # by state: the number in that state's common policy manual (CSBA in CA)


class ResolutionText(_Data):
    """data/resolution.yaml: the recitals by theme, the shared clause groups, the related policies."""

    recitals: list[Recital]
    clause_groups: list[ClauseGroup]
    related_policies: list[RelatedPolicy] = []


class StateLaw(_Data):
    """One statute, rule or guidance of a state or territory, with where it can be read and when it was checked."""

    id: Id
    citation: str
    title: str | None = None
    what: Localized | str  # a plain string is English only (a note for counsel)
    effect: Literal["requires", "supports", "restricts", "bullying", "lgbtq-restricts", "enrollment"]
    source: str = Field(pattern=r"^https?://\S+$")
    source_kind: SourceKind
    source_reason: Localized | None = None  # why a secondary page stands in for the official text (for counsel)
    checked: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    verify: Localized | None = None  # shown to counsel as "Verify with counsel"; never stated as fact

    _reason = model_validator(mode="after")(lambda self: _secondary_has_reason(self))


class StateProfile(_Data):
    """What a state's law adds to or forbids in a Safe Zone resolution, and who adopts it."""

    code: StateCode
    posture: Literal["protective", "neutral", "restrictive", "single-agency"]
    summary: Localized
    warning: Localized | None = None
    agency: Localized | None = None
    laws: list[StateLaw] = []
    at_risk: list[Id] = []
    # A WHEREAS recital (without "WHEREAS,") for a state whose law requires, shapes or restricts the policy; it may
    # cite references (cite["id"], short["id"]). None where the state has no such law.
    recital: Localized | None = None
    # "always": the warning heads every draft for the state (its law restricts the policy itself);
    # "at-risk-chosen": only drafts that hold a provision the state's law puts at risk (CA's Mirabelli warning).
    warn: Literal["always", "at-risk-chosen"] = "always"
    # The state's own default for a provision's option, where its law makes another choice wiser (Florida declares
    # "a safe and welcoming place"): {provision id: {option id: value}}; checked against the provision's options.
    option_defaults: dict[Id, dict[Id, Any]] = {}
    # Choices of an option that the state's law puts at risk, though the provision itself is not (the designation
    # "sanctuary" in Florida and Texas): {provision id: {option id: [values]}}; checked against the choices. A draft
    # that holds one is warned with ``option_warning``, which the state note also shows.
    at_risk_options: dict[Id, dict[Id, list[str]]] = {}
    option_warning: Localized | None = None

    @model_validator(mode="after")
    def _fits_posture(self) -> "StateProfile":
        if self.posture == "single-agency" and (self.agency is None or self.warning is None):
            raise ValueError(f"{self.code}: a single-agency jurisdiction needs its agency and a warning")
        if self.at_risk and self.warning is None:
            raise ValueError(f"{self.code}: provisions at risk need a warning that says why")
        if self.posture == "restrictive" and self.at_risk and self.recital is None:
            raise ValueError(f"{self.code}: a restrictive state whose law puts provisions at risk needs its state-law recital")
        if self.warn == "at-risk-chosen" and not self.at_risk:
            raise ValueError(f"{self.code}: warn: at-risk-chosen needs the provisions at risk")
        if self.at_risk_options and self.option_warning is None:
            raise ValueError(f"{self.code}: option choices at risk need an option_warning that says why")
        return self

    def warns(self, chosen: Iterable[str] | None = None) -> bool:
        """Whether the warning belongs on a draft holding ``chosen`` (None: the state alone, as the form shows it)."""
        if self.warning is None:
            return False
        return self.warn == "always" or chosen is None or bool(set(chosen) & set(self.at_risk))

    def risky_choices(self, chosen: Mapping[str, Mapping[str, Any]]) -> list[tuple[str, str, Any]]:
        """(provision, option, value) for every chosen option value the state's law puts at risk; ``chosen`` maps
        each chosen provision to its options' values."""
        return [(pid, oid, chosen[pid][oid]) for pid, options in self.at_risk_options.items() if pid in chosen
                for oid, risky in options.items() if chosen[pid].get(oid) in risky]


class _ProfileEntry(_Data):
    posture: Literal["protective", "neutral", "restrictive", "single-agency"]
    summary: Localized | None = None
    warning: Localized | None = None
    agency: Localized | None = None
    laws: list[StateLaw] = []
    at_risk: list[Id] = []
    recital: Localized | None = None
    warn: Literal["always", "at-risk-chosen"] = "always"
    option_defaults: dict[Id, dict[Id, Any]] = {}
    at_risk_options: dict[Id, dict[Id, list[str]]] = {}
    option_warning: Localized | None = None


class LawWords(_Data):
    """How running text names the jurisdiction's own law: "state" / "territorial"; es "estatal" / "estatales"."""

    singular: Localized
    plural: Localized


def _contracted(text: str, lang: str) -> str:
    """Spanish joins "de el" and "a el" ("del", "al") where an agency's name follows a preposition."""
    return re.sub(r"\b([Dd]e|[Aa]) el\b", lambda m: {"d": "del", "D": "Del", "a": "al", "A": "Al"}[m.group(1)[0]],
                  text) if lang == "es" else text


class StateProfiles(_Data):
    """data/state_profiles.yaml as written: the templates and the profiles that differ from neutral."""

    neutral_summary: Localized
    single_agency_warning: Localized
    law_words: dict[str, LawWords]
    phrases: dict[StateCode, dict[str, dict[str, str]]] = {}  # by code, language: phrases.yaml words replaced
    profiles: dict[StateCode, _ProfileEntry]

    @model_validator(mode="after")
    def _has_default(self) -> "StateProfiles":
        if "default" not in self.law_words:
            raise ValueError("law_words needs a default")
        return self

    def words_for(self, code: str) -> LawWords:
        return self.law_words.get(code, self.law_words["default"])

    def complete(self, names: dict[str, dict[str, str]]) -> dict[str, StateProfile]:
        """A profile for every code in states.yaml: the neutral template fills in the codes not listed."""
        out = {}
        for code, name in names.items():
            entry = self.profiles.get(code) or _ProfileEntry(posture="neutral")
            summary = entry.summary or {lang: text.format(name=name[lang]) for lang, text in self.neutral_summary.items()}
            warning = entry.warning
            if entry.posture == "single-agency" and warning is None and entry.agency:
                warning = {lang: _contracted(text.format(name=name[lang], agency=entry.agency[lang]), lang)
                           for lang, text in self.single_agency_warning.items()}
            out[code] = StateProfile(code=code, posture=entry.posture, summary=summary, warning=warning,
                                     agency=entry.agency, laws=entry.laws, at_risk=entry.at_risk,
                                     recital=entry.recital, warn=entry.warn, option_defaults=entry.option_defaults,
                                     at_risk_options=entry.at_risk_options, option_warning=entry.option_warning)
        return out
