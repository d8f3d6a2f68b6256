"""Runs under a Python that has LibreOffice's ``uno`` module (Debian: python3-uno), started by ``pdf_server``:
starts one headless LibreOffice and turns .docx files into PDF/A-2b, tagged, one JSON request per line.

Standard library and ``uno`` only: it is run as a script by another Python than the package's own.
"""

import json
import os
import shutil
import subprocess
import sys
import time
import zipfile

import uno
from com.sun.star.beans import PropertyValue

# PDF/A-2b for the board's records, tagged so that screen readers follow headings and reading order
PDF_EXPORT = {"SelectPdfVersion": 2, "UseTaggedPDF": True}
# A document with Word comments (the annotated edition): LibreOffice writes them as PDF annotations without
# the appearance PDF/A requires, so that PDF does not claim PDF/A (the same rule as word/pdf.py).
PDF_EXPORT_WITH_COMMENTS = {"UseTaggedPDF": True}


def _prop(name, value):
    return PropertyValue(name, 0, value, 0)


def _reply(**message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def _connect(soffice, profile_url, pipe_name, start_limit):
    office = subprocess.Popen(
        [soffice, f"-env:UserInstallation={profile_url}", "--headless", "--invisible", "--norestore", "--nologo",
         "--nodefault", "--nolockcheck", f"--accept=pipe,name={pipe_name};urp;StarOffice.ComponentContext"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + start_limit
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe_name};urp;StarOffice.ComponentContext")
            return office, context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        except Exception:  # not listening yet
            if office.poll() is not None or time.monotonic() > deadline:
                office.kill()
                raise RuntimeError("LibreOffice did not start") from None
            time.sleep(0.05)


def _filter_data(source):
    with zipfile.ZipFile(source) as package:
        export = PDF_EXPORT_WITH_COMMENTS if "word/comments.xml" in package.namelist() else PDF_EXPORT
    return uno.Any("[]com.sun.star.beans.PropertyValue", tuple(_prop(name, value) for name, value in export.items()))


def _convert(desktop, files):
    for source, target in files:
        filter_data = _filter_data(source)
        document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0,
                                                (_prop("Hidden", True), _prop("ReadOnly", True)))
        if document is None:
            raise RuntimeError(f"could not open {source.rsplit('/', 1)[-1]}")
        try:
            document.storeToURL(uno.systemPathToFileUrl(target),
                                (_prop("FilterName", "writer_pdf_Export"), _prop("FilterData", filter_data)))
        finally:
            document.close(True)


def _remove(folder):
    """The converter's private folder (LibreOffice's profile, a request's .docx files): removed here too, so
    that it goes even when the parent could not remove it (killed by SIGKILL, the OOM killer, or SIGHUP)."""
    if folder and os.path.basename(folder.rstrip("/")).startswith("safe-zone-pdf-server-"):
        shutil.rmtree(folder, ignore_errors=True)


def main():
    soffice, profile_url, pipe_name, start_limit = sys.argv[1:5]
    folder = sys.argv[5] if len(sys.argv) > 5 else ""
    try:
        office, desktop = _connect(soffice, profile_url, pipe_name, float(start_limit))
    except Exception as exc:
        _reply(error=str(exc))
        _remove(folder)
        return 1
    _reply(ready=True)
    try:
        for line in sys.stdin:  # ends when the parent closes the pipe or is gone
            try:
                _convert(desktop, json.loads(line)["files"])
                _reply(ok=True)
            except Exception as exc:
                _reply(error=str(exc) or type(exc).__name__)
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
        try:
            office.wait(10)
        except subprocess.TimeoutExpired:
            office.kill()
        _remove(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
