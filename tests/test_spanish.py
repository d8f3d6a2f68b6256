"""Spanish that reads as a U.S. district's own legal Spanish (issue 12): names of any gender and number, the
Spanish names of the laws, the three instruments kept apart, one verb for "directs", both languages at the
signatures of the bilingual edition, and file names in Spanish."""

from __future__ import annotations

import re
from io import BytesIO

import docx
import pytest
from docx.oxml.ns import qn

from helpers import safe_zone
from library_cases import answers_for, selections
from resolution_builder import build_documents, compose, load_library
from resolution_builder.composition.citations import in_text, listed
from resolution_builder.composition.plan import plain
from resolution_builder.packet import build_packet
from resolution_builder.ui.downloads import file_names

# Names as districts and boards really type them, with the article Spanish gives each (gender and number).
NAMES = [
    # district, its article, board, its article
    ("Distrito Escolar Unificado de Los Ángeles", "el", "Consejo de Educación de Los Ángeles", "el"),
    ("Escuela Chárter Comunitaria de Salinas", "la", "Junta Directiva de la Escuela Chárter", "la"),
    ("Escuelas Públicas de Hillsboro", "las", "Fideicomisarios de las Escuelas de Salem", "los"),
    ("Cedar Valley Unified School District", None, "Board of Education", None),
]
ARTICLES = {"el", "la", "los", "las", "del", "al"}
AGREEING = {"el": {"el", "del", "al"}, "la": {"la"}, "los": {"los"}, "las": {"las"}, None: set()}


def _answers(selection: str, state: str, district: str, board: str, bilingual: bool = False, packet: bool = False):
    answers = answers_for(selections()[selection], state, "es")
    return answers.model_copy(update={
        "district": answers.district.model_copy(update={"name": district}),
        "board": answers.board.model_copy(update={"name": board, "presiding_officer_name": "Ana Ruiz",
                                                  "secretary_name": "Luis Soto"}),
        "adoption": answers.adoption.model_copy(update={"approved_as_to_form": True}),
        "output": answers.output.model_copy(update={"bilingual": bilingual, "packet": packet}),
    })


def _text(content: bytes) -> str:
    document = docx.Document(BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _spanish_column(content: bytes) -> str:
    """The bilingual edition's Spanish: the right-hand column (English first) and the paragraphs in Spanish
    styles after the table."""
    document = docx.Document(BytesIO(content))
    parts = [row.cells[1].text for table in document.tables for row in table.rows if len(row.cells) > 1]
    parts += [p.text for p in document.paragraphs if p.style.name.endswith("(Second Language)")]
    return "\n".join(parts)


def _articles_before(text: str, name: str) -> list[str]:
    return [m.group(1).lower() for m in re.finditer(rf"(\w+)\s+{re.escape(name)}", text)
            if m.group(1).lower() in ARTICLES]


@pytest.mark.parametrize(("district", "district_article", "board", "board_article"), NAMES)
def test_no_article_disagrees_with_a_typed_name_in_spanish(district, district_article, board, board_article):
    answers = _answers("everything", "CA", district, board)
    documents = {**build_documents(answers), **build_packet(answers)}
    assert len(documents) == 9  # resolution, policy, regulation, six packet documents
    for document in documents.values():
        text = _text(document.content)
        assert district in text
        assert set(_articles_before(text, district)) <= AGREEING[district_article], document.filename
        assert set(_articles_before(text, board)) <= AGREEING[board_article], document.filename
        assert "distrito escolar Distrito" not in text  # a name that starts with the noun stands alone


@pytest.mark.parametrize(("district", "district_article", "board", "board_article"), NAMES)
def test_no_article_disagrees_with_a_typed_name_in_the_bilingual_edition(district, district_article, board,
                                                                          board_article):
    answers = _answers("recommended", "OR", district, board, bilingual=True)
    answers = answers.model_copy(update={"language": "en"})
    for kind, document in build_documents(answers).items():
        spanish = _spanish_column(document.content)
        assert {"resolution": "POR CUANTO", "policy": "Propósito", "regulation": "Propósito"}[kind] in spanish
        assert set(_articles_before(spanish, district)) <= AGREEING[district_article]
        assert set(_articles_before(spanish, board)) <= AGREEING[board_article]


def test_a_district_named_distrito_takes_its_own_article_in_the_title():
    answers = _answers("recommended", "NM", "Distrito Escolar de Peñasco", "Junta de Educación")
    plan = compose(answers)
    assert "cada escuela del Distrito Escolar de Peñasco para" in plan.resolution.title
    other = compose(_answers("recommended", "NM", "Escuelas Públicas de Santa Fe", "Junta de Educación"))
    assert "cada escuela del distrito escolar Escuelas Públicas de Santa Fe para" in other.resolution.title


def test_ferpa_and_title_vi_have_their_spanish_names_with_the_english_acronym_and_the_canonical_cite():
    answers = _answers("everything", "CA", "Escuelas Públicas de Hillsboro", "Junta Escolar")
    documents = build_documents(answers)
    text = "\n".join(_text(d.content) for d in documents.values())
    assert ("la Ley de Derechos Educativos y Privacidad de la Familia (FERPA, por sus siglas en inglés), "
            "20 U.S.C. § 1232g") in text
    assert "el Título VI de la Ley de Derechos Civiles de 1964, 42 U.S.C. § 2000d" in text
    for english in ("Family Educational Rights", "Title VI", "Civil Rights Act", "Dear Colleague Letter on"):
        assert english not in text
    assert not re.search(r"\b(?:a|de) el\b", text)  # "al", "del"


ENGLISH_FRAMING = {"the", "under", "pursuant", "see", "and", "of", "in", "to", "by", "as", "amended", "section",
                   "act", "code", "with", "for", "from", "on", "also", "cf"}


@pytest.mark.parametrize("state", ["CA", "NY", "TX", "IL"])
def test_no_english_words_frame_a_citation_in_spanish(state):
    """The words around each citation are Spanish. Citations themselves stay canonical, and a law's official
    English title may follow its Spanish name in parentheses or «»; neither counts as framing."""
    library = load_library()
    answers = _answers("everything", state, "Escuelas Públicas de Hillsboro", "Junta Escolar")
    text = "\n".join(_text(d.content) for d in build_documents(answers).values())
    forms = {plain(f(r, "es")) for r in library.references.values() for f in (in_text, listed)}
    forms |= {r.cite for r in library.references.values() if r.cite}
    cites = sorted({form for form in forms if form and form in text}, key=len, reverse=True)
    assert len(cites) >= 8
    for cite in cites:  # the whole citation as the sentence gives it, then the bare cites
        text = text.replace(cite, "\x00")
    text = re.sub(r"\([^()]*\)|«[^»]*»", " ", text)
    framed = []
    for line in text.splitlines():
        pieces = line.split("\x00")
        for before, after in zip(pieces, pieces[1:]):
            words = re.findall(r"[^\W\d_]+", before)[-3:] + re.findall(r"[^\W\d_]+", after)[:3]
            framed += [w for w in words if w.lower() in ENGLISH_FRAMING]
    assert text.count("\x00") >= 8
    assert framed == []


def test_the_three_instruments_keep_their_own_terms_in_spanish():
    answers = _answers("everything", "CA", "Escuelas Públicas de Hillsboro", "Junta Escolar")
    text = "\n".join(_text(d.content) for d in {**build_documents(answers), **build_packet(answers)}.values())
    warrant, order, subpoena = "orden judicial de registro o de arresto", "orden de un tribunal", "citación"
    for term in (warrant, order, subpoena, "citación judicial", "orden administrativa"):
        assert term in text
    # "orden judicial" only ever names the warrant; the court order is "orden de un tribunal"
    assert [m.group(0) for m in re.finditer(r"orden judicial(?! de registro o de arresto).{0,20}", text)] == []
    assert not re.search(r"orden judicial[^.;]{0,80}\bu orden judicial", text)


def test_directs_is_always_encarga():
    answers = answers_for(selections()["everything"], "CA", "en")
    plan = compose(answers.model_copy(update={"output": answers.output.model_copy(update={"bilingual": True})}))
    pairs = [(plain(row.left.lead + row.left.text), plain(row.right.lead + row.right.text))
             for row in plan.resolution_rows + plan.policy_rows]
    directing = [(en, es) for en, es in pairs if re.search(r"\bdirects?\b", en)]
    assert len(directing) >= 4
    for en, es in directing:
        assert "encarga" in es, (en, es)
    spanish = " ".join(es for _, es in pairs)
    assert not re.search(r"\b(ordena|instruye|dispone que)\b", spanish)


@pytest.mark.parametrize("first", ["en", "es"])
def test_the_bilingual_edition_signs_in_both_languages_and_certifies_in_both(first):
    answers = _answers("recommended", "CA", "Escuelas Públicas de Hillsboro", "Junta Escolar", bilingual=True)
    answers = answers.model_copy(update={"language": first})
    document = docx.Document(BytesIO(build_documents(answers)["resolution"].content))
    body = document.element.body
    table = body.find(qn("w:tbl"))
    after = [p for p in document.paragraphs if p._p.getparent() is body and
             list(body).index(p._p) > list(body).index(table)]
    text = "\n".join(p.text for p in after)
    for english, spanish in (("President", "Presidencia"), ("Secretary", "Secretaría"), ("ATTEST", "CERTIFICO"),
                             ("APPROVED AS TO FORM", "APROBADA EN CUANTO A LA FORMA"),
                             ("SECRETARY'S CERTIFICATE", "CERTIFICACIÓN DE LA SECRETARÍA"), ("Dated", "Fecha"),
                             ("at which a quorum was present, by the following vote", "con la presencia del quórum")):
        assert english in text and spanish in text, (english, spanish)
    assert text.count("Ana Ruiz") == 1  # the board signs once
    certificates = [p for p in after if p.style.name.startswith("Certificate Text")]
    assert [p.text.split(",")[0] for p in certificates] == (["I", "Yo"] if first == "en" else ["Yo", "I"])
    second = certificates[1]
    language = document.styles[second.style.name].element.rPr.find(qn("w:lang")).get(qn("w:val"))
    assert language == ("es-US" if first == "en" else "en-US")


def test_spanish_drafts_and_packet_are_named_in_spanish(tmp_path):
    answers = _answers("recommended", "OR", "Escuelas Públicas de Hillsboro", "Junta Escolar", packet=True)
    slug = "escuelas-publicas-de-hillsboro"
    assert {d.filename for d in build_documents(answers).values()} == {f"{slug}-resolucion.docx",
                                                                        f"{slug}-politica.docx",
                                                                        f"{slug}-reglamento.docx"}
    assert {d.filename for d in build_packet(answers).values()} == {
        f"{slug}-{name}.docx" for name in ("resumen-para-la-junta", "puntos-clave", "preguntas-frecuentes",
                                           "protocolo-del-personal", "aviso-a-las-familias", "carta-de-presentacion")}
    assert file_names(compose(answers)) == {"resolution": f"{slug}-resolucion.docx",
                                            "policy": f"{slug}-politica.docx",
                                            "regulation": f"{slug}-reglamento.docx",
                                            "zip": f"{slug}-borradores-zona-segura.zip"}
    english = answers.model_copy(update={"language": "en"})
    assert {d.filename for d in build_documents(english).values()} == {f"{slug}-resolution.docx", f"{slug}-policy.docx",
                                                                        f"{slug}-regulation.docx"}


def test_the_cli_writes_spanish_drafts_under_spanish_names(tmp_path):
    answers = tmp_path / "respuestas.yaml"
    answers.write_text("district: {name: Distrito Escolar de Peñasco, state: NM}\nboard: {name: Junta de Educación}\n"
                       "language: es\nprovisions: [{id: safe-zone-declaration}]\n", encoding="utf-8")
    result = safe_zone("build", str(answers), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["distrito-escolar-de-penasco-politica.docx",
                                                                   "distrito-escolar-de-penasco-reglamento.docx",
                                                                   "distrito-escolar-de-penasco-resolucion.docx"]
    assert "del Distrito Escolar de Peñasco" in _text((tmp_path / "out" /
                                                      "distrito-escolar-de-penasco-resolucion.docx").read_bytes())


def test_the_spanish_annotated_edition_tells_counsel_what_to_verify_in_spanish():
    library = load_library()
    assert all(set(ref.verify) == {"en", "es"} for ref in library.references.values() if ref.verify)
    answers = _answers("everything", "CA", "Escuelas Públicas de Hillsboro", "Junta Escolar")
    answers = answers.model_copy(update={"output": answers.output.model_copy(update={"annotated": True})})
    notes = []
    for document in build_documents(answers).values():
        notes += [p.text for c in docx.Document(BytesIO(document.content)).comments for p in c.paragraphs]
    verify = [n for n in notes if n.startswith("Verifíquese con la asesoría jurídica:")]
    assert len(verify) >= 5
    assert any(library.references["usc-1644"].verify["es"] in n for n in verify)
    assert not [n for n in verify if re.search(r"\b(the|was|were|not|check|confirm)\b", n)]
