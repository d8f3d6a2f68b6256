"""Spanish documents, the bilingual edition, and completeness of every language."""

from __future__ import annotations

import re
from io import BytesIO

import docx
import pytest
from docx.oxml.ns import qn

from helpers import doc_language, example_data, texts
from library_cases import STATES, STATE_SWEEP, answers_for, selections
from resolution_builder import LibraryError, build_documents, compose, load_answers
from resolution_builder.word.ooxml import SECOND_LANGUAGE_SUFFIX
from resolution_builder.ui.locale import LOCALE_FILE, load_locale

ENGLISH_WORDS = ["WHEREAS", "RESOLVED", "now, therefore", "PASSED AND ADOPTED", "AYES", "NOES", "ABSTENTIONS",
                 "ABSENT", "ATTEST", "Page", "Purpose", "Definitions", "Responsibilities", "Legal References",
                 "Resolution No.", "Board Policy No.", " means ", "DRAFT", "President", "Secretary", "Superintendent"]
SPANISH_WORDS = ["POR CUANTO", "SE RESUELVE", "por lo tanto", "APROBADA", "A FAVOR", "EN CONTRA", "ABSTENCIONES",
                 "AUSENTES", "CERTIFICO", "Página", "Propósito", "Definiciones", "Responsabilidades", "Referencias",
                 "Resolución Núm.", "Política de la Junta Núm.", " significa ", "BORRADOR", "Presidente", "Secretario", "Junta",
                 "Distrito"]
CITATION_WORDS = ["Plyler v. Doe", "Civil Rights Act", "Education Amendments", "Department of Education",
                  "Educational Opportunities", "Homeless Assistance", "Attorney General", "Const.", "Board of Education"]


def whole_text(content: bytes) -> str:
    document = docx.Document(BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in (*section.header.paragraphs, *section.footer.paragraphs)]
    return "\n".join(parts)


def without_citations(text: str) -> str:
    """Citations keep their canonical English form (and official English titles) in every language."""
    from resolution_builder import load_library
    from resolution_builder.composition.citations import listed
    from resolution_builder.composition.plan import plain
    library = load_library()
    forms = [plain(listed(r, lang)) for r in library.references.values() for lang in ("en", "es")]
    forms += [r.cite for r in library.references.values() if r.cite]
    for citation in sorted(forms, key=len, reverse=True):
        text = text.replace(citation, "")
    return text


@pytest.mark.parametrize("state", STATE_SWEEP)
@pytest.mark.parametrize(("language", "foreign"), [("en", SPANISH_WORDS), ("es", ENGLISH_WORDS)])
def test_no_words_of_the_other_language(state, language, foreign):
    answers = answers_for(selections()["everything"], state, language)
    answers = answers.model_copy(update={"board": answers.board.model_copy(update={"name": "Mesa Directiva"})})
    for document in build_documents(answers).values():
        text = without_citations(whole_text(document.content))
        assert [word for word in foreign if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text)] == []


def test_spanish_documents_keep_legal_citations_in_their_english_form():
    plan = compose(answers_for(selections()["everything"], "CA", "es"))
    references = next(s for s in plan.policy.sections if s.id == "legal-references")
    assert references.title == "Referencias legales"
    listed = [p.full_text for p in references.paragraphs]
    assert "Plyler v. Doe, 457 U.S. 202 (1982)" in listed
    assert "Ley de Derechos Educativos y Privacidad de la Familia (FERPA, por sus siglas en inglés), 20 U.S.C. § 1232g" \
        in listed


@pytest.fixture(scope="module")
def bilingual():
    data = {**example_data(), "output": {"bilingual": True}}
    answers, _ = load_answers(data)
    english = compose(answers.model_copy(update={"output": answers.output.model_copy(update={"bilingual": False})}))
    spanish = compose(answers.model_copy(update={"language": "es", "output": answers.output.model_copy(
        update={"bilingual": False})}))
    documents = {kind: docx.Document(BytesIO(d.content)) for kind, d in build_documents(answers).items()}
    return documents, english, spanish


def _column(document, side: int) -> list[tuple[str, str]]:
    """Each row's style and text in one column, after the header row that names the languages."""
    return [(row.cells[side].paragraphs[0].style.name, row.cells[side].text) for row in document.tables[0].rows[1:]]


def test_bilingual_resolution_pairs_every_paragraph_in_order(bilingual):
    documents, english, spanish = bilingual
    left, right = _column(documents["resolution"], 0), _column(documents["resolution"], 1)
    assert len(left) == len(right)
    assert all(style_r == style_l + SECOND_LANGUAGE_SUFFIX for (style_l, _), (style_r, _) in zip(left, right))
    recitals = [text for style, text in left if style == "Recital"]
    assert recitals == [r.text for r in english.resolution.recitals]
    assert [text for style, text in right if style == "Recital" + SECOND_LANGUAGE_SUFFIX] == [
        r.text for r in spanish.resolution.recitals]
    clauses = [text for style, text in right if style == "Resolved Clause" + SECOND_LANGUAGE_SUFFIX]
    assert clauses == [c.text for c in spanish.resolution.clauses]
    # The same number of paragraphs per provision on each side.
    for plan_part in ("recitals", "clauses"):
        ids_en = [x.provision_id for x in getattr(english.resolution, plan_part)]
        ids_es = [x.provision_id for x in getattr(spanish.resolution, plan_part)]
        assert ids_en == ids_es
    assert texts(documents["resolution"], "Signature Role")[0].startswith("President")


def test_bilingual_policy_pairs_sections_definitions_and_rules(bilingual):
    documents, english, spanish = bilingual
    left, right = _column(documents["policy"], 0), _column(documents["policy"], 1)
    assert [t for s, t in left if s == "Policy Heading"] == [s.title for s in english.policy.sections]
    assert [t for s, t in right if s.startswith("Policy Heading")] == [s.title for s in spanish.policy.sections]
    terms_en = [t for s, t in left if s == "Definition"]
    terms_es = [t for s, t in right if s.startswith("Definition")]
    assert len(terms_en) == len(terms_es) and terms_en == sorted(terms_en, key=str.casefold)
    # the policy defines the terms its own rules use, the first of them alphabetically in the first language
    assert terms_en[0].startswith("\u201cDirectory information\u201d")
    assert terms_es[0].startswith("\u00abInformaci\u00f3n de directorio\u00bb")


def test_bilingual_columns_carry_their_own_proofing_language(bilingual):
    documents, _, _ = bilingual
    for document in documents.values():
        assert doc_language(document) == "en-US"
        second = [s for s in document.styles if s.name.endswith(SECOND_LANGUAGE_SUFFIX)]
        langs = {s.element.rPr.find(qn("w:lang")).get(qn("w:val")) for s in second}
        assert second and langs == {"es-US"}
        assert document.sections[0].header.paragraphs[0].text == "DRAFT / BORRADOR"


def test_spanish_first_bilingual_puts_spanish_on_the_left():
    answers, _ = load_answers({**example_data(), "language": "es", "output": {"bilingual": True}})
    document = docx.Document(BytesIO(build_documents(answers)["resolution"].content))
    header, first = document.tables[0].rows[0].cells, document.tables[0].rows[1].cells
    assert (header[0].text, header[1].text) == ("Español", "English")
    assert (first[0].text, first[1].text) == ("RESOLUCIÓN", "RESOLUTION")
    assert doc_language(document) == "es-US"


def test_the_app_locale_is_complete_in_every_language(tmp_path):
    assert set(load_locale()["en"]) == set(load_locale()["es"])
    broken = tmp_path / "ui_locale.yaml"
    text = LOCALE_FILE.read_text(encoding="utf-8")
    broken.write_text(text.replace('  tab_policy: "Política de la Junta"\n', ""), encoding="utf-8")
    with pytest.raises(LibraryError, match="ui_locale.yaml: es: missing tab_policy"):
        load_locale(broken)


@pytest.mark.parametrize(("data", "expected"), [
    ({"district": {"name": "X", "state": "XX"}, "board": {"name": "B"}},
     ["district.state: 'XX' no es el código de un estado o territorio de EE. UU."]),
    ({"district": {"state": "CA"}, "board": {"name": "B"}, "adoption": {"meeting_date": "2026-02-30"}},
     ["district.name: es obligatorio",
      "adoption.meeting_date: '2026-02-30' no es una fecha que exista; escríbala como AAAA-MM-DD"]),
    ({"district": {"name": "X", "state": "CA"}, "board": {"name": "B"},
      "provisions": [{"id": "enforcement-review", "options": {"reviewer": "mayor"}}, {"id": "wait-outside"},
                     {"id": "board-reporting", "options": {"report_days": 3}}]},
     ["provisions[0].options.reviewer: 'mayor' no es una de estas opciones: superintendent-and-counsel, counsel o "
      "superintendent", "provisions[2].options.report_days: debe ser como mínimo 30"]),
])
def test_problems_can_be_told_in_spanish(data, expected):
    from resolution_builder import AnswersError

    with pytest.raises(AnswersError) as caught:
        load_answers(data, language="es")
    assert caught.value.problems == expected


def test_a_requirement_is_told_in_spanish_with_the_spanish_title():
    from resolution_builder import AnswersError

    with pytest.raises(AnswersError) as caught:
        load_answers({"district": {"name": "X", "state": "CA"}, "board": {"name": "B"},
                      "provisions": [{"id": "wait-outside"}]}, language="es")
    assert caught.value.problems == [
        "provisions[0].id: 'wait-outside' requiere 'enforcement-review' (Revisión por el Distrito de las solicitudes "
        "de control migratorio); elíjala también o quite 'wait-outside'"]


def test_the_messages_file_is_complete_in_every_language():
    from resolution_builder.messages import MESSAGES_FILE
    from resolution_builder.localized_files import load_localized

    messages = load_localized(MESSAGES_FILE)
    assert set(messages["en"]) == set(messages["es"]) and len(messages["en"]) > 20


def test_the_note_about_removed_characters_can_be_told_in_spanish():
    _, notes = load_answers({"district": {"name": "Oak\u000bRidge", "state": "WA"}, "board": {"name": "B"}},
                            language="es")
    assert notes == ["district.name: se quitaron caracteres que un documento de Word no puede guardar (U+000B); "
                     "un salto de línea o una tabulación se convierte en un espacio"]
