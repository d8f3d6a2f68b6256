"""Errors that more than one module raises."""

__all__ = ["LibraryError"]


class LibraryError(Exception):
    """The library's data files do not fit together; the message lists every problem, one a line."""
