"""Reading generated documents back, as a person or another program would."""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn

from real_parts import soffice  # noqa: F401 (found in one place; imported from here by older tests)
from resolution_builder import build_documents, load_answers
from resolution_builder.yaml_io import load_yaml

EXAMPLE = Path(__file__).resolve().parent.parent / "resolution_builder" / "data" / "example.yaml"


def safe_zone(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """``safe-zone ARGS`` run in this process (``cli.main`` with standard input, output and error of its own), as
    sqlite-utils tests its commands: a new interpreter for each call cost ~0.8 s. What only a real process shows
    (signals, PATH, the entry point itself) keeps its subprocess tests."""
    from resolution_builder.cli import main

    out, err = io.StringIO(), io.StringIO()
    saved_stdin, saved_cwd = sys.stdin, os.getcwd()
    sys.stdin = io.TextIOWrapper(io.BytesIO((stdin or "").encode("utf-8")), encoding="utf-8")
    try:
        if cwd is not None:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = main(list(args))
            except SystemExit as exit_:  # argparse: --help, a usage error
                status = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    finally:
        sys.stdin = saved_stdin
        os.chdir(saved_cwd)
    return subprocess.CompletedProcess(["safe-zone", *args], status, out.getvalue(), err.getvalue())


def representatives(values, keep, *, unpack: bool = True) -> list:
    """Parameters for a sweep over every state, edition or case: those in ``keep`` run in the fast tier, the rest
    are marked ``sweep`` (the whole suite, and CI, run every one). A tuple is several arguments of ``parametrize``;
    ``unpack=False`` keeps it one value (a fixture's ``params``)."""
    def param(value):
        if value in keep:
            return value
        return pytest.param(*(value if unpack and isinstance(value, tuple) else (value,)), marks=pytest.mark.sweep)
    unknown = [value for value in keep if value not in values]
    assert not unknown, f"representatives not in the sweep: {unknown}"
    return [param(value) for value in values]


def example_data() -> dict:
    return load_yaml(EXAMPLE.read_text(encoding="utf-8"))


def minimal_data(**changes) -> dict:
    data = {"district": {"name": "Lakeside School District", "state": "OR"},
            "board": {"name": "Lakeside Board of Directors"}, "provisions": []}
    data.update(changes)
    return data


def build(data: dict) -> dict[str, docx.document.Document]:
    answers, _ = load_answers(data)
    return {kind: docx.Document(BytesIO(d.content)) for kind, d in build_documents(answers).items()}


def paragraphs(document) -> list[tuple[str, str]]:
    """(style name, text) for every body paragraph, in order: the names python-docx's ``paragraph.style.name``
    gives (a missing or unknown style is the default paragraph style), with the styles read once per document
    rather than searched for each paragraph (that search was a third of the fast tier's document reading)."""
    styles = {style.style_id: style.name for style in document.styles if style.type == WD_STYLE_TYPE.PARAGRAPH}
    default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    fallback = default.name if default is not None else None
    return [(styles.get(p._p.style, fallback), p.text) for p in document.paragraphs]


def texts(document, style: str | None = None) -> list[str]:
    return [text for name, text in paragraphs(document) if style is None or name == style]


def doc_language(document) -> str:
    lang = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    return lang.get(qn("w:val"))


def squash(text: str) -> str:
    """One space for every run of white space: PDF text wraps where Word's text does not, and a line
    may break after a hyphen ("school-" / "sponsored")."""
    return re.sub(r"-\s+", "-", re.sub(r"\s+", " ", text)).strip()


def without_page_furniture(pdf_text: str) -> str:
    """The body text of a PDF: the header's draft mark and the footer's page numbers taken out,
    so that a paragraph broken across pages reads as one."""
    furniture = re.compile(r"^\s*(DRAFT|BORRADOR|(Page|Página) \d+ (of|de) \d+)\s*$")
    return "\n".join(line for line in pdf_text.replace("\f", "\n").splitlines() if not furniture.match(line))


def pages_of(pdf_text: str) -> list[str]:
    """The text of each page of pdftotext's output (pages end with a form feed; the last one may be empty)."""
    return [page for page in pdf_text.split("\f") if page.strip()]


def to_pdf_text(path: Path) -> str:
    """Convert a .docx with LibreOffice headless, then extract the PDF's text with pdftotext."""
    return to_pdf_texts([path])[path]


def to_pdf_texts(paths: list[Path]) -> dict[Path, str]:
    """Several .docx files (in one folder) converted by one LibreOffice run, each PDF's text by pdftotext: one
    start of LibreOffice (a second or two) instead of one for each file."""
    folder = paths[0].parent
    assert all(path.parent == folder for path in paths) and len({path.stem for path in paths}) == len(paths)
    out, profile = folder / "pdf", folder / "lo-profile"
    subprocess.run(
        [soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(out), *map(str, paths)],
        check=True, capture_output=True, timeout=180 + 30 * len(paths))
    texts = {}
    for path in paths:
        pdf = out / (path.stem + ".pdf")
        assert pdf.is_file() and pdf.stat().st_size > 1000, f"LibreOffice made no PDF of {path.name}"
        texts[path] = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], check=True,
                                     capture_output=True, text=True, timeout=60).stdout
    return texts
