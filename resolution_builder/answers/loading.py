"""Raw answers (a dict from a file, the form or a CSV row) in, validated Answers out, or every problem named."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ..library import Library, load_library
from ..messages import capped, error_lines, message, shown_safely
from .models import Answers
from .local import missing_translations
from .titles import english_titles
from ..languages import LANGUAGES
from ..typed_text import clean_tree
from ..exceptions import SafeZoneError

__all__ = ["AnswersError", "load_answers"]


class AnswersError(SafeZoneError, ValueError):
    """The answers are not valid; ``problems`` holds one ``field.path: what is wrong`` line each."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def load_answers(data: Any, library: Library | None = None, language: str = "en") -> tuple[Answers, list[str]]:
    """Validate raw answers (a dict from YAML, JSON, a form or a CSV row).

    Returns the answers and the notes about text that was cleaned (characters Word cannot store) and about
    officers' titles typed in English for a document in Spanish;
    raises AnswersError listing every problem, in ``language`` (the person's, not the documents').
    """
    if not isinstance(data, dict):
        raise AnswersError([message("not_a_mapping", language)])
    cleaned, removed = clean_tree(data)
    notes = [f"{shown_safely(path)}: {message('cleaned', language, codes=', '.join(codes))}" for path, codes in removed]
    try:
        answers = Answers.model_validate(cleaned, context={"library": library or load_library()})
    except ValidationError as exc:
        raise AnswersError(capped(error_lines(exc, language), language)) from None
    notes += [f"{path}: {message('english_title', language, title=shown_safely(title))}"
              for path, title in english_titles(answers)]
    printed = (answers.language, *(code for code in LANGUAGES if code != answers.language)) \
        if answers.output.bilingual else (answers.language,)
    notes += [f"{path}: {message('translation_needed', language, language_name=message(f'language_{code}', language))}"
              for path, code in missing_translations(answers.local, printed)]
    return answers, notes
