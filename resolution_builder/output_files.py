"""Writing the drafts into a folder safely: all or nothing, never through a symlink, never over a file unasked.

Each document goes to a temporary file in the output folder first; only when every one is complete are they
renamed into place (a rename replaces a symlink at the name, it never writes through it). If anything fails,
the temporary files and whatever this run already renamed into place are removed.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterable

from .exceptions import SafeZoneError
from .word.output import Document

__all__ = ["OutputExists", "existing_outputs", "write_documents"]


class OutputExists(SafeZoneError):
    """Files of these names are already in the folder, and overwriting was not asked for."""

    def __init__(self, paths: list[Path]):
        super().__init__(", ".join(map(str, paths)))
        self.paths = paths


def existing_outputs(folder: Path, filenames: Iterable[str]) -> list[Path]:
    """The names already taken in the folder (by a file, a folder or a symlink, even a dangling one)."""
    return [folder / name for name in filenames if os.path.lexists(folder / name)]


def _file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_documents(folder: Path, documents: Iterable[Document], force: bool = False) -> list[Path]:
    """Write every document into ``folder`` (made if missing), all or none; returns the paths written.

    Raises OutputExists (nothing written) when a name is taken and ``force`` is false; an OSError (disk full,
    a folder in the way, no permission) after removing everything this call wrote.
    """
    documents = list(documents)
    folder.mkdir(parents=True, exist_ok=True)
    taken = existing_outputs(folder, (d.filename for d in documents))
    if taken and not force:
        raise OutputExists(taken)
    temporary: list[tuple[str, Path]] = []
    placed: list[Path] = []
    try:
        for document in documents:
            fd, name = tempfile.mkstemp(prefix=f".{document.filename}.", suffix=".part", dir=folder)
            temporary.append((name, folder / document.filename))
            with os.fdopen(fd, "wb") as out:
                out.write(document.content)
                out.flush()
                os.fchmod(out.fileno(), _file_mode())
                os.fsync(out.fileno())
        for name, target in temporary:
            os.replace(name, target)
            placed.append(target)
        return placed
    except BaseException:  # also Ctrl-C and SIGTERM: no half-written draft is left behind
        for name, _ in temporary:
            Path(name).unlink(missing_ok=True)
        for target in placed:
            target.unlink(missing_ok=True)
        raise
