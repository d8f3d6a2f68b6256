"""Issue 22 (review M-9, M-11, M-13, L-5): two readings, a fiscal-impact estimate the District fills in, a board
summary at a readable size, talking points on one page, and the bilingual vote block on its signatures' page."""

from __future__ import annotations

import re
import subprocess
from io import BytesIO
from pathlib import Path

import docx
import pytest
from docx.shared import Inches, Pt

from helpers import example_data, pages_of, safe_zone
from library_cases import answers_for, selections
from real_parts import need_libreoffice
from resolution_builder import build_documents, load_answers
from resolution_builder.batch.rows import known_columns
from resolution_builder.exceptions import SafeZoneError
from resolution_builder.packet import build_packet
from resolution_builder.yaml_io import dump_yaml


def _text(content: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(BytesIO(content)).paragraphs)


def _packet(data: dict) -> dict[str, str]:
    return {kind: _text(d.content) for kind, d in build_packet(load_answers(data)[0]).items()}


# M-9: first and second reading.

def test_a_first_reading_after_the_meeting_is_refused_naming_the_field():
    data = example_data()
    data["adoption"]["first_reading_date"] = "2026-12-11"  # the meeting is 2026-12-10
    with pytest.raises(SafeZoneError) as refused:
        load_answers(data)
    assert str(refused.value).startswith("adoption.first_reading_date: must be on or before adoption.meeting_date "
                                         "(2026-12-10)")
    data["adoption"]["first_reading_date"] = "2026-13-01"
    with pytest.raises(SafeZoneError, match="adoption.first_reading_date: '2026-13-01' is not a real date"):
        load_answers(data)
    for day in ("2026-11-19", "2026-12-10"):  # before, or the same meeting
        data["adoption"]["first_reading_date"] = day
        assert load_answers(data)[0].adoption.first_reading_date.isoformat() == day
    del data["adoption"]["meeting_date"]
    data["adoption"]["first_reading_date"] = "2027-01-05"  # no meeting date: nothing to compare with
    assert load_answers(data)[0].adoption.first_reading_date.isoformat() == "2027-01-05"


def test_the_cli_refuses_a_late_first_reading_and_batch_takes_the_column(tmp_path):
    data = example_data()
    data["adoption"]["first_reading_date"] = "2026-12-24"
    (tmp_path / "answers.yaml").write_text(dump_yaml(data), encoding="utf-8")
    result = safe_zone("check", str(tmp_path / "answers.yaml"))
    assert result.returncode != 0 and "adoption.first_reading_date: must be on or before" in result.stderr
    assert "adoption.first_reading_date" in known_columns()
    (tmp_path / "districts.csv").write_text(
        "district.name,district.state,board.name,adoption.meeting_date,adoption.first_reading_date,output.packet\n"
        "Lakeside School District,OR,Lakeside Board of Directors,2026-12-10,2026-11-19,true\n", encoding="utf-8")
    assert safe_zone("batch", str(tmp_path / "districts.csv"), "-o", str(tmp_path / "out")).returncode == 0
    letter = next((tmp_path / "out").rglob("*cover-letter.docx"))
    assert "a first reading on November 19, 2026, and a second reading and adoption" in _text(letter.read_bytes())


@pytest.mark.parametrize("language, two, one", [
    ("en", "a first reading on November 19, 2026, and a second reading and adoption at the Board's regular meeting "
           "on December 10, 2026", "Many boards' bylaws require two readings of a new policy"),
    ("es", "una primera lectura el 19 de noviembre de 2026, y una segunda lectura y la adopción en la sesión ordinaria "
           "de la Junta del 10 de diciembre de 2026", "El reglamento interno de muchas juntas exige dos lecturas")])
def test_cover_letter_and_summary_name_both_readings_or_say_a_board_may_need_two(language, two, one):
    data = example_data() | {"language": language}
    without = _packet(data)
    data["adoption"]["first_reading_date"] = "2026-11-19"
    with_reading = _packet(data)
    for kind in ("cover-letter", "board-summary"):
        assert two in with_reading[kind] and one not in with_reading[kind], kind
        assert one in without[kind] and two not in without[kind], kind
    assert "for discussion and adoption" not in with_reading["cover-letter"]


# M-9: the fiscal impact, from the chosen provisions, as estimates with blanks.

LINES = {"liaison": ("Liaisons: a Family Liaison and a backup at each school", "Enlaces: un Enlace Familiar y un suplente"),
         "coordinator": ("A district coordinator who supports the liaisons", "Una persona que coordine a nivel del Distrito"),
         "translation": ("spoken by at least 7 percent of families", "al menos el 7 por ciento de las familias"),
         "advisory": ("Advisory group: the District forms a task force that meets at least once a month",
                      "Grupo asesor: el Distrito forma un grupo de trabajo que se reúne por lo menos una vez al mes"),
         "training": ("Training: every employee within 45 days after adoption", "Capacitación: todos los empleados dentro de los 45 días"),
         "contractors": ("and contractors and volunteers who work at a school", "además de los contratistas y voluntarios")}


def _fiscal(ids: list[str], options: dict, language: str) -> str:
    summary = _text(build_packet(answers_for(ids, "CA", language, options))["board-summary"].content)
    heading = {"en": "Fiscal impact: estimates for the District to complete",
               "es": "Impacto fiscal: estimaciones que completa el Distrito"}[language]
    lines = summary.splitlines()
    return lines[lines.index(heading) + 1]


@pytest.mark.parametrize("language", ["en", "es"])
def test_fiscal_impact_names_the_work_the_chosen_provisions_create_and_nothing_else(language):
    side = 0 if language == "en" else 1
    first = _fiscal(["school-liaison", "translation-interpretation", "staff-training"],
                    {"translation-interpretation": {"language_threshold": 7}, "staff-training": {"training_days": 45}},
                    language)
    second = _fiscal(["advisory-group", "staff-training"],
                     {"advisory-group": {"group_type": "task-force", "meeting_frequency": "monthly"},
                      "staff-training": {"training_days": 45, "include_contractors": False},
                      }, language)
    present = {name for name, words in LINES.items() if words[side] in first}
    assert present == {"liaison", "coordinator", "translation", "training", "contractors"}
    assert {name for name, words in LINES.items() if words[side] in second} == {"advisory", "training"}
    for paragraph in (first, second):
        assert "___" in paragraph and "$" not in paragraph
        assert not re.search(r"\d+ (staff )?hours|\d+ horas", paragraph)  # never a figure of ours
    no_coordinator = _fiscal(["school-liaison"], {"school-liaison": {"district_coordinator": False}}, language)
    assert LINES["liaison"][side] in no_coordinator and LINES["coordinator"][side] not in no_coordinator
    summary = _text(build_packet(load_answers(example_data() | {"language": language})[0])["board-summary"].content)
    assert "no new office" not in summary and "ningún cargo nuevo" not in summary


def test_the_summary_says_what_the_board_is_asked_to_do_first_then_what_changes_then_the_cost():
    summary = _text(build_packet(load_answers(example_data())[0])["board-summary"].content).splitlines()
    order = [summary.index(h) for h in ("What the Board is asked to do", "What the resolution and the policy do",
                                         "What changes for staff", "Fiscal impact: estimates for the District to complete")]
    assert order == sorted(order) and order[0] == 2  # right after the title and the subtitle


# M-11: the board summary at a readable size.

def test_board_summary_body_is_at_least_ten_and_a_half_points_with_normal_margins():
    document = docx.Document(BytesIO(build_packet(load_answers(example_data())[0])["board-summary"].content))
    for name in ("Packet Text", "Packet Bullet"):
        assert document.styles[name].font.size >= Pt(10.5), name
    used = {p.style.name for p in document.paragraphs}
    assert {"Packet Text", "Packet Bullet"} <= used
    section = document.sections[0]
    assert min(section.left_margin, section.right_margin, section.top_margin, section.bottom_margin) >= Inches(0.75)


def _pdf_pages(documents: dict, tmp_path: Path) -> dict[str, list[str]]:
    """Each document's PDF from LibreOffice, as the text of each page."""
    from resolution_builder.word.pdf import to_pdf
    pages = {}
    for key, pdf in to_pdf(documents).items():
        path = tmp_path / pdf.filename
        path.write_bytes(pdf.content)
        text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], check=True,
                              capture_output=True, text=True, timeout=60).stdout
        pages[key] = pages_of(text)
    return pages


@pytest.mark.libreoffice
def test_board_summary_fits_two_pages_even_for_everything_and_talking_points_one_in_libreoffice(tmp_path):
    need_libreoffice()
    from resolution_builder.build import Document
    documents = {}
    for name in ("recommended", "everything"):
        for language in ("en", "es"):
            for state in ("CA", "NY", "TX", "WA", "FL"):  # Florida's Spanish talking points are the fullest page
                packet = build_packet(answers_for(selections()[name], state, language))
                for kind in ("board-summary", "talking-points"):
                    key = f"{name}-{language}-{state}-{kind}"
                    documents[key] = Document(f"{key}.docx", packet[kind].content)
    counts = {key: len(pages) for key, pages in _pdf_pages(documents, tmp_path).items()}
    # The board summary names every provision chosen, one short line each: two pages at most, even with all 46
    # (issue 22); the talking points stay on one page.
    most = {"recommended-board-summary": 2, "everything-board-summary": 2}
    assert {key: n for key, n in counts.items()
            if n > most.get(re.sub(r"-(en|es)-[A-Z]{2}-", "-", key), 1)} == {}


# M-13: the bilingual vote block, signatures and attestation on one page.

@pytest.mark.libreoffice
def test_bilingual_vote_block_and_signatures_share_a_page_in_either_language_order(tmp_path):
    need_libreoffice()
    from resolution_builder.build import Document
    documents = {}
    for language in ("en", "es"):
        for state in ("CA", "TX", "WA"):
            answers = answers_for(selections()["everything"], state, language)
            answers = answers.model_copy(update={"output": answers.output.model_copy(update={"bilingual": True})})
            documents[f"{language}-{state}"] = Document(f"{language}-{state}.docx",
                                                        build_documents(answers)["resolution"].content)
    marks = {"adopted": r"PASSED AND ADOPTED", "ayes": r"AYES", "absent": r"ABSENT:",
             "president": r"President / Presiden\w+|Presiden\w+ / President", "attest": r"ATTEST",
             "secretary": r"Secretar\w+ / Secretar\w+, Board"}
    for key, pages in _pdf_pages(documents, tmp_path).items():
        # up to the secretary's certificate, which follows on its own and signs with the same role line
        certified = next(i for i, page in enumerate(pages) if re.search(r"CERTIFICATE|CERTIFICACI[OÓ]N", page))
        signed = [*pages[:certified], re.split(r"CERTIFICATE|CERTIFICACI[OÓ]N", pages[certified])[0]]
        where = {name: [i for i, page in enumerate(signed) if re.search(pattern, page)] for name, pattern in marks.items()}
        found = {name: at[-1] for name, at in where.items() if at}
        assert len(found) == len(marks) and len(set(found.values())) == 1, (key, where)
