"""Promises the policy keeps (issue 21): each packet line that says what the District or its staff will do names
the policy rules it summarises (packet.yaml `rules`), appears only when the policy holds them, and carries their
conditions (a judge's order, consent, vaccination, "unless the law requires it")."""

from __future__ import annotations

import re
from io import BytesIO

import docx
import pytest
import textstat

from helpers import representatives
from library_cases import answers_for, selections
from resolution_builder import build_documents, load_library
from resolution_builder.packet import build_packet
from resolution_builder.packet.text import PACKET_FILE
from resolution_builder.yaml_io import load_yaml

LIBRARY = load_library()
PACKET = load_yaml(PACKET_FILE.read_text(encoding="utf-8"))
STATES = ["CA", "TX", "FL", "NJ", "IL", "WA", "OR", "NY", "OH"]

# Where the lines that promise or describe what the District does live, in each language's text.
PROMISE_LISTS = ["board_summary.not_items", "talking_points.points", "talking_points.script",
                 "staff_protocol.steps", "staff_protocol.warrants"]
PROMISE_MAPS = ["family_notice.family_lines", "staff_lines", "board_summary.lines"]
# Single lines that say what the District does, each shown only where the policy holds its rules.
PROMISE_SINGLES = ["board_summary.staff_default", "talking_points.fact_1373", "faq.state_does", "family_notice.closing"]
# The lines that promise nothing (a reason, a request, a cost, the state of a lawsuit), written out.
RULE_FREE = {"talking_points.points.1", "talking_points.points.6", "talking_points.points.7", "talking_points.script.0",
             "talking_points.script.1", "talking_points.script.2", "talking_points.script.4",
             "faq.questions.injunction_a", "faq.questions.cost_a"}


def _at(text: dict, dotted: str):
    for part in dotted.split("."):
        text = text[part]
    return text


def _lines(lang: str) -> dict[str, str]:
    """Every promise line of one language, by its path in packet.yaml."""
    text = PACKET[lang]
    lines = {f"{path}.{i}": line for path in PROMISE_LISTS for i, line in enumerate(_at(text, path))}
    lines |= {f"{path}.{key}": line for path in PROMISE_MAPS for key, line in _at(text, path).items()}
    lines |= {f"faq.questions.{key}": line for key, line in text["faq"]["questions"].items() if key.endswith("_a")}
    lines["family_notice.always"] = text["family_notice"]["always"]
    lines |= {path: _at(text, path) for path in PROMISE_SINGLES}
    return lines


def _conditions(rule: str) -> set[str]:
    """The conditions of a rule ("provision/key") as the library's policy items carry them."""
    pid, key = rule.split("/")
    if pid == "*":  # a rule several provisions state alike: any of them
        items = [item for p in LIBRARY.provisions.values() for item in p.policy if item.key == key]
        assert len(items) >= 2, f"{rule}: fewer than two provisions state it"
        return {condition for item in items for condition in item.conditions}
    provision = LIBRARY.base if pid == LIBRARY.base.id else LIBRARY.provisions[pid]
    items = [item for item in provision.policy if item.key == key]
    assert items, f"{rule}: no policy rule has this key"
    return {condition for item in items for condition in item.conditions}


def _missing_conditions(line: str, rules: list[str], lang: str) -> list[str]:
    words = PACKET["conditions"]
    return [c for rule in rules for c in sorted(_conditions(rule))
            if not any(w.lower() in line.lower() for w in words[c][lang])]


def test_every_promise_line_names_the_rules_it_summarises():
    for lang in ("en", "es"):
        lines = _lines(lang)
        assert len(lines) >= 100
        assert sorted(set(lines) - set(PACKET["rules"])) == [], lang
        assert {path for path in lines if PACKET["rules"][path] == []} == RULE_FREE
        for path in lines:
            for rule in PACKET["rules"][path]:
                _conditions(rule)  # the rule exists


def test_every_promise_line_carries_the_conditions_of_its_rules_in_both_languages():
    for lang in ("en", "es"):
        missing = {path: _missing_conditions(line, PACKET["rules"][path], lang)
                   for path, line in _lines(lang).items()}
        assert {path: m for path, m in missing.items() if m} == {}, lang
    used = {c for p in [LIBRARY.base, *LIBRARY.provisions.values()] for item in p.policy for c in item.conditions}
    assert used == set(PACKET["conditions"]) and len(used) == 6


def _fragment(text: str) -> str:
    """The longest stretch of a rule's text with no template in it: what the built policy must contain."""
    return max(re.split(r"\{\{.*?\}\}", text), key=len).strip()


def _prefix(line: str) -> str:
    return re.split(r"\{\{", line)[0].strip()[:40]


def _texts(document: bytes) -> list[str]:
    return [p.text for p in docx.Document(BytesIO(document)).paragraphs]


@pytest.fixture(scope="module", params=representatives([(s, lang) for s in STATES for lang in ("en", "es")],
                                                      {("CA", "en"), ("TX", "es"), ("NJ", "en")}, unpack=False),
                ids=lambda p: f"{p[0]}-{p[1]}")
def built(request):
    state, lang = request.param
    answers = answers_for(LIBRARY.recommended(state), state, lang)
    documents = build_documents(answers)
    # the rules as the District adopts and carries them out: the policy and, where it has one, its regulation
    policy = "\n".join(line for name in ("policy", "regulation") if name in documents
                       for line in _texts(documents[name].content))
    packet = {kind: _texts(d.content) for kind, d in build_packet(answers).items()}
    return state, lang, policy, packet


def test_the_staff_protocol_keeps_the_no_concealment_rule_and_no_early_refusal(built):
    state, lang, policy, packet = built
    protocol = "\n".join(packet["staff-protocol"])
    never_hide = {"en": "Never hide a student.", "es": "Nunca oculte a un estudiante."}[lang]
    other_door = {"en": "Never send anyone out another door", "es": "Nunca haga salir a nadie por otra puerta"}[lang]
    assert never_hide in protocol and other_door in protocol
    refusal = {"en": "I do not consent", "es": "No doy mi consentimiento"}[lang]
    proceeds = PACKET["conditions"]["officer-proceeds"][lang]
    refusing = [line for line in packet["staff-protocol"] if refusal in line]
    assert len(refusing) == 1 and any(w in refusing[0] for w in proceeds), refusing


def test_every_family_notice_line_is_a_rule_of_the_built_policy_with_its_conditions(built):
    state, lang, policy, packet = built
    lines = {path: line for path, line in _lines(lang).items() if path.startswith("family_notice.")}
    shown = [(path, paragraph) for paragraph in packet["family-notice"]
             for path, line in lines.items() if paragraph.startswith(_prefix(line))]
    assert len(shown) >= 12
    for path, paragraph in shown:
        assert _missing_conditions(paragraph, PACKET["rules"][path], lang) == [], (path, paragraph)
        for rule in PACKET["rules"][path]:
            pid, key = rule.split("/")
            provision = LIBRARY.base if pid == LIBRARY.base.id else LIBRARY.provisions[pid]
            fragments = [_fragment(i.text[lang]) for i in provision.policy if i.key == key]
            assert any(f in policy for f in fragments), (path, rule)


def test_a_line_whose_rule_is_not_chosen_is_left_out():
    packet = {k: "\n".join(_texts(d.content)) for k, d in
              build_packet(answers_for(["immediate-enrollment"], "OH")).items()}
    assert _prefix(PACKET["en"]["family_notice"]["family_lines"]["immediate-enrollment"]) in packet["family-notice"]
    for step in PACKET["en"]["staff_protocol"]["steps"]:  # enforcement review is not chosen: no step promises it
        assert _prefix(step) not in packet["staff-protocol"]


@pytest.mark.parametrize("lang", ["en"])
def test_the_family_notice_reads_at_grade_six_or_below(lang):
    for state in ("CA", "TX"):
        answers = answers_for(selections()["everything"], state, lang)
        text = "\n".join(_texts(build_packet(answers)["family-notice"].content))
        assert textstat.flesch_kincaid_grade(text) <= 6, state


def _start(line: str) -> str:
    """A line's words up to its first placeholder: enough to tell two lines that open alike apart."""
    return re.split(r"\{\{", line)[0].strip()


def _held(rule: str, policy: str, lang: str) -> bool:
    """Whether the built policy and regulation state the rule ("provision/key"; "*/key": any provision's)."""
    pid, key = rule.split("/")
    providers = [p for p in [LIBRARY.base, *LIBRARY.provisions.values()] if pid in ("*", p.id)]
    return any(_fragment(i.text[lang]) in policy for p in providers for i in p.policy if i.key == key)


def test_every_board_summary_line_is_a_rule_of_the_built_policy(built):
    """The board summary's line for each provision (and its staff lines) appears only where the built policy holds
    the rules it names; their conditions are in the line (checked above for every line)."""
    state, lang, policy, packet = built
    summary = "\n".join(packet["board-summary"])
    lines = {path: line for path, line in _lines(lang).items()
             if path.startswith(("board_summary.", "staff_lines."))}
    shown = [path for path, line in lines.items() if _start(line) in summary]
    assert len(shown) >= 12, shown
    for path in shown:
        assert all(_held(rule, policy, lang) for rule in PACKET["rules"][path]), (state, path)
    for path in ("talking_points.fact_1373", "faq.state_does", "family_notice.closing"):
        kind = {"talking_points": "talking-points", "faq": "faq", "family_notice": "family-notice"}[path.split(".")[0]]
        if _start(_lines(lang)[path]) in "\n".join(packet[kind]):
            assert all(_held(rule, policy, lang) for rule in PACKET["rules"][path]), (state, path)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_board_summary_line_whose_rule_is_not_in_the_policy_is_left_out(lang):
    """A small selection: only its own line; no staff section, no 8 U.S.C. 1373 fact and no word of a published
    policy when no rule says so; a state variant that drops the rule drops the line."""
    lines = _lines(lang)
    small = {k: "\n".join(_texts(d.content)) for k, d in
             build_packet(answers_for(["immediate-enrollment"], "OH", lang)).items()}
    said = {path for path, line in lines.items() if path.startswith("board_summary.lines.")
            and _start(line) in small["board-summary"]}
    assert said == {"board_summary.lines.immediate-enrollment"}
    assert PACKET[lang]["board_summary"]["staff_heading"] not in small["board-summary"]
    assert _start(lines["talking_points.fact_1373"]) not in small["talking-points"]
    assert _start(lines["family_notice.closing"]) not in small["family-notice"]
    shared = {k: "\n".join(_texts(d.content)) for k, d in
              build_packet(answers_for(["immediate-enrollment", "no-registries", "publish-resolution"], "OH",
                                       lang)).items()}
    assert _start(lines["talking_points.fact_1373"]) in shared["talking-points"]  # no-registries states the saving
    assert _start(lines["family_notice.closing"]) in shared["family-notice"]
    # Florida's law replaces the rule on restrooms: its summary says nothing of it.
    facilities = _start(lines["board_summary.lines.lgbtq-facilities"])
    for state, expected in (("OR", True), ("FL", False)):
        summary = "\n".join(_texts(build_packet(answers_for(["lgbtq-facilities"], state, lang))["board-summary"].content))
        assert (facilities in summary) is expected, state
