"""The answers: the one validated input from which both documents are built."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (BeforeValidator, Field, ValidationError, ValidationInfo, field_validator, model_serializer,
                      model_validator)
from pydantic_core import InitErrorDetails, PydanticCustomError

from ..languages import Language
from ..typed_text import blank_is_none as _optional, clean_value, single_line
from .local import Local
from .sections import MEETING_DATES, Section, date_between, library_of

MeetingDate = date_between(*MEETING_DATES)

__all__ = ["Answers", "District", "Board", "Adoption", "Output", "ChosenProvision", "Local", "MEETING_DATES"]


class District(Section):
    name: single_line(150) = Field(description="The district's full legal name.")
    state: str = Field(description="USPS code of the state or territory, e.g. CA.")
    city: Annotated[single_line(100) | None, BeforeValidator(_optional)] = None

    @field_validator("state", mode="before")
    @classmethod
    def _state_code(cls, value: Any, info: ValidationInfo) -> str:
        if not isinstance(value, str):
            raise PydanticCustomError("state_type", "must be a two-letter U.S. state or territory code, such as CA")
        code = clean_value(value)
        code = code.upper() if code.isascii() else code  # "ıl".upper() is "IL": only ASCII letters are codes
        if code not in library_of(info).states:
            raise PydanticCustomError("state_unknown", "not a U.S. state or territory code")
        return code


class Board(Section):
    name: single_line(150) = Field(description="The board's name as it signs resolutions.")
    presiding_officer_title: Annotated[single_line(60) | None, BeforeValidator(_optional)] = None
    presiding_officer_name: Annotated[single_line(100) | None, BeforeValidator(_optional)] = None
    secretary_title: Annotated[single_line(60) | None, BeforeValidator(_optional)] = None
    secretary_name: Annotated[single_line(100) | None, BeforeValidator(_optional)] = None


class Adoption(Section):
    resolution_number: Annotated[single_line(40) | None, BeforeValidator(_optional)] = None
    policy_number: Annotated[single_line(40) | None, BeforeValidator(_optional)] = None
    meeting_date: MeetingDate = None
    # the first of two readings, where the bylaws require them; on or before the meeting that adopts
    first_reading_date: MeetingDate = None
    meeting_type: Literal["regular", "special"] = "regular"  # the kind of board meeting that adopts it
    effective_date: MeetingDate = None  # left out: upon adoption
    approved_as_to_form: bool = False  # an "Approved as to form" signature line for district counsel
    title: Annotated[single_line(250) | None, BeforeValidator(_optional)] = None
    # The administrative regulation's number (left out: the policy's); "issue": the resolution directs the
    # Superintendent to issue it; "approve": the Board approves it with the policy.
    regulation_number: Annotated[single_line(40) | None, BeforeValidator(_optional)] = None
    regulation_action: Literal["issue", "approve"] = "issue"

    @field_validator("first_reading_date")
    @classmethod
    def _first_reading_first(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        """The first reading comes before (or, where a board reads twice at one meeting, on) the adopting meeting."""
        meeting = info.data.get("meeting_date")
        if value is not None and meeting is not None and value > meeting:
            raise PydanticCustomError("first_reading_after_meeting",
                                      "must be on or before adoption.meeting_date ({meeting_date})",
                                      {"meeting_date": meeting.isoformat()})
        return value


class Output(Section):
    draft_mark: bool = True
    # "separate": a board policy and an administrative regulation; "combined": every rule in one policy
    policy_format: Literal["separate", "combined"] = "separate"
    bilingual: bool = False  # English and Spanish side by side, paragraph by paragraph
    annotated: bool = False  # Word comments with each provision's rationale and law, and a references appendix
    packet: bool = False  # the board packet too: summary, talking points, FAQ, staff protocol, family notice, cover letter


class ChosenProvision(Section):
    id: str
    options: dict[str, Any] = Field(default_factory=dict, validate_default=True)

    @field_validator("id", mode="before")
    @classmethod
    def _known(cls, value: Any, info: ValidationInfo) -> str:
        if not isinstance(value, str) or value not in library_of(info).provisions:
            raise PydanticCustomError("provision_unknown", "not a provision in the library")
        return value

    @field_validator("options", mode="before")
    @classmethod
    def _valid_options(cls, value: Any, info: ValidationInfo) -> dict[str, Any]:
        provision_id = info.data.get("id")
        if provision_id is None:  # the id itself was wrong: that error is enough
            return value if isinstance(value, dict) else {}
        model = library_of(info).option_models[provision_id]
        return model.model_validate(value if value is not None else {}).model_dump()


class Answers(Section):
    """A district's answers; validated as a whole, errors naming each field's path."""

    district: District
    board: Board
    adoption: Adoption = Adoption()
    language: Language = "en"
    output: Output = Output()
    provisions: list[ChosenProvision] = []
    local: Local = Local()  # the district's own figures, earlier resolutions, recitals and clauses

    @model_serializer(mode="wrap")
    def _only_what_was_given(self, handler):
        """The district's own words appear in a saved file only as far as they were given (the files saved before
        ``local`` existed stay as they were)."""
        data = handler(self)
        if isinstance(data, dict) and isinstance(data.get("local"), dict):
            local = {key: value for key, value in data["local"].items() if value}
            if local:
                data["local"] = local
            else:
                del data["local"]
        return data

    @model_validator(mode="before")
    @classmethod
    def _state_option_defaults(cls, data: Any, info: ValidationInfo) -> Any:
        """An option not answered takes the state's own default where its profile gives one (Florida declares "a
        safe and welcoming place"); what the answers say is kept. The caller's data is not changed."""
        if not isinstance(data, dict) or not isinstance(data.get("district"), dict):
            return data
        profile = library_of(info).state_profiles.get(data["district"].get("state"))
        if profile is None or not profile.option_defaults or not isinstance(data.get("provisions"), list):
            return data
        provisions = []
        for entry in data["provisions"]:
            pid = entry.get("id") if isinstance(entry, dict) else None
            own = profile.option_defaults.get(pid) if isinstance(pid, str) else None
            options = entry.get("options") if own else None
            if own and (options is None or isinstance(options, dict)):
                entry = {**entry, "options": {**own, **(options or {})}}
            provisions.append(entry)
        return {**data, "provisions": provisions}

    @field_validator("language", mode="before")
    @classmethod
    def _language(cls, value: Any) -> Any:
        if value not in ("en", "es"):
            raise PydanticCustomError("language_unknown", "not a document language (en or es)")
        return value

    @field_validator("provisions", mode="before")
    @classmethod
    def _at_most_the_library(cls, value: Any, info: ValidationInfo) -> Any:
        """More entries than provisions can only repeat some: refused at once, before each is checked."""
        limit = len(library_of(info).provisions)
        if isinstance(value, list) and len(value) > limit:
            raise PydanticCustomError("provisions_too_many", "has {count} entries, more than the {limit} provisions",
                                      {"count": len(value), "limit": limit})
        return value

    @model_validator(mode="after")
    def _provisions_fit_together(self, info: ValidationInfo) -> Answers:
        """Repeats, missing requirements and conflicts, in one pass (sets, so a long list stays cheap)."""
        library = library_of(info)
        chosen = [p.id for p in self.provisions]
        everything = set(chosen)
        problems: list[InitErrorDetails] = []

        def problem(index: int, kind: str, **ctx: Any) -> None:
            error = PydanticCustomError(kind, kind.replace("_", " "), {"provision": chosen[index], **ctx})
            problems.append(InitErrorDetails(type=error, loc=("provisions", index, "id"), input=chosen[index]))

        earlier: list[str] = []  # each provision once, in the order first chosen (at most the library's size)
        seen: set[str] = set()
        for index, pid in enumerate(chosen):
            provision = library.provisions[pid]
            if pid in seen:
                problem(index, "provision_twice")
                continue
            for needed in provision.requires:
                if needed not in everything:
                    problem(index, "provision_requires", needed=needed, title=library.provisions[needed].title)
            for other in earlier:  # a conflict is told once, on the later of the two
                if other in provision.conflicts or pid in library.provisions[other].conflicts:
                    problem(index, "provision_conflicts", other=other)
            earlier.append(pid)
            seen.add(pid)
        if problems:
            raise ValidationError.from_exception_data("Answers", problems)
        return self
