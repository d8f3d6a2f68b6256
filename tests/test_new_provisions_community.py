"""Issue 23, the community list: the designation "sanctuary" (at risk, with its own warning, in Florida and Texas),
employees at work, no registries, a reporting line, opposing harmful measures, copies of an officer's documents for
the family and an annual public notice. Read back from the built drafts, the CLI's standard error, the state note
and the packet, as a person reads them."""

from __future__ import annotations

import shutil
from io import BytesIO

import docx
import pytest
import yaml

from helpers import build, minimal_data, safe_zone, texts
from resolution_builder import build_documents, load_answers, load_library
from resolution_builder.exceptions import SafeZoneError
from resolution_builder.library.loader import DATA_DIR
from resolution_builder.packet import build_packet
from resolution_builder.states_command import state_note

LIBRARY = load_library()
NEW = ["staff-protection", "no-registries", "reporting-hotline", "oppose-harmful-measures"]
# Every new provision and option, each with its non-default choices on.
ALL_ON = [
    {"id": "safe-zone-declaration", "options": {"designation": "sanctuary"}},
    {"id": "parent-notification", "options": {"share_documents": True}},
    {"id": "publish-resolution", "options": {"annual_notice": True}},
    {"id": "staff-protection", "options": {"notify_union": True}},
    {"id": "no-registries"},
    {"id": "reporting-hotline", "options": {"channels": "web"}},
    {"id": "oppose-harmful-measures", "options": {"legal_challenges": "join-or-support"}},
]
SANCTUARY = {"FL": "Fla. Stat. ch. 908 forbids", "TX": "Texas Gov't Code ch. 752 (SB 4, 2017)"}


def _data(state: str = "OR", language: str = "en", provisions: list | None = None, **output) -> dict:
    return minimal_data(district={"name": "Cedar Valley Unified School District", "state": state},
                        language=language, provisions=ALL_ON if provisions is None else provisions,
                        **({"output": output} if output else {}))


def _text(document) -> str:
    return "\n".join(texts(document))


@pytest.mark.sweep
@pytest.mark.parametrize("language", ["en", "es"])
def test_every_new_provision_and_option_builds_in_every_state(language):
    for state in LIBRARY.states:
        answers, _ = load_answers(_data(state, language))
        documents = build_documents(answers)
        assert {"resolution", "policy", "regulation"} <= set(documents), state
        assert all(d.content for d in documents.values()), state


# (provision's option settings, sentence, the instrument that holds it, per language)
SENTENCES = [
    ("staff-protection", {"en": "shall not consent to the entry of an immigration enforcement officer into a non-public area to reach an employee",
                          "es": "no consentirá que un agente de control migratorio entre a un área no pública para tener acceso a un empleado"}, "policy"),
    ("staff-protection", {"en": "If an officer goes ahead without the District's consent, staff shall not physically interfere",
                          "es": "Si un agente sigue adelante sin el consentimiento del Distrito, el personal no interferirá físicamente"}, "regulation"),
    ("staff-protection", {"en": "also tell the employee's collective bargaining representative",
                          "es": "también informará a su representante sindical"}, "regulation"),
    ("no-registries", {"en": "any registry, list or database of students, families or employees based on national origin",
                       "es": "ningún registro, lista ni base de datos de estudiantes, familias o empleados basados en el origen nacional"}, "policy"),
    ("reporting-hotline", {"en": "No person who makes a report shall be asked about immigration status",
                           "es": "A ninguna persona que haga un aviso se le preguntará por su situación migratoria"}, "regulation"),
    ("reporting-hotline", {"en": "The District shall keep a web page, in the languages of its families",
                           "es": "El Distrito mantendrá una página web, en los idiomas de sus familias"}, "policy"),
    ("oppose-harmful-measures", {"en": "so that the Board may oppose it by all legal means",
                                 "es": "para que la Junta pueda oponerse a ella por todos los medios legales"}, "policy"),
    ("oppose-harmful-measures", {"en": "to join or support legal challenges to such measures",
                                 "es": "a sumarse a las impugnaciones judiciales de esas medidas o a apoyarlas"}, "policy"),
    ("parent-notification", {"en": "a copy of any warrant, subpoena, order or other document that the officer presented",
                             "es": "una copia de toda orden, citación u otro documento que el agente haya presentado"}, "regulation"),
    ("publish-resolution", {"en": "At the start of each school year, the District shall give every family, and post",
                            "es": "Al comienzo de cada año escolar, el Distrito entregará a cada familia, y publicará"}, "policy"),
]


@pytest.mark.parametrize("language", ["en", "es"])
def test_each_key_sentence_is_in_its_instrument(language):
    documents = build(_data("OR", language))
    policy, regulation = _text(documents["policy"]), _text(documents["regulation"])
    for pid, sentence, instrument in SENTENCES:
        held, other = (policy, regulation) if instrument == "policy" else (regulation, policy)
        assert sentence[language] in held, (pid, instrument, sentence[language])
        assert sentence[language] not in other, (pid, sentence[language])
    resolution = _text(documents["resolution"])
    declares = {"en": "a sanctuary for all students and families", "es": "es un santuario para todos los estudiantes"}
    assert declares[language] in resolution
    assert {"en": "by all legal means", "es": "por todos los medios legales"}[language] in resolution


def test_an_options_choice_changes_the_text():
    on = build(_data("OR"))
    off = build(_data("OR", provisions=[{"id": p["id"]} for p in ALL_ON]))
    on_text = {kind: _text(d) for kind, d in on.items()}
    off_text = {kind: _text(d) for kind, d in off.items()}
    for pid, sentence, instrument in SENTENCES:
        if pid in ("parent-notification", "publish-resolution") or "bargaining" in sentence["en"] \
                or "join or support" in sentence["en"] or "web page" in sentence["en"]:
            assert sentence["en"] in on_text[instrument] and sentence["en"] not in off_text[instrument], pid
    assert "a sanctuary" in on_text["resolution"] and "a sanctuary" not in off_text["resolution"]
    amicus = build(_data("OR", provisions=[{"id": "oppose-harmful-measures",
                                            "options": {"legal_challenges": "amicus"}}]))
    assert "to file or join friend-of-the-court (amicus curiae) briefs" in _text(amicus["policy"])
    assert "authorizes the Superintendent" not in off_text["policy"]


def test_opposing_harmful_measures_is_at_risk_exactly_where_the_profiles_say():
    risky = {code for code, profile in LIBRARY.state_profiles.items() if "oppose-harmful-measures" in profile.at_risk}
    assert risky == {"FL", "TX"}
    for code in LIBRARY.states:
        assert not set(NEW) & set(LIBRARY.recommended(code)), code


def _answers_file(tmp_path, state: str, designation: str):
    path = tmp_path / f"{state}-{designation}.yaml"
    path.write_text(yaml.safe_dump(_data(state, provisions=[{"id": "safe-zone-declaration",
                                                              "options": {"designation": designation}}])),
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("state", ["FL", "TX", "OR", "CA"])
def test_choosing_sanctuary_is_warned_only_where_the_state_puts_it_at_risk(tmp_path, state):
    for command in ("check", "build"):
        args = ["-o", str(tmp_path / f"out-{state}")] if command == "build" else []
        chosen = safe_zone(command, str(_answers_file(tmp_path, state, "sanctuary")), *args)
        assert chosen.returncode == 0, chosen.stderr
        warned = [line for line in chosen.stderr.splitlines()
                  if line.startswith("warning: This draft declares the District's schools")]
        assert len(warned) == (1 if state in SANCTUARY else 0), (state, command, chosen.stderr)
        if state in SANCTUARY:
            assert SANCTUARY[state] in warned[0]
        shutil.rmtree(tmp_path / f"out-{state}", ignore_errors=True)
    other = safe_zone("check", str(_answers_file(tmp_path, state, "safe-haven")))
    assert other.returncode == 0 and "This draft declares the District's schools" not in other.stderr


@pytest.mark.parametrize("language, words", [("en", "“a sanctuary”"), ("es", "«un santuario»")])
def test_the_state_note_warns_of_the_word_in_florida_and_texas_only(language, words):
    for state in ("FL", "TX"):
        assert words in state_note(LIBRARY, state, language), state
    for state in ("OR", "CA", "NY", "OH"):
        assert words not in state_note(LIBRARY, state, language), state


def _comments(document) -> str:
    part = next((r.target_part for r in document.part.rels.values() if r.reltype.endswith("/comments")), None)
    return part.blob.decode("utf-8") if part is not None else ""


def test_the_annotated_edition_and_the_packet_carry_the_warning_only_for_the_choice():
    def drafts(designation):
        data = _data("FL", provisions=[{"id": "safe-zone-declaration", "options": {"designation": designation}}],
                     annotated=True)
        documents = build(data)
        packet = build_packet(load_answers(data)[0])
        board = "\n".join(p.text for p in docx.Document(BytesIO(packet["faq"].content)).paragraphs)
        return _comments(documents["resolution"]), board

    comments, board = drafts("sanctuary")
    assert "the choice made here is at risk under Florida law" in comments
    assert "This draft declares the District" in board
    comments, board = drafts("welcoming-place")
    assert "the choice made here is at risk" not in comments and "This draft declares the District" not in board


def _packet_texts(data: dict) -> dict[str, str]:
    packet = build_packet(load_answers(data)[0])
    return {kind: "\n".join(p.text for p in docx.Document(BytesIO(d.content)).paragraphs) for kind, d in packet.items()}


@pytest.mark.parametrize("language, line", [
    ("en", "it will also give you a copy of the papers the officer showed"),
    ("es", "también le dará una copia de los papeles que mostró el agente"),
])
def test_the_family_notice_promises_copies_only_when_the_policy_gives_them(language, line):
    assert line in _packet_texts(_data("OR", language))["family-notice"]
    assert line not in _packet_texts(_data("OR", language, [{"id": p["id"]} for p in ALL_ON]))["family-notice"]


def _library_with(tmp_path, old: str, new: str) -> str:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    profiles = data / "state_profiles.yaml"
    text = profiles.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    profiles.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(SafeZoneError) as refused:
        load_library(data)
    return str(refused.value)


def test_an_option_at_risk_is_a_choice_the_option_offers(tmp_path):
    message = _library_with(tmp_path, "safe-zone-declaration: {designation: [sanctuary]}",
                            "safe-zone-declaration: {designation: [sanctum], colour: [red]}")
    assert "FL.at_risk_options.safe-zone-declaration.designation: 'sanctum' is not one of the choices" in message
    assert "FL.at_risk_options.safe-zone-declaration.colour: not a choice option" in message


def test_a_state_entry_for_no_provision_is_named(tmp_path):
    message = _library_with(tmp_path, "safe-zone-declaration: {designation: [sanctuary]}",
                            "safe-zone-declaration: {designation: [sanctuary]}\n      no-such-thing: {x: [y]}")
    assert "FL.at_risk_options.no-such-thing: not a provision" in message
    message = _library_with(tmp_path / "defaults", "safe-zone-declaration: {designation: welcoming-place}",
                            "safe-zone-declaration: {designation: welcoming-place}\n      nothing-here: {x: y}")
    assert "FL.option_defaults.nothing-here: not a provision" in message


def test_a_state_default_is_never_a_choice_at_risk(tmp_path):
    message = _library_with(tmp_path, "safe-zone-declaration: {designation: welcoming-place}",
                            "safe-zone-declaration: {designation: sanctuary}")
    assert "FL.at_risk_options.safe-zone-declaration.designation: the default 'sanctuary' is at risk" in message
