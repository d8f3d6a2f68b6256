"""The app's "Many districts" page under Streamlit's AppTest: rows checked first, one .zip, nothing on disk."""

from __future__ import annotations

import csv
import io
import zipfile

import docx
import pytest

from real_parts import need_module

need_module("streamlit")  # the dev extra installs it: skipped on a workstation without it, failed in CI
from streamlit.testing.v1 import AppTest  # noqa: E402

from batch_cases import BAD, GOOD, ROWS, districts_csv  # noqa: E402
from resolution_builder.composition.composer import slugify  # noqa: E402
from resolution_builder.ui.batch_page import BUILD_KEY, DISTRICTS_KEY, DOWNLOAD_KEY  # noqa: E402


def _english_page():
    from resolution_builder.ui.batch_page import batch_page
    from resolution_builder.ui.locale import Translator

    batch_page(Translator("en"))


def _spanish_page():
    from resolution_builder.ui.batch_page import batch_page
    from resolution_builder.ui.locale import Translator

    batch_page(Translator("es"))


def _uploaded(page, content: bytes, name: str = "districts.csv") -> AppTest:
    at = AppTest.from_function(page, default_timeout=120).run()
    assert not at.exception
    at.file_uploader(key=DISTRICTS_KEY).set_value((name, content, "text/csv")).run()
    assert not at.exception
    return at


def test_rows_are_checked_before_building_and_the_zip_holds_every_good_district(stored, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the page must write nothing: the working folder stays empty
    at = _uploaded(_english_page, districts_csv())
    assert at.warning and "3 of 7 districts are ready" in at.warning[0].value
    shown = at.text[0].value
    for number, (name, field) in BAD.items():
        assert f"row {number} ({name or 'no name'}): {field}:" in shown
    assert not at.get("download_button"), "nothing is built before the button is pressed"

    at.button(key=BUILD_KEY).click().run()
    assert not at.exception
    assert "Built 3 districts' drafts; 4 rows failed" in at.success[-1].value
    button = next(b for b in at.get("download_button") if b.proto.id.endswith(DOWNLOAD_KEY))
    archive = zipfile.ZipFile(io.BytesIO(stored[-1].get_file(button.proto.url.rsplit("/", 1)[-1]).content))
    names = archive.namelist()
    for row, name in GOOD.items():
        slug = slugify(name)
        kind = "resolucion" if ROWS[row - 2][5] == "es" else "resolution"  # Spanish drafts have Spanish names
        resolution = docx.Document(io.BytesIO(archive.read(f"{slug}/{slug}-{kind}.docx")))
        assert name in "\n".join(p.text for p in resolution.paragraphs)
    assert len([n for n in names if n.endswith(".docx")]) == 2 * len(GOOD)
    report = list(csv.DictReader(io.StringIO(archive.read("batch-report.csv").decode("utf-8"))))
    assert [int(r["row"]) for r in report] == sorted([*GOOD, *BAD])
    assert {int(r["row"]) for r in report if r["status"] == "failed"} == set(BAD)
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_column_is_named_and_nothing_is_offered():
    at = _uploaded(_english_page, districts_csv(["district.name", "district.state", "board.nmae"],
                                                [["Lakeside School District", "OR", "Board"]]))
    assert at.error and "nothing was built" in at.error[0].value
    assert "column 'board.nmae'" in at.text[0].value
    assert not [button for button in at.button if button.key == BUILD_KEY]


def test_the_spanish_page_explains_problems_in_spanish():
    at = _uploaded(_spanish_page, districts_csv())
    assert "3 de 7 distritos están listos" in at.warning[0].value
    assert "fila 4 (Bad State School District): district.state:" in at.text[0].value
