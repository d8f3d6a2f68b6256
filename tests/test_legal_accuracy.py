"""Issue 10: text district counsel can sign off on, read back from the built drafts in several states."""

from __future__ import annotations

import functools
import json
import re

import pytest

from library_cases import selections
from helpers import build, representatives, safe_zone, texts
from resolution_builder import load_library

LIBRARY = load_library()
STATES = ("CA", "NY", "NJ", "IL", "TX", "OR")
STATE_SWEEP = representatives(STATES, {"CA", "TX"})


def _everything() -> list[str]:
    return selections()["everything"]


def drafts(state: str, ids: list[str] | None = None, language: str = "en") -> str:
    return _drafts(state, tuple(ids if ids is not None else _everything()), language)


@functools.lru_cache(maxsize=None)
def _drafts(state: str, ids: tuple[str, ...], language: str) -> str:
    """The drafts' text, built once for each state, selection and language (several tests read the same)."""
    data = {"district": {"name": "Lakeside School District", "state": state},
            "board": {"name": "Lakeside Board of Education"}, "language": language,
            "provisions": [{"id": pid} for pid in ids]}
    documents = build(data)
    return "\n".join(line for kind in ("resolution", "policy", "regulation") if kind in documents
                     for line in texts(documents[kind]))


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.;])\s+|\n", text) if s.strip()]


@pytest.mark.parametrize("state", STATE_SWEEP)
def test_no_sentence_makes_a_subpoena_authority_to_enter_or_reach_a_student(state):
    checked = 0
    for sentence in sentences(drafts(state)):
        if "subpoena" in sentence and re.search(r"\b(enter|entry|reach|access to a student|question)\b", sentence):
            assert re.search(r"\b(not|no|never)\b", sentence), sentence
            assert not re.search(r"(shall|may) (permit|allow|admit)[^.;]*unless[^.;]*subpoena", sentence), sentence
            checked += 1
    assert checked >= 2, "the drafts say what a subpoena does not authorize"


@pytest.mark.parametrize("state", STATE_SWEEP)
def test_staff_are_told_a_subpoena_does_not_open_the_door(state):
    text = drafts(state, LIBRARY.recommended())
    assert "A subpoena, even one signed by a judge, does not allow" in text


@pytest.mark.parametrize("state", STATE_SWEEP)
def test_the_information_sharing_statutes_are_respected(state):
    text = drafts(state, LIBRARY.recommended())
    assert re.search(r"Nothing in this policy prohibits or restricts any person from sending to, or receiving from, "
                     r"federal immigration authorities information regarding the citizenship or immigration status", text)
    assert "8 U.S.C. § 1373" in text and "8 U.S.C. § 1644" in text
    assert not re.search(r"shall not (record it or share it|share|report|disclose)[^.;]*immigration status", text)


def test_no_records_loophole_anywhere():
    for state in STATES:
        text = drafts(state)
        assert "otherwise allow" not in text, state


@pytest.mark.parametrize("state", ["CA", "TX", "NJ"])
def test_exigent_circumstances_and_no_obstruction_are_in_the_recommended_set(state):
    text = drafts(state, LIBRARY.recommended())
    assert "exigent circumstances" in text
    assert "staff shall not physically resist or obstruct the officer" in text  # the access rule
    assert "the rule that staff never physically resist or obstruct an officer" in text  # and the training


def test_the_exceptions_the_law_requires():
    text = drafts("OR")
    assert "except as required by state or federal law or to administer a state or federally supported program" in text
    assert "such as participation in E-Verify where the law requires it" in text
    assert "to complete the federal employment eligibility form for a student employee" in text


def test_immediate_attendance_is_subject_to_immunization_law():
    text = drafts("TX", ["immediate-enrollment"])
    assert re.search(r"immunization", text) and re.search(r"(conditional|provisional)", text)


def test_citations_carry_pinpoints():
    text = drafts("CA")
    for pinpoint in ("42 U.S.C. § 11432(g)(3)(C)", "34 C.F.R. § 99.31(a)(9)", "34 C.F.R. §§ 99.3, 99.37",
                     "20 U.S.C. § 1703(f)"):
        assert pinpoint in text, pinpoint


def test_language_access_rests_on_title_vi_and_lau():
    text = drafts("OR", ["translation-interpretation"])
    assert "Lau v. Nichols, 414 U.S. 563 (1974)" in text
    assert "long been expected" not in text


def test_the_parent_definition_keeps_ferpa_rights_with_the_parent_until_eighteen():
    text = drafts("OR", ["records-release"])
    definition = next(line for line in text.splitlines() if line.startswith("\u201cParent or guardian\u201d"))
    assert "unaccompanied youth" in definition and "18" in definition


def test_references_json_lists_a_source_and_a_checked_date_for_every_reference():
    listed = safe_zone("references", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert {row["id"] for row in rows} == set(LIBRARY.references)
    for row in rows:
        assert row["source"].startswith("http"), row
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["checked"]), row
    texas = safe_zone("references", "--state", "TX")
    assert texas.returncode == 0, texas.stderr
    text = texas.stdout
    assert "Cal. Educ. Code" not in text and "Plyler v. Doe, 457 U.S. 202 (1982)" in text and "checked 2026-" in text


def test_the_annotated_edition_says_verify_with_counsel_where_a_fact_was_not_confirmed():
    from io import BytesIO

    import docx

    from resolution_builder import build_documents, load_answers
    answers, _ = load_answers({"district": {"name": "Lakeside School District", "state": "OR"},
                               "board": {"name": "Lakeside Board of Education"}, "output": {"annotated": True},
                               "provisions": [{"id": "no-status-inquiry"}, {"id": "records-release"}]})
    policy = docx.Document(BytesIO(build_documents(answers)["policy"].content))
    notes = " ".join(p.text for c in policy.comments for p in c.paragraphs)
    assert ("Verify with counsel: Communication between State and local government agencies and Immigration "
            "and Naturalization Service, 8 U.S.C. § 1644.") in notes
    assert "1373" in notes


def test_the_annotated_edition_notes_that_lgbtq_protections_are_often_a_separate_resolution():
    from io import BytesIO

    import docx

    from resolution_builder import build_documents, load_answers
    answers, _ = load_answers({"district": {"name": "Lakeside School District", "state": "OR"},
                               "board": {"name": "Lakeside Board of Education"}, "output": {"annotated": True},
                               "provisions": [{"id": "lgbtq-harassment"}, {"id": "translation-interpretation"}]})
    policy = docx.Document(BytesIO(build_documents(answers)["policy"].content))
    notes = [" ".join(p.text for p in c.paragraphs) for c in policy.comments]
    lgbtq = next(n for n in notes if n.startswith(LIBRARY.provisions["lgbtq-harassment"].title["en"]))
    assert "separate resolution" in lgbtq and "to the extent state and federal law permit" in lgbtq
    language = next(n for n in notes if n.startswith(LIBRARY.provisions["translation-interpretation"].title["en"]))
    assert "Executive Order 14224" in language and "Lau v. Nichols" in language
