"""The Word drafts, read back with python-docx: text, order, connective words, styles and settings."""

from __future__ import annotations

import pytest
from docx.oxml.ns import qn
from docx.shared import Inches

from helpers import build, doc_language, example_data, minimal_data, paragraphs, texts
from resolution_builder import compose, load_answers, load_library

EXAMPLE = example_data()


def test_title_block_names_the_board_district_and_number(example_documents):
    resolution = texts(example_documents["resolution"])
    assert resolution[:5] == [
        "RESOLUTION",
        "Board of Education of the Cedar Valley Unified School District",
        "Cedar Valley Unified School District",
        "Cedar Valley, California",
        "Resolution No. 2026-27/014",
    ]
    assert resolution[5] == ("Resolution Declaring Every School of the Cedar Valley Unified School District a Safe Zone "
                             "for All Students and Families and Adopting Board Policy 5145.13, Safe and Welcoming "
                             "Schools for All Students")
    policy = texts(example_documents["policy"])
    assert policy[:5] == ["BOARD POLICY", "Cedar Valley Unified School District", "Cedar Valley, California",
                          "Board Policy 5145.13", "Safe and Welcoming Schools for All Students"]


def test_recitals_use_the_connective_words_in_order(example_documents):
    recitals = texts(example_documents["resolution"], "Recital")
    assert len(recitals) >= 10
    assert all(r.startswith("WHEREAS, ") for r in recitals)
    assert all(r.endswith(";") and not r.endswith("; and;") for r in recitals[:-2])
    assert recitals[-2].endswith("; and")
    assert recitals[-1].endswith("; now, therefore,")
    assert "Plyler v. Doe, 457 U.S. 202 (1982)" in " ".join(recitals)


def test_clauses_run_from_resolved_to_finally_resolved(example_documents):
    clauses = texts(example_documents["resolution"], "Resolved Clause")
    assert clauses[0].startswith("BE IT RESOLVED that the Board declares every school")
    assert all(c.startswith("BE IT FURTHER RESOLVED that ") for c in clauses[1:-1])
    assert clauses[-1] == "BE IT FINALLY RESOLVED that this resolution takes effect upon its adoption."
    assert all(c.endswith(";") for c in clauses[:-2]) and clauses[-2].endswith("; and")


def test_every_chosen_provision_appears_in_the_library_order(example_documents):
    answers, _ = load_answers(EXAMPLE)
    plan = compose(answers)
    library = load_library()
    for part, style in ((plan.resolution.recitals, "Recital"), (plan.resolution.clauses, "Resolved Clause")):
        assert [item.text for item in part] == texts(example_documents["resolution"], style)
    # A rule's place is its library item's own rank, else its provision's (schema.PolicyItem.rank); each rule
    # paragraph must find a place no earlier than the rule before it in its section.
    places: dict[tuple[str, str], set[int]] = {}
    for source in (library.base, *library.provisions.values()):
        for item in source.policy:
            places.setdefault((source.id, item.section), set()).add(source.rank if item.rank is None else item.rank)
    checked = 0
    for section in plan.policy.sections:
        floor = -1
        for paragraph in (p for p in section.paragraphs if p.kind == "rule"):
            later = [place for place in places[(paragraph.provision_id or "base", section.id)] if place >= floor]
            assert later, f"{section.id}: {paragraph.provision_id}'s rule comes after a rule ranked {floor}"
            floor = min(later)
            checked += 1
    assert checked >= 20, "the example's policy has its rules"
    with_clauses = {pid for item in plan.resolution.clauses for pid in (item.provision_id, *item.also)}
    chosen = {p.id for p in answers.provisions if library.provisions[p.id].clauses}
    assert chosen <= with_clauses, f"provisions without a clause: {chosen - with_clauses}"


def test_adoption_block_has_the_vote_and_signatures(example_documents):
    body = paragraphs(example_documents["resolution"])
    tail = [(style, text) for style, text in body if style in {
        "Adoption Text", "Vote Line", "Signature Line", "Signature Name", "Signature Role", "Signature Role Last",
        "Certificate Title", "Certificate Text"}]
    board = "Board of Education of the Cedar Valley Unified School District"
    assert tail == [
        ("Adoption Text", f"PASSED AND ADOPTED by the {board} at a regular meeting held on December 10, 2026, by the "
                          "following vote:"),
        ("Vote Line", "AYES:\t\t"), ("Vote Line", "NOES:\t\t"), ("Vote Line", "ABSTENTIONS:\t\t"),
        ("Vote Line", "ABSENT:\t\t"),
        ("Signature Line", "\t"), ("Signature Name", "Maria Delgado"), ("Signature Role", f"President, {board}"),
        ("Adoption Text", "ATTEST:"),
        ("Signature Line", "\t"), ("Signature Name", "James Okafor"), ("Signature Role", f"Clerk, {board}"),
        ("Adoption Text", "APPROVED AS TO FORM:"),
        ("Signature Line", "\t"), ("Signature Role Last", "District Counsel"),
        ("Certificate Title", "CLERK'S CERTIFICATE"),
        ("Certificate Text", f"I, James Okafor, Clerk of the {board}, certify that the foregoing is a full, true and "
                             "correct copy of Resolution No. 2026-27/014, which was duly passed and adopted by the Board "
                             "at a regular meeting held on December 10, 2026, at which a quorum was present, by the "
                             "following vote: Ayes: __________; Noes: __________; Abstentions: __________; Absent: "
                             "__________; and that the resolution has not been amended or repealed."),
        ("Adoption Text", "Dated: __________"),
        ("Signature Line", "\t"), ("Signature Name", "James Okafor"), ("Signature Role Last", f"Clerk, {board}"),
    ]


def test_policy_sections_are_in_the_fixed_order(example_documents):
    headings = texts(example_documents["policy"], "Policy Heading")
    order = [s.title["en"] for s in load_library().sections.values()]
    assert headings[0] == "Purpose" and headings[1] == "Definitions" and headings[-2:] == ["Legal References",
                                                                                             "Related Board Policies"]
    assert headings == [t for t in order if t in headings]
    assert {"Access to School Grounds and Students", "Responsibilities", "Training", "Reporting"} <= set(headings)
    policy = texts(example_documents["policy"])
    assert policy[-1] == "History: adopted December 10, 2026 by Resolution No. 2026-27/014."


def test_legal_references_are_unique_sorted_and_state_specific(example_documents):
    refs = [r for r in texts(example_documents["policy"], "Legal Reference") if not r.startswith("(cf.")]
    assert len(refs) == len(set(refs))
    assert refs[0].startswith("U.S. Const.")
    assert "Plyler v. Doe, 457 U.S. 202 (1982)" in refs
    assert "Cal. Educ. Code § 234.7" in refs
    assert not any("New Jersey" in r or "ILCS" in r for r in refs)


def test_definitions_are_alphabetical_and_set_apart(example_documents):
    policy = example_documents["policy"]
    definitions = [p for p in policy.paragraphs if p.style.name == "Definition"]
    terms = [p.runs[0].text for p in definitions]
    assert terms == sorted(terms, key=str.casefold) and len(terms) >= 5
    assert all(p.runs[0].style.name == "Defined Term" and p.text[len(p.runs[0].text):].startswith(" means ")
               for p in definitions)


def test_paragraphs_use_named_styles_not_direct_formatting(example_documents):
    for document in example_documents.values():
        assert {p.style.name for p in document.paragraphs} - {
            "Document Label", "Title Block", "Document Title", "Recital", "Resolved Clause", "Adoption Text",
            "Vote Line", "Signature Line", "Signature Name", "Signature Role", "Signature Role Last", "Policy Heading",
            "Policy Text", "Policy Rule", "Definition", "Legal Reference", "Certificate Title",
            "Certificate Text", "Section Break"} == set()
        for paragraph in document.paragraphs:
            assert paragraph.paragraph_format.alignment is None
            for run in paragraph.runs:
                rpr = run.element.rPr
                # Only case names carry direct formatting: italics, as citation style requires.
                allowed = {qn("w:rStyle"), qn("w:i")} if run.italic else {qn("w:rStyle")}
                assert rpr is None or {child.tag for child in rpr} <= allowed, paragraph.text


def test_numbered_styles_carry_word_list_numbering(example_documents):
    for document, style in ((example_documents["resolution"], "Resolved Clause"),
                            (example_documents["policy"], "Policy Heading"),
                            (example_documents["policy"], "Policy Rule")):
        num_pr = document.styles[style].element.pPr.numPr
        assert num_pr is not None and num_pr.numId.val > 0, style


def test_draft_mark_page_numbers_and_page_setup(example_documents):
    for name, document in example_documents.items():
        section = document.sections[0]
        assert section.header.paragraphs[0].text == "DRAFT"
        footer = section.footer.paragraphs[0]
        instructions = [f.get(qn("w:instr")).strip() for f in footer._p.iter(qn("w:fldSimple"))]
        assert instructions == ["PAGE", "NUMPAGES"] and footer.text == "Page  of "
        assert (section.page_width, section.page_height) == (Inches(8.5), Inches(11))
        # The policy and the regulation, a policy manual's pages, keep normal margins of 0.75" (issue 22: every
        # provision on five pages at a readable 10.5 pt); the resolution keeps a resolution's inch.
        margin = Inches(0.75) if name in ("policy", "regulation") else Inches(1)
        assert {section.left_margin, section.right_margin, section.top_margin, section.bottom_margin} == {margin}


def test_draft_mark_can_be_turned_off():
    documents = build(minimal_data(output={"draft_mark": False}))
    assert all(d.sections[0].header.paragraphs[0].text == "" for d in documents.values())
    assert not any("DRAFT" in p.text for d in documents.values() for p in d.sections[0].header.paragraphs)


def test_core_properties_and_proofing_language(example_documents):
    resolution, policy = example_documents["resolution"], example_documents["policy"]
    board = "Board of Education of the Cedar Valley Unified School District"
    assert resolution.core_properties.title.startswith("Resolution Declaring Every School")
    assert policy.core_properties.title == "Safe and Welcoming Schools for All Students"
    for document in (resolution, policy):
        props = document.core_properties
        assert props.author == board and props.language == "en-US" and props.comments == ""
        assert props.subject.startswith("Safe Zone")
        assert doc_language(document) == "en-US"


def test_spanish_documents_carry_spanish_words_dates_and_language():
    documents = build({**EXAMPLE, "language": "es"})
    resolution = documents["resolution"]
    recitals = texts(resolution, "Recital")
    assert all(r.startswith("POR CUANTO, ") for r in recitals) and recitals[-2].endswith("; y")
    clauses = texts(resolution, "Resolved Clause")
    assert clauses[0].startswith("POR LO TANTO, SE RESUELVE que") and clauses[-1].startswith("FINALMENTE, SE RESUELVE")
    assert any("10 de diciembre de 2026" in t for t in texts(resolution, "Adoption Text"))
    assert resolution.sections[0].header.paragraphs[0].text == "BORRADOR"
    for document in documents.values():
        assert doc_language(document) == "es-US" and document.core_properties.language == "es-US"


@pytest.mark.parametrize(("changes", "expected"), [
    ({}, ["RESOLUTION", "Lakeside Board of Directors", "Lakeside School District", "Resolution No. __________"]),
    ({"adoption": {"resolution_number": "R-7", "title": "A Resolution on Safe Schools"}},
     ["RESOLUTION", "Lakeside Board of Directors", "Lakeside School District", "Resolution No. R-7",
      "A Resolution on Safe Schools"]),
])
def test_optional_fields_fall_back_to_blanks(changes, expected):
    resolution = texts(build(minimal_data(**changes))["resolution"])
    assert resolution[:len(expected)] == expected
    assert ("PASSED AND ADOPTED by the Lakeside Board of Directors at a regular meeting held on __________, by the "
            "following vote:") in resolution
    assert "Secretary, Lakeside Board of Directors" in resolution


def test_no_provisions_still_makes_a_complete_resolution():
    documents = build(minimal_data())
    recitals = texts(documents["resolution"], "Recital")
    clauses = texts(documents["resolution"], "Resolved Clause")
    # five, and the recital of Oregon law (ORS 181A.826), which the state profile gives whatever is chosen
    assert len(recitals) == 6 and recitals[-1].endswith("; now, therefore,")
    assert "Plyler v. Doe" in recitals[1]
    assert clauses[0].startswith("BE IT RESOLVED that the Board reaffirms") and clauses[-1].startswith("BE IT FINALLY")
    assert any("adopts Board Policy No. __________" in c for c in clauses)  # Oregon: the usual style, a blank
    assert texts(documents["policy"], "Policy Heading") == ["Purpose", "Definitions", "Responsibilities",
                                                              "Legal References", "Related Board Policies"]


def test_a_chosen_option_changes_the_words():
    base = {"id": "enforcement-review", "options": {"reviewer": "counsel"}}
    clauses = texts(build(minimal_data(provisions=[base]))["resolution"], "Resolved Clause")
    assert clauses[1] == ("BE IT FURTHER RESOLVED that when immigration enforcement seeks to enter District property or "
                          "to reach a student, staff shall neither grant nor refuse a request themselves, but shall "
                          "refer it at once to district counsel;")
