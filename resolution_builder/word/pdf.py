"""PDF through LibreOffice headless, when it is installed.

Each conversion runs in its own temporary folder with its own LibreOffice profile, so that two
people's documents never meet and two conversions can run at once; the folder is always removed,
and a conversion that hangs is stopped after a time limit.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..build import Document

__all__ = ["PdfUnavailable", "soffice_path", "to_pdf", "INSTALL_HINT"]

INSTALL_HINT = ("PDF needs LibreOffice, which is not installed here. On Debian or Ubuntu: "
                "sudo apt-get install libreoffice-writer-nogui. The .docx drafts do not need it.")
TIME_LIMIT = 120  # seconds for one conversion


class PdfUnavailable(RuntimeError):
    """LibreOffice is missing, or the conversion failed; the message says which and what to do."""


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _run(command: list[str], work: Path, time_limit: int) -> None:
    """Run LibreOffice in its own process group, so that a hung conversion is stopped with all its children."""
    process = subprocess.Popen(command, cwd=work, env={**os.environ, "HOME": str(work)}, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, start_new_session=True)
    try:
        _, stderr = process.communicate(timeout=time_limit)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise PdfUnavailable(f"LibreOffice took longer than {time_limit} s to make the PDF; try again") from None
    if process.returncode != 0:
        detail = stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no message"]
        raise PdfUnavailable(f"LibreOffice could not make the PDF: {detail[0]}")


def to_pdf(documents: dict[str, Document], time_limit: int = TIME_LIMIT) -> dict[str, Document]:
    """The same documents as PDF, keyed and named alike (``x-resolution.docx`` -> ``x-resolution.pdf``)."""
    soffice = soffice_path()
    if soffice is None:
        raise PdfUnavailable(INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="safe-zone-pdf-") as folder:
        work = Path(folder)
        for document in documents.values():
            (work / document.filename).write_bytes(document.content)
        command = [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(work / "pdf"),
                   *(str(work / d.filename) for d in documents.values())]
        _run(command, work, time_limit)
        out = {}
        for kind, document in documents.items():
            pdf = work / "pdf" / (Path(document.filename).stem + ".pdf")
            if not pdf.is_file():
                raise PdfUnavailable(f"LibreOffice made no PDF of {document.filename}")
            out[kind] = Document(pdf.name, pdf.read_bytes(), "application/pdf")
        return out
