"""Every kind of Word file the project writes is valid against the ISO/IEC 29500 transitional schemas, part by
part, after Markup Compatibility, as Word reads it: Word drops or refuses what is out of schema order where
LibreOffice forgives it. The schemas come from the shared folder beside the clone (tests/ooxml_validation.py)."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import docx
import pytest

from helpers import example_data, representatives
from ooxml_validation import problems, schema_folder
from real_parts import need
from resolution_builder import build_documents, load_answers, load_library
from resolution_builder.packet import build_packet
from resolution_builder.redline.compare import compare_drafts

TEMPLATES = sorted((Path(__file__).resolve().parent.parent / "templates").glob("*.docx"))
EDITIONS = {  # name: (language, output)
    "resolution-and-policy": ("en", {}),
    "spanish": ("es", {}),
    "no-draft-mark": ("en", {"draft_mark": False}),
    "bilingual": ("en", {"bilingual": True}),
    "bilingual-spanish-first": ("es", {"bilingual": True}),
    "annotated": ("en", {"annotated": True}),
    "bilingual-annotated": ("es", {"bilingual": True, "annotated": True}),
}


@pytest.fixture(scope="module")
def schemas() -> Path:
    folder = schema_folder()
    need(folder is not None, "the ISO/IEC 29500 schemas (../shared/ooxml-schemas beside the clone) are missing")
    return folder


def answers(language: str, output: dict, every_provision: bool = False):
    data = {**example_data(), "language": language, "output": output}
    if every_provision:
        data["provisions"] = [{"id": pid} for pid in load_library().provisions]
    return load_answers(data)[0]


@pytest.mark.parametrize("edition", representatives(list(EDITIONS), {"bilingual-annotated"}))
def test_every_draft_edition_is_schema_valid(edition, schemas):
    language, output = EDITIONS[edition]
    for every in (False, True):
        for kind, document in build_documents(answers(language, output, every)).items():
            assert problems(document.content, schemas) == [], f"{edition} {kind}"


@pytest.mark.parametrize("language, output", representatives([("en", {}), ("es", {}), ("en", {"bilingual": True})],
                                                              [("en", {"bilingual": True})]))
def test_every_packet_document_is_schema_valid(language, output, schemas):
    packet = build_packet(answers(language, output))
    assert len(packet) == 6
    for kind, document in packet.items():
        assert problems(document.content, schemas) == [], kind


def _edited(content: bytes) -> bytes:
    """A paragraph reworded, one deleted, one added; in the bilingual edition a row deleted, a cell edited and
    a row added."""
    document = docx.Document(BytesIO(content))
    if document.tables:
        table = document.tables[0]
        rows = [row for row in table.rows if len(row.cells[0].text.split()) > 8]
        rows[1]._tr.getparent().remove(rows[1]._tr)
        rows[2].cells[1].paragraphs[0].runs[-1].text += " Enmendado."
        rows[3].cells[0].paragraphs[0].runs[-1].text += " As amended."
        added = table.add_row()
        added.cells[0].text, added.cells[1].text = "The Board adds this row.", "La Junta añade esta fila."
    else:
        paragraphs = [p for p in document.paragraphs if len(p.text.split()) > 8]
        paragraphs[1].runs[-1].text += " As amended."
        paragraphs[2]._p.getparent().remove(paragraphs[2]._p)
        paragraphs[3].insert_paragraph_before("The Board adds this paragraph.")
    out = BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("edition", representatives(["resolution-and-policy", "bilingual", "annotated"], {"bilingual"}))
def test_every_redline_is_schema_valid(edition, schemas):
    language, output = EDITIONS[edition]
    for kind, document in build_documents(answers(language, output)).items():
        comparison = compare_drafts(_edited(document.content))
        assert comparison.report.changed_paragraphs >= 3
        assert problems(comparison.redline, schemas) == [], f"{edition} {kind}"


@pytest.mark.parametrize("template", TEMPLATES, ids=[t.name for t in TEMPLATES])
def test_every_template_is_schema_valid(template, schemas):
    assert problems(template.read_bytes(), schemas) == []
