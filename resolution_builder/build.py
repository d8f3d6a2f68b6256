"""The one rendering path: answers in, named Word documents out (used by the CLI, the app and batch runs)."""

from __future__ import annotations

import zipfile
from io import BytesIO

from .answers.loading import AnswersError, load_answers
from .answers.models import Answers
from .composition.composer import compose
from .composition.plan import DocumentPlan
from .library import Library
from .word.output import Document
from .word.render import render_docx
from .yaml_io import dump_yaml

__all__ = ["Document", "AnswersError", "load_answers", "build_documents", "render_documents", "answers_to_yaml",
           "drafts_zip"]  # AnswersError and load_answers live in answers.loading; re-exported for the faces


def build_documents(answers: Answers, library: Library | None = None) -> dict[str, Document]:
    """The drafts, keyed ``resolution``, ``policy`` and (when there is one) ``regulation``, named in their language
    (``<district-slug>-policy.docx``, ``<district-slug>-reglamento.docx``)."""
    return render_documents(compose(answers, library), answers)


def render_documents(plan: DocumentPlan, answers: Answers | None = None) -> dict[str, Document]:
    """The drafts from a plan already composed (the app composes once for preview and download);
    with ``answers``, each draft carries them (``safe-zone compare``, resuming from a draft)."""
    carried = answers_to_yaml(answers) if answers is not None else ""
    return {kind: Document(plan.file_names[kind], render_docx(plan, kind, carried)) for kind in plan.kinds}


def answers_to_yaml(answers: Answers) -> str:
    """The answers as a file a person can keep, edit and load again (``safe-zone build``, the app)."""
    data = answers.model_dump(mode="json", exclude_none=True)
    return "# Safe Zone Builder answers file\n" + dump_yaml(data)


def drafts_zip(documents: dict[str, Document], answers: Answers, plan: DocumentPlan) -> Document:
    """One .zip with the drafts and the answers that made them (the answers file keeps its English name in
    every language: it is the tool's own file, read back by ``safe-zone build`` and the app)."""
    slug = plan.slug
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for document in documents.values():
            archive.writestr(document.filename, document.content)
        archive.writestr(f"{slug}-answers.yaml", answers_to_yaml(answers))
    return Document(plan.file_names["zip"], buffer.getvalue(), "application/zip")
