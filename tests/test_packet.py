"""The board packet (issue 13): six documents from the same answers, read back as a board member, a front-office
clerk and a family would read them."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
import textstat

from helpers import doc_language, example_data, minimal_data
from library_cases import answers_for, selections
from real_parts import need
from resolution_builder import load_answers, load_library
from resolution_builder.cli import main
from resolution_builder.exceptions import LibraryError
from resolution_builder.packet import PACKET_KINDS, build_packet
from resolution_builder.packet.text import PACKET_FILE, check_packet_text
from resolution_builder.yaml_io import dump_yaml, load_yaml

LIBRARY = load_library()


def _text(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def _packet(answers) -> dict[str, docx.document.Document]:
    return {kind: docx.Document(BytesIO(d.content)) for kind, d in build_packet(answers).items()}


def _answers(data: dict):
    return load_answers(data)[0]


@pytest.fixture(scope="module")
def example_packet():
    return _packet(_answers(example_data()))


def test_every_packet_string_exists_in_both_languages():
    data = load_yaml(PACKET_FILE.read_text(encoding="utf-8"))
    assert check_packet_text(data) is data
    del data["es"]["faq"]["questions"]["usc_a"]
    data["es"]["staff_protocol"]["steps"].pop()
    data["en"]["cover_letter"]["closing"] = " "
    with pytest.raises(LibraryError) as caught:
        check_packet_text(data)
    message = str(caught.value)
    assert "es.faq.questions.usc_a: missing" in message
    assert "es.staff_protocol.steps: must be a list of 8 items" in message
    assert "en.cover_letter.closing: must be a non-empty string" in message


def test_build_packet_writes_six_documents_beside_the_drafts(tmp_path):
    answers_file = tmp_path / "answers.yaml"
    answers_file.write_text(dump_yaml(example_data()), encoding="utf-8")
    assert main(["build", str(answers_file), "-o", str(tmp_path / "out"), "--packet"]) == 0
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    slug = "cedar-valley-unified-school-district"
    assert names == sorted([f"{slug}-{kind}.docx" for kind in ("resolution", "policy", "regulation", *PACKET_KINDS)])
    for kind in PACKET_KINDS:
        document = docx.Document(tmp_path / "out" / f"{slug}-{kind}.docx")
        assert "Cedar Valley Unified School District" in _text(document), kind
        assert document.paragraphs[0].style.name == "Document Title"


def test_output_packet_in_the_answers_writes_the_packet_and_without_it_nothing_more(tmp_path):
    data = example_data()
    (tmp_path / "plain.yaml").write_text(dump_yaml(data), encoding="utf-8")
    (tmp_path / "packet.yaml").write_text(dump_yaml({**data, "output": {"packet": True}}), encoding="utf-8")
    assert main(["build", str(tmp_path / "plain.yaml"), "-o", str(tmp_path / "a")]) == 0
    assert main(["build", str(tmp_path / "packet.yaml"), "-o", str(tmp_path / "b")]) == 0
    assert len(list((tmp_path / "a").iterdir())) == 3
    assert len(list((tmp_path / "b").iterdir())) == 9


def test_packet_uses_real_word_styles(example_packet):
    styles = {p.style.name for d in example_packet.values() for p in d.paragraphs}
    assert {"Document Title", "Packet Heading", "Packet Bullet", "Packet Step", "Packet Text"} <= styles
    heading = example_packet["faq"].styles["Packet Question"]
    assert heading.base_style.name == "Heading 3"  # an outline level, so navigation panes list the questions
    protocol = example_packet["staff-protocol"]
    steps = [p for p in protocol.paragraphs if p.style.name == "Packet Step"]
    # eight steps, less the one asking the officer to wait: the example does not choose wait-outside
    assert len(steps) == 7 and protocol.styles["Packet Step"].element.pPr.numPr is not None


def test_staff_protocol_tells_warrants_apart_and_names_whom_to_call(example_packet):
    text = _text(example_packet["staff-protocol"])
    assert "Administrative warrant: DHS Form I-200" in text and "Form I-205" in text
    assert "signed by an immigration officer" in text
    assert "Judicial warrant: issued by a court" in text and "signed by a judge or magistrate judge" in text
    assert "does not allow anyone to enter a non-public area" in text
    assert "Never physically resist" in text
    # The example chooses enforcement-review with its default reviewers.
    assert "First, call the Superintendent and district counsel." in text
    steps = [p.text for p in example_packet["staff-protocol"].paragraphs if p.style.name == "Packet Step"]
    assert steps[0].startswith("Stay calm") and steps[-1].startswith("Write down what happened")


def test_staff_protocol_calls_the_reviewer_the_answers_chose():
    data = example_data()
    for provision in data["provisions"]:
        if provision["id"] == "enforcement-review":
            provision["options"] = {"reviewer": "counsel"}
    text = _text(_packet(_answers(data))["staff-protocol"])
    assert "First, call district counsel." in text
    assert "the Superintendent and district counsel" not in text
    without = _text(_packet(_answers(minimal_data()))["staff-protocol"])
    assert "First, call the principal and the Superintendent." in without


def test_faq_answers_funding_and_1373_1644(example_packet):
    text = _text(example_packet["faq"])
    assert "Will the District lose federal funding?" in text
    assert "Does 8 U.S.C. § 1373 or § 1644 forbid this policy?" in text
    assert "They limit what staff ask about, collect and record" in text
    assert "Does this obstruct immigration enforcement?" in text and "savings clause" in text
    assert "What if an officer has a warrant?" in text and "What does it cost?" in text
    assert "within 60 days after adoption" in text  # the example's training deadline, from its options


def test_cover_letter_names_the_board_and_asks_for_the_agenda(example_packet):
    text = _text(example_packet["cover-letter"])
    assert "To: Maria Delgado, President, Board of Education of the Cedar Valley Unified School District" in text
    assert "Dear President Delgado:" in text and "Dear President Maria" not in text  # by title and surname
    assert "placed on the Board's agenda for discussion and adoption at the Board's regular meeting on December 10, 2026" in text
    assert text.count("Name: __________  Organization: __________  Signature: __________") == 3


def test_cover_letter_without_a_presiding_officer_greets_the_board_and_leaves_the_date_blank():
    text = _text(_packet(_answers(minimal_data(adoption={"meeting_type": "special"})))["cover-letter"])
    assert "To: Lakeside Board of Directors" in text and "Dear Members of the Board:" in text
    assert "special meeting on __________ (date)" in text


def test_board_summary_says_each_chosen_provision_and_what_it_does_not_do(example_packet):
    text = _text(example_packet["board-summary"])
    lines = load_yaml(PACKET_FILE.read_text(encoding="utf-8"))["en"]["board_summary"]["lines"]
    for choice in example_data()["provisions"]:  # its own line, naming its rules (test_promises.py)
        assert lines[choice["id"]].split("{{")[0] in text, choice["id"]
    assert "It does not obstruct lawful enforcement." in text
    assert "Plyler" in text and "FERPA" in text  # the legal basis: the drafts' own references


def test_family_notice_promises_only_what_was_chosen_and_reads_easily():
    few = _text(_packet(answers_for(["immediate-enrollment"], "TX"))["family-notice"])
    assert "Your child can start school right away" in few
    assert "Staff will not ask about your family's immigration status." not in few
    for name in ("recommended", "everything"):
        text = _text(_packet(answers_for(selections()[name], "TX"))["family-notice"])
        grade = textstat.flesch_kincaid_grade(text)
        assert grade <= 8, f"{name}: Flesch-Kincaid grade {grade}"


def test_packet_is_in_spanish_when_the_documents_are():
    packet = _packet(answers_for(selections()["recommended"], "TX", "es"))
    notice = _text(packet["family-notice"])
    assert notice.startswith("Mensaje para las familias")
    assert "Su hijo puede ir a la escuela aquí." in notice and "Your child" not in notice
    assert doc_language(packet["family-notice"]) == "es-US"
    assert "orden administrativa" in _text(packet["staff-protocol"]).lower()


def test_bilingual_packet_has_both_languages_one_after_the_other():
    data = example_data()
    data["output"] = {"bilingual": True}
    packet = _packet(_answers(data))
    for kind, document in packet.items():
        styles = [p.style.name for p in document.paragraphs]
        assert styles.count("Document Title") == 1 and styles.count("Document Title (Second Language)") == 1, kind
        assert styles.count("Packet Language (Second Language)") == 1
        assert document.styles["Packet Language (Second Language)"].base_style.paragraph_format.page_break_before
        spanish = document.styles["Packet Text (Second Language)"].element.rPr.find(qn("w:lang")).get(qn("w:val"))
        assert (doc_language(document), spanish) == ("en-US", "es-US")  # spell-checked and read aloud in Spanish
    steps = [p for p in packet["staff-protocol"].paragraphs if p.style.name.startswith("Packet Step")]
    assert [p.style.name for p in steps] == ["Packet Step"] * 7 + ["Packet Step (Second Language)"] * 7
    notice = _text(packet["family-notice"])
    assert notice.index("A Message to Families") < notice.index("Español") < notice.index("Mensaje para las familias")


def test_typed_text_is_data_never_template_source():
    data = minimal_data(district={"name": "{{ 7*7 }} School District", "state": "OR"},
                        board={"name": "Board {% if true %}x{% endif %}"})
    packet = _packet(_answers(data))
    assert "{{ 7*7 }} School District" in _text(packet["family-notice"])
    assert "Board {% if true %}x{% endif %}" in _text(packet["cover-letter"])


def test_restrictive_state_faq_and_talking_points_say_what_the_state_law_says():
    library = load_library()
    profile = library.state_profiles["FL"]
    assert profile.posture == "restrictive" and profile.warning
    packet = _packet(answers_for(selections()["recommended"], "FL"))
    faq, points = _text(packet["faq"]), _text(packet["talking-points"])
    assert "What does Florida law say?" in faq and profile.summary["en"] in faq
    assert "What does the draft do about Florida law?" in faq and profile.warning["en"] in faq
    assert profile.summary["en"] in points and profile.warning["en"] in points


# LibreOffice: the documents open, the one-page ones fit one page, and --format pdf covers the packet.

def _need_libreoffice():
    need(bool(shutil.which("soffice") and shutil.which("pdfinfo")),
         "LibreOffice (soffice) and pdfinfo are needed: apt-get install libreoffice-writer-nogui poppler-utils")


def _pages(pdf: bytes, folder: Path, name: str) -> int:
    path = folder / name
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


@pytest.mark.libreoffice
def test_one_page_documents_fit_one_page_in_libreoffice(tmp_path):
    _need_libreoffice()
    from resolution_builder.build import Document
    from resolution_builder.word.pdf import to_pdf
    documents = {}
    for name in ("recommended", "everything"):
        for language in ("en", "es"):
            for state in ("CA", "NY", "TX"):
                packet = build_packet(answers_for(selections()[name], state, language))
                for kind in ("staff-protocol",):  # the board summary may take two pages (test_clerk_packet.py)
                    key = f"{name}-{language}-{state}-{kind}"
                    documents[key] = Document(f"{key}.docx", packet[kind].content)
    pdfs = to_pdf(documents)
    pages = {key: _pages(pdf.content, tmp_path, pdf.filename) for key, pdf in pdfs.items()}
    assert pages == {key: 1 for key in documents}


@pytest.mark.libreoffice
def test_packet_with_format_pdf_writes_pdfs_that_libreoffice_made(tmp_path):
    _need_libreoffice()
    answers_file = tmp_path / "answers.yaml"
    answers_file.write_text(dump_yaml(example_data()), encoding="utf-8")
    assert main(["build", str(answers_file), "-o", str(tmp_path / "out"), "--packet", "--format", "docx,pdf"]) == 0
    slug = "cedar-valley-unified-school-district"
    for kind in PACKET_KINDS:
        pdf = tmp_path / "out" / f"{slug}-{kind}.pdf"
        assert (tmp_path / "out" / f"{slug}-{kind}.docx").is_file()
        assert pdf.read_bytes().startswith(b"%PDF"), kind
        text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
        assert "Cedar Valley" in text, kind


def test_a_state_profile_reaches_the_faq_and_talking_points_in_both_languages():
    profile = LIBRARY.state_profiles["TX"].model_copy(update={
        "laws": [], "recital": None,
        "summary": {"en": "Test summary of the state's law.", "es": "Resumen de prueba de la ley."},
        "warning": {"en": "Test warning for counsel.", "es": "Advertencia de prueba."}})
    library = dataclasses.replace(LIBRARY, state_profiles={**LIBRARY.state_profiles, "TX": profile})
    answers = answers_for(selections()["recommended"], "TX")
    packet = {k: docx.Document(BytesIO(d.content)) for k, d in build_packet(answers, library).items()}
    faq, points = _text(packet["faq"]), _text(packet["talking-points"])
    assert "What does Texas law say?\nTest summary of the state's law." in faq
    assert "What does the draft do about Texas law?\nTest warning for counsel." in faq
    assert "Texas law: Test summary of the state's law." in points and "Caution: Test warning for counsel." in points
    spanish = build_packet(answers_for(selections()["recommended"], "TX", "es"), library)
    assert "Resumen de prueba de la ley." in _text(docx.Document(BytesIO(spanish["faq"].content)))
    kentucky = _text(_packet(answers_for(selections()["recommended"], "KY"))["faq"])  # a neutral state's own profile
    assert f"What does Kentucky law say?\n{LIBRARY.state_profiles['KY'].summary['en']}" in kentucky


def _strings(value) -> list[str]:
    """The prose of packet.yaml (each document's ``file`` is a file name, not prose)."""
    if isinstance(value, dict):
        return [s for k, v in value.items() if k != "file" for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


@pytest.mark.parametrize("language", ["en", "es"])
def test_packet_words_pass_hunspell(language):
    import re

    from test_spelling import DICTIONARIES, _hunspell, misspelled
    _hunspell(DICTIONARIES[language])
    text = " ".join(_strings(load_yaml(PACKET_FILE.read_text(encoding="utf-8"))[language]))
    text = re.sub(r"\{\{.*?\}\}", " ", text)
    # The federal forms keep their official English titles in both languages, as staff will see them printed.
    for official in ("Warrant for Arrest of Alien", "Warrant of Removal/Deportation", "United States District Court",
                     "Plyler v. Doe", "U.S.C.", "DHS"):
        text = text.replace(official, " ")
    words = sorted(set(re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", text)))
    assert len(words) > 300
    assert misspelled(words, language) == []
