"""``safe-zone batch`` against hostile spreadsheets, each made small here: refused with exit status 2 and a clear
message, nothing written, and the command's peak memory measured (the bombs of the security review took GBs)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile

import pytest

from helpers import representatives, safe_zone
from batch_cases import GOOD_WORKBOOK_ROWS, districts_csv, hostile_spreadsheets, with_sheet, workbook

PEAK_MIB = 150  # the command's peak resident memory while refusing (it starts at about 50 MiB)
# Runs the command as its only child, under an address-space cap (a regression fails fast instead of filling the
# machine), and reports its exit status, its standard error and its peak resident memory.
_MEASURE = """
import json, resource, subprocess, sys
cap = 3 << 30
child = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=300,
                       preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (cap, cap)))
print(json.dumps({"status": child.returncode, "stderr": child.stderr,
                  "peak_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def _measured(*args: str) -> dict:
    command = [sys.executable, "-c", _MEASURE, sys.executable, "-m", "resolution_builder", "batch", *args]
    return json.loads(subprocess.run(command, capture_output=True, text=True, check=True, timeout=600).stdout)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    cases = {}
    for case, (name, content, extra, said) in hostile_spreadsheets().items():
        (folder / case).mkdir()
        (folder / case / name).write_bytes(content)
        cases[case] = (folder / case / name, extra, said)
    return cases


@pytest.mark.slow  # the command as its own process, its peak memory measured (the page's refusals run in the fast tier)
@pytest.mark.parametrize("case", representatives([
    "zip-bomb", "part-too-big", "billion-laughs", "xxe", "too-many-cells", "row-too-wide", "row-past-the-last",
    "rows-xlsx", "rows-csv", "rows-over-max-rows", "columns-100000", "line-too-long", "blank-lines", "formatted-cells",
    "many-parts", "damaged-part"], {"zip-bomb", "billion-laughs", "rows-over-max-rows"}))
def test_a_hostile_spreadsheet_is_refused_quickly_in_bounded_memory_and_nothing_is_written(hostile, case):
    path, extra, said = hostile[case]
    out = path.parent / "out"
    result = _measured(str(path), "-o", str(out), *extra)
    assert result["status"] == 2, result["stderr"]
    assert f"{path}: " in result["stderr"] and said in result["stderr"], result["stderr"]
    assert "Traceback" not in result["stderr"] and "unexpected" not in result["stderr"]
    assert len(result["stderr"]) < 2_000, "one or two lines, not megabytes"
    assert not out.exists(), "nothing is written"
    assert result["peak_mib"] < PEAK_MIB, f"peak memory {result['peak_mib']:.0f} MiB"


def test_the_row_limit_says_how_to_read_more_and_max_rows_reads_them(hostile, tmp_path):
    path, _, _ = hostile["rows-over-max-rows"]
    refused = safe_zone("batch", str(path), "-o", str(tmp_path / "refused"), "--max-rows", "3")
    assert refused.returncode == 2 and "--max-rows N reads more" in refused.stderr, refused.stderr
    built = safe_zone("batch", str(path), "-o", str(tmp_path / "out"), "--max-rows", "4", "--jobs", "1", "--quiet")
    assert built.returncode == 0, built.stderr
    assert len([p for p in (tmp_path / "out").iterdir() if p.is_dir()]) == 4


def test_a_sheet_claiming_every_row_and_column_is_read_as_it_is(tmp_path):
    """The 1.6 KB .xlsx that took the app's server to 3 GB: a dimension of A1:XFD1048576 and a cell in the last
    row and column. Its claim is ignored; its one district is built."""
    content = with_sheet(workbook(GOOD_WORKBOOK_ROWS), lambda xml: xml.replace(
        b'<dimension ref="A1:C2"/>', b'<dimension ref="A1:XFD1048576"/>').replace(
        b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'))
    assert b"A1:XFD1048576" in zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    assert len(content) < 6_000
    (tmp_path / "dimension.xlsx").write_bytes(content)
    result = _measured(str(tmp_path / "dimension.xlsx"), "-o", str(tmp_path / "out"), "--jobs", "1", "--quiet")
    assert result["status"] == 0, result["stderr"]
    assert [p.name for p in (tmp_path / "out").iterdir() if p.is_dir()] == ["lakeside-school-district"]
    assert result["peak_mib"] < PEAK_MIB + 50, f"peak memory {result['peak_mib']:.0f} MiB (building one district)"


@pytest.mark.slow  # the command as its own process: a reader that waited on a pipe would hang the run
@pytest.mark.parametrize("kind", ["device", "fifo", "huge-sparse-file", "folder"])
def test_endless_and_special_inputs_are_refused_by_kind_or_size_without_reading_them(tmp_path, kind):
    if kind == "device":
        path, said = "/dev/zero", "is not a regular file"
    elif kind == "fifo":
        path, said = str(tmp_path / "districts.csv"), "is not a regular file"
        os.mkfifo(path)  # nobody writes to it: reading would wait for ever
    elif kind == "huge-sparse-file":
        path, said = str(tmp_path / "districts.csv"), "is larger than 20,000,000 bytes"
        with open(path, "wb") as handle:
            handle.truncate(4 << 30)  # 4 GiB of nothing, taking no disk
    else:
        path, said = str(tmp_path), "is not a regular file"
    result = _measured(path, "-o", str(tmp_path / "out"))
    assert result["status"] == 2 and said in result["stderr"], result["stderr"]
    assert not (tmp_path / "out").exists()
    assert result["peak_mib"] < PEAK_MIB


def test_many_unknown_columns_are_listed_at_most_fifty_then_counted(tmp_path):
    header = ["district.name", "district.state", "board.name"] + [f"note {i}" for i in range(120)]
    (tmp_path / "districts.csv").write_bytes(districts_csv(header, [["Lakeside School District", "OR", "Board"]]))
    result = _measured(str(tmp_path / "districts.csv"), "-o", str(tmp_path / "out"))
    lines = result["stderr"].splitlines()
    assert result["status"] == 2
    assert len(lines) == 52, lines[-3:]
    assert lines[0].endswith("column 'note 0': not an answers field")
    assert lines[50].endswith("… and 70 more problems")
    assert "the columns are named after the answers' fields: adoption.approved_as_to_form" in lines[51]
    assert not (tmp_path / "out").exists()


def test_a_misspelt_column_is_given_its_likely_name(tmp_path):
    (tmp_path / "districts.csv").write_bytes(districts_csv(["district.name", "district.state", "board.nmae"],
                                                           [["Lakeside School District", "OR", "Board"]]))
    result = _measured(str(tmp_path / "districts.csv"), "-o", str(tmp_path / "out"))
    assert "column 'board.nmae': not an answers field (did you mean 'board.name'?)" in result["stderr"]


def test_a_date_cell_holding_a_plain_number_says_so(tmp_path):
    (tmp_path / "districts.xlsx").write_bytes(workbook([GOOD_WORKBOOK_ROWS[0] + ["adoption.meeting_date"],
                                                        GOOD_WORKBOOK_ROWS[1] + [46000]]))
    result = _measured(str(tmp_path / "districts.xlsx"), "-o", str(tmp_path / "out"))
    assert result["status"] == 2
    assert ("row 2 (Lakeside School District): adoption.meeting_date: the cell holds the number 46000, not a date "
            "(as a spreadsheet date it would be 2025-12-09); format the cell as a date or type the date as "
            "YYYY-MM-DD\n") in result["stderr"]
    assert "without a time" not in result["stderr"]
