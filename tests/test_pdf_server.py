"""The warm LibreOffice converter: two documents at once from two threads, PDF/A-2b tagged, nothing left over,
and the one-shot path wherever the warm converter cannot start."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from helpers import soffice
from real_parts import need, need_module, processes_with, wait_until
from resolution_builder import build_documents, load_answers
from resolution_builder.word import pdf_server
from resolution_builder.word.pdf import PdfUnavailable
from resolution_builder.word.pdf_server import ConverterUnavailable, PdfServer, uno_python, warm_to_pdf


@pytest.fixture
def warm_converter_needed():
    need(soffice() is not None and uno_python() is not None,
         "LibreOffice and its Python UNO module are needed (Debian: libreoffice-writer-nogui python3-uno)")


needs_warm_converter = pytest.mark.usefixtures("warm_converter_needed")


def _documents(name: str, state: str = "WA"):
    answers = load_answers({"district": {"name": name, "state": state}, "board": {"name": "Board of Directors"},
                            "provisions": [{"id": "safe-zone-declaration"}]})[0]
    return build_documents(answers)


def _pdf_text(content: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        return subprocess.run(["pdftotext", handle.name, "-"], capture_output=True, text=True, check=True).stdout


def _marker() -> str:
    return f"safe-zone-test-{os.getpid()}-{time.monotonic_ns()}"


def _processes_under(folder: Path) -> list[str]:
    """Command lines of running processes that mention the folder (LibreOffice names its profile there)."""
    return processes_with(str(folder))


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """Every temporary folder the converter makes lands here, so that leftovers can be seen."""
    work = tmp_path / "tmp"
    work.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(work))
    return work


@needs_warm_converter
@pytest.mark.libreoffice
def test_two_threads_convert_at_once_without_mixing_and_leave_nothing_behind(private_tmp):
    names = ["Alder Creek School District", "Birch Hollow School District"]
    documents = {name: _documents(name) for name in names}
    results: dict[str, dict] = {}
    server = PdfServer()

    def convert(name: str) -> None:
        results[name] = server.convert(documents[name])

    try:
        threads = [threading.Thread(target=convert, args=(name,)) for name in names]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        assert server.running
        folders = list(private_tmp.iterdir())
        assert len(folders) == 1 and not list(folders[0].glob("request-*")), "each request's files are removed"
    finally:
        server.close()
    for name, other in (names, names[::-1]):
        assert set(results[name]) == {"resolution", "policy", "regulation"}
        for kind, document in results[name].items():
            assert document.filename == f"{documents[name][kind].filename[:-5]}.pdf"
            text = _pdf_text(document.content)
            assert name in text and other not in text
    assert list(private_tmp.iterdir()) == [], "the profile and every request folder are removed on close"
    assert _processes_under(private_tmp) == [], "LibreOffice and the bridge are stopped on close"


@needs_warm_converter
@pytest.mark.libreoffice
def test_pdfs_are_tagged_pdf_a_2b(private_tmp):
    pikepdf = need_module("pikepdf")
    with PdfServer() as server:
        pdf = server.convert(_documents("Cedar Valley Unified School District", "CA"))["resolution"]
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf.content)
        handle.flush()
        info = subprocess.run(["pdfinfo", handle.name], capture_output=True, text=True, check=True).stdout
        assert "Tagged:          yes" in info
        with pikepdf.open(handle.name) as document:
            assert document.open_metadata().pdfa_status == "2B"
            assert document.Root.MarkInfo.Marked and "/StructTreeRoot" in document.Root


def _fake(folder: Path, name: str, body: str) -> str:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)
    return str(path)


def test_without_uno_the_warm_converter_does_not_start_and_the_one_shot_path_is_used(private_tmp, tmp_path,
                                                                                      monkeypatch):
    no_uno = _fake(tmp_path, "python-without-uno", 'echo \'{"error": "No module named uno"}\'; exit 1')
    server = PdfServer(python=no_uno)
    documents = _documents("Alder Creek School District")
    with pytest.raises(ConverterUnavailable, match="did not start"):
        server.convert(documents)
    assert list(private_tmp.iterdir()) == []
    one_shot_calls = []
    monkeypatch.setattr(pdf_server, "to_pdf", lambda docs: one_shot_calls.append(docs) or {"resolution": "pdf"})
    assert warm_to_pdf(documents, server) == {"resolution": "pdf"}
    assert one_shot_calls == [documents]


@pytest.mark.usefixtures("soffice_needed")
@pytest.mark.libreoffice
def test_the_fallback_really_converts_with_the_one_shot_path(private_tmp, tmp_path):
    server = PdfServer(python=_fake(tmp_path, "python-without-uno", "exit 1"))
    pdfs = warm_to_pdf(_documents("Birch Hollow School District"), server)
    assert "Birch Hollow School District" in _pdf_text(pdfs["resolution"].content)
    assert list(private_tmp.iterdir()) == []


@pytest.mark.slow  # the converter's own start limit plus its grace periods (pdf_server._answer, _stop)
def test_a_converter_that_never_starts_is_killed_with_its_children(private_tmp, tmp_path):
    marker = _marker()
    hangs = _fake(tmp_path, "python-that-hangs", f"sh -c 'sleep 300; true {marker}' & wait")
    server = PdfServer(python=hangs, start_limit=1, grace=0.5)
    with pytest.raises(ConverterUnavailable):  # given up on (how soon is benchmarks/pdf_speed.py's to say)
        server.convert(_documents("Alder Creek School District"))
    assert list(private_tmp.iterdir()) == []
    # SIGKILL to the group is delivered, not awaited: its last process may still be going when the call returns
    wait_until(lambda: _processes_under(tmp_path) == [] and processes_with(marker) == [],
               "the converter's processes to be gone")


@pytest.mark.slow  # a request's time limit and the grace period of the process that hangs
def test_a_request_that_hangs_is_stopped_and_the_next_one_starts_afresh(private_tmp, tmp_path):
    # a bridge that says it is ready, then never answers, with a child process that would outlive a plain kill
    marker = _marker()
    hangs = _fake(tmp_path, "python-ready-then-hangs",
                  f"echo '{{\"ready\": true}}'; sh -c 'sleep 300; true {marker}' & sleep 300")
    server = PdfServer(python=hangs, time_limit=1, grace=0.5)
    with pytest.raises(PdfUnavailable, match="took longer than 1 s"):
        server.convert(_documents("Alder Creek School District"))
    assert not server.running
    assert list(private_tmp.iterdir()) == [], "the request's files and the profile folder are removed"
    # the killed group's last process may still be on its way out when the call returns (seen under load)
    wait_until(lambda: _processes_under(tmp_path) == [] and processes_with(marker) == [],
               "the hanging converter's processes to be gone")


_HOLDER = """
import sys, tempfile
tempfile.tempdir = sys.argv[1]
from resolution_builder import build_documents, load_answers
from resolution_builder.word.pdf_server import PdfServer
answers = load_answers({"district": {"name": "Killed Server District", "state": "WA"},
                        "board": {"name": "Board of Directors"}, "provisions": []})[0]
PdfServer().convert(build_documents(answers))
print("converted", flush=True)
sys.stdin.read()  # holds the warm converter until it is killed
"""


@needs_warm_converter
@pytest.mark.libreoffice
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGHUP])
def test_a_server_killed_or_hung_up_leaves_no_converter_folder(private_tmp, signum):
    """The app's server ended without running its cleanup (SIGKILL, the OOM killer; SIGHUP, which Streamlit does
    not handle): the warm converter's folder, with LibreOffice's profile, still goes, and LibreOffice with it."""
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(private_tmp)], cwd=Path(__file__).parent.parent,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "converted", holder.stderr.read()
        assert list(private_tmp.glob("safe-zone-pdf-server-*/profile")), "the warm converter's folder is there"
        holder.send_signal(signum)
        holder.wait(timeout=60)
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
    # LibreOffice is asked to quit, then the folder goes
    wait_until(lambda: not list(private_tmp.iterdir()) and not _processes_under(private_tmp),
               "the converter's folder and LibreOffice to be gone")
