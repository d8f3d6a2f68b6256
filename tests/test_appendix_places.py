"""The annotated edition's appendix says where each legal reference is relied on, by the numbers a reader
finds in the drafts: recitals counted from 1, policy rules as section.rule, a section's text as its number."""

from __future__ import annotations

from io import BytesIO

import docx
import pytest

from helpers import example_data
from resolution_builder import build_documents, load_answers


@pytest.fixture(scope="module")
def appendix() -> dict[str, dict[str, str]]:
    """{kind: {reference as listed: its note}} for the example's annotated drafts."""
    data = example_data()
    data["output"] = {**(data.get("output") or {}), "annotated": True}
    answers, _ = load_answers(data)
    out = {}
    for kind, document in build_documents(answers).items():
        paragraphs = [p.text for p in docx.Document(BytesIO(document.content)).paragraphs]
        out[kind] = {before: note for before, note in zip(paragraphs, paragraphs[1:]) if note.startswith("Relied on")}
    return out


# Written out from the example (Cedar Valley, CA): Plyler is the second recital's case (its WHEREAS names it).
@pytest.mark.parametrize("reference, note", [
    ("Plyler v. Doe, 457 U.S. 202 (1982)", "Relied on by recitals 2; regulation 6.11."),
    ("Cal. Educ. Code § 234.7", "Relied on by recitals 8; policy 3.3, 4.3, 5, 11.1; regulation 5.5, 6.6."),
    ("Equal Educational Opportunities Act of 1974, 20 U.S.C. § 1703(f)", "Relied on by the policy as a whole."),
    ("McKinney-Vento Act, immediate enrollment, 42 U.S.C. § 11432(g)(3)(C)", "Relied on by regulation 3.1."),
])
def test_each_reference_says_where_it_is_relied_on(appendix, reference, note):
    for kind in ("resolution", "policy", "regulation"):
        assert appendix[kind][reference] == note, kind


@pytest.mark.parametrize("chosen, word", [(False, "no"), (True, "yes")])
def test_a_yes_or_no_option_is_noted_as_chosen(chosen, word):
    from resolution_builder import load_library

    provision = load_library().provisions["records-release"]
    label = provision.option("include_employees").label["en"]
    answers, _ = load_answers({"district": {"name": "Lakeside School District", "state": "OR"},
                               "board": {"name": "Lakeside Board of Education"}, "output": {"annotated": True},
                               "provisions": [{"id": "records-release", "options": {"include_employees": chosen}}]})
    comments = docx.Document(BytesIO(build_documents(answers)["resolution"].content)).comments
    note = next(c.text for c in comments if c.text.startswith(provision.title["en"]))
    assert f"{label}: {word}" in note and f"{label}: {'yes' if word == 'no' else 'no'}" not in note
