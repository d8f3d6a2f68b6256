"""``safe-zone batch``: a spreadsheet of districts in, a folder of drafts each and a report out; bad rows reported."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import signal
import struct
import subprocess
import sys
from pathlib import Path

import docx
import pytest
import yaml

from batch_cases import BAD, GOOD, HEADER, ROWS, districts_csv
from helpers import safe_zone
from real_parts import need
from resolution_builder.composition.composer import slugify


def _batch_process(*args: str) -> subprocess.CompletedProcess:
    """``safe-zone batch`` as its own process: what the worker pool, the PDF converters and the exit status of a
    real run need."""
    return subprocess.run([sys.executable, "-m", "resolution_builder", "batch", *args], capture_output=True,
                          text=True, timeout=600)


def _batch(*args: str) -> subprocess.CompletedProcess:
    """``safe-zone batch`` in this process (``helpers.safe_zone``): the rows, files and report, without a new
    interpreter each time."""
    return safe_zone("batch", *args)


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
    result = _batch_process(str(folder / "districts.csv"), "-o", str(folder / "out"), "--jobs", "2")
    return result, folder / "out"


def test_good_rows_are_built_and_readable_bad_rows_reported_with_their_row_numbers(mixed_run):
    result, out = mixed_run
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    for row, name in GOOD.items():
        folder = out / slugify(name)
        # a Spanish row's drafts are named in Spanish
        policy, regulation, resolution = (("politica", "reglamento", "resolucion") if ROWS[row - 2][5] == "es"
                                          else ("policy", "regulation", "resolution"))
        if ROWS[row - 2][1] == "WA":  # Washington's regulation is a procedure (WSSDA's 4300P)
            regulation = "procedure"
        assert sorted(p.name for p in folder.iterdir()) == [f"{slugify(name)}-{policy}.docx",
                                                            f"{slugify(name)}-{regulation}.docx",
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


def _readme_csv() -> str:
    """README's example districts CSV, as a newcomer would copy it."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    start = readme.index("```\ndistrict.name,district.state")
    return readme[start + 4:readme.index("```", start + 4)]


def test_readmes_csv_with_shared_answers_names_no_other_districts_people_or_numbers(tmp_path):
    example = safe_zone("example").stdout
    (tmp_path / "answers.yaml").write_text(example, encoding="utf-8")  # as README says: safe-zone example > answers.yaml
    (tmp_path / "districts.csv").write_text(_readme_csv(), encoding="utf-8")
    result = _batch(str(tmp_path / "districts.csv"), "-o", str(tmp_path / "out"), "--defaults",
                    str(tmp_path / "answers.yaml"), "--jobs", "1", "--bilingual")
    assert result.returncode == 0, result.stderr
    shared = yaml.safe_load(example)
    # the example's own people, numbers and names: none may reach another district's drafts
    theirs = [shared["district"]["name"], shared["district"]["city"], shared["board"]["name"],
              shared["board"]["presiding_officer_name"], shared["board"]["secretary_name"],
              shared["adoption"]["resolution_number"], shared["adoption"]["policy_number"]]
    drafts = sorted((tmp_path / "out").glob("*/*.docx"))
    assert len(drafts) == 6  # two districts: resolution, policy and regulation each
    for draft in drafts:
        text = _text(draft)
        assert not [value for value in theirs if value in text], draft.name
    resolution = _text(next(draft for draft in drafts if draft.name.endswith("-resolution.docx")))
    assert "RESOLUCIÓN" in resolution, "--bilingual applies to every district"
    # what the shared answers do give: the board titles (the officers' titles, not their names)
    assert shared["board"]["presiding_officer_title"] in resolution
    assert ("warning: " in result.stderr and "board.presiding_officer_name" in result.stderr
            and "not taken from the shared answers" in result.stderr)


def test_a_blank_required_field_of_a_district_stays_blank_and_refuses_the_row(tmp_path):
    example = safe_zone("example").stdout
    (tmp_path / "shared.yaml").write_text(example, encoding="utf-8")
    (tmp_path / "districts.csv").write_bytes(districts_csv(
        ["district.name", "district.state", "board.name"],
        [["Lakeside School District", "OR", ""], ["Hillside School District", "", "Board"]]))
    result = _batch(str(tmp_path / "districts.csv"), "-o", str(tmp_path / "out"), "--defaults",
                    str(tmp_path / "shared.yaml"), "--jobs", "1")
    assert result.returncode == 2, result.stderr
    report = _report(tmp_path / "out")
    assert [(r["row"], r["status"], r["problems"].split(":")[0]) for r in report] == [
        ("2", "failed", "board.name"), ("3", "failed", "district.state")]


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
                                                        "lakeside-school-district-regulation.docx",
                                                        "lakeside-school-district-resolution.docx"]
    assert "Board of Directors" in _text(first / "lakeside-school-district-resolution.docx")
    assert "Board of Trustees" in _text(second / "lakeside-school-district-resolution.docx")


@pytest.mark.slow  # the command as its own process on a terminal
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


def _names(count: int) -> bytes:
    return districts_csv(["district.name", "district.state", "board.name"],
                         [[f"District Number {index}", "OR", "Board of Directors"] for index in range(count)])


@pytest.mark.slow  # the command as its own process, stopped by a signal once its first district is written
@pytest.mark.parametrize("stop, status, said", [(signal.SIGINT, 130, "Ctrl-C"), (signal.SIGTERM, 143, "terminated")])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_stopped_batch_leaves_only_finished_districts_and_says_how_many(tmp_path, stop, status, said, jobs):
    (tmp_path / "districts.csv").write_bytes(_names(40))
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "resolution_builder", "batch", str(tmp_path / "districts.csv"),
                                "-o", str(out), "--jobs", jobs], stderr=subprocess.PIPE, text=True)
    while not any(len(list(folder.glob("*.docx"))) == 3 for folder in out.glob("*/")):  # a first district is
        # whole: stop now, while the next ones are being built and written
        try:
            process.wait(timeout=0.05)
            pytest.fail(f"the batch ended before it was stopped: {process.stderr.read()}")
        except subprocess.TimeoutExpired:
            pass
    process.send_signal(stop)
    stderr = process.communicate(timeout=30)[1]  # stops within seconds, not after the other districts
    assert process.returncode == status, stderr
    assert "Traceback" not in stderr and "Exception" not in stderr
    last = stderr.strip().splitlines()[-1]
    assert last.startswith(f"stopped ({said}) after "), last
    finished = int(last.split(" after ")[1].split(" of ")[0])
    assert f"after {finished} of 40 districts: their drafts are in {out}" in last
    assert f"; {40 - finished} were not built" in last
    folders = sorted(path for path in out.iterdir() if path.is_dir())
    assert len(folders) == finished >= 1
    for folder in folders:  # every district left is whole: the three drafts, each a complete Word file
        names = sorted(path.name for path in folder.iterdir())
        assert names == [f"{folder.name}-{kind}.docx" for kind in ("policy", "regulation", "resolution")]
        for name in names:
            docx.Document(str(folder / name))
    assert not [path for path in out.rglob("*") if path.name.startswith(".")], "no temporary file is left"
    report = _report(out)
    assert len(report) == 40
    assert sum(row["status"] == "built" for row in report) == finished
    assert sum(row["status"] == "not built" for row in report) == 40 - finished


def test_an_existing_draft_and_a_symlink_are_left_untouched_without_force(tmp_path):
    (tmp_path / "districts.csv").write_bytes(districts_csv(["district.name", "district.state", "board.name"], [
        ["Alder Creek School District", "OR", "Board"], ["Birch School District", "WA", "Board"],
        ["Cedar School District", "CA", "Board"]]))
    out = tmp_path / "out"
    (out / "alder-creek-school-district").mkdir(parents=True)
    (out / "birch-school-district").mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (out / "cedar-school-district").symlink_to(elsewhere, target_is_directory=True)
    precious = tmp_path / "precious.txt"
    precious.write_text("outside the output folder", encoding="utf-8")
    link = out / "alder-creek-school-district" / "alder-creek-school-district-policy.docx"
    link.symlink_to(precious)
    edited = out / "birch-school-district" / "birch-school-district-resolution.docx"
    edited.write_text("a draft someone edited", encoding="utf-8")
    result = _batch(str(tmp_path / "districts.csv"), "-o", str(out), "--jobs", "1")
    assert result.returncode == 2
    for folder in ("alder-creek-school-district", "birch-school-district", "cedar-school-district"):
        assert f"{out / folder}: already exists; choose another folder with -o, or add --force" in result.stderr
    assert precious.read_text(encoding="utf-8") == "outside the output folder" and link.is_symlink()
    assert edited.read_text(encoding="utf-8") == "a draft someone edited"
    assert sorted(p.name for p in out.rglob("*")) == sorted([
        "alder-creek-school-district", "alder-creek-school-district-policy.docx", "birch-school-district",
        "birch-school-district-resolution.docx", "cedar-school-district"]), "nothing else was written, not even the report"

    forced = _batch(str(tmp_path / "districts.csv"), "-o", str(out), "--force", "--jobs", "1")
    assert forced.returncode == 0, forced.stderr
    assert precious.read_text(encoding="utf-8") == "outside the output folder", "never written through the symlink"
    assert not link.is_symlink()
    assert "Alder Creek School District" in _text(link) and "Birch School District" in _text(edited)
    assert list(elsewhere.iterdir()) == [], "never written through a symlinked district folder"
    assert (out / "cedar-school-district").is_dir() and not (out / "cedar-school-district").is_symlink()


def test_a_batch_draft_carries_its_answers_so_compare_reads_it(tmp_path):
    (tmp_path / "districts.csv").write_bytes(districts_csv(["district.name", "district.state", "board.name"],
                                                           [["Lakeside School District", "OR", "Board"]]))
    assert _batch(str(tmp_path / "districts.csv"), "-o", str(tmp_path / "out")).returncode == 0
    draft = tmp_path / "out" / "lakeside-school-district" / "lakeside-school-district-resolution.docx"
    compared = safe_zone("compare", str(draft), "-o", str(tmp_path / "redline.docx"))
    assert compared.returncode == 0, compared.stderr
    assert "No differences" in compared.stdout
    assert (tmp_path / "redline.docx").exists()


def test_a_formula_in_a_district_name_is_text_in_the_report(tmp_path):
    names = ['=HYPERLINK("http://127.0.0.1:9/x","click")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3 District",
             "\t=1+1 District", "Plain School District"]
    (tmp_path / "districts.csv").write_bytes(districts_csv(["district.name", "district.state", "board.name"],
                                                           [[name, "OR", "Board"] for name in names]))
    result = _batch(str(tmp_path / "districts.csv"), "-o", str(tmp_path / "out"), "--jobs", "1")
    assert result.returncode == 0, result.stderr
    shown = [row["district"] for row in _report(tmp_path / "out")]
    assert shown == ["'" + names[0], "'" + names[1], "'" + names[2], "'" + names[3], "'=1+1 District",
                     "Plain School District"]


def test_every_problem_of_a_row_is_listed_at_once_and_cleaned_text_is_warned(tmp_path):
    (tmp_path / "districts.csv").write_bytes(districts_csv(
        ["district.name", "district.state", "board.name", "adoption.meeting_date",
         "provisions", "provisions.staff-training.training_days"],
        [["", "OR", "Board", "2026-02-30", "safe-zone-declaration", "30"],
         ["Nul\x00 School District", "OR", "Board", "", "", ""]]))
    result = _batch(str(tmp_path / "districts.csv"), "-o", str(tmp_path / "out"), "--jobs", "1")
    assert result.returncode == 2
    failed, built = _report(tmp_path / "out")
    fields = [line.split(":")[0] for line in failed["problems"].splitlines()]
    assert fields == ["provisions.staff-training.training_days", "district.name", "adoption.meeting_date"]
    assert built["status"] == "built" and built["district"] == "Nul School District"
    warning = "district.name: removed characters that a Word document cannot hold (U+0000)"
    assert f"warning: row 3 (Nul School District): {warning}" in result.stderr
    assert built["warnings"].startswith(warning)


def test_a_rows_packet_is_written_beside_its_drafts(tmp_path):
    (tmp_path / "districts.csv").write_bytes(districts_csv(["district.name", "district.state", "board.name",
                                                            "output.packet"],
                                                           [["Lakeside School District", "OR", "Board", "true"],
                                                            ["Hillside School District", "OR", "Board", ""]]))
    result = _batch(str(tmp_path / "districts.csv"), "-o", str(tmp_path / "out"), "--jobs", "1")
    assert result.returncode == 0, result.stderr
    assert len(list((tmp_path / "out" / "lakeside-school-district").iterdir())) == 9  # 3 drafts, 6 packet documents
    assert (tmp_path / "out" / "lakeside-school-district" / "lakeside-school-district-faq.docx").exists()
    assert len(list((tmp_path / "out" / "hillside-school-district").iterdir())) == 3
    result = _batch(str(tmp_path / "districts.csv"), "-o", str(tmp_path / "all"), "--jobs", "1", "--packet")
    assert len(list((tmp_path / "all" / "hillside-school-district").iterdir())) == 9


@pytest.mark.libreoffice
def test_annotated_pdfs_in_a_batch_are_made_and_the_docx_kept(tmp_path):
    need(shutil.which("soffice") is not None, "LibreOffice is needed: apt-get install libreoffice-writer-nogui")
    (tmp_path / "districts.csv").write_bytes(districts_csv(["district.name", "district.state", "board.name"], [
        ["Ann One School District", "OR", "Board"], ["Ann Two School District", "WA", "Board"]]))
    result = _batch_process(str(tmp_path / "districts.csv"), "-o", str(tmp_path / "out"), "--annotated", "--format",
                    "docx,pdf", "--jobs", "2")
    assert result.returncode == 0, result.stderr
    for slug, regulation in (("ann-one-school-district", "regulation"), ("ann-two-school-district", "procedure")):
        folder = tmp_path / "out" / slug
        assert sorted(p.name for p in folder.iterdir()) == sorted(
            f"{slug}-{kind}.{ext}" for kind in ("policy", regulation, "resolution") for ext in ("docx", "pdf"))
        assert (folder / f"{slug}-resolution.pdf").read_bytes().startswith(b"%PDF")
        assert docx.Document(str(folder / f"{slug}-resolution.docx")).comments, "the annotated edition"
    assert {row["status"] for row in _report(tmp_path / "out")} == {"built"}


def test_an_output_that_is_a_file_is_refused_saying_o_wants_a_folder(tmp_path):
    (tmp_path / "districts.csv").write_bytes(_names(1))
    (tmp_path / "answers.yaml").write_text("kept", encoding="utf-8")
    result = _batch(str(tmp_path / "districts.csv"), "-o", str(tmp_path / "answers.yaml"))
    assert result.returncode == 2
    assert f"{tmp_path / 'answers.yaml'}: is not a folder; -o names the folder" in result.stderr
    assert (tmp_path / "answers.yaml").read_text(encoding="utf-8") == "kept"


@pytest.mark.libreoffice
def test_sigterm_during_a_pdf_batch_stops_the_converters_and_leaves_no_temporary_folder(tmp_path, short_tmp):
    need(shutil.which("soffice") is not None, "LibreOffice is needed: apt-get install libreoffice-writer-nogui")
    (tmp_path / "districts.csv").write_bytes(_names(20))
    out, temporary = tmp_path / "out", short_tmp
    process = subprocess.Popen([sys.executable, "-m", "resolution_builder", "batch", str(tmp_path / "districts.csv"),
                                "-o", str(out), "--jobs", "2", "--format", "docx,pdf"], stderr=subprocess.PIPE,
                               text=True, env={**os.environ, "TMPDIR": str(temporary)})
    while not any(len(list(folder.glob("*.*f"))) == 3 and len(list(folder.glob("*.docx"))) == 3
                  for folder in out.glob("*/")):  # a first district is whole: its drafts and PDFs, none temporary
        try:
            process.wait(timeout=0.1)
            pytest.fail(f"the batch ended before it was stopped: {process.stderr.read()}")
        except subprocess.TimeoutExpired:
            pass
    process.send_signal(signal.SIGTERM)
    stderr = process.communicate(timeout=60)[1]
    assert process.returncode == 143, stderr
    assert "Traceback" not in stderr and stderr.strip().splitlines()[-1].startswith("stopped (terminated) after ")
    for folder in (path for path in out.iterdir() if path.is_dir()):
        assert len(list(folder.iterdir())) == 6, "a district left is whole: three drafts and their PDFs"
    assert list(temporary.iterdir()) == [], "the converters' folders are removed"
    left = [pid for pid in os.listdir("/proc") if pid.isdigit() and str(temporary).encode() in
            _read_or_empty(f"/proc/{pid}/cmdline")]
    assert left == [], "no LibreOffice is left running"


def _read_or_empty(path: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return b""
