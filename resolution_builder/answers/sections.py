"""What every part of the answers shares: a strict frozen section, the library it is checked against, the dates."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, ValidationInfo

from ..library import Library, load_library

__all__ = ["Section", "library_of", "MEETING_DATES"]

# The meeting dates a person can give: what the app's date widget shows, and the only sane range for a board
# meeting (a typo such as 0026 or 2206 is caught here, not in a printed resolution).
MEETING_DATES = (dt.date(2000, 1, 1), dt.date(2100, 12, 31))


def library_of(info: ValidationInfo) -> Library:
    """The library the answers are checked against: the caller's (``context={"library": ...}``), else the one."""
    return (info.context or {}).get("library") or load_library()


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
