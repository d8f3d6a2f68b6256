"""The provision library: content in data files, validated into models when it loads."""

from .loader import Library, LibraryError, load_library
from .schema import Provision

__all__ = ["Library", "LibraryError", "load_library", "Provision"]
