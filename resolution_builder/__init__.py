"""Safe Zone Builder: a school board's Safe Zone resolution and district policy, drafted from validated answers."""

from importlib import import_module


__all__ = [
    "Answers", "AnswersError", "Document", "Library", "LibraryError", "SafeZoneError",
    "build_documents", "compose", "load_answers", "load_library",
]

_HOMES = {"Answers": ".answers.models", "AnswersError": ".answers.loading", "load_answers": ".answers.loading",
          "Document": ".build", "build_documents": ".build", "compose": ".composition.composer",
          "Library": ".library", "LibraryError": ".library", "SafeZoneError": ".exceptions", "load_library": ".library"}


def __getattr__(name: str):
    """Imported on first use, so that ``safe-zone check`` does not load Word's machinery it never needs."""
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_HOMES[name], __name__), name)
