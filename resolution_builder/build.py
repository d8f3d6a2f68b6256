"""The one rendering path: answers in, named Word documents out (used by the CLI, the app and batch runs)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from .compose import compose
from .docx_render import render_docx
from .errors import error_lines
from .library import Library, load_library
from .models import Answers
from .text import clean_tree

__all__ = ["Document", "AnswersError", "load_answers", "build_documents"]


@dataclass(frozen=True)
class Document:
    filename: str
    content: bytes
    media_type: str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class AnswersError(ValueError):
    """The answers are not valid; ``problems`` holds one ``field.path: what is wrong`` line each."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def load_answers(data: Any, library: Library | None = None) -> tuple[Answers, list[str]]:
    """Validate raw answers (a dict from YAML, JSON, a form or a CSV row).

    Returns the answers and the notes about text that was cleaned (characters Word cannot store);
    raises AnswersError listing every problem.
    """
    if not isinstance(data, dict):
        raise AnswersError(["the answers must be a group of fields (district, board, provisions ...)"])
    cleaned, notes = clean_tree(data)
    try:
        answers = Answers.model_validate(cleaned, context={"library": library or load_library()})
    except ValidationError as exc:
        raise AnswersError(error_lines(exc)) from None
    return answers, notes


def build_documents(answers: Answers, library: Library | None = None) -> dict[str, Document]:
    """Both drafts, keyed ``resolution`` and ``policy``, named ``<district-slug>-<kind>.docx``."""
    plan = compose(answers, library)
    return {kind: Document(f"{plan.slug}-{kind}.docx", render_docx(plan, kind)) for kind in ("resolution", "policy")}
