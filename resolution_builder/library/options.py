"""Turns a provision's declared options into a pydantic model that validates a district's choices."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, create_model, model_validator
from pydantic_core import PydanticCustomError

from ..typed_text import blank_is_none, single_line
from .schema import BooleanOption, ChoiceOption, NumberOption, Provision, TextOption

__all__ = ["options_model"]


class _Options(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    provision_id: ClassVar[str] = ""

    @model_validator(mode="before")
    @classmethod
    def _known_options(cls, data: Any) -> Any:
        if data is None:
            return {}
        if isinstance(data, dict):
            unknown = [str(key) for key in data if key not in cls.model_fields]
            if unknown:
                allowed = ", ".join(cls.model_fields) or "none"
                raise PydanticCustomError(
                    "option_unknown",
                    "{unknown} is not an option of '{provision}' (its options: {allowed})",
                    {"unknown": ", ".join(repr(u) for u in unknown), "provision": cls.provision_id,
                     "allowed": allowed},
                )
        return data


def _not_a_bool(value: Any) -> Any:
    """``true`` is not the number 1 (pydantic would take it as one)."""
    if isinstance(value, bool):
        raise PydanticCustomError("int_type", "must be a whole number")
    return value


def _field(option) -> tuple[Any, Any]:
    if isinstance(option, TextOption):
        # None (or left blank): the library's default in the document's language
        return Annotated[single_line(option.max_length) | None, BeforeValidator(blank_is_none)], None
    if isinstance(option, ChoiceOption):
        return Literal[tuple(option.values)], option.default
    if isinstance(option, NumberOption):
        return Annotated[int, BeforeValidator(_not_a_bool), Field(ge=option.min, le=option.max)], option.default
    if isinstance(option, BooleanOption):
        return bool, option.default
    raise TypeError(f"unknown option type {type(option).__name__}")


def options_model(provision: Provision) -> type[BaseModel]:
    model = create_model(
        f"Options[{provision.id}]",
        __base__=_Options,
        **{option.id: _field(option) for option in provision.options},
    )
    model.provision_id = provision.id
    return model
