"""Safe Zone Builder: a school board's Safe Zone resolution and district policy, drafted from validated answers."""

from .answers.loading import AnswersError, load_answers
from .answers.models import Answers
from .build import Document, build_documents
from .composition.composer import compose
from .library import Library, LibraryError, load_library

__all__ = [
    "Answers", "AnswersError", "Document", "Library", "LibraryError",
    "build_documents", "compose", "load_answers", "load_library",
]
