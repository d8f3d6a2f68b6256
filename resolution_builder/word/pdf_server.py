"""A warm LibreOffice for PDF: started once, then both documents in about a second, with the one-shot path
(``pdf.to_pdf``) as the fallback wherever the warm converter cannot start.

The isolation promises are the one-shot path's: the converter's profile and every request's files live in its
own private temporary folder (removed on close, and each request's files as soon as it is answered); a request
that takes too long stops the converter with all its children, and the next request starts a fresh one.
LibreOffice is driven through UNO by ``uno_bridge.py``, run by a Python that has LibreOffice's ``uno`` module
(Debian's python3-uno), since the package's own Python usually does not.
"""

from __future__ import annotations

import atexit
import functools
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import threading
import uuid
from pathlib import Path

from .output import Document
from .pdf import TIME_LIMIT, PdfUnavailable, soffice_path, to_pdf

__all__ = ["PdfServer", "ConverterUnavailable", "uno_python", "warm_to_pdf", "shared_server"]

START_LIMIT = 60  # seconds for LibreOffice to start and accept requests
GRACE = 5  # seconds the bridge has beyond the start limit to say why, and to quit when asked, before it is killed
BRIDGE = Path(__file__).with_name("uno_bridge.py")


class ConverterUnavailable(PdfUnavailable):
    """The warm converter cannot start here (no ``uno`` module, LibreOffice failed); the one-shot path may."""


@functools.lru_cache(maxsize=4)
def _has_uno(python: str) -> bool:
    try:
        return subprocess.run([python, "-c", "import uno"], capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def uno_python(soffice: str | None = None) -> str | None:
    """A Python that can drive LibreOffice: $SAFE_ZONE_UNO_PYTHON, LibreOffice's own, or the system's python3."""
    office = soffice or soffice_path()
    candidates = [os.environ.get("SAFE_ZONE_UNO_PYTHON"),
                  str(Path(os.path.realpath(office)).with_name("python")) if office else None,
                  "/usr/bin/python3", shutil.which("python3")]
    return next((c for c in candidates if c and os.access(c, os.X_OK) and _has_uno(c)), None)


class PdfServer:
    """One warm LibreOffice; requests from several threads are answered one at a time, each in its own folder."""

    def __init__(self, soffice: str | None = None, python: str | None = None,
                 start_limit: float = START_LIMIT, time_limit: float = TIME_LIMIT, grace: float = GRACE):
        self._soffice, self._python = soffice, python
        self.start_limit, self.time_limit, self.grace = start_limit, time_limit, grace
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None
        self._folder: Path | None = None

    def convert(self, documents: dict[str, Document]) -> dict[str, Document]:
        """The same documents as PDF (``x-resolution.docx`` -> ``x-resolution.pdf``), converted in one request."""
        with self._lock:
            self._start()
            request = Path(tempfile.mkdtemp(prefix="request-", dir=self._folder))
            try:
                files = []
                for document in documents.values():
                    (request / document.filename).write_bytes(document.content)
                    files.append((str(request / document.filename), str(request / (Path(document.filename).stem + ".pdf"))))
                self._send({"files": files})
                answer = self._answer(self.time_limit)
                if answer is None:
                    self._stop()
                    raise PdfUnavailable(f"LibreOffice took longer than {self.time_limit:g} s to make the PDF; "
                                         "try again")
                if "error" in answer:
                    raise PdfUnavailable(f"LibreOffice could not make the PDF: {answer['error']}")
                return {kind: Document(Path(pdf).name, Path(pdf).read_bytes(), "application/pdf")
                        for kind, (_, pdf) in zip(documents, files)}
            finally:
                shutil.rmtree(request, ignore_errors=True)

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def close(self) -> None:
        """Stop LibreOffice and its children and remove the private folder; the next request starts afresh."""
        with self._lock:
            self._stop()

    def __enter__(self) -> PdfServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _start(self) -> None:
        if self.running:
            return
        self._stop()  # a converter that died: clear what it left
        soffice = self._soffice or soffice_path()
        python = self._python or uno_python(soffice)
        if soffice is None or python is None:
            raise ConverterUnavailable("no LibreOffice with Python UNO here (Debian: python3-uno)")
        self._folder = Path(tempfile.mkdtemp(prefix="safe-zone-pdf-server-"))  # mode 0700: this user only
        env = {**os.environ, "HOME": str(self._folder), "TMPDIR": str(self._folder)}
        command = [python, str(BRIDGE), soffice, (self._folder / "profile").as_uri(),
                   f"safe-zone-{uuid.uuid4().hex}", str(self.start_limit), str(self._folder)]
        # its own session: a hang is ended with LibreOffice and all its children by one killpg
        self._process = subprocess.Popen(command, cwd=self._folder, env=env, stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True)
        answer = self._answer(self.start_limit + self.grace)
        if not answer or not answer.get("ready"):
            self._stop()
            reason = (answer or {}).get("error") or "no answer"
            raise ConverterUnavailable(f"the warm LibreOffice converter did not start: {reason}")

    def _send(self, message: dict) -> None:
        try:
            self._process.stdin.write((json.dumps(message) + "\n").encode())
            self._process.stdin.flush()
        except OSError:
            self._stop()
            raise PdfUnavailable("LibreOffice stopped unexpectedly; try again") from None

    def _answer(self, time_limit: float) -> dict | None:
        """The converter's next line, or None when it is silent for ``time_limit`` seconds or has gone."""
        ready, _, _ = select.select([self._process.stdout], [], [], time_limit)
        line = self._process.stdout.readline() if ready else b""
        return json.loads(line) if line.strip() else None

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            if process.poll() is None:
                process.stdin.close()  # the bridge asks LibreOffice to quit when its input ends
                try:
                    process.wait(self.grace)
                except subprocess.TimeoutExpired:
                    pass
            try:
                os.killpg(process.pid, signal.SIGKILL)  # whatever is left of the group, LibreOffice included
            except ProcessLookupError:
                pass
            process.wait()
            process.stdout.close()
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None


_shared: PdfServer | None = None
_shared_lock = threading.Lock()


def shared_server() -> PdfServer:
    """The process's warm converter (the app's sessions and the CLI share one), stopped when the process exits."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = PdfServer()
            atexit.register(_shared.close)
        return _shared


def warm_to_pdf(documents: dict[str, Document], server: PdfServer | None = None) -> dict[str, Document]:
    """``to_pdf`` through the warm converter; the one-shot path where the warm one cannot start."""
    try:
        return (server or shared_server()).convert(documents)
    except ConverterUnavailable:
        return to_pdf(documents)
