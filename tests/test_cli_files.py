"""The drafts a build writes: never through a symlink, never over a file unasked, all or nothing, and the
.docx kept when only the PDF fails."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from helpers import minimal_data, safe_zone
from resolution_builder.yaml_io import dump_yaml

SLUG = "lakeside-school-district"
RESOLUTION, POLICY = f"{SLUG}-resolution.docx", f"{SLUG}-policy.docx"


def build(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``safe-zone build`` of a small district: in this process, or as its own process when it needs its own
    environment (a PATH without LibreOffice)."""
    answers = tmp_path / "answers.yaml"
    answers.write_text(dump_yaml(minimal_data()), encoding="utf-8")
    if env is None:
        return safe_zone("build", str(answers), *args)
    return subprocess.run([sys.executable, "-m", "resolution_builder", "build", str(answers), *args],
                          capture_output=True, text=True, timeout=120, env=env)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part") or p.name.startswith("."))


def test_existing_output_is_not_replaced_without_force(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / RESOLUTION).write_bytes(b"my edited draft")
    done = build(tmp_path, "-o", str(out))
    assert done.returncode == 2
    assert done.stderr.strip() == (f"{out / RESOLUTION}: already exists; choose another folder with -o, "
                                   "or add --force to replace it")
    assert (out / RESOLUTION).read_bytes() == b"my edited draft"
    assert sorted(p.name for p in out.iterdir()) == [RESOLUTION]  # the policy was not written either
    done = build(tmp_path, "-o", str(out), "--force")
    assert done.returncode == 0, done.stderr
    assert (out / RESOLUTION).read_bytes()[:2] == b"PK" and (out / POLICY).is_file()
    assert leftovers(out) == []


def test_a_symlink_planted_at_an_output_name_is_never_written_through(tmp_path):
    out, victim = tmp_path / "out", tmp_path / "victim.txt"
    out.mkdir()
    victim.write_text("precious")
    (out / RESOLUTION).symlink_to(victim)
    done = build(tmp_path, "-o", str(out))
    assert done.returncode == 2 and f"{out / RESOLUTION}: already exists" in done.stderr
    assert victim.read_text() == "precious"
    done = build(tmp_path, "-o", str(out), "--force")  # replaced: the link itself, not what it points at
    assert done.returncode == 0, done.stderr
    assert victim.read_text() == "precious"
    assert stat.S_ISREG(os.lstat(out / RESOLUTION).st_mode)
    assert (out / RESOLUTION).read_bytes()[:2] == b"PK"


def test_a_failed_second_document_leaves_no_partial_output(tmp_path):
    out = tmp_path / "out"
    (out / POLICY).mkdir(parents=True)  # a folder in the way of the policy
    done = build(tmp_path, "-o", str(out), "--force")
    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("error: ") and POLICY in done.stderr
    assert sorted(p.name for p in out.iterdir()) == [POLICY]  # the resolution written first was removed again
    assert done.stdout == ""


def test_when_the_pdf_fails_the_docx_is_kept_and_said_so(tmp_path):
    tools = tmp_path / "bin"
    tools.mkdir()
    fake = tools / "soffice"
    fake.write_text("#!/bin/sh\necho 'fake failure' >&2\nexit 77\n")
    fake.chmod(0o755)
    env = {**os.environ, "PATH": f"{tools}{os.pathsep}{os.environ['PATH']}"}
    out = tmp_path / "out"
    done = build(tmp_path, "-o", str(out), "--format", "docx,pdf", env=env)
    assert done.returncode == 1
    assert done.stderr.strip() == ("LibreOffice could not make the PDF: fake failure; the .docx drafts above "
                                   "are written")
    assert done.stdout.split() == [str(out / RESOLUTION), str(out / POLICY)]
    assert sorted(p.name for p in out.iterdir()) == sorted([RESOLUTION, POLICY])
    done = build(tmp_path, "-o", str(tmp_path / "pdf-only"), "--format", "pdf", env=env)
    assert done.returncode == 1 and done.stderr.strip() == "LibreOffice could not make the PDF: fake failure"
    assert not (tmp_path / "pdf-only").exists()


def test_invalid_answers_are_exit_2_even_without_libreoffice(tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text("district: {name: X}\n")
    env = {**os.environ, "PATH": str(tmp_path)}  # no soffice on the PATH
    done = subprocess.run([sys.executable, "-m", "resolution_builder", "build", str(answers), "-o",
                           str(tmp_path / "out"), "--format", "pdf"], capture_output=True, text=True, env=env,
                          timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == ["district.state: is required", "board: is required"]
