"""The safe-zone command, run as a person runs it: exit statuses, messages, files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from helpers import safe_zone
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
                       "cedar-valley-unified-school-district-resolution.docx"]
    assert build.stdout.split() == [str(tmp_path / "drafts" / name) for name in reversed(written)]
    resolution = docx.Document(tmp_path / "drafts" / written[1])
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
