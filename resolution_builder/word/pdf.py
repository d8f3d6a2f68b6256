"""PDF through LibreOffice headless, when it is installed.

Each conversion runs in its own temporary folder with its own LibreOffice profile and temporary files
(TMPDIR), so that two people's documents never meet and two conversions can run at once; the folder is
always removed, and LibreOffice's whole process group stopped, whether the conversion ends, fails, hangs past
its time limit or is interrupted (Ctrl-C, or SIGTERM or SIGHUP when the caller turns it into an exception).
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import tempfile
import zipfile
from pathlib import Path

from .output import Document
from ..exceptions import SafeZoneError

__all__ = ["PdfUnavailable", "soffice_path", "to_pdf", "INSTALL_HINT"]

INSTALL_HINT = ("PDF needs LibreOffice, which is not installed here. On Debian or Ubuntu: "
                "sudo apt-get install libreoffice-writer-nogui. The .docx drafts do not need it.")
# PDF/A-2b for the board's records, tagged for screen readers (LibreOffice's export options, as JSON).
PDF_FILTER = ('pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"},'
              '"UseTaggedPDF":{"type":"boolean","value":"true"}}')
# A document with Word comments (the annotated edition): LibreOffice writes them as PDF annotations without the
# appearance streams PDF/A requires, so that PDF is tagged but does not claim PDF/A (uno_bridge does the same).
PDF_FILTER_WITH_COMMENTS = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'


def holds_comments(content: bytes) -> bool:
    """Whether a .docx carries Word comments (and so its PDF has annotations)."""
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        return "word/comments.xml" in package.namelist()
TIME_LIMIT = 120  # seconds for one conversion


class PdfUnavailable(SafeZoneError, RuntimeError):
    """LibreOffice is missing, or the conversion failed; the message says which and what to do."""


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _run(command: list[str], work: Path, time_limit: int) -> None:
    """Run LibreOffice in its own process group, so that a hung or interrupted conversion is stopped with all
    its children (it would otherwise go on writing into the folder after it is removed)."""
    temporary = work / "tmp"
    temporary.mkdir(exist_ok=True)
    env = {**os.environ, "HOME": str(work), "TMPDIR": str(temporary), "TMP": str(temporary), "TEMP": str(temporary)}
    process = subprocess.Popen(command, cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        _, stderr = process.communicate(timeout=time_limit)
    except subprocess.TimeoutExpired:
        _stop(process)
        raise PdfUnavailable(f"LibreOffice took longer than {time_limit} s to make the PDF; try again") from None
    except BaseException:  # Ctrl-C, SIGTERM turned into an exception, or anything else: leave nothing running
        _stop(process)
        raise
    finally:
        _stop_group(process.pid)  # children LibreOffice may have left behind after its main process ended
    if process.returncode != 0:
        detail = stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no message"]
        raise PdfUnavailable(f"LibreOffice could not make the PDF: {detail[0]}")


def _stop_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass  # the group is already gone


def _stop(process: subprocess.Popen) -> None:
    """Ask LibreOffice to quit first (it then removes its IPC socket in /tmp), then make sure."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.communicate(timeout=3)
    except (ProcessLookupError, PermissionError, subprocess.TimeoutExpired):
        pass
    _stop_group(process.pid)
    process.communicate()


def to_pdf(documents: dict[str, Document], time_limit: int = TIME_LIMIT) -> dict[str, Document]:
    """The same documents as PDF, keyed and named alike (``x-resolution.docx`` -> ``x-resolution.pdf``)."""
    soffice = soffice_path()
    if soffice is None:
        raise PdfUnavailable(INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="safe-zone-pdf-") as folder:
        work = Path(folder)
        groups: dict[str, list[str]] = {}
        for document in documents.values():
            (work / document.filename).write_bytes(document.content)
            export = PDF_FILTER_WITH_COMMENTS if holds_comments(document.content) else PDF_FILTER
            groups.setdefault(export, []).append(str(work / document.filename))
        for export, paths in groups.items():  # one LibreOffice run per export filter (one, most often)
            command = [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
                       "--convert-to", export, "--outdir", str(work / "pdf"), *paths]
            _run(command, work, time_limit)
        out = {}
        for kind, document in documents.items():
            pdf = work / "pdf" / (Path(document.filename).stem + ".pdf")
            if not pdf.is_file():
                raise PdfUnavailable(f"LibreOffice made no PDF of {document.filename}")
            out[kind] = Document(pdf.name, pdf.read_bytes(), "application/pdf")
        return out
