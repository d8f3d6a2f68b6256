"""The district's own voice (``local:`` in the answers): a recital written from its figures in each language, the
resolutions it reaffirms, and its own recitals and clauses printed as typed, in place, in every edition, with a
visible placeholder where a language has no text."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import build, minimal_data, safe_zone, texts
from resolution_builder.answers.loading import AnswersError, load_answers
from resolution_builder.composition.composer import compose
from resolution_builder.typed_text import clean_text, is_blank

FAMILIES = {"id": "know-your-rights"}  # a provision of the "families" clause group
PARTNERS = {"id": "legal-aid-partners"}  # one of the "partners" group, which comes after it


def _facts_recital(facts: dict, language: str) -> str:
    """The recital the figures give (the composer marks it ``local-facts``); exactly one."""
    answers, _ = load_answers(minimal_data(language=language, local={"facts": facts}))
    found = [lead.text for lead in compose(answers).resolution.recitals if lead.provision_id == "local-facts"]
    assert len(found) == 1, found
    return found[0]


# Written out: what a board reads (the figures' recital comes just before the last, the community's).
@pytest.mark.parametrize(("facts", "language", "expected"), [
    ({"students": 12400, "languages_spoken": 47, "english_learners_percent": 18},
     "en", "WHEREAS, the District's 12,400 students speak 47 languages at home, and 18 percent of its students are "
           "learning English; and"),
    ({"students": 12400, "languages_spoken": 47, "english_learners_percent": 18},
     "es", "POR CUANTO, los 12,400 estudiantes del Distrito hablan 47 idiomas en su hogar y el 18 por ciento de los "
           "estudiantes del Distrito está aprendiendo inglés; y"),
    ({"countries_of_origin": 1, "newcomer_students": 1, "source_year": "2024"},
     "en", "WHEREAS, according to the District's figures for 2024, the District's families come from 1 country, and "
           "1 of its students has recently arrived in the United States; and"),
    ({"students": 1, "languages_spoken": 2, "source_year": "2025-2026"},
     "es", "POR CUANTO, según los datos del Distrito del año escolar 2025-2026, el único estudiante del Distrito "
           "habla 2 idiomas en su hogar; y"),
    ({"english_learners_percent": "12.5%", "source_year": "2025-26"},
     "en", "WHEREAS, according to the District's figures for the 2025\u201326 school year, 12.5 percent of the "
           "District's students are learning English; and"),
])
def test_the_figures_recital_reads_as_written(facts, language, expected):
    assert _facts_recital(facts, language) == expected


FIGURES = {"students": st.integers(1, 2_000_000), "languages_spoken": st.integers(1, 1000),
           "countries_of_origin": st.integers(1, 250), "english_learners_percent": st.sampled_from([0, 1, 18, 99.5, 100]),
           "newcomer_students": st.integers(1, 5000)}
SUBSETS = [combo for size in range(1, 6) for combo in itertools.combinations(FIGURES, size)]


@given(chosen=st.sampled_from(SUBSETS), data=st.data(), year=st.sampled_from([None, "2025", "2025-26"]))
def test_any_combination_of_figures_gives_one_grammatical_recital_in_each_language(chosen, data, year):
    facts = {name: data.draw(FIGURES[name], label=name) for name in chosen}
    if "students" in facts and "newcomer_students" in facts:
        facts["newcomer_students"] = min(facts["newcomer_students"], facts["students"])
    if year:
        facts["source_year"] = year
    for language in ("en", "es"):
        text = _facts_recital(facts, language)
        body = text.split(",", 1)[1]
        assert "{" not in text and "  " not in text and ", ," not in text, text
        assert not re.search(r"\b(and|y) (and|y)\b", text), text
        assert text.endswith(("; and", "; y")) and ",;" not in text, text
        for name, value in facts.items():  # every figure given is in the sentence, as the language writes it
            if name == "source_year":
                continue
            if name == "students" and value == 1 and "languages_spoken" in facts:  # "the District's only student"
                assert "only student" in text or "único estudiante" in text, text
                continue
            shown = f"{value:,}" if isinstance(value, int) else f"{value:g}"
            assert re.search(rf"(?<![\d,.]){re.escape(shown)}(?![\d,]|\.\d)", body), (name, shown, text)
        for written in ("2025\u201326", "2025-2026", "2025"):
            body = body.replace(written, "")
        numbers = re.findall(r"\d[\d,.]*\d|\d", body)
        only = facts.get("students") == 1 and "languages_spoken" in facts
        assert len(numbers) == len([n for n in facts if n != "source_year"]) - only, (numbers, text)
        if language == "en":  # one thing, one word: "1 language", "1 of its students has"
            assert not re.search(r"\b1 (languages|countries|students)\b", text), text
            assert not re.search(r"(?<![\d,])1 of (its|the District's) students have", text), text
            assert ("percent" in text) == ("english_learners_percent" in facts)
        else:
            assert not re.search(r"\b1 (idiomas|países|estudiantes)\b", text), text
            assert ("por ciento" in text) == ("english_learners_percent" in facts)
        if year:
            assert ("school year" in text or "año escolar" in text) == ("-" in year), text


def test_figures_that_cannot_be_are_refused_at_their_field():
    with pytest.raises(AnswersError) as refused:
        load_answers(minimal_data(local={"facts": {"students": "twelve thousand", "english_learners_percent": 140,
                                                   "source_year": "2025-27", "languages_spoken": True}}))
    problems = refused.value.problems
    assert problems == [
        "local.facts.students: must be a whole number, such as 12400",
        "local.facts.english_learners_percent: must be at most 100",
        "local.facts.languages_spoken: must be a whole number, such as 12400",
        "local.facts.source_year: a school year runs from one year to the next, such as 2025-26",
    ]
    answers, _ = load_answers(minimal_data(local={"facts": {"students": "12.400", "newcomer_students": "1 150"},
                                                  "reaffirms": [{"number": "94-7", "date": "1994-11-08"}]}))
    assert (answers.local.facts.students, answers.local.facts.newcomer_students) == (12400, 1150)
    assert str(answers.local.reaffirms[0].date) == "1994-11-08"  # older than any meeting the form plans
    with pytest.raises(AnswersError) as refused:
        load_answers(minimal_data(local={"facts": {"students": "12.4"}}))
    assert refused.value.problems == ["local.facts.students: must be a whole number, such as 12400"]
    with pytest.raises(AnswersError) as refused:
        load_answers(minimal_data(local={"facts": {"students": 40, "newcomer_students": 41}}))
    assert refused.value.problems == ["local.facts: newcomer_students (41) is more than students (40)"]


OWN = {
    "reaffirms": [{"number": "Resolution No. 17-01", "title": "Safe Haven Schools", "date": "2017-01-10"}],
    "recitals": [{"en": "WHEREAS, our families built the Welcome Center in 2019;",
                  "es": "nuestras familias construyeron el Centro de Bienvenida en 2019"}],
    "clauses": [{"en": "the Board thanks the volunteers of the Welcome Center", "es": "la Junta agradece a los "
                 "voluntarios del Centro de Bienvenida", "place": "families"},
                {"en": "the Board shall review this resolution in June 2028", "es": "la Junta revisará esta "
                 "resolución en junio de 2028"}],
}


def _resolution_lines(document) -> list[str]:
    return texts(document, "Recital") + texts(document, "Resolved Clause")


def test_own_recitals_and_clauses_are_printed_as_typed_in_their_places():
    english = build(minimal_data(provisions=[FAMILIES, PARTNERS], local=OWN))["resolution"]
    recitals, clauses = texts(english, "Recital"), texts(english, "Resolved Clause")
    assert recitals[-1] == "WHEREAS, our families built the Welcome Center in 2019; now, therefore,"  # not doubled
    assert ("WHEREAS, the Board adopted Resolution No. 17-01 (“Safe Haven Schools”, adopted on January 10, 2017), "
            "and this resolution reaffirms and builds on that resolution; and") in recitals
    families = next(i for i, c in enumerate(clauses) if "to keep families informed" in c)
    assert clauses[families + 1] == "BE IT FURTHER RESOLVED that the Board thanks the volunteers of the Welcome Center;"
    closing = next(i for i, c in enumerate(clauses) if "the Board adopts Board Policy" in c)
    assert clauses[closing - 1] == "BE IT FURTHER RESOLVED that the Board shall review this resolution in June 2028;"
    assert clauses[1] == ("BE IT FURTHER RESOLVED that the Board reaffirms the commitments it made in Resolution "
                          "No. 17-01 (“Safe Haven Schools”), and where that resolution differs from this resolution, "
                          "this resolution governs;")

    spanish = build(minimal_data(language="es", provisions=[FAMILIES, PARTNERS], local=OWN))["resolution"]
    lines = _resolution_lines(spanish)
    assert "POR CUANTO, nuestras familias construyeron el Centro de Bienvenida en 2019." in lines
    assert "SE RESUELVE ADEMÁS que la Junta agradece a los voluntarios del Centro de Bienvenida;" in lines
    assert not any("Welcome Center" in line for line in lines)


def test_the_bilingual_edition_pairs_each_own_text_with_its_translation():
    document = build(minimal_data(provisions=[FAMILIES], local=OWN, output={"bilingual": True}))["resolution"]
    rows = [(row.cells[0].text, row.cells[1].text) for row in document.tables[0].rows]
    assert ("BE IT FURTHER RESOLVED that the Board thanks the volunteers of the Welcome Center;",
            "SE RESUELVE ADEMÁS que la Junta agradece a los voluntarios del Centro de Bienvenida;") in rows


ENGLISH_ONLY = {"clauses": [{"en": "the Board thanks the volunteers of the Welcome Center", "place": "families"}]}


def test_a_missing_translation_shows_in_the_draft_on_stderr_and_in_the_comments(tmp_path):
    spanish = build(minimal_data(language="es", provisions=[FAMILIES], local=ENGLISH_ONLY))["resolution"]
    assert ("SE RESUELVE ADEMÁS que [traducción pendiente; el texto en inglés dice: «the Board thanks the volunteers "
            "of the Welcome Center»];") in texts(spanish, "Resolved Clause")
    english = build(minimal_data(provisions=[FAMILIES], local=ENGLISH_ONLY))["resolution"]
    assert not any("translation needed" in line for line in texts(english))  # English has its text

    from resolution_builder.yaml_io import dump_yaml
    answers = tmp_path / "answers.yaml"
    answers.write_text(dump_yaml(minimal_data(provisions=[FAMILIES], local=ENGLISH_ONLY,
                                              output={"bilingual": True, "annotated": True})), encoding="utf-8")
    run = safe_zone("build", str(answers), "-o", str(tmp_path / "out"))
    assert run.returncode == 0, run.stderr
    assert ("warning: local.clauses[0].es: has no Spanish text, so the draft shows “[translation needed]” with the "
            "other language's text in its place") in run.stderr
    import docx
    resolution = docx.Document(next((tmp_path / "out").glob("*resolution*.docx")))
    comments = " ".join(c.text for c in resolution.comments)
    assert "The District's own clause 1" in comments
    assert "Translation needed: no Spanish text was given" in comments


def test_an_empty_or_misplaced_own_text_is_refused_with_its_field():
    with pytest.raises(AnswersError) as refused:
        load_answers(minimal_data(local={"recitals": [{"en": " ", "es": ""}],
                                         "clauses": [{"en": "x", "place": "lunch"}] + [{"en": "y"}] * 5}))
    assert refused.value.problems == [
        "local.recitals[0]: type the text in English, in Spanish or in both",
        "local.clauses: has 6 clauses; at most 5 fit in a resolution",
    ]
    with pytest.raises(AnswersError) as refused:
        load_answers(minimal_data(local={"clauses": [{"en": "x", "place": "lunch"}]}))
    assert refused.value.problems[0].startswith("local.clauses[0].place: is not a place for a clause; the places "
                                                "are: end, enrollment, access, records, families")


typed = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=60).filter(
    lambda s: not is_blank(clean_text(s)[0]))


@given(recital=typed, clause=typed)
def test_any_unicode_in_the_own_words_comes_out_literally(recital, clause):
    recital, clause = (f"Zq {clean_text(text)[0]} qZ" for text in (recital, clause))
    documents = build(minimal_data(local={"recitals": [{"en": recital, "es": recital}],
                                          "clauses": [{"en": clause, "es": clause}]}))
    body = texts(documents["resolution"])
    assert f"WHEREAS, {recital}; now, therefore," in body
    assert f"BE IT FURTHER RESOLVED that {clause};" in body


def test_the_packet_speaks_of_the_district_and_lists_its_own_clauses():
    import docx
    from io import BytesIO
    from resolution_builder.packet import build_packet

    data = minimal_data(provisions=[FAMILIES], local={**OWN, "facts": {"students": 12400, "languages_spoken": 47}})
    for language, figures, own in (
            ("en", "The District's 12,400 students speak 47 languages at home.",
             "In the District's own words: the Board reaffirms the commitments it made in Resolution No. 17-01"),
            ("es", "Los 12,400 estudiantes del Distrito hablan 47 idiomas en su hogar.",
             "En palabras propias del Distrito: la Junta reafirma los compromisos que asumió en la Resolución Núm. "
             "17-01")):
        answers, _ = load_answers({**data, "language": language})
        packet = {kind: [p.text for p in docx.Document(BytesIO(d.content)).paragraphs]
                  for kind, d in build_packet(answers).items()}
        assert figures in packet["talking-points"]
        summary = next(line for line in packet["board-summary"] if line.startswith(own))
        assert summary.endswith(("the Board shall review this resolution in June 2028.",
                                 "la Junta revisará esta resolución en junio de 2028."))
    plain_packet = build_packet(load_answers(minimal_data(provisions=[FAMILIES]))[0])
    texts_of = " ".join(p.text for d in plain_packet.values() for p in docx.Document(BytesIO(d.content)).paragraphs)
    assert "own words" not in texts_of and "languages at home" not in texts_of


def test_dates_outside_their_range_are_refused_at_their_field():
    with pytest.raises(AnswersError) as refused:
        load_answers(minimal_data(adoption={"meeting_date": "0026-05-01"},
                                  local={"reaffirms": [{"number": "1", "date": "1899-12-31"},
                                                       {"number": "2", "date": 20170110}]}))
    assert refused.value.problems == [
        "adoption.meeting_date: must be between 2000-01-01 and 2100-12-31",
        "local.reaffirms[0].date: must be between 1900-01-01 and 2100-12-31",
        "local.reaffirms[1].date: must be a date written YYYY-MM-DD",
    ]
