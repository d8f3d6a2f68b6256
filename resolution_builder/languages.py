"""The languages the documents and the library are written in."""

from typing import Literal

__all__ = ["LANGUAGES", "Language", "LANGUAGE_NAMES"]

Language = Literal["en", "es"]
LANGUAGES: tuple[Language, ...] = ("en", "es")
LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}
