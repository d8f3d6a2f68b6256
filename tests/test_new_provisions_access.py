"""Issue 23, the access list: the safety hold, the entry review, reports to the Attorney General, safe routes,
continuity of instruction, college guidance, and the stricter access options of the warrant and waiting rules.
Each is read back from the built documents, in the instrument where it belongs."""

from __future__ import annotations

from io import BytesIO

import docx
import pytest

from helpers import texts
from library_cases import answers_for
from resolution_builder import build_documents, compose, load_library
from resolution_builder.packet import build_packet

LIBRARY = load_library()
NEW = ["safety-hold", "entry-procedures-review", "report-to-attorney-general", "safe-routes",
       "continuity-of-instruction", "college-access"]
STRICT = {"judicial-warrant-required": {"consent_area": "whole-campus", "warrant_kind": "criminal-warrant"},
          "wait-outside": {"waiting_area": "front-office"}}
WITH_OPTIONS = [*NEW, "enforcement-review", "judicial-warrant-required", "wait-outside"]


def _documents(ids, state, language="en", options=None) -> dict[str, str]:
    built = build_documents(answers_for(ids, state, language, options))
    return {kind: "\n".join(texts(docx.Document(BytesIO(d.content)))) for kind, d in built.items()}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("options", [None, STRICT], ids=["defaults", "stricter"])
def test_the_new_provisions_and_options_compose_in_every_state(language, options):
    for state in LIBRARY.states:
        plan = compose(answers_for(WITH_OPTIONS, state, language, options))
        words = [c.text for c in plan.resolution.clauses]
        words += [p.full_text for s in plan.policy.sections for p in s.paragraphs]
        assert not any("{{" in w or "{%" in w or "}}" in w for w in words), state


# (provision, words only the policy has, words only the regulation has), per language; KY has no state variant.
INSTRUMENTS = {
    "en": [("safety-hold", "may declare a safety hold", "A safety hold is not a lockdown"),
           ("entry-procedures-review", "shall review the visitor and entry procedures of every school",
            "The review shall consider how many entrances stay open"),
           ("report-to-attorney-general", "Where the state Attorney General asks school districts to report",
            "shall contain no personal information about a student or family"),
           ("safe-routes", "shall work with the parent or guardian on a safe way", "shall not physically interfere"),
           ("continuity-of-instruction", "shall not discipline the student or begin truancy proceedings",
            "may choose independent study or remote instruction"),
           ("college-access", "the same guidance on college, career training", "federal student aid is open only")],
    "es": [("safety-hold", "podrá declarar la permanencia en el aula", "no es un confinamiento"),
           ("entry-procedures-review", "revisará los procedimientos de entrada y de visitantes de cada escuela",
            "La revisión considerará cuántas entradas"),
           ("report-to-attorney-general", "Cuando el Fiscal General estatal pida a los distritos escolares",
            "no contendrá información personal"),
           ("safe-routes", "buscará con el padre o tutor una forma segura", "no interferirá físicamente"),
           ("continuity-of-instruction", "no sancionará al estudiante ni iniciará procedimientos por ausentismo",
            "podrá elegir por un tiempo el estudio independiente"),
           ("college-access", "la misma orientación sobre la universidad",
            "la ayuda federal para estudiantes solo está abierta")],
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_each_key_sentence_is_in_its_own_instrument(language):
    for pid, in_policy, in_regulation in INSTRUMENTS[language]:
        documents = _documents([pid], "KY", language)
        assert in_policy in documents["policy"] and in_policy not in documents["regulation"], (pid, in_policy)
        assert in_regulation in documents["regulation"] and in_regulation not in documents["policy"], pid


def test_the_state_variants_name_their_own_law_and_no_other():
    ids = ["report-to-attorney-general", "college-access"]
    california = _documents(ids, "CA")
    both = california["policy"] + california["regulation"]
    assert "Bureau of Children's Justice" in california["policy"]
    assert "Cal. Educ. Code § 68130.5" in both and "California Dream Act" in california["regulation"]
    texas = _documents(ids, "TX")["regulation"]
    assert "United States v. Texas" in texas and "68130.5" not in texas
    florida = _documents(ids, "FL")["regulation"]
    assert "1009.26" in florida and "United States v. Texas" not in florida
    neutral = _documents(ids, "KY")
    neutral_text = neutral["policy"] + neutral["regulation"]
    assert not any(word in neutral_text for word in ("Bureau", "68130.5", "Texas", "1009.26"))
    assert "Where the state Attorney General asks" in neutral["policy"]


def test_none_is_at_risk_or_recommended_in_any_state():
    for state in LIBRARY.states:
        profile = LIBRARY.state_profiles.get(state)
        at_risk = set(profile.at_risk) if profile else set()
        assert not at_risk & set(NEW), state
        assert not set(LIBRARY.recommended(state)) & set(NEW), state


DEFAULT_CLAUSE = ("the District shall not consent to entry to a non-public area of District property or to access "
                  "to a student unless a judicial warrant or a court order authorizes it")


def test_the_stricter_access_choices_change_the_text_and_the_defaults_keep_it():
    default = _documents(["judicial-warrant-required", "wait-outside", "enforcement-review"], "KY")
    assert DEFAULT_CLAUSE in default["resolution"]
    assert "or a court order that expressly authorizes it" in default["policy"]
    assert "criminal case" not in default["policy"] + default["resolution"]
    assert "front office" not in default["policy"]

    campus = _documents(["judicial-warrant-required"], "KY",
                        options={"judicial-warrant-required": {"consent_area": "whole-campus"}})
    assert "entry to any part of District property, including an area open to the public, or to access" in \
        campus["resolution"]
    assert "that is open to the public without the District's consent" in campus["regulation"]

    criminal = _documents(["judicial-warrant-required"], "NY",
                          options={"judicial-warrant-required": {"warrant_kind": "criminal-warrant"}})
    assert "unless a judicial warrant issued in a criminal case authorizes it" in criminal["resolution"]
    assert "presents a judicial warrant issued in a criminal case that authorizes the entry" in criminal["policy"]
    assert "does not limit its duty to comply with any judicial warrant or court order" in criminal["policy"]
    assert "court order that expressly authorizes" not in criminal["policy"]

    front = _documents(["wait-outside", "enforcement-review"], "KY", "es",
                       options={"wait-outside": {"waiting_area": "front-office"}})
    assert "que espere en la oficina principal de la escuela" in front["policy"]
    assert "pase más allá de la oficina principal" in front["policy"]


def test_the_family_notice_and_staff_lines_say_what_the_new_rules_promise():
    answers = answers_for([*NEW, "enforcement-review"], "KY")
    packet = {kind: "\n".join(p.text for p in docx.Document(BytesIO(d.content)).paragraphs)
              for kind, d in build_packet(answers).items()}
    family = packet["family-notice"]
    assert "The school never hides a student" in family
    assert "in the ways the law allows" in family
    assert "whatever the student's immigration status" in family
    assert "safer way to get there" in family
    summary = packet["board-summary"]
    assert "no student is ever hidden or moved away from an officer" in summary
    assert "staff do not try to stop the officer" in summary
