"""Issue 9: a concise resolution that adopts the policy, in the order a clerk expects, read back from Word and PDF."""

from __future__ import annotations

import random
import re
import subprocess
from io import BytesIO

import docx
import pytest
from docx.oxml.ns import qn

from library_cases import selections
from helpers import build, pages_of, soffice, texts, to_pdf_texts
from real_parts import need_libreoffice
from resolution_builder import build_documents, compose, load_answers, load_library

LIBRARY = load_library()


def _everything() -> list[str]:
    return selections()["everything"]


def answers_data(ids: list[str], state: str = "CA", language: str = "en", **adoption) -> dict:
    return {"district": {"name": "Cedar Valley Unified School District", "state": state, "city": "Cedar Valley"},
            "board": {"name": "Board of Education of the Cedar Valley Unified School District",
                      "secretary_name": "Ana Ruiz", "presiding_officer_name": "Luis Ortega"},
            "adoption": {"meeting_date": "2026-12-10", "resolution_number": "2026-14",
                         "policy_number": "BP 5145.13", **adoption},
            "language": language, "provisions": [{"id": pid} for pid in ids]}


def pdf_pages(tmp_path, document) -> list[str]:
    """The PDF's pages as text, laid out by LibreOffice (an independent client)."""
    need_libreoffice()
    path = tmp_path / document.filename
    path.write_bytes(document.content)
    subprocess.run([soffice(), f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=180)
    text = subprocess.run(["pdftotext", "-layout", str(path.with_suffix(".pdf")), "-"], check=True,
                          capture_output=True, text=True).stdout
    return pages_of(text)


@pytest.mark.parametrize("state", ["CA", "TX"])
def test_the_recommended_resolution_is_short_enough(state):
    resolution = build(answers_data(LIBRARY.recommended(), state))["resolution"]
    assert 6 <= len(texts(resolution, "Recital")) <= 15
    assert len(texts(resolution, "Resolved Clause")) <= 16


@pytest.mark.libreoffice
def test_page_counts_in_libreoffice(tmp_path):
    """The resolution's pages as README states them (Spanish sentences run longer: one page more); one
    LibreOffice run lays them all out."""
    need_libreoffice()
    most = {}
    for state, selection, language, limit in [
            ("CA", "recommended", "en", 4), ("TX", "recommended", "en", 4), ("CA", "recommended", "es", 5),
            ("CA", "everything", "en", 6), ("NY", "everything", "en", 6), ("NJ", "everything", "es", 6)]:
        ids = LIBRARY.recommended() if selection == "recommended" else _everything()
        answers, _ = load_answers(answers_data(ids, state, language))
        path = tmp_path / f"{state}-{selection}-{language}-resolution.docx"
        path.write_bytes(build_documents(answers)["resolution"].content)
        most[path] = limit
    pages = {path: len(pages_of(text)) for path, text in to_pdf_texts(list(most)).items()}
    assert len(pages) == 6 and min(pages.values()) >= 2
    assert {path.stem: count for path, count in pages.items() if count > most[path]} == {}


@pytest.mark.libreoffice
def test_vote_and_signatures_stay_on_one_page(tmp_path):
    answers, _ = load_answers(answers_data(_everything(), "NJ", approved_as_to_form=True))
    pages = pdf_pages(tmp_path, build_documents(answers)["resolution"])
    adopted = [i for i, page in enumerate(pages) if "PASSED AND ADOPTED" in page]
    attest = [i for i, page in enumerate(pages) if "ATTEST:" in page]
    counsel = [i for i, page in enumerate(pages) if "APPROVED AS TO FORM:" in page]
    assert adopted and adopted == attest == counsel, (adopted, attest, counsel)
    assert "ABSENT:" in pages[adopted[0]] and "Luis Ortega" in pages[adopted[0]] and "Ana Ruiz" in pages[adopted[0]]
    certificate = next(i for i, page in enumerate(pages) if "SECRETARY'S CERTIFICATE" in page)
    assert certificate >= adopted[0]


def test_the_declaration_comes_first_whatever_the_answers_order():
    ids = LIBRARY.recommended()
    for seed in range(3):
        shuffled = ids[:]
        random.Random(seed).shuffle(shuffled)
        clauses = texts(build(answers_data(shuffled))["resolution"], "Resolved Clause")
        assert clauses[0].startswith("BE IT RESOLVED that the Board declares every school"), clauses[0]
        assert "right to a free public education" in clauses[1]
        order = [c for c in clauses if "immigration enforcement seeks" in c or "in enrolling" in c]
        assert order[0].startswith("BE IT FURTHER RESOLVED that in enrolling"), "enrollment before access"


def test_access_rules_follow_the_order_things_happen():
    answers, _ = load_answers(answers_data(_everything(), "OR"))
    plan = compose(answers)
    section = next(s for s in plan.policy.sections if s.id == "school-grounds")
    order = [p.provision_id for p in section.paragraphs if p.kind == "rule"]
    firsts = {pid: order.index(pid) for pid in dict.fromkeys(order)}
    expected = ["officer-identification", "enforcement-review", "wait-outside", "judicial-warrant-required",
                "court-orders-obeyed"]
    assert set(expected) <= set(firsts), "every access rule is chosen"
    assert sorted(expected, key=firsts.get) == expected


def test_the_resolution_adopts_the_policy_by_number_and_closes_as_a_clerk_expects():
    resolution = build(answers_data(LIBRARY.recommended()))["resolution"]
    clauses = texts(resolution, "Resolved Clause")
    body = " ".join(clauses)
    assert "the Board adopts Board Policy 5145.13, Safe and Welcoming Schools for All Students, attached to " \
           "this resolution as Exhibit A" in body
    assert "BP 5145.13" not in body  # the number typed "BP 5145.13": its label is never doubled
    assert "the Board directs the Superintendent or designee to issue Administrative Regulation 5145.13, in the form " \
           "attached to this resolution as Exhibit B" in body
    assert "nothing in this resolution or in the policy it adopts shall be construed to require or authorize any " \
           "person to obstruct" in body and "fullest extent that the law permits" in body
    assert "if any part of this resolution or of the policy it adopts is held invalid" in body
    assert clauses[-1] == "BE IT FINALLY RESOLVED that this resolution takes effect upon its adoption."
    recitals = texts(resolution, "Recital")
    assert recitals[0].startswith("WHEREAS, the Board of Education of the Cedar Valley Unified School District "
                                  "(the \u201cBoard\u201d) governs the Cedar Valley Unified School District "
                                  "(the \u201cDistrict\u201d)")
    everything = texts(resolution)
    assert any("at a regular meeting held on December 10, 2026" in t for t in everything)
    assert "SECRETARY'S CERTIFICATE" in everything
    certificate = next(t for t in everything if t.startswith("I, Ana Ruiz, Secretary of the Board"))
    assert "full, true and correct copy of Resolution No. 2026-14" in certificate
    assert "APPROVED AS TO FORM:" not in everything


def test_a_special_meeting_a_later_effective_date_and_counsel_s_line():
    documents = build(answers_data(LIBRARY.recommended(), meeting_type="special", effective_date="2027-01-15",
                                   approved_as_to_form=True))
    everything = texts(documents["resolution"])
    assert any("at a special meeting held on December 10, 2026" in t for t in everything)
    assert any("attached to this resolution as Exhibit A and made part of it, effective January 15, 2027" in t
               for t in everything)
    assert "APPROVED AS TO FORM:" in everything and "District Counsel" in everything
    assert texts(documents["policy"])[-1] == "History: adopted December 10, 2026 by Resolution No. 2026-14."


@pytest.mark.parametrize("designation, words", [
    ("safe-zone", "Resolution Declaring Every School of the Cedar Valley Unified School District a Safe Zone"),
    ("safe-haven", "Resolution Declaring Every School of the Cedar Valley Unified School District a Safe Haven"),
    ("welcoming-place", "a Safe and Welcoming Place for All Students and Families"),
])
def test_the_title_follows_the_designation(designation, words):
    data = answers_data(["safe-zone-declaration", "enforcement-review"])
    data["provisions"][0]["options"] = {"designation": designation}
    title = texts(build(data)["resolution"], "Document Title")[0]
    assert words in title and title.endswith("Adopting Board Policy 5145.13, Safe and Welcoming Schools "
                                             "for All Students")


def test_without_a_declaration_the_title_is_neutral():
    title = texts(build(answers_data(["enforcement-review", "lgbtq-harassment"]))["resolution"], "Document Title")[0]
    assert title.startswith("Resolution Affirming Every Child's Right to a Public Education and Adopting Board Policy")
    assert "Safe Zone" not in title and "gender" not in title.lower()


def test_every_duty_in_the_policy_is_a_numbered_rule():
    for state in ("CA", "NJ", "TX"):
        policy = build(answers_data(_everything(), state))["policy"]
        for paragraph in policy.paragraphs:
            if re.search(r"\b(shall|must)\b", paragraph.text):
                assert paragraph.style.name == "Policy Rule", (state, paragraph.style.name, paragraph.text)


def test_related_board_policies_carry_the_state_manual_s_numbers_and_blanks_elsewhere():
    california = texts(build(answers_data(LIBRARY.recommended(), "CA"))["policy"], "Legal Reference")
    assert "(cf. 5125 \u2013 Student Records)" in california and "(cf. 1250 \u2013 Visitors to Schools)" in california
    texas = texts(build(answers_data(LIBRARY.recommended(), "TX"))["policy"], "Legal Reference")
    assert "(cf. FL \u2013 Student Records)" in texas and "(cf. GKC \u2013 Visitors to Schools)" in texas
    washington = texts(build(answers_data(LIBRARY.recommended(), "WA"))["policy"], "Legal Reference")
    assert "(cf. 3231 \u2013 Student Records)" in washington
    ohio = texts(build(answers_data(LIBRARY.recommended(), "OH"))["policy"], "Legal Reference")
    assert "(cf. __________ \u2013 Student Records)" in ohio


def test_each_authority_is_recited_once():
    recitals = texts(build(answers_data(_everything(), "CA"))["resolution"], "Recital")
    body = " ".join(recitals)
    for citation in ("457 U.S. 202", "20 U.S.C. § 1232g", "42 U.S.C. § 2000d", "42 U.S.C. § 11431"):
        assert body.count(citation) == 1, citation


def test_citations_read_like_a_lawyer_wrote_them():
    documents = build(answers_data(_everything(), "CA"))
    words = " ".join(texts(documents["resolution"]) + texts(documents["policy"]))
    assert "the the " not in words and "federal law, McKinney" not in words and ", California Attorney General," not in words
    assert "the Family Educational Rights and Privacy Act (FERPA), 20 U.S.C. § 1232g" in words
    italic = [run.text for p in documents["resolution"].paragraphs for run in p.runs if run.italic]
    assert "Plyler v. Doe" in italic and "Lau v. Nichols" in italic


def test_headings_have_outline_levels_and_the_bilingual_table_a_header_row():
    documents = build(answers_data(LIBRARY.recommended()) | {"output": {"bilingual": True}})
    policy = build(answers_data(LIBRARY.recommended()))["policy"]

    def outline(style):
        while style is not None:
            ppr = style.element.pPr
            level = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
            if level is not None:
                return int(level.get(qn("w:val")))
            style = style.base_style
        return None

    assert outline(policy.styles["Document Title"]) == 0
    assert outline(policy.styles["Policy Heading"]) == 1
    header = documents["resolution"].tables[0].rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text for c in header.cells] == ["English", "Español"]


def test_one_comment_per_provision_in_each_document():
    data = answers_data(LIBRARY.recommended()) | {"output": {"annotated": True}}
    answers, _ = load_answers(data)
    documents = {k: docx.Document(BytesIO(d.content)) for k, d in build_documents(answers).items()}
    chosen = {c.id for c in answers.provisions}
    for kind, document in documents.items():
        titles = [c.paragraphs[0].text for c in document.comments]
        assert len(titles) == len(set(titles)), f"{kind}: a provision commented twice"
        named = {pid for pid in chosen if LIBRARY.provisions[pid].title["en"] in titles}
        expected = chosen if kind == "policy" else {pid for pid in chosen if LIBRARY.provisions[pid].clauses}
        assert named == expected, (kind, expected - named)


def test_each_draft_and_packet_document_is_small_and_carries_only_styles_it_can_use():
    """A draft is sent by email and kept in board packets: python-docx's stock template carried Word 2010's copy
    of the styles, a hundred table styles and a blank thumbnail, 85 KB of XML in each file (46 KB drafts then;
    24 KB now)."""
    from resolution_builder.packet import build_packet

    answers, _ = load_answers(answers_data(LIBRARY.recommended("CA")))
    made = {**build_documents(answers), **build_packet(answers)}
    assert len(made) == 9
    for kind, made_document in made.items():
        assert len(made_document.content) < 32_000, (kind, len(made_document.content))
        document = docx.Document(BytesIO(made_document.content))
        assert not [rel for rel in document.part.rels.values() if rel.reltype.endswith("/stylesWithEffects")], kind
        # no stock thumbnail (a blank page) standing for the draft in a file browser
        assert not [rel for rel in document.part.package.rels.values() if rel.reltype.endswith("/thumbnail")], kind
        table_styles = [s.get(qn("w:styleId")) for s in document.styles.element.findall(qn("w:style"))
                        if s.get(qn("w:type")) == "table"]
        assert table_styles == ["TableNormal"], (kind, len(table_styles))
        assert {"Heading 1", "Heading 2", "Normal"} <= {style.name for style in document.styles}, kind
