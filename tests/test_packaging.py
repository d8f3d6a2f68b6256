"""The wheel carries the templates and data: installed into a fresh virtual environment, it builds
the example from a folder that is not the repository."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import docx
import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def test_wheel_installs_and_builds_the_example_elsewhere(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
                   check=True, timeout=300)
    wheel = next(dist.glob("safe_zone_builder-*.whl"))
    env = tmp_path / "venv"
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True, timeout=600)

    work = tmp_path / "elsewhere"
    work.mkdir()
    where = subprocess.run([str(python), "-c", "import resolution_builder; print(resolution_builder.__file__)"],
                           cwd=work, check=True, capture_output=True, text=True).stdout
    assert where.startswith(str(env)), "the installed package, not the checkout, must be imported"
    tool = env / "bin" / "safe-zone"
    example = subprocess.run([str(tool), "example"], cwd=work, check=True, capture_output=True, text=True).stdout
    (work / "answers.yaml").write_text(example, encoding="utf-8")
    subprocess.run([str(tool), "build", "answers.yaml", "-o", "out", "--packet"], cwd=work, check=True, timeout=120)
    resolution = docx.Document(work / "out" / "cedar-valley-unified-school-district-resolution.docx")
    assert resolution.paragraphs[2].text == "Cedar Valley Unified School District"
    protocol = docx.Document(work / "out" / "cedar-valley-unified-school-district-staff-protocol.docx")
    assert protocol.paragraphs[0].style.name == "Document Title"  # the packet's templates and words ship too
