"""The words a board clerk files (issue 22; the December review's M-12, L-1, L-2, L-3, L-5, L-6): the board named
with an article that agrees with any name typed, in both languages; the certificate titled by the clerk's own title
and reciting the quorum and the vote; gender-neutral Spanish defaults; officers' titles typed in English for a
Spanish document warned about (CLI, batch, app); the definitions that leave the law to counsel and the courts.
Read back from the built documents, the CLI's standard error and the app."""

from __future__ import annotations

import csv
import io
import sys
from io import BytesIO
from pathlib import Path

import docx
import pytest
import yaml

from helpers import build, example_data, minimal_data, safe_zone, texts
from resolution_builder import build_documents, load_answers
from resolution_builder.packet import build_packet

SPANISH_BOARD = "Junta de Educación del Distrito Escolar Unificado de Cedar Valley"
ENGLISH_BOARD = "Board of Education of the Cedar Valley USD"


def _data(language: str, board: str, **board_fields) -> dict:
    data = minimal_data(district={"name": "Distrito Escolar Unificado de Cedar Valley", "state": "CA"},
                        board={"name": board, "secretary_name": "Luis Soto", **board_fields}, language=language,
                        adoption={"resolution_number": "2026-14", "meeting_date": "2026-12-10"})
    return data


def _recital_and_certificate(data: dict) -> tuple[str, str, str]:
    resolution = build(data)["resolution"]
    return (texts(resolution, "Recital")[0], texts(resolution, "Certificate Title")[0],
            texts(resolution, "Certificate Text")[0])


# --- M-12: the Spanish first recital and certificate ---------------------------------------------------------------

def test_the_spanish_first_recital_and_certificate_read_la_junta_de_educacion():
    recital, _, certificate = _recital_and_certificate(_data("es", SPANISH_BOARD))
    assert f"gobernado por la {SPANISH_BOARD} (la «Junta»)" in recital
    assert certificate.startswith(f"Yo, Luis Soto, titular de la Secretaría de la {SPANISH_BOARD}, CERTIFICO")
    for text in (recital, certificate):
        assert "órgano de gobierno Junta" not in text and "del órgano de gobierno" not in text


@pytest.mark.parametrize("board, named", [
    ("Consejo Escolar de Salinas", "el Consejo Escolar de Salinas"),  # masculine
    ("Fideicomisarios de las Escuelas de Salem", "los Fideicomisarios de las Escuelas de Salem"),  # plural
    ("La Junta Directiva", "la Junta Directiva"),  # typed with its own article: one article, in lower case
    (ENGLISH_BOARD, f"la junta escolar {ENGLISH_BOARD}"),  # English: after a noun, as the district is named
])
def test_any_board_name_reads_grammatically_in_spanish(board, named):
    recital, _, certificate = _recital_and_certificate(_data("es", board))
    assert f"gobernado por {named} (la «Junta»)" in recital
    of = "del " + named[3:] if named.startswith("el ") else "de " + named  # "de el" contracts to "del"
    assert f"titular de la Secretaría {of}, CERTIFICO" in certificate
    assert "de el " not in certificate and "la La " not in recital.replace("La Junta Directiva", "")


def test_the_bilingual_edition_names_the_board_the_same_way_in_its_spanish_column():
    data = _data("en", SPANISH_BOARD)
    data["output"] = {"bilingual": True}
    document = build(data)["resolution"]
    spanish = "\n".join(row.cells[1].text for table in document.tables for row in table.rows if len(row.cells) > 1)
    assert f"gobernado por la {SPANISH_BOARD} (la «Junta»)" in spanish
    assert f"titular de la Secretaría de la {SPANISH_BOARD}" in "\n".join(texts(document))


# --- L-2: the certificate's title, quorum and vote ------------------------------------------------------------------

@pytest.mark.parametrize("language, title, heading, person, vote", [
    ("en", "Clerk", "CLERK'S CERTIFICATE", "I, Luis Soto, Clerk of the Board",
     "which was duly passed and adopted by the Board at a regular meeting held on December 10, 2026, at which a "
     "quorum was present, by the following vote: Ayes: __________; Noes: __________; Abstentions: __________; "
     "Absent: __________; and that"),
    ("en", None, "SECRETARY'S CERTIFICATE", "I, Luis Soto, Secretary of the Board", "at which a quorum was present"),
    ("es", "Secretaria de Actas", "CERTIFICACIÓN: SECRETARIA DE ACTAS", "Yo, Luis Soto, Secretaria de Actas de la",
     "debidamente aprobada y adoptada por la Junta en la sesión ordinaria celebrada el 10 de diciembre de 2026, con "
     "la presencia del quórum, por la siguiente votación: a favor: __________; en contra: __________; abstenciones: "
     "__________; ausentes: __________; y que"),
    ("es", None, "CERTIFICACIÓN DE LA SECRETARÍA", "Yo, Luis Soto, titular de la Secretaría de la",
     "con la presencia del quórum"),
])
def test_the_certificate_is_titled_by_the_clerks_title_and_recites_the_quorum_and_the_vote(language, title, heading,
                                                                                         person, vote):
    board = SPANISH_BOARD if language == "es" else "Board of Education"
    _, certificate_title, certificate = _recital_and_certificate(_data(language, board, secretary_title=title))
    assert certificate_title == heading
    assert certificate.startswith(person) and vote in certificate


def test_the_bilingual_certificate_recites_the_vote_in_both_languages():
    data = _data("es", SPANISH_BOARD, secretary_title="Clerk")
    data["output"] = {"bilingual": True}
    everything = "\n".join(texts(build(data)["resolution"]))
    assert "CERTIFICACIÓN: CLERK / CLERK'S CERTIFICATE" in everything
    assert "con la presencia del quórum, por la siguiente votación" in everything
    assert "at which a quorum was present, by the following vote" in everything


# --- L-1 and L-5: "the" before a name that needs it, never "the the" ----------------------------------------------

@pytest.mark.parametrize("board, named", [("Board of Education of the Cedar Valley USD",
                                           "the Board of Education of the Cedar Valley USD"),
                                          ("The Board of Trustees", "the Board of Trustees")])
def test_english_names_take_the_once(board, named):
    data = _data("en", board)
    data["district"]["name"] = "Cedar Valley Unified School District"
    data["provisions"] = [{"id": "safe-zone-declaration"}]
    resolution = build(data)["resolution"]
    assert texts(resolution, "Recital")[0].startswith(
        f"WHEREAS, {named} (the “Board”) governs the Cedar Valley Unified School District (the “District”)")
    assert "Every School of the Cedar Valley Unified School District a Safe Zone" in texts(resolution,
                                                                                           "Document Title")[0]
    everything = "\n".join(texts(resolution))
    assert f"PASSED AND ADOPTED by {named} at a regular meeting" in everything
    assert "the the" not in everything.lower() and "the The" not in everything


def _packet_text(data: dict) -> dict[str, str]:
    answers, _ = load_answers(data)
    return {kind: "\n".join(p.text for p in docx.Document(BytesIO(document.content)).paragraphs)
            for kind, document in build_packet(answers).items()}


@pytest.mark.parametrize("board, named", [(ENGLISH_BOARD, f"the {ENGLISH_BOARD}"),
                                          ("The Board of Trustees", "The Board of Trustees")])
def test_the_packet_names_the_board_with_the_before_it(board, named):
    packet = _packet_text(_data("en", board))
    assert f"For the regular meeting of {named} on December 10, 2026." in packet["talking-points"]
    assert f"Questions Boards Ask: Answers for {named}" in packet["faq"]
    assert not any("the the" in text.lower() for text in packet.values())


# --- L-6: gender-neutral Spanish defaults; English titles warned about ---------------------------------------------

def test_spanish_defaults_are_gender_neutral():
    data = _data("es", SPANISH_BOARD, presiding_officer_name="Ana Ruiz")
    everything = "\n".join(texts(build(data)["resolution"]))
    assert f"Presidencia, {SPANISH_BOARD}" in everything and f"Secretaría, {SPANISH_BOARD}" in everything
    assert "Presidente" not in everything and "Secretario" not in everything
    letter = _packet_text(data)["cover-letter"]
    assert "Estimada Presidencia:" in letter and "Estimado/a" not in letter


def _answers_file(tmp_path: Path, **changes) -> Path:
    data = example_data()
    data.update(changes)
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


WARNED = ("warning: board.presiding_officer_title: “President” is an English title, and the Spanish document "
          "prints it as typed")


@pytest.mark.parametrize("changes, warned", [
    ({"language": "es"}, True),
    ({"language": "en", "output": {"bilingual": True}}, True),  # the Spanish column prints it too
    ({"language": "en"}, False),
])
def test_the_cli_warns_about_a_title_typed_in_english_for_a_spanish_document(tmp_path, changes, warned):
    path = _answers_file(tmp_path, **changes)
    checked = safe_zone("check", str(path))
    assert checked.returncode == 0, checked.stderr
    assert (WARNED in checked.stderr) == warned
    assert ("warning: board.secretary_title: “Clerk” is an English title" in checked.stderr) == warned
    built = safe_zone("build", str(path), "-o", str(tmp_path / "out"))
    assert built.returncode == 0, built.stderr
    assert (WARNED in built.stderr) == warned


def test_a_title_typed_in_spanish_is_not_warned_about(tmp_path):
    data = example_data()
    data["language"] = "es"
    data["board"].update({"presiding_officer_title": "Presidenta", "secretary_title": "Secretaría de la Junta"})
    assert load_answers(data)[1] == []


def test_batch_warns_about_a_title_typed_in_english_for_a_spanish_row(tmp_path):
    sheet = io.StringIO()
    csv.writer(sheet).writerows([
        ["district.name", "district.state", "board.name", "board.secretary_title", "language", "provisions"],
        ["Distrito Escolar de Peñasco", "NM", "Junta de Educación", "Clerk", "es", "enforcement-review"],
        ["Lakeside School District", "OR", "Lakeside Board", "Clerk", "en", "enforcement-review"],
    ])
    (tmp_path / "districts.csv").write_text(sheet.getvalue(), encoding="utf-8")
    result = safe_zone("batch", str(tmp_path / "districts.csv"), "-o", str(tmp_path / "out"), "--jobs", "1")
    assert result.returncode == 0, result.stderr
    lines = [line for line in (result.stdout + result.stderr).splitlines() if "English title" in line]
    assert len(lines) == 1 and lines[0].startswith("warning: row 2 (Distrito Escolar de Peñasco): "
                                                   "board.secretary_title: “Clerk” is an English title")


def test_the_app_notes_an_english_title_at_its_field_when_a_document_is_in_spanish():
    sys.path.insert(0, str(Path(__file__).parent))
    from test_app import boxes, fill_required, go, new_app
    at = fill_required(new_app())
    go(at, "documents")
    at.text_input(key="board.secretary_title").input("Clerk").run()
    assert not [b for b in boxes(at, "warning") if "Clerk" in b]  # English documents print it as it should be
    at.selectbox(key="language").select("es").run()
    notes = [b for b in boxes(at, "warning") if "Clerk" in b]
    assert notes == ["“Clerk” is in English, and the Spanish document prints it as typed. Type the title in Spanish "
                     "(such as Presidencia or Secretaría), or leave this blank for each language's default."]


# --- L-3: definitions that leave the law to counsel and the courts --------------------------------------------------

def test_the_definitions_leave_exigency_to_the_courts_and_define_a_warrant_as_a_warrant():
    data = example_data()
    for language in ("en", "es"):
        data["language"] = language
        built = build(data)  # the policy and the regulation define between them every term their rules use
        policy = "\n".join(texts(built["policy"]) + texts(built["regulation"]))
        if language == "en":
            assert "“Administrative warrant” means a warrant issued and signed by an officer" in policy
            assert "or request" not in policy.split("“Administrative warrant”")[1].split("\n")[0]
            assert "is a legal question for District counsel and the courts" in policy
            assert "is always one" not in policy
        else:
            assert "«Orden administrativa» significa una orden emitida y firmada por un agente" in policy
            assert "o solicitud firmada" not in policy
            assert "corresponde a la asesoría jurídica del Distrito y a los tribunales" in policy
            assert "siempre lo es" not in policy


# --- M-14: a verb after a plural citation agrees -------------------------------------------------------------------

SINGULAR_VERBS = ("provides", "requires", "forbids", "protects", "permits", "allows", "bars", "prohibits", "sets",
                  "defines", "gives", "applies", "advises", "reminds", "says", "states", "is", "has")


def _disagreeing(state: str) -> list[str]:
    from library_cases import answers_for, selections
    from resolution_builder import load_library
    from resolution_builder.composition.citations import agreeing_verb, in_text
    from resolution_builder.composition.plan import plain
    library = load_library()
    documents = build_documents(answers_for(selections()["everything"], state, "en"))
    text = "\n".join(p.text for d in documents.values() for p in docx.Document(BytesIO(d.content)).paragraphs)
    found = []
    for ref in library.references.values():
        cited = plain(in_text(ref, "en"))
        for verb in SINGULAR_VERBS:
            if agreeing_verb(ref, "en", verb, "plural") == "plural" and f"{cited} {verb}" in text:
                found.append(f"{ref.id}: {cited} {verb}")
    return found


def test_the_plural_names_are_flagged_and_the_helper_offers_the_agreeing_verb():
    from resolution_builder import load_library
    from resolution_builder.composition.citations import agreeing_verb
    references = load_library().references
    assert agreeing_verb(references["nj-njac-6a-22"], "en", "provides", "provide") == "provide"
    assert agreeing_verb(references["nj-njac-6a-22"], "es", "establece", "establecen") == "establece"  # "reglamento"
    assert agreeing_verb(references["ferpa"], "en", "provides", "provide") == "provides"
    plural = {rid for rid, ref in references.items() if "en" in ref.plural}
    assert {"il-23-iac-1-240", "ny-8-nycrr-100-2-y", "nj-njac-6a-22", "nj-njac-6a-32-7"} <= plural


@pytest.mark.parametrize("state", ["NJ", "NY", "IL"])
def test_a_verb_after_a_plural_citation_agrees_in_the_built_drafts(state):
    assert _disagreeing(state) == []
