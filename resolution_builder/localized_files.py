"""Data files of strings keyed by language, checked for the same keys in every language."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .exceptions import LibraryError
from .languages import LANGUAGES
from .yaml_io import load_data_yaml

__all__ = ["load_localized"]


@lru_cache(maxsize=8)
def load_localized(path: Path) -> dict[str, dict[str, str]]:
    """The file's strings, or a LibraryError naming each language's missing or empty keys."""
    data = load_data_yaml(Path(path).read_text(encoding="utf-8")) or {}
    name = Path(path).name
    keys = set(data.get("en") or {})
    problems = [f"{name}: {lang}: missing {', '.join(sorted(keys - set(data.get(lang) or {})))}"
                for lang in LANGUAGES if keys - set(data.get(lang) or {})]
    problems += [f"{name}: {lang}.{key}: is empty" for lang in LANGUAGES
                 for key, value in (data.get(lang) or {}).items() if not str(value).strip()]
    if problems:
        raise LibraryError("\n".join(problems))
    return data
