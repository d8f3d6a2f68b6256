"""Hostile answers files: each is refused quickly with exit status 2 and a `where: what` line, and nothing is
written; the few that are valid but odd are read the documented way."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import minimal_data
from resolution_builder.answers.reading import AnswersFileError, read_answers_bytes
from resolution_builder.build import AnswersError, load_answers
from resolution_builder.cli import main
from resolution_builder.yaml_io import dump_yaml

VALID = dump_yaml(minimal_data())
BASE = VALID.replace("provisions: []\n", "")  # for files that add their own provisions
TRAINING = "provisions:\n  - id: staff-training\n    options: {{training_days: {}}}\n"


def cli(*args: str, stdin: bytes | None = None, timeout: float = 30) -> tuple[int, str]:
    """Run the installed command as a person would; returns (exit status, stderr). ``timeout`` only stops a hang:
    how fast a refusal comes is measured by benchmarks/refusal_speed.py."""
    done = subprocess.run([sys.executable, "-m", "resolution_builder", *args], input=stdin, capture_output=True,
                          timeout=timeout)
    return done.returncode, done.stderr.decode()


def build_refused(tmp_path: Path, content: str | bytes, capsys) -> str:
    """Build from ``content``; assert exit 2, no traceback and no output folder; return stderr."""
    answers = tmp_path / "answers.yaml"
    answers.write_bytes(content.encode() if isinstance(content, str) else content)
    out = tmp_path / "out"
    status = main(["build", str(answers), "-o", str(out)])
    err = capsys.readouterr().err
    assert status == 2, err
    assert "Traceback" not in err and "unexpected" not in err
    assert not out.exists(), "a refused file must not create the output folder"
    return err


BILLION_LAUGHS = "\n".join(['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
                           + [f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
                           + ["district: {name: *i, state: OR}", "board: {name: B}"])


def test_billion_laughs_is_refused_at_once_naming_the_anchor(tmp_path):
    (tmp_path / "bomb.yaml").write_text(BILLION_LAUGHS)
    status, err = cli("build", str(tmp_path / "bomb.yaml"), "-o", str(tmp_path / "out"))
    assert status == 2
    assert err.strip() == (f"{tmp_path / 'bomb.yaml'}: line 1, column 4: YAML anchors and aliases (& and *) are not "
                           "allowed in an answers file; write each value out")
    # Refused while composing, at the first anchor (line 1): before any alias is expanded (was: killed at 60 s,
    # growing 3 MB/s). How soon: benchmarks/refusal_speed.py.
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("content, where", [
    ("district: &a [*a]\n", "line 1, column 11"),
    ("district: &a {x: *a}\n", "line 1, column 11"),
    ("base: &b {name: X}\ndistrict:\n  <<: *b\n", "line 1, column 7"),
])
def test_recursive_aliases_are_refused_with_exit_2(tmp_path, capsys, content, where):
    err = build_refused(tmp_path, content, capsys)
    assert f"answers.yaml: {where}: YAML anchors and aliases" in err


def test_merge_keys_are_refused_naming_line_and_column(tmp_path, capsys):
    err = build_refused(tmp_path, VALID + "adoption:\n  <<: {title: X}\n", capsys)
    assert err.strip().endswith("line 8, column 3: YAML merge keys (<<) are not allowed in an answers file; "
                                "write each field out")


@pytest.mark.parametrize("content", [
    "x: " + "[" * 100_000 + "]" * 100_000,
    "x: " + "[" * 900 + "]" * 900,
    "".join(f"{'  ' * i}k{i}:\n" for i in range(300)) + "  " * 300 + "v",
    '{"x": ' + '{"a": ' * 50_000 + "1" + "}" * 50_001,
])
def test_deep_nesting_is_refused_not_a_recursion_error(tmp_path, capsys, content):
    err = build_refused(tmp_path, content, capsys)
    assert "nested more than 20 levels deep; an answers file nests only a few" in err


def test_a_file_over_1_mb_is_refused_before_parsing(tmp_path, capsys):
    err = build_refused(tmp_path, VALID + "#" * 1_000_000 + "\n", capsys)
    assert err.strip().endswith("answers.yaml: is larger than 1,000,000 bytes; an answers file is a few KB, "
                                "so this is not one")


def test_endless_input_on_stdin_and_dev_zero_is_refused_quickly(tmp_path):
    status, err = cli("check", "-", stdin=b"#" * 3_000_000)
    assert (status, err.strip()) == (2, "-: is larger than 1,000,000 bytes; an answers file is a few KB, "
                                        "so this is not one")
    status, err = cli("check", "/dev/zero", timeout=20)
    assert status == 2 and "/dev/zero: is not a regular file" in err


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "answers.yaml"
    os.mkfifo(fifo)
    status, err = cli("build", str(fifo), "-o", str(tmp_path / "out"), timeout=20)
    assert status == 2
    assert err.strip() == (f"{fifo}: is not a regular file (a folder, a device or a pipe cannot be read "
                           "as answers)")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("content, expected", [
    (VALID + "district: {name: Other, state: CA}\n", "'district' is given twice (first on line 1); keep one"),
    ("district:\n  name: A\n  state: OR\n  name: B\nboard: {name: B}\n",
     "line 4, column 3: 'name' is given twice (first on line 2); keep one"),
    ('{"district": {"name": "A", "state": "OR"}, "board": {"name": "B"}, "board": {"name": "C"}}',
     "'board' is given twice (first on line 1); keep one"),
])
def test_duplicate_keys_are_refused_naming_the_key(tmp_path, capsys, content, expected):
    assert expected in build_refused(tmp_path, content, capsys)


@pytest.mark.parametrize("key, shown", [
    ("k" * 58, "'" + "k" * 58 + "'"),  # quoted, 60 characters: shown whole
    ("k" * 59, "'" + "k" * 56 + "..."),  # 61 characters: cut to 57 and an ellipsis
    ("7", "7"),  # a number as a number, unquoted
])
def test_a_duplicate_key_is_shown_quoted_and_cut_at_60_characters(tmp_path, capsys, key, shown):
    err = build_refused(tmp_path, f"{key}: 1\n{key}: 2\n", capsys)
    where = f"{tmp_path / 'answers.yaml'}: line 2, column 1"
    assert err.strip() == f"{where}: {shown} is given twice (first on line 1); keep one"


@pytest.mark.parametrize("content", [
    VALID.replace("Lakeside School District", "9" * 5000),
    BASE + TRAINING.format("9" * 5000),
    BASE + TRAINING.format("-" + "1" * 4400),
    VALID.replace("Lakeside School District", "0x" + "f" * 5000),
])
def test_huge_integers_are_refused_before_conversion(tmp_path, capsys, content):
    err = build_refused(tmp_path, content, capsys)
    assert "a number with more than 30 digits; no answer is that large" in err


@pytest.mark.parametrize("value, expected", [
    ("true", "provisions[0].options.training_days: must be a whole number"),
    ("false", "provisions[0].options.training_days: must be a whole number"),
    (".inf", "provisions[0].options.training_days: inf is not a whole number"),
    (".nan", "provisions[0].options.training_days: nan is not a whole number"),
])
def test_yes_no_and_infinity_are_not_numbers(tmp_path, capsys, value, expected):
    assert build_refused(tmp_path, BASE + TRAINING.format(value), capsys).strip() == expected


@pytest.mark.parametrize("value, expected", [
    ("0", "must be a date written YYYY-MM-DD"),
    ("20261210", "must be a date written YYYY-MM-DD"),
    ("true", "must be a date written YYYY-MM-DD"),
    ("0001-01-01", "must be between 2000-01-01 and 2100-12-31"),
    ("9999-12-31", "must be between 2000-01-01 and 2100-12-31"),
    ("1999-12-31", "must be between 2000-01-01 and 2100-12-31"),
])
def test_meeting_dates_are_iso_dates_within_the_form_range(tmp_path, capsys, value, expected):
    err = build_refused(tmp_path, VALID + f"adoption:\n  meeting_date: {value}\n", capsys)
    assert err.strip() == f"adoption.meeting_date: {expected}"


def test_a_number_or_a_far_date_is_refused_in_spanish_for_a_spanish_reader():
    """The refusals above in the reader's language (a mutant renaming the date's error type survived: the English
    fallback reads the same as the English message)."""
    from resolution_builder.answers.loading import AnswersError

    for value, said in ((20261210, "debe ser una fecha escrita AAAA-MM-DD"),
                        ("1999-12-31", "debe estar entre 2000-01-01 y 2100-12-31")):
        with pytest.raises(AnswersError) as refused:
            load_answers(minimal_data(adoption={"meeting_date": value}), language="es")
        assert refused.value.problems == [f"adoption.meeting_date: {said}"]


def test_meeting_date_range_ends_are_accepted():
    for day in ("2000-01-01", "2100-12-31"):
        answers, _ = load_answers(minimal_data(adoption={"meeting_date": day}))
        assert answers.adoption.meeting_date.isoformat() == day


@pytest.mark.parametrize("tag", ["!!binary aGVsbG8=", "!!timestamp 2026-12-10 10:00:00", "!!str 5", "!foo x"])
def test_yaml_tags_are_refused_with_a_clear_message(tmp_path, capsys, tag):
    err = build_refused(tmp_path, VALID.replace("Lakeside School District", tag), capsys)
    assert "line 2, column 9: YAML tags such as !" in err and "write the value as plain text" in err


@pytest.mark.parametrize("name", ["\u200b\u200c\u200d", "\u2800", "\u0301\u0302", "\u3164", "\u200b \u2060"])
def test_names_of_only_invisible_characters_are_empty(name):
    with pytest.raises(AnswersError) as refused:
        load_answers(minimal_data(district={"name": name, "state": "OR"}))
    assert refused.value.problems == ["district.name: must not be empty"]


def test_state_codes_are_compared_as_ascii_only():
    with pytest.raises(AnswersError) as refused:
        load_answers(minimal_data(district={"name": "X", "state": "ıl"}))
    assert refused.value.problems == ["district.state: 'ıl' is not a U.S. state or territory code"]
    assert load_answers(minimal_data(district={"name": "X", "state": " il "}))[0].district.state == "IL"


def test_raw_c1_controls_are_removed_with_a_warning(tmp_path):
    (tmp_path / "a.yaml").write_text(VALID.replace("Lakeside School", "Lake\x80side\x9f School"), encoding="utf-8")
    status, err = cli("build", str(tmp_path / "a.yaml"), "-o", str(tmp_path / "out"))
    assert status == 0, err
    assert err.strip() == ("warning: district.name: removed characters that a Word document cannot hold "
                           "(U+0080, U+009F); a line break or tab becomes a space")
    assert (tmp_path / "out" / "lakeside-school-district-resolution.docx").is_file()


@pytest.mark.parametrize("blank", ["", "   ", "\u200b"])
def test_a_blank_text_option_means_the_default(blank):
    data = minimal_data(provisions=[{"id": "school-liaison", "options": {"liaison_title": blank}}])
    answers, _ = load_answers(data)
    assert answers.provisions[0].options["liaison_title"] is None  # None: the library's default


@pytest.mark.parametrize("flag, output", [("--bilingual", "[1]"), ("--annotated", "x"), ("--no-draft-mark", "7"),
                                          ("--bilingual", "[]")])
def test_an_output_that_is_not_a_group_is_exit_2_with_an_override(tmp_path, capsys, flag, output):
    answers = tmp_path / "answers.yaml"
    answers.write_text(VALID + f"output: {output}\n")
    assert main(["build", str(answers), "-o", str(tmp_path / "out"), flag]) == 2
    assert capsys.readouterr().err.strip() == "output: must be a group of fields"
    assert not (tmp_path / "out").exists()


def test_repeated_provisions_are_capped_at_the_library_and_checked_fast(tmp_path, capsys):
    many = BASE + "provisions:\n" + "  - id: anti-bullying\n" * 3000
    err = build_refused(tmp_path, many, capsys)  # how fast: benchmarks/refusal_speed.py
    assert err.strip().startswith("provisions: has 3000 entries, more than the ")
    with pytest.raises(AnswersError) as refused:  # within the cap, each repeat is named once
        load_answers(minimal_data(provisions=[{"id": "anti-bullying"}] * 3))
    assert refused.value.problems == [f"provisions[{i}].id: 'anti-bullying' is chosen twice; keep one" for i in (1, 2)]


def test_too_many_values_and_long_error_lists_are_capped(tmp_path, capsys):
    flood = VALID.replace("district:\n", "district:\n" + "".join(f"  k{i}: 1\n" for i in range(2000)))
    err = build_refused(tmp_path, flood, capsys).strip().splitlines()
    assert len(err) == 51 and err[0] == "district.k0: is not a field here (check the spelling)"
    assert err[-1] == "… and 1,950 more problems"
    err = build_refused(tmp_path, "".join(f"k{i}: 1\n" for i in range(20_000)), capsys)
    assert "has more than 10,000 values; an answers file has a few hundred" in err


def test_the_reader_speaks_spanish_and_returns_the_raw_answers():
    assert read_answers_bytes(VALID.encode(), "x.yaml", "es") == minimal_data()
    with pytest.raises(AnswersFileError) as refused:
        read_answers_bytes(b"a: &x 1\nb: *x\n", "subida.yaml", "es")
    assert refused.value.problems == ["subida.yaml: línea 1, columna 4: no se admiten anclas ni alias de YAML "
                                      "(& y *) en un archivo de respuestas; escriba cada valor completo"]
    with pytest.raises(AnswersError) as refused:
        load_answers(minimal_data(district={f"k{i}": 1 for i in range(60)}), language="es")
    assert refused.value.problems[-1] == "… y 12 problemas más"  # 60 unknown, name and state missing: 62


@pytest.mark.parametrize("content", [b"\xff\xfeU\x00", "x: a\x00b".encode(), b"\x89PNG\r\n\x1a\n\x00"])
def test_unreadable_bytes_give_one_line(tmp_path, capsys, content):
    err = build_refused(tmp_path, content, capsys)
    assert len(err.strip().splitlines()) == 1 and "answers.yaml: " in err
