"""The app's own words, per interface language, from ``data/ui_locale.yaml``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..languages import LANGUAGES
from ..library import LibraryError
from ..library.loader import DATA_DIR
from ..yaml_io import load_yaml

__all__ = ["Translator", "load_locale"]


LOCALE_FILE = DATA_DIR / "ui_locale.yaml"


@lru_cache(maxsize=4)
def load_locale(path: Path = LOCALE_FILE) -> dict[str, dict[str, str]]:
    """Every interface language with the same keys, or a LibraryError naming what is missing."""
    data = load_yaml(Path(path).read_text(encoding="utf-8"))
    keys = set(data.get("en", {}))
    problems = [f"ui_locale.yaml: {lang}: missing {', '.join(sorted(keys - set(data.get(lang) or {})))}"
                for lang in LANGUAGES if keys - set(data.get(lang) or {})]
    problems += [f"ui_locale.yaml: {lang}.{key}: is empty" for lang in LANGUAGES
                 for key, value in (data.get(lang) or {}).items() if not str(value).strip()]
    if problems:
        raise LibraryError("\n".join(problems))
    return data


class Translator:
    """``t("district_name")`` -> the label in the interface language; ``t("key", count=3)`` fills fields."""

    def __init__(self, language: str):
        self.language = language
        self._words = load_locale()[language]

    def __call__(self, key: str, **fields: object) -> str:
        text = self._words[key]
        return text.format(**fields) if fields else text
