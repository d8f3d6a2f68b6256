"""The root of every refusal the builder raises, and the errors more than one module raises.

A face (the command line, the app, a program using the library) catches ``SafeZoneError`` to tell a person
what was refused; anything else that escapes is a fault of the program and is reported as one.
"""

__all__ = ["SafeZoneError", "LibraryError"]


class SafeZoneError(Exception):
    """Something the builder refuses, with a message meant for a person (never a fault of the program)."""


class LibraryError(SafeZoneError):
    """The library's data files do not fit together; the message lists every problem, one a line."""
