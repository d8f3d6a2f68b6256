"""Issue 22's clerk words still open after the audit (research/audit-22.md): the cover letter names the instruments
the output really has and encloses every draft; the board summary says truly where each authority is cited; a
reference is cited in full once in an instrument and by its short form after that (review M-14); the Spanish
references read as Spanish titles, in the order of their sections; `safe-zone build --help` names the regulation.
Read back from the built documents and the CLI's output."""

from __future__ import annotations

from io import BytesIO

import docx
import pytest

from helpers import paragraphs
from library_cases import answers_for, selections
from resolution_builder import build_documents, load_library

LIBRARY = load_library()


def _built(state: str, lang: str, ids: list[str] | None = None, **output) -> dict[str, docx.document.Document]:
    answers = answers_for(selections()["everything"] if ids is None else ids, state, lang)
    if output:
        answers = answers.model_copy(update={"output": answers.output.model_copy(update=output)})
    return {kind: docx.Document(BytesIO(d.content)) for kind, d in build_documents(answers).items()}


def _body(document) -> str:
    """An instrument's text without its Legal References list (which lists every citation in full)."""
    return "\n".join(text for style, text in paragraphs(document) if style != "Legal Reference")


# --- M-14: the full title once, then the short form ------------------------------------------------------------------

@pytest.mark.parametrize("state, rid", [("NY", "ny-guidance-2025"), ("NJ", "nj-guidance-2025")])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_state_guidance_is_cited_in_full_once_in_each_instrument_then_by_its_short_form(state, rid, lang):
    reference = LIBRARY.references[rid]
    full, short = reference.name[lang], reference.short[lang]
    built = _built(state, lang)
    for kind in ("policy", "regulation"):
        body = _body(built[kind])
        assert body.count(full) == 1, (kind, body.count(full))
        assert body.count(short) >= 1, kind
        assert body.index(full) < body.index(short), kind  # the full title comes first
    from resolution_builder.composition.citations import listed
    entries = [text for style, text in paragraphs(built["policy"]) if style == "Legal Reference"]
    assert listed(reference, lang) in entries  # the policy's Legal References keep it in full


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_reference_without_a_short_form_is_cited_in_full_every_time(lang):
    """references.yaml may add an authority with no short form (a mutant that broke this survived: every reference
    has one today): it is then never shortened, and its short form, where a snippet asks for one, is the full one."""
    from resolution_builder.composition.citations import in_text, short_after_first, short_form

    ferpa = LIBRARY.references["ferpa"]
    plain_ferpa = ferpa.model_copy(update={"short": None})
    full = in_text(ferpa, lang)
    assert short_form(plain_ferpa, lang) == full and short_form(ferpa, lang) != full
    paragraphs_ = [f"First {full}.", f"Again {full}."]
    assert short_after_first(paragraphs_, [plain_ferpa], lang) == paragraphs_
    assert short_after_first(paragraphs_, [ferpa], lang) == [f"First {full}.", f"Again {short_form(ferpa, lang)}."]


def test_a_plural_full_name_is_never_shortened_and_a_longer_citation_is_shortened_as_a_whole():
    """"The New Jersey rules ... provide": a short form would leave the verb disagreeing, so a name plural in the
    language is cited in full every time; and a citation that holds another ("Title VI of the Civil Rights Act")
    is shortened whole, never the one inside it (mutants of both survived: no two references nest today)."""
    from resolution_builder.composition.citations import in_text, short_after_first

    rules = LIBRARY.references["nj-njac-6a-22"]
    assert "en" in rules.plural
    cited = [f"As {in_text(rules, 'en')} provide.", f"And {in_text(rules, 'en')} provide."]
    assert short_after_first(cited, [rules], "en") == cited

    base = LIBRARY.references["ferpa"].model_copy(update={"article": {}, "cite": "", "plural": ()})
    inner = base.model_copy(update={"id": "a-inner", "name": {"en": "Civil Rights Act", "es": "x"},
                                    "short": {"en": "CRA", "es": "x"}})
    outer = base.model_copy(update={"id": "b-outer", "name": {"en": "Title VI of the Civil Rights Act", "es": "y"},
                                    "short": {"en": "Title VI", "es": "y"}})
    assert short_after_first(["Title VI of the Civil Rights Act applies.", "Title VI of the Civil Rights Act again."],
                             [inner, outer], "en") == ["Title VI of the Civil Rights Act applies.", "Title VI again."]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_case_is_cited_by_its_italic_name_alone_and_a_statute_with_its_article(lang):
    """A case has no article and is italic, in full and for short (*Plyler v. Doe*, ... then *Plyler*); a statute's
    short form is roman (mutants that gave every reference a default article or made every short form italic, or
    none, survived the fast tier)."""
    from resolution_builder.composition.citations import in_text, short_form
    from resolution_builder.composition.plan import ITALIC_END, ITALIC_START

    plyler, ferpa = LIBRARY.references["plyler"], LIBRARY.references["ferpa"]
    assert in_text(plyler, lang) == f"{ITALIC_START}Plyler v. Doe{ITALIC_END}, 457 U.S. 202 (1982)"
    assert short_form(plyler, lang) == f"{ITALIC_START}Plyler{ITALIC_END}"
    assert short_form(ferpa, lang) == "FERPA"
    assert in_text(ferpa, lang).startswith({"en": "the Family Educational Rights", "es": "la Ley de Derechos"}[lang])


# --- The packet: the instruments the output really has ------------------------------------------------------------

def _packet(state: str, lang: str, ids: list[str] | None = None, **output) -> dict[str, list[str]]:
    from resolution_builder.packet import build_packet
    answers = answers_for(selections()["recommended"] if ids is None else ids, state, lang)
    if output:
        answers = answers.model_copy(update={"output": answers.output.model_copy(update=output)})
    return {kind: [p.text for p in docx.Document(BytesIO(d.content)).paragraphs]
            for kind, d in build_packet(answers).items()}


def _enclosures(letter: list[str], heading: str) -> list[str]:
    return letter[letter.index(heading) + 1:letter.index(heading) + 4]


@pytest.mark.parametrize("state, lang, request_, procedures, drafts", [
    ("CA", "en", "We ask that the attached draft resolution, board policy and administrative regulation on safe and "
     "welcoming schools be placed on the Board's agenda", "the administrative regulation sets out the steps staff "
     "follow", ["Draft resolution", "Draft board policy", "Draft administrative regulation"]),
    ("WA", "en", "the attached draft resolution, board policy and procedure on safe", "the procedure sets out the steps",
     ["Draft resolution", "Draft board policy", "Draft procedure"]),
    ("CA", "es", "Solicitamos que los borradores adjuntos de la resolución, de la política de la Junta y del reglamento "
     "administrativo sobre escuelas seguras", "el reglamento administrativo establece los pasos que sigue el personal",
     ["Borrador de la resolución", "Borrador de la política de la Junta", "Borrador del reglamento administrativo"]),
    ("WA", "es", "de la política de la Junta y del procedimiento sobre", "el procedimiento establece los pasos",
     ["Borrador de la resolución", "Borrador de la política de la Junta", "Borrador del procedimiento"]),
])
def test_the_cover_letter_names_the_three_instruments_and_encloses_each_draft(state, lang, request_, procedures,
                                                                               drafts):
    letter = _packet(state, lang)["cover-letter"]
    text = "\n".join(letter)
    assert request_ in text and procedures in text
    heading = {"en": "Enclosures", "es": "Documentos adjuntos"}[lang]
    assert _enclosures(letter, heading) == drafts


@pytest.mark.parametrize("lang, request_, sets, drafts, heading", [
    ("en", "We ask that the attached draft resolution and board policy on safe", "adopts the board policy, which sets "
     "the procedures staff follow", ["Draft resolution", "Draft board policy", "Board summary"], "Enclosures"),
    ("es", "los borradores adjuntos de la resolución y de la política de la Junta sobre", "adopta la política de la "
     "Junta, que establece los procedimientos que sigue el personal",
     ["Borrador de la resolución", "Borrador de la política de la Junta", "Resumen para la Junta"],
     "Documentos adjuntos")])
def test_a_combined_policy_s_letter_and_summary_name_no_regulation(lang, request_, sets, drafts, heading):
    packet = _packet("CA", lang, policy_format="combined")
    text = "\n".join(packet["cover-letter"])
    assert request_ in text and sets in text and _enclosures(packet["cover-letter"], heading) == drafts
    for kind in ("cover-letter", "board-summary"):
        said = "\n".join(packet[kind]).casefold()
        for word in ("regulation", "reglamento administrativo", "procedure ", "procedimiento "):
            assert word not in said, (kind, word)


def test_the_cover_letter_names_the_district_with_its_article():
    text = "\n".join(_packet("CA", "en")["cover-letter"])
    assert "every student in the Cedar Valley Unified School District may learn" in text
    assert "cada estudiante del distrito escolar Cedar Valley Unified School District pueda" in "\n".join(
        _packet("CA", "es")["cover-letter"])


@pytest.mark.parametrize("state, lang, format_", [("CA", "en", "separate"), ("FL", "en", "separate"),
                                                  ("WA", "es", "separate"), ("CA", "es", "combined")])
def test_the_board_summary_says_truly_where_each_authority_is_cited_in_full(state, lang, format_):
    """Each authority the summary names is cited in full in the resolution (Lau, Florida's chapter 908 are cited
    only in its recitals) or listed in the Legal References of the policy or the regulation, as the line says."""
    from resolution_builder import compose
    from resolution_builder.composition.citations import in_text, listed
    from resolution_builder.composition.plan import plain
    answers = answers_for(selections()["everything"], state, lang)
    answers = answers.model_copy(update={"output": answers.output.model_copy(update={"policy_format": format_})})
    plan = compose(answers, LIBRARY)
    built = {kind: docx.Document(BytesIO(d.content)) for kind, d in build_documents(answers).items()}
    summary = "\n".join(_packet(state, lang, selections()["everything"], policy_format=format_)["board-summary"])
    where = {("en", "separate"): "each cited in full in the resolution, the board policy or the "
                                 + ("procedure" if state == "WA" else "administrative regulation") + ":",
             ("es", "separate"): "cada una citada en su forma completa en la resolución, en la política de la Junta o "
                                 "en el " + ("procedimiento" if state == "WA" else "reglamento administrativo") + ":",
             ("es", "combined"): "cada una citada en su forma completa en la resolución o en la política de la "
                                 "Junta:"}[lang, format_]
    assert where in summary
    resolution = "\n".join(p.text for p in built["resolution"].paragraphs)
    lists = "\n".join(text for kind in ("policy", "regulation") if kind in built
                      for style, text in paragraphs(built[kind]) if style == "Legal Reference")
    assert ("regulation" in built) == (format_ == "separate")
    for rid in plan.reference_ids:
        reference = LIBRARY.references[rid]
        assert plain(listed(reference, lang)) in lists or plain(in_text(reference, lang)) in resolution, rid


# --- Spanish: "llegar a" for "to reach" a student, a school or records is a calque ---------------------------------

LITERAL_LLEGAR = {  # where the Spanish data says "llegar a" and means arriving somewhere, or "llegar a ser"
    "llegar a la escuela de manera segura", "llegar a la escuela de forma segura", "llegar a la escuela para el",
    "llegue a la escuela y regrese a casa", "llegaron a ser ley",
    "llegaron a los Estados Unidos siendo niños", "llega a una escuela, qué información"}


def test_no_spanish_data_says_llegar_a_except_for_arriving():
    """Every form of "llegar a" in the data (llegar, llegue, llegan, llegó, ...), each one a reader of the Spanish
    documents or the app could see, is one of the literal uses above."""
    import re
    from resolution_builder.library.loader import DATA_DIR
    found = []
    for path in sorted(DATA_DIR.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"\bllegu?\w*\s+al?\b", text, re.IGNORECASE):
            said = text[match.start():match.start() + 60]
            if not any(said.startswith(literal) for literal in LITERAL_LLEGAR):
                found.append(f"{path.name}: {said}")
    assert found == []


# --- Spanish references: a capital letter, Spanish words and dates, the sections in order ----------------------------

ENGLISH_IN_A_CITE = (r"\b(January|February|March|April|May|June|July|August|September|October|November|December)\b"
                     r"|\bch\. \d|\bPart \d|\bNo\. \d|consent judgment|\bActs \d")


def test_every_spanish_reference_is_listed_with_a_capital_and_without_english_words_or_dates():
    import re
    from resolution_builder.composition.citations import in_text, listed
    from resolution_builder.composition.plan import plain
    for reference in LIBRARY.references.values():
        entry = plain(listed(reference, "es"))
        assert entry[:1].isupper() or entry[:1].isdigit(), entry
        for form in (entry, plain(in_text(reference, "es"))):
            assert not re.search(ENGLISH_IN_A_CITE, form), form


@pytest.mark.parametrize("state", ["CA", "TX", "FL", "NJ"])
def test_the_spanish_drafts_list_their_references_in_spanish(state):
    import re
    built = _built(state, "es")
    for kind, document in built.items():
        said = paragraphs(document)
        entries = [text for style, text in said if style == "Legal Reference" and not text.startswith("(cf.")]
        assert all(text[:1].isupper() or text[:1].isdigit() for text in entries), kind
        text = "\n".join(text for _, text in said)
        assert not re.search(ENGLISH_IN_A_CITE, text), (kind, re.search(ENGLISH_IN_A_CITE, text))
        assert "34 C.F.R. Part 99" not in text, kind
    if state == "CA":  # the records rule cites the FERPA regulations in Spanish words
        assert "el Reglamento de FERPA, 34 C.F.R. parte 99" in _body(built["regulation"])
        assert "Ley AB 419 de California (2025), Stats. 2025, cap. 663" in "\n".join(
            text for _, text in paragraphs(built["regulation"]))


@pytest.mark.parametrize("lang", ["en", "es"])
def test_8_usc_1373_is_listed_before_1644_in_every_language(lang):
    """Federal statutes are listed by title and section, whatever their names are in the language."""
    listed_ = [text for style, text in paragraphs(_built("CA", lang)["policy"]) if style == "Legal Reference"]
    at = {section: next(i for i, text in enumerate(listed_) if text.endswith(f"8 U.S.C. § {section}"))
          for section in ("1373", "1644")}
    assert at["1373"] < at["1644"]
    assert next(i for i, t in enumerate(listed_) if t.endswith("20 U.S.C. § 1232g")) < next(
        i for i, t in enumerate(listed_) if t.endswith("42 U.S.C. § 2000d"))
    summary = "\n".join(_packet("WA", lang)["board-summary"])
    assert summary.index("8 U.S.C. § 1373") < summary.index("8 U.S.C. § 1644")


# --- The CLI's help names the regulation ----------------------------------------------------------------------------

def test_build_help_names_the_regulation_and_its_file():
    from helpers import safe_zone
    import re
    build = safe_zone("build", "--help")
    said = re.sub(r"\s+", " ", build.stdout)
    assert build.returncode == 0
    assert "DIR/<district>-regulation.docx" in said and "-reglamento.docx" in said and "-procedure.docx" in said
    assert "output.policy_format: combined" in said
    top = re.sub(r"\s+", " ", safe_zone("--help").stdout)
    assert "board policy and administrative regulation as Word documents" in top
    assert "the resolution, the board policy and the administrative regulation as Word files" in top


# --- No regulation rule opens with a dangling "These ..." -----------------------------------------------------------

@pytest.mark.parametrize("state", ["CA", "TX"])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_no_regulation_rule_opens_with_these_measures(state, lang):
    rules = [text for style, text in paragraphs(_built(state, lang, ["safe-routes"])["regulation"])
             if style == "Policy Rule"]
    assert rules and not [text for text in rules if text.split()[0] in ("These", "Estas", "Estos")]
    opening = {"en": "The measures for a safe way to school exist to keep students safe and in school.",
               "es": "Las medidas para llegar a la escuela de forma segura existen"}[lang]
    assert any(text.startswith(opening) for text in rules)


# --- The regulation's procedures point to a rule, never to a whole section -------------------------------------------

@pytest.mark.parametrize("state, selection", [("CA", "everything"), ("WA", "everything"), ("KY", "alone")])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_regulation_rule_points_to_a_numbered_policy_rule(state, selection, lang):
    """all-district-property's procedures (buses, trips, places the District does not control) pointed to "1", the
    Purpose section where its scope stood unnumbered; the scope is now the policy's rule on where its rules apply."""
    import re
    from resolution_builder import compose
    ids = selections()["everything"] if selection == "everything" else ["all-district-property"]
    answers = answers_for(ids, state, lang)
    plan = compose(answers, LIBRARY)
    rules = {p.number: p for s in plan.policy.sections for p in s.paragraphs if p.kind == "rule"}
    pointed = [(p.provision_id, re.search(r", ([\d.]+)\)$", p.text).group(1))
               for s in plan.regulation.sections for p in s.paragraphs if p.kind == "rule" and p.provision_id]
    assert pointed and all(number in rules for _, number in pointed), [n for _, n in pointed if n not in rules]
    scope = {number for pid, number in pointed if pid == "all-district-property"}
    assert len(scope) == 1 and rules[scope.pop()].provision_id == "all-district-property"
    built = build_documents(answers)
    policy = [text for style, text in paragraphs(docx.Document(BytesIO(built["policy"].content)))
              if style == "Policy Rule"]
    said = {"en": "The rules of this policy apply on all District property, at bus stops and on field trips",
            "es": "Las normas de esta política se aplican en toda la propiedad del Distrito"}[lang]
    assert any(text.startswith(said) for text in policy)  # a numbered rule of the policy, as Word prints it


@pytest.mark.parametrize("lang, entry, twice", [
    ("en", "California Values Act, Cal. Gov. Code §§ 7284.4(a), 7284.6", "Government Code sections 7284.4 and 7284.6"),
    ("es", "Ley de Valores de California, Cal. Gov. Code §§ 7284.4(a), 7284.6", "artículos 7284.4 y 7284.6 del Código")])
def test_the_values_act_is_cited_once_in_its_references_line(lang, entry, twice):
    built = _built("CA", lang)
    listed_ = [text for kind in ("policy", "regulation") for style, text in paragraphs(built[kind])
               if style == "Legal Reference"]
    assert entry in listed_ and not any(twice in text for text in listed_)


def test_the_bilingual_cover_letter_encloses_every_draft_in_both_languages():
    from resolution_builder.packet import build_packet
    answers = answers_for(selections()["recommended"], "CA", "en")
    answers = answers.model_copy(update={"output": answers.output.model_copy(update={"bilingual": True})})
    letter = [p.text for p in docx.Document(BytesIO(build_packet(answers)["cover-letter"].content)).paragraphs]
    assert [text for text in letter if text.startswith(("Draft ", "Borrador "))] == [
        "Draft resolution", "Draft board policy", "Draft administrative regulation",
        "Borrador de la resolución", "Borrador de la política de la Junta", "Borrador del reglamento administrativo"]
