"""An independent client opens the drafts: LibreOffice headless converts them to PDF, pdftotext reads them."""

from __future__ import annotations


import re
import subprocess

import pytest

from helpers import example_data, squash, to_pdf_texts, without_page_furniture
from real_parts import need_libreoffice
from resolution_builder import build_documents, compose, load_answers

pytestmark = pytest.mark.libreoffice


@pytest.fixture(scope="module")
def converter():
    """Several drafts laid out by one LibreOffice run: {path: pdftotext's text}."""
    need_libreoffice()
    return to_pdf_texts


def _written(tmp_path, documents) -> dict:
    """{kind: the draft's path}, each draft written under its own file name."""
    paths = {}
    for kind, document in documents.items():
        paths[kind] = tmp_path / document.filename
        paths[kind].write_bytes(document.content)
    return paths


@pytest.mark.parametrize("language", ["en", "es"])
def test_both_documents_convert_and_keep_every_clause(tmp_path, converter, language):
    answers, _ = load_answers({**example_data(), "language": language})
    plan = compose(answers)
    paths = _written(tmp_path, build_documents(answers))
    assert len(paths) == 3
    pdf_texts = converter(list(paths.values()))
    for kind, path in paths.items():
        pdf_text = pdf_texts[path]
        pages = pdf_text.count("\f")
        assert re.search(r"^\s*(Page 1 of|Página 1 de) \d+\s*$", pdf_text, re.M), "footer page numbers"
        assert f"{pages} of {pages}" in pdf_text or f"{pages} de {pages}" in pdf_text
        text = squash(without_page_furniture(pdf_text))
        assert "Cedar Valley Unified School District" in text
        # the legal references and related policies print in two columns: read them in reading order
        reading = squash(without_page_furniture(subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path.parent / "pdf" / f"{path.stem}.pdf"), "-"], check=True,
            capture_output=True, text=True).stdout))
        if kind == "resolution":
            for clause in plan.resolution.clauses:
                assert squash(clause.text) in text, clause.text
        else:
            for section in plan.as_policy(kind).policy.sections:
                assert f"{section.number}. {section.title}" in text  # Word list numbering, laid out by LibreOffice
                for paragraph in section.paragraphs:
                    found = reading if paragraph.kind == "reference" else text
                    assert squash(paragraph.full_text) in found, paragraph.full_text


def test_the_bilingual_edition_opens_in_libreoffice(tmp_path, converter):
    answers, _ = load_answers({**example_data(), "output": {"bilingual": True}})
    paths = _written(tmp_path, build_documents(answers))
    assert len(paths) == 3
    pdf_texts = converter(list(paths.values()))
    for kind, path in paths.items():
        text = pdf_texts[path]
        assert "Cedar Valley Unified" in text and "DRAFT / BORRADOR" in text
        heading = {"resolution": ("RESOLUTION", "RESOLUCIÓN"), "policy": ("BOARD POLICY", "POLÍTICA DE LA JUNTA"),
                   "regulation": ("ADMINISTRATIVE REGULATION", "REGLAMENTO ADMINISTRATIVO")}[kind]
        assert heading[0] in text and heading[1] in text


def test_each_rule_is_printed_under_the_number_the_plan_gives_it(tmp_path, converter):
    """The preview, the counsel notes and the protections report name rules by the plan's numbers; Word's list
    numbering prints them: the two must agree, rule by rule."""
    answers, _ = load_answers(example_data())
    plan = compose(answers)
    document = build_documents(answers)["policy"]
    path = tmp_path / document.filename
    path.write_bytes(document.content)
    text = squash(without_page_furniture(converter([path])[path]))
    rules = [p for s in plan.policy.sections for p in s.paragraphs if p.kind == "rule"]
    assert len(rules) >= 10 and rules[0].number.endswith(".1")
    missing = [p.number for p in rules if squash(f"{p.number} {p.full_text}") not in text]
    assert missing == []
