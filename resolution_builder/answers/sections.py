"""What every part of the answers shares: a strict frozen section, the library it is checked against, the dates."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, ValidationInfo
from pydantic_core import PydanticCustomError

from ..library import Library, load_library
from ..typed_text import blank_is_none

__all__ = ["Section", "library_of", "MEETING_DATES", "date_between"]

# The meeting dates a person can give: what the app's date widget shows, and the only sane range for a board
# meeting (a typo such as 0026 or 2206 is caught here, not in a printed resolution).
MEETING_DATES = (dt.date(2000, 1, 1), dt.date(2100, 12, 31))


def library_of(info: ValidationInfo) -> Library:
    """The library the answers are checked against: the caller's (``context={"library": ...}``), else the one."""
    return (info.context or {}).get("library") or load_library()


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _written_as_date(value: Any) -> Any:
    """Only a date or YYYY-MM-DD text: pydantic would read a number as seconds since 1970."""
    if isinstance(value, dt.datetime):
        return value.date()
    if value is not None and not isinstance(value, (str, dt.date)):
        raise PydanticCustomError("date_type", "must be a date written YYYY-MM-DD")
    return value


def date_between(earliest: dt.date, latest: dt.date) -> Any:
    """An optional date a person gives (blank is none), refused outside ``earliest``..``latest``."""
    def in_range(value: dt.date | None) -> dt.date | None:
        if value is not None and not earliest <= value <= latest:
            raise PydanticCustomError("date_range", "must be between {earliest} and {latest}",
                                      {"earliest": earliest.isoformat(), "latest": latest.isoformat()})
        return value
    # before-validators run last first: blank becomes none, then the type is checked
    return Annotated[dt.date | None, BeforeValidator(_written_as_date), BeforeValidator(blank_is_none),
                     AfterValidator(in_range)]
