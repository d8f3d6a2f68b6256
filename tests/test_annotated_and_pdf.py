"""The annotated edition (Word comments, references appendix) and PDF through LibreOffice."""

from __future__ import annotations

import re
import os
import subprocess
import sys
import tempfile
import threading
from io import BytesIO
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from helpers import example_data, soffice, squash, texts, without_page_furniture
from resolution_builder import build_documents, compose, load_answers, load_library
from resolution_builder.composition.plan import plain
from resolution_builder.word.pdf import INSTALL_HINT, PdfUnavailable, to_pdf

LIBRARY = load_library()


def _answers(**output):
    return load_answers({**example_data(), "output": {"draft_mark": True, **output}})[0]


@pytest.fixture(scope="module")
def annotated():
    answers = _answers(annotated=True)
    documents = build_documents(answers)
    return answers, compose(answers), {k: docx.Document(BytesIO(d.content)) for k, d in documents.items()}, documents


def _anchors(document) -> dict[int, object]:
    """Comment id -> the paragraph its range starts in."""
    from docx.text.paragraph import Paragraph
    anchors = {}
    for start in document.element.body.iter(qn("w:commentRangeStart")):
        anchors[int(start.get(qn("w:id")))] = Paragraph(start.getparent(), document._body)
    return anchors


def _title(provision_id: str) -> str:
    return (LIBRARY.base if provision_id == "base" else LIBRARY.provisions[provision_id]).title["en"]


@pytest.mark.parametrize(("which", "kinds"), [("resolution", ("Resolved Clause",)),
                                              ("policy", ("Policy Rule", "Policy Text"))])
def test_one_comment_per_provision_on_its_first_paragraph_plus_the_title(annotated, which, kinds):
    _, plan, documents, _ = annotated
    document = documents[which]
    if which == "resolution":
        items = [(c, (c.provision_id, *c.also)) for c in plan.resolution.clauses]
    else:
        items = [(p, (p.provision_id,)) for s in plan.policy.sections for p in s.paragraphs if p.kind in ("rule", "text")]
    first: dict[str, str] = {}  # provision id -> the text of its first paragraph in this document
    for item, ids in items:
        for pid in ids:
            first.setdefault(pid, item.text if which == "resolution" else item.full_text)
    comments = {c.comment_id: c for c in document.comments}
    assert len(comments) == 1 + len(first)
    anchors = _anchors(document)
    assert sorted(anchors) == sorted(comments)
    title_comments = [cid for cid, p in anchors.items() if p.style.name == "Document Title"]
    assert len(title_comments) == 1
    assert "not legal advice" in comments[title_comments[0]].text
    seen = set()
    for cid, paragraph in anchors.items():
        if cid in title_comments:
            continue
        assert paragraph.style.name in kinds
        provision_id = next(pid for pid, text in first.items() if text == paragraph.text and
                            comments[cid].text.split("\n")[0] == _title(pid))
        seen.add(provision_id)
        assert comments[cid].author == "Safe Zone Builder"
    assert seen == set(first)


def test_comments_carry_rationale_law_and_choices(annotated):
    _, _, documents, _ = annotated
    texts_ = [c.text for c in documents["resolution"].comments]
    review = next(t for t in texts_ if t.startswith("District Review of Immigration Enforcement Requests"))
    assert LIBRARY.provisions["enforcement-review"].rationale["en"] in review
    assert "Legal references: U.S. Const. amend. IV" in review  # enforcement-review.yaml: [us-const-amend-4]
    assert "What the district chose: Who reviews a request: The Superintendent and district counsel" in review
    records = next(t for t in texts_ if t.startswith(LIBRARY.provisions["records-release"].title["en"]))
    label = LIBRARY.provisions["records-release"].option("include_employees").label["en"]
    assert f"{label}: yes" in records


def test_the_clean_edition_has_no_comments_and_no_appendix():
    documents = build_documents(_answers())
    for document in documents.values():
        opened = docx.Document(BytesIO(document.content))
        assert len(opened.comments) == 0
        assert not list(opened.element.body.iter(qn("w:commentRangeStart")))
        assert "Appendix Heading" not in {p.style.name for p in opened.paragraphs}


def test_the_appendix_lists_each_reference_and_where_it_is_relied_on(annotated):
    _, plan, documents, _ = annotated
    for document in documents.values():
        assert texts(document, "Appendix Heading") == ["Appendix: Legal References"]
        assert texts(document, "Appendix Reference") == [plain(r) for r in plan.references]
        notes = texts(document, "Appendix Note")
        assert len(notes) == len(plan.references) and all(n.startswith("Relied on by ") for n in notes)
    notes = dict(zip(texts(documents["policy"], "Appendix Reference"), texts(documents["policy"], "Appendix Note")))
    ferpa = notes["Family Educational Rights and Privacy Act (FERPA), 20 U.S.C. § 1232g"]
    recital = next(n for n, r in enumerate(plan.resolution.recitals, 1) if "privacy of student records" in r.text)
    assert ferpa.startswith(f"Relied on by recitals {recital}") and re.search(r"; (policy|regulation) \d", ferpa)
    plyler = notes["Plyler v. Doe, 457 U.S. 202 (1982)"]
    assert plyler.startswith("Relied on by recitals 2"), "only where it is really relied on"


def test_spanish_and_bilingual_annotations():
    answers = load_answers({**example_data(), "language": "es", "output": {"annotated": True, "bilingual": True}})[0]
    document = docx.Document(BytesIO(build_documents(answers)["resolution"].content))
    comments = [c.text for c in document.comments]
    assert any(c.startswith("Este borrador es para deliberación") for c in comments)
    assert any(c.startswith("Revisión por el Distrito de las solicitudes de control migratorio") for c in comments)
    assert texts(document, "Appendix Heading") == ["Apéndice: referencias legales"]


needs_libreoffice = pytest.mark.usefixtures("soffice_needed")


@needs_libreoffice
@pytest.mark.libreoffice
def test_pdf_of_both_editions_keeps_every_clause(annotated):
    answers, plan, _, annotated_documents = annotated
    for documents in (build_documents(_answers()), annotated_documents):
        pdfs = to_pdf(documents)
        assert sorted(d.filename for d in pdfs.values()) == [f"cedar-valley-unified-school-district-{kind}.pdf"
                                                             for kind in ("policy", "regulation", "resolution")]
        text = squash(without_page_furniture(_pdf_text(pdfs["resolution"].content)))
        for clause in plan.resolution.clauses:
            assert squash(clause.text) in text


def _pdf_text(content: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        return subprocess.run(["pdftotext", "-layout", handle.name, "-"], capture_output=True, text=True,
                              check=True).stdout


@needs_libreoffice
@pytest.mark.libreoffice
def test_two_conversions_at_once_each_get_their_own_file(monkeypatch, tmp_path):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    names = ["Alder Creek School District", "Birch Hollow School District"]
    results: dict[str, bytes] = {}

    def convert(name: str) -> None:
        answers = load_answers({"district": {"name": name, "state": "WA"}, "board": {"name": "Board of Directors"}})[0]
        results[name] = to_pdf({"resolution": build_documents(answers)["resolution"]})["resolution"].content

    threads = [threading.Thread(target=convert, args=(name,)) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    for name, other in (names, names[::-1]):
        text = _pdf_text(results[name])
        assert name in text and other not in text
    assert list(tmp_path.iterdir()) == [], "every conversion folder is removed"


def _python_env(path: str) -> dict[str, str]:
    return {**os.environ, "PATH": path}


def test_without_libreoffice_pdf_is_refused_and_docx_still_works(tmp_path, monkeypatch):
    answers = tmp_path / "answers.yaml"
    answers.write_text(subprocess.run([sys.executable, "-m", "resolution_builder", "example"], capture_output=True,
                                      text=True, check=True).stdout)
    no_office = str(tmp_path / "empty-bin")
    Path(no_office).mkdir()
    refused = subprocess.run([sys.executable, "-m", "resolution_builder", "build", str(answers), "-o",
                              str(tmp_path / "out"), "--format", "docx,pdf"], capture_output=True, text=True,
                             env=_python_env(no_office))
    # the example is Californian: its state warning (Mirabelli v. Bonta, issue 21) comes first, as a warning: line
    errors = [line for line in refused.stderr.splitlines() if not line.startswith("warning: ")]
    assert refused.returncode == 1 and "\n".join(errors).strip() == INSTALL_HINT
    assert not (tmp_path / "out").exists()
    works = subprocess.run([sys.executable, "-m", "resolution_builder", "build", str(answers), "-o",
                            str(tmp_path / "out"), "--annotated"], capture_output=True, text=True,
                           env=_python_env(no_office))
    assert works.returncode == 0, works.stderr
    assert len(list((tmp_path / "out").glob("*.docx"))) == 3
    monkeypatch.setenv("PATH", no_office)
    with pytest.raises(PdfUnavailable, match="PDF needs LibreOffice"):
        to_pdf(build_documents(_answers()))


def test_a_hung_conversion_is_stopped_and_cleaned_up(tmp_path, monkeypatch):
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "soffice").write_text("#!/bin/sh\nsleep 30\n")
    (fake / "soffice").chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake}:{os.environ['PATH']}")
    work = tmp_path / "tmp"
    work.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(work))
    with pytest.raises(PdfUnavailable, match="took longer than 0.5 s"):  # a limit of its own: it never finishes
        to_pdf(build_documents(_answers()), time_limit=0.5)
    assert list(work.iterdir()) == []


@needs_libreoffice
@pytest.mark.libreoffice
def test_one_shot_pdfs_are_pdfa_and_tagged(tmp_path):
    import pikepdf

    pdf = to_pdf({"resolution": build_documents(_answers())["resolution"]})["resolution"]
    path = tmp_path / pdf.filename
    path.write_bytes(pdf.content)
    with pikepdf.open(path) as opened:
        metadata = opened.open_metadata()
        assert (metadata.get("pdfaid:part"), metadata.get("pdfaid:conformance")) == ("2", "B")
        assert opened.Root.MarkInfo.Marked, "tagged for screen readers"


@needs_libreoffice
@pytest.mark.libreoffice
def test_a_pdf_with_comments_does_not_claim_pdfa_and_the_others_still_do(annotated):
    """LibreOffice writes Word comments as PDF annotations without appearance streams, which PDF/A forbids:
    the annotated edition's PDF keeps its comments and claims no PDF/A; a PDF without comments stays PDF/A-2b."""
    import io

    import pikepdf

    _, _, _, annotated_documents = annotated
    pdfs = to_pdf({"annotated": annotated_documents["resolution"], "plain": build_documents(_answers())["policy"]})
    for kind, pdf in pdfs.items():
        with pikepdf.open(io.BytesIO(pdf.content)) as opened:
            metadata = opened.open_metadata()
            claims = (metadata.get("pdfaid:part"), metadata.get("pdfaid:conformance"))
            annotations = [a for page in opened.pages for a in page.get("/Annots", [])]
            without_appearance = [a for a in annotations if "/AP" not in a and a.get("/Subtype") not in
                                  (pikepdf.Name.Popup, pikepdf.Name.Link)]
            assert opened.Root.MarkInfo.Marked, kind
            if kind == "annotated":
                assert without_appearance, "the comments are kept, as annotations"
                assert claims == (None, None)
            else:
                assert claims == ("2", "B") and not without_appearance
