"""The app's own words, per interface language, from ``data/ui_locale.yaml``."""

from __future__ import annotations

from pathlib import Path

from ..library.loader import DATA_DIR
from ..localized_files import load_localized

__all__ = ["Translator", "load_locale"]


LOCALE_FILE = DATA_DIR / "ui_locale.yaml"


def load_locale(path: Path = LOCALE_FILE) -> dict[str, dict[str, str]]:
    """Every interface language with the same keys, or a LibraryError naming what is missing."""
    return load_localized(Path(path))


class Translator:
    """``t("district_name")`` -> the label in the interface language; ``t("key", count=3)`` fills fields.

    The pages with words of their own (the packet, many districts) read their own file the same way."""

    def __init__(self, language: str, path: Path = LOCALE_FILE):
        self.language = language
        self._words = load_locale(path)[language]

    def __call__(self, key: str, **fields: object) -> str:
        text = self._words[key]
        return text.format(**fields) if fields else text
