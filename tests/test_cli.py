"""The safe-zone command, run as a person runs it: exit statuses, messages, files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from helpers import representatives, safe_zone
from resolution_builder.cli import parser

README = Path(__file__).resolve().parent.parent / "README.md"
COMMANDS = ["example", "check", "build", "batch", "provisions", "references", "compare", "states"]


def run(*args, stdin: str | None = None, cwd=None):
    return safe_zone(*args, stdin=stdin, cwd=cwd)


def as_a_process(*args, stdin: str | None = None, cwd=None):
    return subprocess.run([sys.executable, "-m", "resolution_builder", *args], capture_output=True, text=True,
                          input=stdin, cwd=cwd, timeout=120)


def test_example_check_build_round_trip(tmp_path):
    run = as_a_process  # the whole path a person takes: python -m resolution_builder, three commands
    example = run("example")
    assert example.returncode == 0 and example.stdout.startswith("# Safe Zone Builder answers file")
    answers = tmp_path / "answers.yaml"
    answers.write_text(example.stdout, encoding="utf-8")

    check = run("check", str(answers))
    assert check.returncode == 0, check.stderr
    assert "valid: Cedar Valley Unified School District" in check.stdout

    build = run("build", str(answers), "-o", str(tmp_path / "drafts"))
    assert build.returncode == 0, build.stderr
    written = sorted(p.name for p in (tmp_path / "drafts").iterdir())
    assert written == ["cedar-valley-unified-school-district-policy.docx",
                       "cedar-valley-unified-school-district-regulation.docx",
                       "cedar-valley-unified-school-district-resolution.docx"]
    assert build.stdout.split() == [str(tmp_path / "drafts" / name) for name in (written[2], written[0], written[1])]
    resolution = docx.Document(tmp_path / "drafts" / written[2])
    assert resolution.sections[0].header.paragraphs[0].text == "DRAFT"


def test_build_without_draft_mark_reads_json_from_stdin(tmp_path):
    data = {"district": {"name": "Río Grande ISD", "state": "TX"}, "board": {"name": "Board of Trustees"}}
    result = run("build", "-", "-o", str(tmp_path), "--no-draft-mark", stdin=json.dumps(data))
    assert result.returncode == 0, result.stderr
    document = docx.Document(tmp_path / "rio-grande-isd-resolution.docx")
    assert document.sections[0].header.paragraphs[0].text == ""
    assert document.paragraphs[2].text == "Río Grande ISD"


@pytest.mark.parametrize(("content", "expected"), [
    ("district: {name: X, state: XX}\nboard: {name: B}\n", ["district.state: 'XX' is not a U.S. state or territory code"]),
    ("district: {state: CA}\nboard: {name: B}\n", ["district.name: is required"]),
    ("district: {name: X, state: CA}\nboard: {name: B}\nprovisions: [{id: nope}]\n",
     ["provisions[0].id: 'nope' is not a provision in the library (list them with: safe-zone provisions)"]),
    ("district: {name: X, state: CA}\nboard: {name: B}\nprovisions: [{id: board-reporting, options: {report_days: soon}}]\n",
     ["provisions[0].options.report_days: 'soon' is not a whole number"]),
    ("district: {name: X, state: CA}\nboard: {name: B}\nadoption: {meeting_date: 2026-02-30}\n",
     ["adoption.meeting_date: '2026-02-30' is not a real date; write it as YYYY-MM-DD"]),
    ("district: [unclosed\n", None),
    ("- just\n- a list\n", ["the answers must be a group of fields (district, board, provisions ...)"]),
])
@pytest.mark.parametrize("command", ["check", "build"])
def test_bad_answers_exit_2_with_one_line_per_problem(tmp_path, content, expected, command):
    answers = tmp_path / "answers.yaml"
    answers.write_text(content, encoding="utf-8")
    result = run(command, str(answers), *(["-o", str(tmp_path / "out")] if command == "build" else []))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    if expected is None:
        assert result.stderr.startswith(f"{answers}: line ") and "not valid YAML or JSON" in result.stderr
    else:
        assert result.stderr.splitlines() == expected
    assert not (tmp_path / "out").exists()


def test_missing_file_exits_2(tmp_path):
    result = run("check", str(tmp_path / "nowhere.yaml"))
    assert result.returncode == 2 and "cannot be read" in result.stderr and "Traceback" not in result.stderr


def test_warnings_for_cleaned_text_go_to_stderr(tmp_path):
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({"district": {"name": "Oak\u000bRidge SD", "state": "WA"}, "board": {"name": "B"}}))
    result = run("check", str(answers))
    assert result.returncode == 0
    assert result.stderr.startswith("warning: district.name: removed characters")


def test_provisions_lists_categories_and_json():
    text = run("provisions")
    assert text.returncode == 0 and "Immigration enforcement and school grounds" in text.stdout
    rows = json.loads(run("provisions", "--json").stdout)
    ids = [row["id"] for row in rows]
    assert "enforcement-review" in ids and len(ids) == len(set(ids))
    review = next(row for row in rows if row["id"] == "enforcement-review")
    assert review["options"][0] == {"id": "reviewer", "type": "choice", "default": "superintendent-and-counsel",
                                    "choices": ["superintendent-and-counsel", "counsel", "superintendent"]}


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_is_documented(command):
    result = run(command, "--help")
    assert result.returncode == 0 and "usage: safe-zone " + command in result.stdout
    assert f"safe-zone {command}" in README.read_text(encoding="utf-8")


def test_commands_listed_here_are_all_the_commands():
    subparsers = next(a for a in parser()._actions if a.dest == "command")
    assert sorted(subparsers.choices) == sorted(COMMANDS)


def test_no_command_is_a_usage_error():
    result = as_a_process()
    assert result.returncode == 2 and "usage:" in result.stderr


def test_a_folder_given_as_the_answers_file_is_refused_by_name(tmp_path):
    for command in ("check", "build"):
        result = run(command, str(tmp_path))
        assert result.returncode == 2
        assert result.stderr.splitlines() == [f"{tmp_path}: is not a regular file (a folder, a device or a pipe "
                                              "cannot be read as answers)"]


def test_o_naming_an_existing_file_says_it_wants_a_folder(tmp_path):
    (tmp_path / "answers.yaml").write_text(run("example").stdout, encoding="utf-8")
    (tmp_path / "answers-es.yaml").write_text("mine", encoding="utf-8")
    result = run("build", str(tmp_path / "answers.yaml"), "-o", str(tmp_path / "answers-es.yaml"))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"{tmp_path / 'answers-es.yaml'}: is a file; -o wants the folder to write "
                                          "the documents into (it is made if missing)"]
    assert (tmp_path / "answers-es.yaml").read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("code", ["XX", "ZZ", "\x1b[2J"])
def test_references_refuses_a_state_that_is_not_one(code):
    result = run("references", "--state", code)
    assert result.returncode == 2 and not result.stdout
    shown = code.upper().replace("\x1b", "\\x1b")
    assert result.stderr.splitlines() == [f"--state {shown}: is not a U.S. state or territory code "
                                          "(safe-zone states lists them)"]


def test_states_in_spanish_has_spanish_labels():
    from resolution_builder.localized_files import load_localized
    from resolution_builder.states_command import WORDS_FILE
    words = load_localized(WORDS_FILE)["es"]
    out = run("states", "--language", "es").stdout
    assert "(neutral)" in out and f"({words['posture_restrictive']})" in out
    assert "verificar con asesoría jurídica: " in out and "consultado el 2026-" in out
    for english in ("(checked ", "verify with counsel:", "warning:", "at risk:", "jurisdictions."):
        assert english not in out, english
    from resolution_builder import load_library
    notes = [law.verify for profile in load_library().state_profiles.values() for law in profile.laws if law.verify]
    assert notes and all(f"verificar con asesoría jurídica: {note['es']}\n" in out and note["en"] not in out
                         for note in notes)


@pytest.mark.parametrize("command", representatives([["provisions"], ["provisions", "--language", "es"],
                                                      ["references"], ["states"]], [["provisions"]]))
def test_piped_to_head_it_stops_quietly(command):
    """`safe-zone provisions | head -1`: the reader stops after its line; no message, no traceback.

    The pipe is made as small as Linux allows (one page), so the command is still writing when the reader
    goes away, whatever the machine's speed."""
    import fcntl
    import os
    read_end, write_end = os.pipe()
    fcntl.fcntl(write_end, getattr(fcntl, "F_SETPIPE_SZ", 1031), 4096)
    process = subprocess.Popen([sys.executable, "-m", "resolution_builder", *command], stdout=write_end,
                               stderr=subprocess.PIPE)
    os.close(write_end)
    first = os.read(read_end, 80)
    os.close(read_end)  # as head does once it has its line
    stderr = process.stderr.read().decode()
    assert first and process.wait(timeout=60) == 0
    assert stderr == ""


def test_unknown_keys_are_shown_escaped_never_sent_raw_to_the_terminal(tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"district": {"name": "X", "state": "CA", "\x1b[2J\x1b[1;1Hfake": 1,
                                                "line\nbreak": 2}, "board": {"name": "B"}}), encoding="utf-8")
    result = run("check", str(answers))
    assert result.returncode == 2 and "\x1b" not in result.stderr
    assert "district.\\x1b[2J\\x1b[1;1Hfake: is not a field here" in result.stderr
    assert "district.line\\nbreak: is not a field here" in result.stderr


def test_dates_far_outside_a_boards_calendar_are_refused(tmp_path):
    answers = tmp_path / "answers.yaml"
    for field in ("effective_date", "meeting_date"):
        for value in ("0001-01-01", "9999-12-31"):
            answers.write_text(f"district: {{name: X, state: CA}}\nboard: {{name: B}}\n"
                               f"adoption: {{{field}: {value}}}\n", encoding="utf-8")
            result = run("check", str(answers))
            assert result.returncode == 2
            assert result.stderr.splitlines() == [f"adoption.{field}: must be between 2000-01-01 and 2100-12-31"]


def test_json_with_escaped_emoji_keeps_them(tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text('{"district": {"name": "\\ud83c\\udfeb", "state": "OH"}, '
                       '"board": {"name": "Escuela \\ud83c\\udfeb Norte"}}', encoding="utf-8")
    result = run("build", str(answers), "-o", str(tmp_path / "out"))
    assert result.returncode == 0 and result.stderr == "", result.stderr
    resolution = next((tmp_path / "out").glob("*-resolution.docx"))
    text = "\n".join(p.text for p in docx.Document(resolution).paragraphs)
    assert "Escuela \U0001F3EB Norte" in text and "\U0001F3EB" in text.replace("Escuela \U0001F3EB Norte", "")
