"""The law as of 2026 (issue 21): state developments that put provisions at risk, the New Jersey contact-directory
carve-out and the military-recruiter carve-out, read back from the CLI and the built drafts."""

from __future__ import annotations

import functools
import json
from io import BytesIO

import docx
import pytest

from helpers import representatives, safe_zone
from library_cases import answers_for
from resolution_builder import build_documents, load_library

LIBRARY = load_library()


def _states() -> dict[str, dict]:
    listed = safe_zone("states", "--json")
    assert listed.returncode == 0, listed.stderr
    return {state["code"]: state for state in json.loads(listed.stdout)}


@functools.lru_cache(maxsize=None)
def _texts(ids: tuple[str, ...], state: str, lang: str) -> dict[str, str]:
    """Each draft's text, built once for each selection, state and language (several tests read the same)."""
    documents = build_documents(answers_for(list(ids), state, lang))
    return {kind: "\n".join(p.text for p in docx.Document(BytesIO(d.content)).paragraphs)
            for kind, d in documents.items()}


def _policy(ids: list[str], state: str, lang: str = "en") -> str:
    """The rules as the District adopts and carries them out: the board policy and its regulation, as built."""
    texts = _texts(tuple(ids), state, lang)
    return "\n".join(texts[kind] for kind in ("policy", "regulation") if kind in texts)


@pytest.fixture(scope="module")
def states():
    return _states()


@pytest.mark.parametrize("state, provisions, law", [
    ("TX", ["lgbtq-facilities", "inclusion-programming"], "tx-sb8-2025"),
    ("TX", ["lgbtq-harassment"], "tx-sb12-dei-2025"),  # its staff guidance: SB 12 bars trainings that reference it
    ("CA", ["lgbtq-names-pronouns"], "ca-mirabelli"),
])
def test_a_2025_26_development_puts_the_provisions_it_cuts_against_at_risk(states, state, provisions, law):
    profile = states[state]
    assert set(provisions) <= set(profile["at_risk"])
    assert law in [entry["id"] for entry in profile["laws"]]
    assert profile["warning"]
    assert not set(provisions) & set(LIBRARY.recommended(state))


def test_the_texas_warning_names_the_restroom_law_and_the_dei_limits(states):
    warning = states["TX"]["warning"]
    assert "SB 8" in warning and "diversity, equity and inclusion" in warning
    assert "The LGBTQ provisions, harassment included, and the one on inclusion programming" in warning


@pytest.mark.parametrize("lang, carve_out, exclusion", [
    ("en", "staff shall promptly verify a student's enrollment and provide the information in the school contact "
           "directory for official use", "may ask in writing that any information be left out of the school contact "
                                         "directory for official use"),
    ("es", "el personal confirmará sin demora la inscripción de un estudiante y entregará la información del "
           "directorio de contactos de la escuela para uso oficial", "puede pedir por escrito que se excluya cualquier "
                                                                    "dato del directorio de contactos"),
])
def test_new_jersey_carries_the_contact_directory_carve_out(lang, carve_out, exclusion):
    nj = _policy(LIBRARY.recommended("NJ"), "NJ", lang)
    assert "N.J.A.C. 6A:32-7.2" in nj and carve_out in nj and exclusion in nj
    ohio = _policy(LIBRARY.recommended("OH"), "OH", lang)
    assert "6A:32-7.2" not in ohio and carve_out not in ohio


@pytest.mark.parametrize("lang, words", [
    ("en", "does not limit the access that 20 U.S.C. § 7908 gives military recruiters to the names, addresses and "
           "telephone listings of secondary school students, unless the student or the parent or guardian has asked "
           "in writing"),
    ("es", "no limita el acceso que 20 U.S.C. § 7908 da a los reclutadores militares a los nombres, las direcciones "
           "y los números de teléfono de los estudiantes de secundaria, salvo que el estudiante o su padre o tutor "
           "haya pedido por escrito"),
])
def test_the_directory_rule_keeps_military_recruiters_access(lang, words):
    policy = _policy(["directory-information-review"], "OH", lang)
    rule = next(line for line in policy.splitlines() if "7908" in line)
    first = {"en": "Directory information shall not include a student's home address",
             "es": "La información de directorio no incluirá el domicilio"}[lang]
    assert rule.startswith(first) and words in rule


# states whose law requires, shapes or restricts the policy: each restrictive state with provisions at risk, and
# the protective states whose statute the policy carries out
STATE_RECITALS = {"CA", "IL", "WA", "OR", "CO", "TX", "FL", "GA", "SC", "TN", "KS", "LA", "MS", "NH", "WV", "WY", "IN",
                  "NJ", "NY", "MD"}


def _fragment(text: str) -> str:
    """The recital's words after its citation, up to the next template or 60 characters."""
    return text.split("}}", 1)[-1].split("{{")[0].strip(" ,")[:60]


@pytest.mark.parametrize("state", representatives(["CA", "TX", "FL", "NJ", "IL", "WA", "OR", "NY", "OH", "GA", "IN",
                                                    "CO", "MD"], {"CA", "NJ", "OH"}))
@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_state_law_recital_is_there_only_where_the_state_has_such_a_law(state, lang):
    documents = build_documents(answers_for(LIBRARY.recommended(state), state, lang))
    recitals = [p.text for p in docx.Document(BytesIO(documents["resolution"].content)).paragraphs
                if p.text.startswith(("WHEREAS", "POR CUANTO"))]
    fragments = {code: _fragment(p.recital[lang]) for code, p in LIBRARY.state_profiles.items() if p.recital}
    assert set(fragments) == STATE_RECITALS
    found = {code for code, fragment in fragments.items() for r in recitals if fragment in r}
    assert found == ({state} & STATE_RECITALS)


@pytest.mark.parametrize("lang, definition, notice", [
    ("en", "including a grand jury subpoena; an order that a court has issued; or other legal process that district "
           "counsel determines is binding on the District",
     "unless a court order or federal law forbids the notice, including an order under 34 C.F.R. § 99.31(a)(9) not "
     "to disclose a subpoena or its contents, or district counsel advises"),
    ("es", "incluida la citación de un gran jurado; una orden emitida por un tribunal; o cualquier otro acto procesal "
           "que, a juicio de la asesoría jurídica del Distrito, obligue al Distrito",
     "salvo que una orden de un tribunal o la ley federal prohíba la notificación, incluida una orden, conforme a "
     "34 C.F.R. § 99.31(a)(9), de no revelar una citación ni su contenido, o que la asesoría jurídica"),
])
def test_judicial_process_reaches_grand_jury_subpoenas_and_the_notice_exception_reads_plainly(lang, definition, notice):
    policy = _policy(["records-release", "parent-notification"], "OH", lang)
    assert definition in policy
    assert policy.count(notice) == 2  # the records rule and the parent-notice rule say it the same way
    assert "lawful directive" not in policy and "instrucción legal" not in policy


def test_oregon_cites_ors_180_805_and_inclusion_programming_keeps_the_religious_opt_out():
    oregon = _policy(["records-release", "inclusion-programming"], "OR")
    rule = "the District shall not disclose, for the purpose of enforcing federal immigration laws, a person's address"
    assert "As Oregon Revised Statutes section 180.805 provides" in oregon and rule in oregon
    assert rule not in _policy(["records-release"], "OH")
    assert ("shall give the parent or guardian advance notice of that instruction and shall let the student be "
            "excused from it, as Mahmoud v. Taylor") in oregon


@pytest.mark.parametrize("lang, parent_directs, no_misleading", [
    ("en", "where a parent or guardian instructs otherwise, staff shall follow the parent's or guardian's instruction",
     "staff shall not mislead a parent or guardian about the student's gender identity"),
    ("es", "cuando el padre o tutor indique otra cosa, el personal seguirá su indicación",
     "el personal no engañará al padre o tutor sobre la identidad de género del estudiante"),
])
def test_california_names_and_pronouns_follow_the_mirabelli_injunction(lang, parent_directs, no_misleading):
    california = _policy(["lgbtq-names-pronouns"], "CA", lang)
    assert parent_directs in california and no_misleading in california
    assert california.index(parent_directs) < california.index(no_misleading)
    ohio = _policy(["lgbtq-names-pronouns"], "OH", lang)
    assert parent_directs not in ohio and no_misleading not in ohio


def test_a_restrictive_state_with_provisions_at_risk_cannot_lose_its_recital(tmp_path):
    import shutil

    from resolution_builder.exceptions import SafeZoneError
    from resolution_builder.library.loader import DATA_DIR

    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    profiles = data / "state_profiles.yaml"
    text = profiles.read_text(encoding="utf-8")
    start = text.index("  GA:\n")
    recital = text.index("    recital:\n", start)
    end = text.index("    laws:\n", recital)
    profiles.write_text(text[:recital] + text[end:], encoding="utf-8")
    with pytest.raises(SafeZoneError, match="GA.*needs its state-law recital"):
        load_library(data)


@pytest.mark.parametrize("lang, surveillance, perimeter", [
    ("en", "including watching, photographing or recording students, families or staff, as immigration enforcement",
     "including its parking areas, playgrounds, sports fields and entrances and exits"),
    ("es", "incluido vigilar, fotografiar o grabar a estudiantes, familias o personal",
     "incluidos sus estacionamientos, patios de recreo, campos deportivos y entradas y salidas"),
])
def test_surveillance_is_enforcement_and_the_grounds_reach_parking_areas_and_entrances(lang, surveillance, perimeter):
    policy = _policy(["all-district-property"], "WA", lang)
    assert surveillance in policy
    assert perimeter in policy


@pytest.mark.parametrize("lang", ["en", "es"])
def test_new_federal_duties_are_rules_with_their_citations(lang):
    policy = _policy(["immediate-enrollment", "equal-access-services"], "OH", lang)
    assert "20 U.S.C. § 6311(g)(1)(E)" in policy  # foster-care immediate enrollment, in the legal references
    assert {"en": "As the Every Student Succeeds Act requires, a student in foster care who changes schools",
            "es": "Conforme a lo que exige la ley ESSA, todo estudiante en cuidado de crianza"}[lang] in policy
    assert {"en": "90 Fed. Reg. 30896 (July 11, 2025)", "es": "90 Fed. Reg. 30896 (11 de julio de 2025)"}[lang] in policy
    assert {"en": "90 Fed. Reg. 31232 (July 14, 2025)", "es": "90 Fed. Reg. 31232 (14 de julio de 2025)"}[lang] in policy
    words = {"en": ("is not a federal public benefit", "no check shall be made unless counsel confirms"),
             "es": ("no es un beneficio público federal", "no se hará ninguna verificación salvo que")}[lang]
    assert all(w in policy for w in words)


@pytest.mark.parametrize("lang, words", [
    ("en", "the principal shall at once take every reasonable step to tell the parent"),
    ("es", "tomará de inmediato todas las medidas razonables para informar al padre"),
])
def test_california_tells_the_parent_when_a_student_is_released_to_an_officer(lang, words):
    assert words in _policy(["parent-notification"], "CA", lang)
    assert words not in _policy(["parent-notification"], "OR", lang)


@pytest.mark.parametrize("lang, deadline", [("en", "equivalent policies by March 1, 2026"),
                                            ("es", "a más tardar el 1 de marzo de 2026")])
def test_the_california_recital_gives_the_adoption_deadline_and_the_safety_plan_duty(lang, deadline):
    documents = build_documents(answers_for(["safe-zone-declaration"], "CA", lang))
    resolution = "\n".join(p.text for p in docx.Document(BytesIO(documents["resolution"].content)).paragraphs)
    assert deadline in resolution and "98" in resolution.split(deadline, 1)[1][:200]


def test_indiana_and_florida_record_the_enforcement_against_districts_and_officials(states):
    assert {"no-referrals", "judicial-warrant-required"} <= set(states["IN"]["at_risk"])
    assert "Indianapolis Public Schools" in states["IN"]["warning"]
    florida = {law["id"] for law in states["FL"]["laws"]}
    assert {"fl-stat-908-107", "fl-stat-908-108"} <= florida


def _packet(ids: list[str], state: str, lang: str) -> dict[str, str]:
    from resolution_builder.packet import build_packet
    return {kind: "\n".join(p.text for p in docx.Document(BytesIO(d.content)).paragraphs)
            for kind, d in build_packet(answers_for(ids, state, lang)).items()}


def _resolution(ids: list[str], state: str, lang: str) -> str:
    return _texts(tuple(ids), state, lang)["resolution"]


@pytest.mark.parametrize("lang, notice, directory, policy, clause", [
    ("en", "If a court or the police ask, the law requires the school to tell them that your child goes to school here",
     "unless you agree, a judge orders it, or the law requires it.",
     "For a request made for immigration enforcement, the District shall release a student record, or personal "
     "information drawn from it, only with the written consent of the parent or guardian, under a judicial warrant, a "
     "judicial subpoena or a court order, or where the law requires it.",
     "except as the law requires, including for the school contact directory for official use that state rules require the "
     "District to give to a court or law enforcement agency that asks for it"),
    ("es", "Si un tribunal o la policía lo pide, la escuela debe confirmarle que su hijo estudia aquí",
     "salvo que usted lo autorice, que un juez lo ordene o que la ley lo exija.",
     "firmada por un juez, una citación judicial o una orden de un tribunal, o cuando la ley lo exija.",
     "salvo cuando la ley lo exija, como en el caso del directorio de contactos de la escuela para uso oficial"),
])
def test_new_jersey_promises_keep_the_contact_directory_carve_out(lang, notice, directory, policy, clause):
    """The NJ family notice, policy and resolution never promise that contact details stay with the District when
    N.J.A.C. 6A:32-7.2 gives the official-use contact directory to a court or law enforcement agency that asks."""
    ids = LIBRARY.recommended("NJ")
    nj = _packet(ids, "NJ", lang)["family-notice"]
    assert notice in nj and directory in nj
    rules = _policy(ids, "NJ", lang)
    assert policy in rules
    no_directory = {"en": "The District shall not release directory information for immigration enforcement, except "
                          "with the written consent of the parent or guardian, under a judicial warrant, a judicial "
                          "subpoena or a court order, or where the law requires it.",
                    "es": "una citación judicial o una orden de un tribunal, o si la ley lo exige."}[lang]
    assert no_directory in rules
    assert clause in _resolution(ids, "NJ", lang)
    ohio = _packet(ids, "OH", lang)["family-notice"]
    assert notice not in ohio and directory in ohio
    assert policy not in _policy(ids, "OH", lang) and clause not in _resolution(ids, "OH", lang)


@pytest.mark.parametrize("lang, clause, policy, not_fact", [
    ("en", "staff shall address each student by the name and pronouns the student uses unless the student's parent or "
           "guardian instructs otherwise, staff shall not mislead a parent or guardian",
     "in keeping with the federal class injunction on parents' instructions reported to be in force in California",
     "as the federal injunction now in force in California requires"),
    ("es", "el personal se dirigirá a cada estudiante por el nombre y los pronombres que este usa, salvo que su padre o "
           "tutor indique otra cosa, el personal no engañará",
     "de conformidad con el mandamiento federal colectivo sobre las indicaciones de los padres que, según se informa, "
     "está vigente en California", "tal como lo exige el mandamiento federal vigente en California"),
])
def test_the_california_resolution_and_policy_follow_mirabelli_without_stating_its_reach_as_fact(
        lang, clause, policy, not_fact):
    """The CA resolution clause lets a parent's instruction control, as policy 8.3 does; 8.3 says 'in keeping with'
    the injunction, not that it binds the District (the CA profile's verify note doubts that it does)."""
    resolution = _resolution(["lgbtq-names-pronouns"], "CA", lang)
    assert clause in resolution
    california = _policy(["lgbtq-names-pronouns"], "CA", lang)
    assert policy in california and not_fact not in california
    assert clause not in _resolution(["lgbtq-names-pronouns"], "OR", lang)
    assert "Mirabelli" in json.dumps(_states()["CA"]["laws"]) and "not school districts" in json.dumps(
        _states()["CA"]["laws"])  # the verify note on the injunction's reach stays


@pytest.mark.parametrize("lang, words", [
    ("en", "The guidance is for staff; where the District gives students instruction on these subjects, it shall give "
           "a parent or guardian who raises a sincere religious objection advance notice"),
    ("es", "Esa orientación está dirigida al personal; cuando el Distrito imparta a los estudiantes enseñanza sobre "
           "estos temas, avisará con antelación"),
])
def test_the_harassment_guidance_keeps_the_mahmoud_notice_and_opt_out(lang, words):
    california = _policy(["lgbtq-harassment"], "CA", lang)
    rule = next(line for line in california.splitlines() if words in line)
    assert "Mahmoud v. Taylor" in rule


@pytest.mark.parametrize("lang, words", [
    ("en", ["N.J.A.C. 6A:22-3.3(b), require New Jersey school districts to enroll every eligible student",
            "N.J.A.C. 6A:32-7.2, requires school staff to give a court or law enforcement agency",
            "the New Jersey Safe Communities Act, signed in January 2026, directs the Attorney General"]),
    ("es", ["N.J.A.C. 6A:22-3.3(b), exige que los distritos escolares de Nueva Jersey inscriban",
            "N.J.A.C. 6A:32-7.2, exige que el personal escolar entregue a un tribunal o a un organismo policial",
            "la Ley de Comunidades Seguras de Nueva Jersey (Safe Communities Act), firmada en enero de 2026, encarga"]),
])
def test_the_new_jersey_recital_names_the_rules_that_shape_the_policy_and_the_safe_communities_act(lang, words):
    recital = next(line for line in _resolution(["safe-zone-declaration"], "NJ", lang).splitlines()
                   if "6A:22-3.3" in line)
    assert all(w in recital for w in words), recital
    verify = LIBRARY.references["nj-safe-communities-act"].verify["en"]
    assert "P.L. chapter number" in verify  # what was not confirmed stays a note for counsel


@pytest.mark.parametrize("lang, words", [
    ("en", "does not display identification showing the officer's agency and a name or badge number, which California "
           "Senate Bill 805 (2025), the No Vigilantes Act, requires"),
    ("es", "no muestre una identificación con su agencia y un nombre o número de placa, que la ley SB 805 de California "
           "(2025) (No Vigilantes Act) exige"),
])
def test_california_officer_identification_notes_sb_805(lang, words):
    assert words in _policy(["officer-identification"], "CA", lang)
    assert "805" not in _policy(["officer-identification"], "OR", lang)
    assert "627" in LIBRARY.references["ca-sb-805"].verify["en"]  # the enjoined mask law stays a note for counsel


@pytest.mark.parametrize("lang, words", [
    ("en", "Federal funding: ask counsel. The injunctions against the 2025 funding orders protect only the parties to "
           "those cases."),
    ("es", "Fondos federales: consulte a la asesoría jurídica. Los mandamientos judiciales de 2025 solo protegen a sus "
           "partes."),
])


def test_the_talking_points_say_what_the_funding_orders_and_the_injunctions_do(lang, words):
    points = _packet(LIBRARY.recommended("OH"), "OH", lang)["talking-points"].splitlines()
    assert words in points
    ask = {"en": "Ask the Board to adopt", "es": "Pida a la Junta que adopte"}[lang]
    assert points.index(words) < next(i for i, p in enumerate(points) if p.startswith(ask))  # the ask comes last
