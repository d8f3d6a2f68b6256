"""Drafts and redlines through a real LibreOffice: a saved draft keeps its answers, the redline's tracked
changes are read by LibreOffice as revisions, and accepting them gives the edited text."""

from __future__ import annotations

import re
import subprocess
from io import BytesIO
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from helpers import example_data, soffice
from real_parts import need
from resolution_builder import build_documents, load_answers
from resolution_builder.redline.compare import compare_drafts
from resolution_builder.word.carried_answers import read_carried
from test_compare import accepted, key_term, revisions, texts_of

pytestmark = pytest.mark.libreoffice


@pytest.fixture(scope="module")
def libreoffice():
    need(soffice() is not None, "LibreOffice (soffice) is needed: apt-get install libreoffice-writer-nogui")


def saved_by_libreoffice(content: bytes, folder: Path, name: str = "draft.docx") -> bytes:
    """Open the .docx in LibreOffice and save it as .docx again, as a person editing in LibreOffice would."""
    return all_saved_by_libreoffice({name: content}, folder)[name]


def all_saved_by_libreoffice(contents: dict[str, bytes], folder: Path) -> dict[str, bytes]:
    """Several .docx files ({file name: bytes}) opened and saved again by one LibreOffice run."""
    sources, out = folder / "in", folder / "out"
    sources.mkdir(parents=True, exist_ok=True)
    for name, content in contents.items():
        (sources / name).write_bytes(content)
    subprocess.run([soffice(), f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
                    "--convert-to", "docx", "--outdir", str(out), *(str(sources / name) for name in contents)],
                   check=True, capture_output=True, timeout=180 + 30 * len(contents))
    return {name: (out / name).read_bytes() for name in contents}


def even(texts: list[str]) -> list[str]:
    return [" ".join(t.split()) for t in texts]


@pytest.mark.parametrize("output", [{}, {"bilingual": True}, {"annotated": True}])
def test_a_draft_saved_by_libreoffice_still_carries_its_answers(tmp_path, libreoffice, output):
    answers, _ = load_answers({**example_data(), "output": output})
    drafts = build_documents(answers)
    assert len(drafts) == 3
    saved_drafts = all_saved_by_libreoffice({f"{kind}.docx": d.content for kind, d in drafts.items()}, tmp_path)
    for kind in drafts:
        saved = saved_drafts[f"{kind}.docx"]
        carried = read_carried(saved)
        assert carried is not None and carried.document == kind
        assert load_answers(carried.answers)[0] == answers
        comparison = compare_drafts(saved)
        assert comparison.report.changed_paragraphs == 0, comparison.report.as_dict()["other_changes"]


def test_an_edited_draft_saved_by_libreoffice_compares_and_its_redline_opens_there(tmp_path, libreoffice):
    answers, _ = load_answers({**example_data(), "language": "es"})
    original = build_documents(answers)["policy"].content
    document = docx.Document(BytesIO(original))
    rule = next(p for p in document.paragraphs if p.style.name == "Policy Rule" and key_term(p.text, "es"))
    term = key_term(rule.text, "es")
    run = next(r for r in rule.runs if term.casefold() in r.text.casefold())
    run.text = re.sub(re.escape(term), "", run.text, count=1, flags=re.IGNORECASE)
    document.add_paragraph("Párrafo nuevo de la asesoría.")
    out = BytesIO()
    document.save(out)
    edited = saved_by_libreoffice(out.getvalue(), tmp_path / "edited")

    comparison = compare_drafts(edited)
    assert comparison.document == "policy"
    assert any(w.rule == "term_removed" and w.before.casefold() == term.casefold() and w.language == "es"
               for w in comparison.report.warnings)
    assert [c.after for c in comparison.report.other_changes] == ["Párrafo nuevo de la asesoría."]
    assert even(accepted(comparison.redline)) == even(texts_of(edited))

    reopened = saved_by_libreoffice(comparison.redline, tmp_path / "redline", "redline.docx")
    marks = revisions(reopened, "w:del") + revisions(reopened, "w:ins")
    assert marks and {m.get(qn("w:author")) for m in marks} == {"Safe Zone Builder"}, "LibreOffice kept the revisions"
    assert even(accepted(reopened)) == even(texts_of(edited))
