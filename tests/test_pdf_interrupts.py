"""SIGTERM and Ctrl-C in the middle of a real PDF conversion: a one-line message, no traceback, LibreOffice
stopped, and no file of the person's left anywhere (temporary folder, output folder)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import example_data, soffice
from real_parts import need, processes_with, wait_until
from resolution_builder.yaml_io import dump_yaml

pytestmark = pytest.mark.libreoffice


def _need_soffice() -> None:
    need(soffice() is not None, "LibreOffice (soffice) is needed for the PDF interruption tests")


def _processes_mentioning(text: str) -> list[str]:
    """Command lines of running processes that mention ``text`` (LibreOffice's profile is under our folder)."""
    return processes_with(text)


def _files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*"))


def _start_conversion(tmp_path: Path, short_tmp: Path) -> tuple[subprocess.Popen, Path, Path]:
    temporary, out = short_tmp, tmp_path / "out"
    answers = tmp_path / "answers.yaml"
    answers.write_text(dump_yaml(example_data()), encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "resolution_builder", "build", str(answers), "-o", str(out), "--format",
         "docx,pdf", "--annotated"],
        env={**os.environ, "TMPDIR": str(temporary)}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


    def converting() -> bool:  # LibreOffice is running on the person's documents, which are in its folder
        assert process.poll() is None, process.communicate()
        return bool(_processes_mentioning(str(temporary)) and list(temporary.glob("safe-zone-pdf-*/*.docx")))

    wait_until(converting, "LibreOffice to start on the documents in the conversion folder")
    return process, temporary, out


@pytest.mark.parametrize("signum, status, words", [(signal.SIGTERM, 143, "stopped (terminated)"),
                                                   (signal.SIGINT, 130, "stopped (Ctrl-C)")])
def test_an_interrupted_conversion_leaves_nothing_behind(tmp_path, short_tmp, signum, status, words):
    _need_soffice()
    process, temporary, out = _start_conversion(tmp_path, short_tmp)
    assert _processes_mentioning(str(temporary)), "the signal must arrive while LibreOffice works"
    process.send_signal(signum)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == status
    assert _after_warnings(stderr) == [f"{words}; nothing was written"]
    assert "Traceback" not in stderr and stdout == ""
    assert _files_under(temporary) == []  # the person's .docx, the PDFs, LibreOffice's profile and temp files
    assert not out.exists() or _files_under(out) == []
    # No LibreOffice outlives the command (an orphan would go on writing its profile folder): wait for the last
    # process naming the folder to be gone, then look again.
    wait_until(lambda: _processes_mentioning(str(temporary)) == [], "LibreOffice to be gone", timeout=30)
    assert _files_under(temporary) == []


def test_a_finished_conversion_leaves_only_the_outputs(tmp_path, short_tmp):
    _need_soffice()
    process, temporary, out = _start_conversion(tmp_path, short_tmp)
    stdout, stderr = process.communicate(timeout=180)
    assert process.returncode == 0, stderr
    assert sorted(p.suffix for p in out.iterdir()) == [".docx", ".docx", ".docx", ".pdf", ".pdf", ".pdf"]
    assert _files_under(temporary) == []  # LibreOffice's TMPDIR was inside the removed conversion folder
    assert _processes_mentioning(str(temporary)) == []


def _until(condition, what: str, process: subprocess.Popen) -> None:
    """Wait for ``condition``, failing at once if the program has already ended."""
    def ready():
        assert process.poll() is None, (what, process.communicate())
        return condition()
    wait_until(ready, what)


def _start_converting(tmp_path: Path, short_tmp: Path, **popen) -> tuple[subprocess.Popen, Path, Path]:
    """A build with PDF, returned once LibreOffice runs on the person's .docx files in a safe-zone-pdf-* folder."""
    temporary, out = short_tmp, tmp_path / "out"
    answers = tmp_path / "answers.yaml"
    answers.write_text(dump_yaml(example_data()), encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "resolution_builder", "build", str(answers), "-o", str(out), "--format", "docx,pdf"],
        env={**os.environ, "TMPDIR": str(temporary)}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        **popen)
    _until(lambda: len(list(temporary.glob("safe-zone-pdf-*/*.docx"))) == 3 and _processes_mentioning(str(temporary)),
           "LibreOffice converting the three drafts", process)
    return process, temporary, out


def test_sighup_the_terminal_closing_removes_every_temporary_folder(tmp_path, short_tmp):
    _need_soffice()
    process, temporary, out = _start_converting(tmp_path, short_tmp)
    process.send_signal(signal.SIGHUP)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 129
    assert _after_warnings(stderr) == ["stopped (terminal closed); nothing was written"]
    assert "Traceback" not in stderr and stdout == ""
    assert _processes_mentioning(str(temporary)) == []  # LibreOffice stopped: nothing can write there again
    assert _files_under(temporary) == []  # the person's .docx, LibreOffice's profile: every folder gone
    assert not out.exists() or _files_under(out) == []


def test_sighup_under_nohup_is_ignored_and_the_build_finishes(tmp_path, short_tmp):
    _need_soffice()
    process, temporary, out = _start_converting(
        tmp_path, short_tmp, preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN))  # as nohup starts it
    process.send_signal(signal.SIGHUP)
    stdout, stderr = process.communicate(timeout=180)
    assert process.returncode == 0, stderr
    assert sorted(p.suffix for p in out.iterdir()) == [".docx", ".docx", ".docx", ".pdf", ".pdf", ".pdf"]
    assert _files_under(temporary) == []


def _after_warnings(stderr: str) -> list[str]:
    """Standard error's lines after the state's ``warning:`` (California's names the Mirabelli injunction)."""
    return [line for line in stderr.splitlines() if not line.startswith("warning: ")]
