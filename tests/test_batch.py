"""``safe-zone batch``: a spreadsheet of districts in, a folder of drafts each and a report out; bad rows reported."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import struct
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from batch_cases import BAD, GOOD, HEADER, ROWS, districts_csv
from resolution_builder.composition.composer import slugify


def _batch(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "resolution_builder", "batch", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=600)


def _report(out: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((out / "batch-report.csv").read_text(encoding="utf-8"))))


def _text(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture(scope="module")
def mixed_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("batch")
    (folder / "districts.csv").write_bytes(districts_csv())
    result = _batch(str(folder / "districts.csv"), "-o", str(folder / "out"), "--jobs", "2")
    return result, folder / "out"


def test_good_rows_are_built_and_readable_bad_rows_reported_with_their_row_numbers(mixed_run):
    result, out = mixed_run
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    for row, name in GOOD.items():
        folder = out / slugify(name)
        # a Spanish row's drafts are named in Spanish
        policy, resolution = ("politica", "resolucion") if ROWS[row - 2][5] == "es" else ("policy", "resolution")
        assert sorted(p.name for p in folder.iterdir()) == [f"{slugify(name)}-{policy}.docx",
                                                            f"{slugify(name)}-{resolution}.docx"]
        assert name in _text(folder / f"{slugify(name)}-{resolution}.docx")
        assert name in _text(folder / f"{slugify(name)}-{policy}.docx")
    assert "Distrito Escolar de Peñasco" in _text(out / "distrito-escolar-de-penasco" /
                                                  "distrito-escolar-de-penasco-resolucion.docx")
    report = _report(out)
    assert [int(r["row"]) for r in report] == sorted([*GOOD, *BAD])
    for row in report:
        number = int(row["row"])
        if number in GOOD:
            assert (row["district"], row["status"], row["problems"]) == (GOOD[number], "built", "")
        else:
            name, field = BAD[number]
            assert row["status"] == "failed" and row["district"] == name
            assert row["problems"].startswith(f"{field}: ")
            assert f"row {number} ({name or 'no name'}): {field}: " in result.stderr
    assert "3 of 7 districts built" in result.stderr and "4 failed" in result.stderr
    assert len([p for p in out.iterdir() if p.is_dir()]) == len(GOOD), "a bad row leaves no folder"


def test_a_row_with_its_own_provisions_and_option_gets_them(mixed_run):
    _, out = mixed_run
    slug = slugify(GOOD[8])
    policy = _text(out / slug / f"{slug}-policy.docx")
    # An English row (language left blank): its own training_days, 30, not the provision's default of 60.
    assert "shall be trained on this policy within 30 days after its adoption" in policy


def test_without_a_terminal_there_is_no_progress_bar(mixed_run):
    result, _ = mixed_run
    assert "%|" not in result.stderr and "district/s" not in result.stderr


def test_an_unknown_column_is_named_and_nothing_is_built(tmp_path):
    (tmp_path / "districts.csv").write_bytes(districts_csv([*HEADER[:3], "board.nmae", *HEADER[4:]], ROWS))
    result = _batch(str(tmp_path / "districts.csv"), "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "column 'board.nmae': not an answers field" in result.stderr
    assert not (tmp_path / "out").exists()


def test_option_columns_must_name_a_real_provision_option(tmp_path):
    (tmp_path / "districts.csv").write_bytes(districts_csv(
        ["district.name", "district.state", "board.name", "provisions.staff-training.no_such_option"],
        [["Lakeside School District", "OR", "Board", "3"]]))
    result = _batch(str(tmp_path / "districts.csv"), "-o", str(tmp_path / "out"))
    assert result.returncode == 2 and "column 'provisions.staff-training.no_such_option'" in result.stderr


def test_shared_defaults_fill_blank_cells_but_never_a_districts_name_or_city(tmp_path):
    example = subprocess.run([sys.executable, "-m", "resolution_builder", "example"], capture_output=True, text=True,
                             check=True).stdout
    (tmp_path / "shared.yaml").write_text(example, encoding="utf-8")
    (tmp_path / "districts.csv").write_bytes(districts_csv(
        ["district.name", "district.state", "board.name"],
        [["Lakeside School District", "OR", "Lakeside Board of Directors"], ["", "OR", "Nameless Board"]]))
    result = _batch(str(tmp_path / "districts.csv"), "-o", str(tmp_path / "out"), "--defaults",
                    str(tmp_path / "shared.yaml"), "--jobs", "1", "--bilingual")
    assert result.returncode == 2, result.stderr
    report = _report(tmp_path / "out")
    assert [(r["row"], r["status"]) for r in report] == [("2", "built"), ("3", "failed")]
    assert report[1]["problems"].startswith("district.name: ")
    text = _text(tmp_path / "out" / "lakeside-school-district" / "lakeside-school-district-resolution.docx")
    assert "Lakeside School District" in text and "Cedar Valley" not in text
    assert "Maria Delgado" in text, "the shared presiding officer's name comes from the defaults"
    assert "RESOLUCIÓN" in text, "--bilingual applies to every district"


def test_all_rows_good_exits_zero_and_xlsx_dates_are_read(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["district.name", "district.state", "board.name", "adoption.meeting_date", "adoption.resolution_number"])
    sheet.append(["Birch Hollow School District", "WA", "Board of Directors", dt.datetime(2026, 12, 10), 14])
    book.save(tmp_path / "districts.xlsx")
    result = _batch(str(tmp_path / "districts.xlsx"), "-o", str(tmp_path / "out"), "--quiet")
    assert result.returncode == 0, result.stderr
    assert result.stderr == "" and result.stdout == ""
    text = _text(tmp_path / "out" / "birch-hollow-school-district" / "birch-hollow-school-district-resolution.docx")
    assert "December 10, 2026" in text and "14" in text
    assert _report(tmp_path / "out")[0]["status"] == "built"


def test_an_unreadable_file_is_an_error_without_a_traceback(tmp_path):
    (tmp_path / "districts.csv").write_bytes(b"\xff\xfe\x00 not text")
    result = _batch(str(tmp_path / "districts.csv"), "-o", str(tmp_path / "out"))
    assert result.returncode == 2 and "is not a UTF-8 CSV file" in result.stderr and "Traceback" not in result.stderr
    (tmp_path / "book.xlsx").write_bytes(b"not a workbook")
    result = _batch(str(tmp_path / "book.xlsx"), "-o", str(tmp_path / "out"))
    assert result.returncode == 2 and "not a readable .xlsx workbook" in result.stderr


def test_two_districts_of_the_same_name_get_their_own_folders(tmp_path):
    (tmp_path / "districts.csv").write_bytes(districts_csv(
        ["district.name", "district.state", "board.name"],
        [["Lakeside School District", "OR", "Board of Directors"], ["Lakeside School District", "MI", "Board of Trustees"]]))
    result = _batch(str(tmp_path / "districts.csv"), "-o", str(tmp_path / "out"), "--jobs", "1")
    assert result.returncode == 0, result.stderr
    first, second = tmp_path / "out" / "lakeside-school-district", tmp_path / "out" / "lakeside-school-district-2"
    assert sorted(p.name for p in second.iterdir()) == ["lakeside-school-district-policy.docx",
                                                        "lakeside-school-district-resolution.docx"]
    assert "Board of Directors" in _text(first / "lakeside-school-district-resolution.docx")
    assert "Board of Trustees" in _text(second / "lakeside-school-district-resolution.docx")


def test_on_a_terminal_a_progress_bar_shows_the_run(tmp_path):
    pty = pytest.importorskip("pty")
    (tmp_path / "districts.csv").write_bytes(districts_csv(
        ["district.name", "district.state", "board.name"], [["Lakeside School District", "OR", "Board"]]))
    main, terminal = pty.openpty()
    fcntl = pytest.importorskip("fcntl")
    termios = pytest.importorskip("termios")
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a terminal 100 columns wide
    process = subprocess.Popen([sys.executable, "-m", "resolution_builder", "batch", str(tmp_path / "districts.csv"),
                                "-o", str(tmp_path / "out")], stdout=terminal, stderr=terminal)
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the terminal closed: the command has ended
            break
        if not chunk:
            break
        shown += chunk
    assert process.wait(timeout=300) == 0
    os.close(main)
    assert b"100%" in shown and b"1/1" in shown and b"district" in shown
