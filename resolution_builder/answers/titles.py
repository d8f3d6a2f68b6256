"""Officers' titles typed in English for a document in Spanish: the documents print a typed title as typed, so
the person is told which field holds one (the word list: data/english_titles.yaml)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..library.loader import DATA_DIR
from ..yaml_io import load_data_yaml
from .models import Answers

__all__ = ["english_titles", "is_english_title", "TITLE_FIELDS", "ENGLISH_TITLES_FILE"]

ENGLISH_TITLES_FILE = DATA_DIR / "english_titles.yaml"
TITLE_FIELDS = ("presiding_officer_title", "secretary_title")
"""The board's fields that hold a title the documents print as typed."""


def _folded(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


@lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    return frozenset(_folded(word) for word in load_data_yaml(ENGLISH_TITLES_FILE.read_text(encoding="utf-8"))["words"])


def is_english_title(title: str) -> bool:
    """Whether a typed title holds a word of the English list ("Board President", "Clerk of the Board")."""
    return bool(_english_words() & set(re.findall(r"\w+", _folded(title))))


def english_titles(answers: Answers) -> list[tuple[str, str]]:
    """``(field path, title)`` for each typed title in English that a Spanish document (or the Spanish column of
    the bilingual edition) will print; empty when no document is in Spanish."""
    if answers.language != "es" and not answers.output.bilingual:
        return []
    return [(f"board.{name}", title) for name in TITLE_FIELDS
            if (title := getattr(answers.board, name)) and is_english_title(title)]
