"""Validation of the answers: every problem named by its field, typed text kept literally or cleaned."""

from __future__ import annotations

import pytest

from helpers import example_data, minimal_data
from resolution_builder import AnswersError, load_answers


def problems(data) -> list[str]:
    with pytest.raises(AnswersError) as caught:
        load_answers(data)
    return caught.value.problems


def with_changes(path: str, value) -> dict:
    data = minimal_data(provisions=[{"id": "enforcement-review"}, {"id": "board-reporting"}])
    *parents, last = path.split(".")
    node = data
    for key in parents:
        node = node.setdefault(key, {}) if not key.isdigit() else node[int(key)]
    if value is ...:
        del node[last]
    else:
        node[last] = value
    return data


@pytest.mark.parametrize(("path", "value", "expected"), [
    ("district.state", "XX", "district.state: 'XX' is not a U.S. state or territory code"),
    ("district.state", 12, "district.state: must be a two-letter U.S. state or territory code, such as CA"),
    ("district.name", ..., "district.name: is required"),
    ("district.name", "   ", "district.name: must not be empty"),
    ("district.name", "x" * 151, "district.name: is too long: at most 150 characters"),
    ("board", ..., "board: is required"),
    ("district.county", "Lane", "district.county: is not a field here (check the spelling)"),
    ("adoption.meeting_date", "2026-02-30", "adoption.meeting_date: '2026-02-30' is not a real date; write it as YYYY-MM-DD"),
    ("adoption.meeting_date", "next Tuesday", "adoption.meeting_date: 'next Tuesday' is not a date; write it as YYYY-MM-DD"),
    ("language", "fr", "language: 'fr' is not a document language (en or es)"),
    ("output.draft_mark", "maybe", "output.draft_mark: 'maybe' is not yes or no (true or false)"),
])
def test_field_problems_name_the_field(path, value, expected):
    assert expected in problems(with_changes(path, value))


@pytest.mark.parametrize(("provision", "expected"), [
    ({"id": "no-such-thing"},
     "provisions[0].id: 'no-such-thing' is not a provision in the library (list them with: safe-zone provisions)"),
    ({"id": "board-reporting", "options": {"report_days": "often"}},
     "provisions[0].options.report_days: 'often' is not a whole number"),
    ({"id": "board-reporting", "options": {"report_days": 5}},
     "provisions[0].options.report_days: must be at least 30"),
    ({"id": "board-reporting", "options": {"report_days": 12.5}},
     "provisions[0].options.report_days: 12.5 is not a whole number"),
    ({"id": "enforcement-review", "options": {"reviewer": "the mayor"}},
     "provisions[0].options.reviewer: 'the mayor' is not one of: superintendent-and-counsel, counsel or superintendent"),
    ({"id": "enforcement-review", "options": {"colour": "red"}},
     "provisions[0].options: 'colour' is not an option of 'enforcement-review' (its options: reviewer)"),
    ({"id": "wait-outside"},
     "provisions[0].id: 'wait-outside' requires 'enforcement-review' (District Review of Immigration Enforcement "
     "Requests); choose it too or remove 'wait-outside'"),
])
def test_provision_problems_name_the_provision_and_option(provision, expected):
    assert problems(minimal_data(provisions=[provision])) == [expected]


def test_every_problem_is_reported_at_once():
    data = minimal_data(district={"name": "", "state": "ZZ"}, provisions=[{"id": "nope"}], language="de")
    assert [line.split(":")[0] for line in problems(data)] == [
        "district.name", "district.state", "language", "provisions[0].id"]


def test_a_provision_chosen_twice_is_refused():
    data = minimal_data(provisions=[{"id": "enforcement-review"}, {"id": "enforcement-review"}])
    assert problems(data) == ["provisions[1].id: 'enforcement-review' is chosen twice; keep one"]


def test_not_a_mapping_is_refused():
    assert problems(["district"]) == ["the answers must be a group of fields (district, board, provisions ...)"]


def test_defaults_fill_unset_options_and_fields():
    answers, notes = load_answers(minimal_data(provisions=[{"id": "board-reporting"}]))
    assert notes == []
    assert answers.provisions[0].options["report_days"] == 90
    assert answers.language == "en" and answers.output.draft_mark is True
    assert answers.adoption.meeting_date is None and answers.district.city is None


def test_text_is_trimmed_and_word_control_characters_removed_with_a_note():
    data = minimal_data(district={"name": "  Oak\x0bRidge\x07 School District ", "state": " or ", "city": "  "})
    answers, notes = load_answers(data)
    assert answers.district.name == "Oak Ridge School District"
    assert answers.district.state == "OR" and answers.district.city is None
    assert notes == ["district.name: removed characters that a Word document cannot hold (U+0007, U+000B); "
                     "a line break or tab becomes a space"]


def test_the_example_is_valid():
    answers, notes = load_answers(example_data())
    assert notes == [] and answers.district.state == "CA" and len(answers.provisions) >= 15
