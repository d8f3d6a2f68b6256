"""The law as of 2026 (issue 21): state developments that put provisions at risk, the New Jersey contact-directory
carve-out and the military-recruiter carve-out, read back from the CLI and the built drafts."""

from __future__ import annotations

import json
import subprocess
import sys
from io import BytesIO

import docx
import pytest

from library_cases import answers_for
from resolution_builder import build_documents, load_library

LIBRARY = load_library()


def _states() -> dict[str, dict]:
    out = subprocess.run([sys.executable, "-m", "resolution_builder", "states", "--json"], check=True,
                         capture_output=True, text=True).stdout
    return {state["code"]: state for state in json.loads(out)}


def _policy(ids: list[str], state: str, lang: str = "en") -> str:
    documents = build_documents(answers_for(ids, state, lang))
    return "\n".join(p.text for p in docx.Document(BytesIO(documents["policy"].content)).paragraphs)


@pytest.fixture(scope="module")
def states():
    return _states()


@pytest.mark.parametrize("state, provisions, law", [
    ("TX", ["lgbtq-facilities", "inclusion-programming"], "tx-sb8-2025"),
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


STATE_RECITALS = {"CA", "IL", "WA", "OR", "TX", "FL"}  # states whose law requires, shapes or restricts the policy


def _fragment(text: str) -> str:
    """The recital's words after its citation, up to the next template or 60 characters."""
    return text.split("}}", 1)[-1].split("{{")[0].strip(" ,")[:60]


@pytest.mark.parametrize("state", ["CA", "TX", "FL", "NJ", "IL", "WA", "OR", "NY", "OH"])
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
