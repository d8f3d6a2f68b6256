"""The app's "Many districts" page under Streamlit's AppTest: rows checked first, one .zip, nothing on disk."""

from __future__ import annotations

import csv
import io
import tracemalloc
import zipfile

import docx
import pytest

from real_parts import need_module

need_module("streamlit")  # the dev extra installs it: skipped on a workstation without it, failed in CI
from streamlit.testing.v1 import AppTest  # noqa: E402

from batch_cases import (BAD, GOOD, GOOD_WORKBOOK_ROWS, ROWS, districts_csv, hostile_spreadsheets,  # noqa: E402
                         with_sheet, workbook)
from test_app import boxes  # noqa: E402
from helpers import representatives  # noqa: E402
from resolution_builder.composition.composer import slugify  # noqa: E402
from resolution_builder.word.carried_answers import read_answers  # noqa: E402
from resolution_builder.ui.batch_page import BUILD_KEY, DEFAULTS_KEY, DISTRICTS_KEY, DOWNLOAD_KEY  # noqa: E402


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


def test_rows_are_checked_before_building_and_the_zip_holds_every_good_district(download, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the page must write nothing: the working folder stays empty
    at = _uploaded(_english_page, districts_csv())
    assert at.warning and "3 of 7 districts are ready" in at.warning[0].value
    shown = "\n".join(boxes(at, "text"))
    for number, (name, field) in BAD.items():  # fields named by the spreadsheet's columns
        assert f"row {number} ({name or 'no name'}): {field.replace('[1].id', '')}:" in shown
    assert not at.get("download_button"), "nothing is built before the button is pressed"

    at.button(key=BUILD_KEY).click().run()
    assert not at.exception
    assert "Built 3 districts' drafts; 4 rows failed" in at.success[-1].value
    archive = zipfile.ZipFile(io.BytesIO(download(at, DOWNLOAD_KEY)[1]))
    names = archive.namelist()
    for row, name in GOOD.items():
        slug = slugify(name)
        kind = "resolucion" if ROWS[row - 2][5] == "es" else "resolution"  # Spanish drafts have Spanish names
        resolution = docx.Document(io.BytesIO(archive.read(f"{slug}/{slug}-{kind}.docx")))
        assert name in "\n".join(p.text for p in resolution.paragraphs)
        carried = read_answers(archive.read(f"{slug}/{slug}-{kind}.docx"))  # the answers that made it, as build's
        assert carried and carried["district"]["name"] == name
    assert len([n for n in names if n.endswith(".docx")]) == 3 * len(GOOD)
    report = list(csv.DictReader(io.StringIO(archive.read("batch-report.csv").decode("utf-8"))))
    assert [int(r["row"]) for r in report] == sorted([*GOOD, *BAD])
    assert {int(r["row"]) for r in report if r["status"] == "failed"} == set(BAD)
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_column_is_named_and_nothing_is_offered():
    at = _uploaded(_english_page, districts_csv(["district.name", "district.state", "board.nmae"],
                                                [["Lakeside School District", "OR", "Board"]]))
    assert "nothing was built" in boxes(at, "error")[0]
    assert "column 'board.nmae'" in boxes(at, "error")[1]
    assert not [button for button in at.button if button.key == BUILD_KEY]


def test_the_spanish_page_explains_problems_in_spanish():
    at = _uploaded(_spanish_page, districts_csv())
    assert "3 de 7 distritos están listos" in at.warning[0].value
    assert "fila 4 (Bad State School District): district.state:" in boxes(at, "text")[0]


APP_CASES = ["zip-bomb", "billion-laughs", "xxe", "row-too-wide", "row-past-the-last", "rows-xlsx", "rows-csv",
             "columns-100000", "line-too-long", "blank-lines", "many-parts"]  # the command line's cases that need no --max-rows


@pytest.fixture(scope="module")
def hostile():
    return hostile_spreadsheets()


@pytest.mark.parametrize("case", representatives(APP_CASES, {"zip-bomb", "rows-csv"}))
def test_a_hostile_spreadsheet_is_refused_with_the_readers_message_in_bounded_memory(hostile, case):
    name, content, _, said = hostile[case]
    tracemalloc.start()
    try:
        at = _uploaded(_english_page, content, name)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    shown = boxes(at, "error")
    assert shown and "This file cannot be used; nothing was built" in shown[0]
    assert any(said in line for line in shown[1:]), shown
    assert not [button for button in at.button if button.key == BUILD_KEY]
    assert peak < 100 << 20, f"{peak >> 20} MiB allocated while refusing it"


@pytest.mark.slow  # memory traced through a page run of seconds (the reader's own test of this sheet is fast)
def test_the_page_states_its_row_limit_and_reads_a_sheet_that_claims_every_row_as_it_is():
    content = with_sheet(workbook(GOOD_WORKBOOK_ROWS), lambda xml: xml.replace(
        b'<dimension ref="A1:C2"/>', b'<dimension ref="A1:XFD1048576"/>').replace(
        b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'))
    tracemalloc.start()
    try:
        at = _uploaded(_english_page, content, "dimension.xlsx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "At most 5,000 districts in one spreadsheet" in " ".join(caption.value for caption in at.caption)
    assert at.success and at.success[0].value == "The district is ready to build."
    assert peak < 100 << 20, f"{peak >> 20} MiB allocated while reading it"


def test_the_spanish_page_refuses_a_dtd_in_spanish(hostile):
    name, content, _, _ = hostile["billion-laughs"]
    at = _uploaded(_spanish_page, content, name)
    assert any("declara una DTD o entidades" in line for line in boxes(at, "error"))


def test_shared_choices_never_give_a_district_its_people_and_the_page_says_which_were_left_out(tmp_path):
    from resolution_builder.library.loader import DATA_DIR

    at = AppTest.from_function(_english_page, default_timeout=120).run()
    at.file_uploader(key=DEFAULTS_KEY).set_value(
        ("answers.yaml", (DATA_DIR / "example.yaml").read_bytes(), "application/yaml")).run()
    at.file_uploader(key=DISTRICTS_KEY).set_value(("districts.csv", districts_csv(
        ["district.name", "district.state", "board.name"], [["Lakeside School District", "OR", "Board"]]),
        "text/csv")).run()
    assert not at.exception
    assert at.info and "board.presiding_officer_name" in at.info[0].value and "Not taken" in at.info[0].value



ONE_BAD = (["district.name", "district.state", "board.name", "provisions", "provisions.staff-training.training_days"],
           [["Lakeside School District", "OR", "Board of Directors", "", ""],
            ["Hill School District", "OR", "", "safe-zone-declaration;staff-training", "1000"]])


@pytest.mark.parametrize(("page", "said", "problems"), [
    (_english_page, "1 of 2 districts is ready to build; 1 has problems.",
     ["row 3 (Hill School District): board.name: is required",
      "row 3 (Hill School District): provisions.staff-training.training_days: "]),
    (_spanish_page, "1 de 2 distritos está listo; 1 tiene problemas.",
     ["fila 3 (Hill School District): board.name: ", "fila 3 (Hill School District): provisions.staff-training."
                                                     "training_days: "])])
def test_one_problem_row_is_counted_in_the_singular_and_named_by_its_columns(page, said, problems):
    at = _uploaded(page, districts_csv(*ONE_BAD))
    assert at.warning[0].value == said
    shown = boxes(at, "text")
    assert len(shown) == len(problems) and all(line.startswith(start) for line, start in zip(shown, problems))


def test_a_built_districts_warnings_are_shown_on_the_page_as_written():
    """A district built with a clause still to translate (and a name with markup): the page says so after the
    build, naming the row, literally, as batch-report.csv does."""
    header = ["district.name", "district.state", "board.name", "language", "local.clauses.en"]
    rows = [["Río *Bravo* ISD", "TX", "Board of Trustees", "es", "the Board thanks the volunteers"],
            ["Lakeside School District", "OR", "Lakeside Board", "en", "the Board thanks the volunteers"]]
    at = _uploaded(_english_page, districts_csv(header, rows))
    at.button(key=BUILD_KEY).click().run()
    assert not at.exception
    shown = "\n".join(boxes(at, "warning"))
    assert "row 2 (Río *Bravo* ISD): local.clauses[0].es: has no Spanish text" in shown
    assert "row 3" not in shown  # the English row has its text
