"""The one rendering path: answers in, named Word documents out (used by the CLI, the app and batch runs)."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from pydantic import ValidationError

from .compose import compose
from .docx_render import render_docx
from .errors import error_lines, message
from .library import Library, load_library
from .models import Answers
from .plan import DocumentPlan
from .text import clean_tree
from .yaml_io import dump_yaml

__all__ = ["Document", "AnswersError", "load_answers", "build_documents", "render_documents", "answers_to_yaml",
           "drafts_zip"]


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


def load_answers(data: Any, library: Library | None = None, language: str = "en") -> tuple[Answers, list[str]]:
    """Validate raw answers (a dict from YAML, JSON, a form or a CSV row).

    Returns the answers and the notes about text that was cleaned (characters Word cannot store);
    raises AnswersError listing every problem, in ``language`` (the person's, not the documents').
    """
    if not isinstance(data, dict):
        raise AnswersError([message("not_a_mapping", language)])
    cleaned, removed = clean_tree(data)
    notes = [f"{path}: {message('cleaned', language, codes=', '.join(codes))}" for path, codes in removed]
    try:
        answers = Answers.model_validate(cleaned, context={"library": library or load_library()})
    except ValidationError as exc:
        raise AnswersError(error_lines(exc, language)) from None
    return answers, notes


def build_documents(answers: Answers, library: Library | None = None) -> dict[str, Document]:
    """Both drafts, keyed ``resolution`` and ``policy``, named ``<district-slug>-<kind>.docx``."""
    return render_documents(compose(answers, library))


def render_documents(plan: DocumentPlan) -> dict[str, Document]:
    """Both drafts from a plan already composed (the app composes once for preview and download)."""
    return {kind: Document(f"{plan.slug}-{kind}.docx", render_docx(plan, kind)) for kind in ("resolution", "policy")}


def answers_to_yaml(answers: Answers) -> str:
    """The answers as a file a person can keep, edit and load again (``safe-zone build``, the app)."""
    data = answers.model_dump(mode="json", exclude_none=True)
    return "# Safe Zone Builder answers file\n" + dump_yaml(data)


def drafts_zip(documents: dict[str, Document], answers: Answers, slug: str) -> Document:
    """One .zip with both drafts and the answers that made them."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for document in documents.values():
            archive.writestr(document.filename, document.content)
        archive.writestr(f"{slug}-answers.yaml", answers_to_yaml(answers))
    return Document(f"{slug}-safe-zone-drafts.zip", buffer.getvalue(), "application/zip")
