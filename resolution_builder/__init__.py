"""Safe Zone Builder: a school board's Safe Zone resolution and district policy, drafted from validated answers."""

from .build import AnswersError, Document, build_documents, load_answers
from .compose import compose
from .library import Library, LibraryError, load_library
from .models import Answers

__all__ = [
    "Answers", "AnswersError", "Document", "Library", "LibraryError",
    "build_documents", "compose", "load_answers", "load_library",
]
