"""The provision library: complete, consistent, accurate, and well written in every combination."""

from __future__ import annotations

import re
import shutil
from collections import Counter

import pytest

from library_cases import NEUTRAL_STATE, STATES, STATE_SWEEP, VARIANT_STATES, answers_for, option_variants, selections
from resolution_builder import LibraryError, compose, load_library
from resolution_builder.composition.citations import in_text, listed
from resolution_builder.composition.content import chosen_provisions
from resolution_builder.composition.plan import plain
from resolution_builder.library.loader import DATA_DIR

LIBRARY = load_library()
SELECTIONS = selections()
CANONICAL = [plain(listed(ref, lang)) for ref in LIBRARY.references.values() for lang in ("en", "es")]
CITES = [ref.cite for ref in LIBRARY.references.values() if ref.cite] + [plain(in_text(ref, "en"))
                                                                         for ref in LIBRARY.references.values()]
_PLANS: dict = {}


def plan_for(case: str, state: str, language: str = "en"):
    key = (case, state, language)
    if key not in _PLANS:
        _PLANS[key] = compose(answers_for(SELECTIONS[case], state, language))
    return _PLANS[key]


def all_text(plan) -> list[str]:
    resolution, policy = plan.resolution, plan.policy
    texts = [resolution.title, resolution.adopted, *(r.text for r in resolution.recitals),
             *(c.text for c in resolution.clauses)]
    for section in policy.sections:
        texts += [section.title, *(p.full_text for p in section.paragraphs)]
    return texts


def _problems(plan, language: str) -> list[str]:
    words = LIBRARY.phrases[language]
    problems = []
    for text in all_text(plan):
        if not text.strip():
            problems.append("an empty paragraph")
        if re.search(r"\{\{|\}\}|\{%|%\}", text):
            problems.append(f"an unresolved placeholder: {text[:80]}")
        doubled = re.search(r"\b(\w+)\s+\1\b", text, re.IGNORECASE | re.UNICODE)
        if doubled and not doubled.group(1).isdigit():
            problems.append(f"a doubled word {doubled.group(0)!r}: {text[:80]}")
        if re.search(r"\s[,;.]|\s{2,}|\.\.|,,|;;", text.replace(" . ", "")):
            problems.append(f"stray spacing or punctuation: {text[:100]}")
    recitals = plan.resolution.recitals
    for recital in recitals[:-2]:
        if not recital.text.endswith(words["recital_end"]) or recital.text.endswith(words["recital_end_penultimate"]):
            problems.append(f"a recital not ending in {words['recital_end']!r}: {recital.text[-60:]}")
    if not recitals[-1].text.endswith(words["recital_end_last"]):
        problems.append("the last recital lacks the closing words")
    for section in plan.policy.sections:
        for paragraph in section.paragraphs:
            if paragraph.kind in ("rule", "text", "definition") and not paragraph.text.endswith("."):
                problems.append(f"a policy sentence without a full stop: {paragraph.text[-60:]}")
            if paragraph.kind in ("rule", "text") and not paragraph.text[0].isupper():
                problems.append(f"a policy sentence without a capital: {paragraph.text[:60]}")
    for citation in map(plain, plan.references):
        if citation not in CANONICAL:
            problems.append(f"a reference that is not in references.yaml: {citation}")
    return problems


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("state", STATE_SWEEP)
@pytest.mark.parametrize("case", list(SELECTIONS))
def test_every_selection_renders_cleanly_in_every_state(case, state, language):
    assert _problems(plan_for(case, state, language), language) == []


@pytest.mark.parametrize("state", STATE_SWEEP)
@pytest.mark.parametrize(("provision_id", "options"), option_variants(), ids=lambda v: str(v))
def test_every_option_branch_renders_cleanly(provision_id, options, state):
    for language in ("en", "es"):
        plan = compose(answers_for([*LIBRARY.provisions[provision_id].requires, provision_id], state, language,
                                   options={provision_id: options}))
        assert _problems(plan, language) == []


def test_every_chosen_provision_adds_to_both_documents():
    """Each provision states its principle in the resolution (alone or as part of a shared clause) and its rules
    in the policy and its regulation; what left the resolution is in them."""
    for pid in LIBRARY.provisions:
        for state in STATES:
            plan = plan_for(f"alone:{pid}", state)
            assert any(pid in (c.provision_id, *c.also) for c in plan.resolution.clauses), (pid, state, "clause")
            rules = [p for instrument in (plan.policy, plan.regulation) if instrument
                     for s in instrument.sections for p in s.paragraphs if p.provision_id == pid and p.kind == "rule"]
            assert rules, (pid, state, "policy rule")


def test_every_provision_keeps_a_statement_in_the_board_policy():
    """Issue 22: a provision's procedures may go to the administrative regulation (`instrument: regulation`), but in
    every state, with its default options, it still says something in the board policy the Board adopts: its rule of
    principle, or (all-district-property) the policy's reach in its purpose."""
    for pid, provision in LIBRARY.provisions.items():
        for state in STATES:
            answers = answers_for([*provision.requires, pid], state, "en")
            kept = [r for c in chosen_provisions(answers, LIBRARY) if c.provision.id == pid
                    for r in c.render(c.provision.policy, "en") if r.item.instrument == "policy"]
            assert kept, (pid, state)


@pytest.mark.parametrize("state", VARIANT_STATES)
def test_state_variants_carry_their_own_law_and_no_other_state(state):
    references = plan_for("everything", state).references
    ids = plan_for("everything", state).reference_ids
    assert any(LIBRARY.references[rid].state == state for rid in ids), f"{state} law missing"
    assert not any(LIBRARY.references[rid].state not in (None, state) for rid in ids)
    assert len(references) == len(ids)
    neutral = plan_for("everything", NEUTRAL_STATE)
    assert not any(LIBRARY.references[rid].state for rid in neutral.reference_ids)
    assert all_text(neutral) != all_text(plan_for("everything", state))


def test_the_library_is_large_enough_and_covers_every_topic():
    assert len(LIBRARY.provisions) >= 32
    covered = Counter(t for p in [LIBRARY.base, *LIBRARY.provisions.values()] for t in p.topics)
    assert sorted(covered) == list(range(1, 33)), f"topics not covered: {set(range(1, 33)) - set(covered)}"
    for category in LIBRARY.categories.values():
        assert LIBRARY.in_category(category.id), f"empty category {category.id}"


def test_recommended_set_is_core_and_lgbtq_is_off_by_default():
    recommended = [LIBRARY.provisions[pid] for pid in LIBRARY.recommended()]
    assert len(recommended) >= 12
    flavors = {c.id: c.flavor for c in LIBRARY.categories.values()}
    assert all(flavors[p.category] == "core" for p in recommended)
    assert not any(p.requires for p in recommended if set(p.requires) - set(LIBRARY.recommended()))
    assert len(LIBRARY.in_category("lgbtq")) >= 4


def test_rationales_and_summaries_are_short():
    for p in LIBRARY.provisions.values():
        assert len(p.rationale["en"].split()) <= 60, p.id
        assert all(len(s) <= 140 for s in p.summary.values()), p.id


def test_the_rescinded_federal_guidance_is_never_presented_as_in_force():
    pattern = re.compile(r"sensitive.locations?|protected.areas?|lugares sensibles|zonas protegidas|áreas protegidas",
                         re.I)
    mentions = 0
    for case in ("everything",):
        for state in STATES:
            for language in ("en", "es"):
                for text in all_text(plan_for(case, state, language)):
                    if pattern.search(text):
                        assert re.search(r"rescind|revoc|2025", text, re.I), text
                        mentions += 1
    assert mentions >= 2 * len(STATES), "the guidance is named in each state's drafts, in both languages"
    recitals = " ".join(r.text for r in plan_for("alone:enforcement-review", "TX").resolution.recitals)
    assert "on January 20, 2025, the Department of Homeland Security rescinded its 2021 guidance" in recitals


def _source_texts():
    for path in sorted((DATA_DIR / "provisions").glob("*.yaml")) + [DATA_DIR / "base.yaml", DATA_DIR / "definitions.yaml",
                                                                    DATA_DIR / "resolution.yaml"]:
        yield path.name, path.read_text(encoding="utf-8")


def test_plyler_is_spelled_right_everywhere():
    near_misses = re.compile(r"\b(Pl[iy]l[ae]r|Ply[lr][eo]r|Pyler|Plyer|Plylar|Plyller|Plyler's)\b")
    for name, text in _source_texts():
        assert not [m for m in near_misses.findall(text) if m != "Plyler"], name
    for state in STATES:
        for text in all_text(plan_for("everything", state)):
            assert not [m for m in near_misses.findall(text) if m != "Plyler"], text
    assert "Plyler v. Doe, 457 U.S. 202 (1982)" in CANONICAL


CITATION_SHAPES = [r"\d+ U\.S\.C\. §+ ?[\w.-]+(?: et seq\.)?", r"\d+ U\.S\. \d+ \(\d{4}\)", r"\d+ C\.F\.R\. (?:Part|§) [\d.]+",
                   r"\d+ ILCS \d+", r"Educ\. Code § [\d.]+", r"amend\. [IVX]+"]


def test_citations_in_the_documents_are_canonical():
    for state in STATES:
        for text in all_text(plan_for("everything", state)):
            for shape in CITATION_SHAPES:
                for found in re.findall(shape, text.replace("8 U.S.C. §§ 1373 and 1644", "")):
                    assert any(found in citation for citation in CITES), f"non-canonical {found!r} in {text[:80]}"


# The two federal sections recited together ("8 U.S.C. §§ 1373 and 1644") are written out once, in the recital
# that rests on both, with both references named on it.
WRITTEN_OUT = {"resolution.yaml": ["8 U.S.C. §§ 1373 and 1644", "8 U.S.C. §§ 1373 y 1644"]}


def test_no_citation_is_typed_by_hand_in_the_content():
    for name, text in _source_texts():
        for allowed in WRITTEN_OUT.get(name, []):
            text = text.replace(allowed, "")
        for shape in CITATION_SHAPES:
            assert not re.search(shape, text), f"{name}: cite it with {{{{ cite[...] }}}} instead"
        assert "§" not in text, name


def _copy_library(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def test_a_missing_translation_is_named_by_file_and_field(tmp_path):
    data = _copy_library(tmp_path)
    path = data / "provisions" / "enforcement-review.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('  es: "Revisión por el Distrito de las solicitudes de control migratorio"\n', ""),
                    encoding="utf-8")
    with pytest.raises(LibraryError, match=r"provisions/enforcement-review.yaml: title: missing the text in Spanish \(es\)"):
        load_library(data)


@pytest.mark.parametrize(("find", "replace", "message"), [
    ("references: [us-const-amend-4]", "references: [us-const-amend-99]",
     r"references: 'us-const-amend-99' is not in references.yaml"),
    ("to {{ options.reviewer }}", "to {{ options.reviewr }}", r"unknown option 'reviewr'"),
    ("to {{ options.reviewer }}", "to {{ distrct.name }}", r"unknown placeholder 'distrct'"),
    ("to {{ options.reviewer }}", 'to {{ cite["no-such-law"] }}', r"cites 'no-such-law', which is not in references.yaml"),
    ("to {{ options.reviewer }}", "to {{ options.reviewer ", r"text.en: template error: unexpected end of template"),
    ("to {{ options.reviewer }}", "to {{ options.reviewer | shout }}", r"text.en: template error: No filter named 'shout'"),
    ("group: access", "group: nowhere", r"clauses\[0\].group: 'nowhere' is not a clause group in resolution.yaml"),
    ("category: enforcement", "category: nowhere", r"category: 'nowhere' is not in categories.yaml"),
    ("    default: superintendent-and-counsel", "    default: mayor", r"default 'mayor' is not one of the choices"),
    ("  - section: school-grounds", "  - section: legal-references", r"is not a policy section a provision writes"),
])
def test_broken_provision_data_fails_loudly(tmp_path, find, replace, message):
    data = _copy_library(tmp_path)
    path = data / "provisions" / "enforcement-review.yaml"
    text = path.read_text(encoding="utf-8")
    assert find in text
    path.write_text(text.replace(find, replace, 1), encoding="utf-8")
    with pytest.raises(LibraryError, match=message):
        load_library(data)


def test_conflicting_provisions_are_refused_with_the_documented_message(tmp_path):
    from resolution_builder import AnswersError, load_answers

    data = _copy_library(tmp_path)
    path = data / "provisions" / "wait-outside.yaml"
    text = path.read_text(encoding="utf-8")
    assert "conflicts: []" in text
    path.write_text(text.replace("conflicts: []", "conflicts: [all-district-property]"), encoding="utf-8")
    library = load_library(data)
    answers = {"district": {"name": "X", "state": "CA"}, "board": {"name": "B"},
               "provisions": [{"id": "enforcement-review"}, {"id": "all-district-property"}, {"id": "wait-outside"}]}
    with pytest.raises(AnswersError) as caught:
        load_answers(answers, library)
    assert caught.value.problems == [
        "provisions[2].id: 'wait-outside' conflicts with 'all-district-property'; choose one of them"]


def test_every_item_appears_for_some_state_and_option():
    """A condition that can never hold (a typo, a choice compared by its wording) hides text for good."""
    from resolution_builder.composition.content import chosen_provisions

    variants: dict[str, list[dict]] = {pid: [{}] for pid in LIBRARY.provisions}
    for pid, options in option_variants():
        variants[pid].append(options)
    for pid, provision in LIBRARY.provisions.items():
        seen = set()
        for options in variants[pid]:
            for state in STATES:
                for language in ("en", "es"):
                    answers = answers_for([*provision.requires, pid], state, language, options={pid: options})
                    chosen = next(c for c in chosen_provisions(answers, LIBRARY) if c.provision.id == pid)
                    seen |= {id(r.item) for r in chosen.render(provision.items(), language)}
        hidden = [item.text["en"][:60] for item in provision.items() if id(item) not in seen]
        assert hidden == [], f"{pid}: items that never appear: {hidden}"
