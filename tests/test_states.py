"""State law for every jurisdiction: profiles, the states command, warnings, and drafts that fit the state's law."""

from __future__ import annotations

import json
import subprocess
from io import BytesIO
from pathlib import Path

import pytest

import docx
import yaml

from helpers import build, doc_language, example_data, representatives, safe_zone, texts
from resolution_builder import compose, load_answers, load_library
from resolution_builder.states_command import state_note
from resolution_builder.word.render import render_docx

LIBRARY = load_library()
CODES = list(LIBRARY.states)
DATA = Path(__file__).resolve().parent.parent / "resolution_builder" / "data"
STATE_NAMES = yaml.safe_load((DATA / "states.yaml").read_text(encoding="utf-8"))
# The recommended set, written out (each file under data/provisions/ that says ``recommended: true``):
RECOMMENDED = {
    "all-district-property", "anti-bullying", "board-reporting", "court-orders-obeyed", "directory-information-review",
    "emergency-contacts-protocol", "enforcement-review", "immediate-enrollment", "implementation-plan",
    "judicial-warrant-required", "know-your-rights", "no-resources-for-enforcement", "no-status-documents",
    "no-status-inquiry", "officer-identification", "parent-notification", "records-release",
    "safe-zone-declaration", "school-liaison", "staff-training", "translation-interpretation"}


def _answers(state: str, language: str = "en", provisions: list[str] | None = None, **output) -> dict:
    ids = LIBRARY.recommended(state) if provisions is None else provisions
    return {"district": {"name": "Cedar Valley School District", "state": state, "city": "Cedar Valley"},
            "board": {"name": "Board of Education"}, "language": language,
            "provisions": [{"id": pid} for pid in ids], **({"output": output} if output else {})}


def _profiles_in_file() -> dict:
    return yaml.safe_load((DATA / "state_profiles.yaml").read_text(encoding="utf-8"))["profiles"]


def _cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return safe_zone(*args, stdin=stdin)


def _all_text(documents) -> str:
    return "\n".join("\n".join(texts(d)) + "\n" + "\n".join(c.text for t in d.tables for r in t.rows for c in r.cells)
                     for d in documents.values())


def test_every_code_has_a_profile_with_a_summary_in_each_language():
    assert set(LIBRARY.state_profiles) == set(CODES) and len(CODES) == 56
    for code, profile in LIBRARY.state_profiles.items():
        assert profile.code == code
        assert profile.summary["en"].strip() and profile.summary["es"].strip()
        if profile.posture in ("restrictive", "single-agency"):
            assert profile.warning, code
        if profile.posture == "single-agency":
            assert profile.agency, code


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("state", representatives(CODES, {"CA", "TX", "FL", "PR"}))
def test_every_state_dc_and_territory_builds_its_recommended_drafts(state, language):
    answers, _ = load_answers(_answers(state, language))
    plan = compose(answers, LIBRARY)
    place = f"Cedar Valley, {STATE_NAMES[state][language]}"
    headings = {"en": ("RESOLUTION", "BOARD POLICY"), "es": ("RESOLUCIÓN", "POLÍTICA DE LA JUNTA")}[language]
    resolution, policy = (docx.Document(BytesIO(render_docx(plan, kind, ""))) for kind in ("resolution", "policy"))
    assert texts(resolution)[:4] == [headings[0], "Board of Education", "Cedar Valley School District", place]
    assert texts(policy)[:3] == [headings[1], "Cedar Valley School District", place]
    assert doc_language(resolution) == doc_language(policy) == f"{language}-US"
    clauses = texts(resolution, "Resolved Clause")
    finally_resolved = {"en": "BE IT FINALLY RESOLVED", "es": "FINALMENTE, SE RESUELVE"}[language]
    assert len(clauses) >= 8 and clauses[-1].startswith(finally_resolved)


def test_states_json_lists_a_source_and_a_checked_date_for_every_law():
    result = _cli("states", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [row["code"] for row in rows] == CODES
    for row in rows:
        assert {"code", "name", "posture", "summary", "warning", "laws", "at_risk"} <= set(row)
        for law in row["laws"]:
            assert law["source"].startswith("http") and len(law["checked"]) == 10, (row["code"], law["id"])
            assert "verify" in law and law["citation"]
    by_code = {row["code"]: row for row in rows}
    assert by_code["FL"]["posture"] == "restrictive" and by_code["PR"]["posture"] == "single-agency"
    assert "Fla. Stat. § 1000.071" in [law["citation"] for law in by_code["FL"]["laws"]]
    spanish = json.loads(_cli("states", "--json", "--language", "es").stdout)
    assert spanish[CODES.index("PR")]["name"] == "Puerto Rico" and "Departamento de Educación" in spanish[CODES.index("PR")]["warning"]


def test_states_lists_every_jurisdiction_as_text():
    result = _cli("states")
    assert result.returncode == 0
    assert "56 jurisdictions." in result.stdout and "TX  Texas (restrictive)" in result.stdout
    assert "verify with counsel:" in result.stdout


@pytest.mark.parametrize("state, statutes", [("FL", ["Fla. Stat. § 908.104(2)", "1000.071", "553.865"]),
                                             ("TX", ["Gov't Code ch. 752", "752.052(d)", "SB 12"])])
@pytest.mark.parametrize("command", ["check", "build"])
def test_florida_and_texas_warn_naming_their_statutes(tmp_path, state, statutes, command):
    data = example_data()
    data["district"]["state"] = state
    args = [command, "-"] + (["-o", str(tmp_path)] if command == "build" else [])
    result = _cli(*args, stdin=json.dumps(data))
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert warnings and all(s in " ".join(warnings) for s in statutes)


def test_a_state_without_a_restricting_law_prints_no_state_warning():
    data = example_data()
    data["district"]["state"] = "OR"
    result = _cli("check", "-", stdin=json.dumps(data))
    assert result.returncode == 0 and "warning:" not in result.stderr


@pytest.mark.parametrize("state", ["PR", "HI", "DC"])
def test_one_agency_jurisdictions_warn(state):
    data = example_data()
    data["district"]["state"] = state
    result = _cli("check", "-", stdin=json.dumps(data))
    assert result.returncode == 0
    assert "no local school board" in result.stderr and "address it to that agency" in result.stderr


def test_state_note_for_california_texas_and_puerto_rico():
    california = state_note(LIBRARY, "CA", "en")
    assert "California law requires" in california and "warning" not in california.lower()
    texas = state_note(LIBRARY, "TX", "en")
    assert "§ 752.052(d)" in texas and "SB 12" in texas
    puerto_rico = state_note(LIBRARY, "PR", "es")
    assert "Departamento de Educación de Puerto Rico" in puerto_rico and "junta local" in puerto_rico
    assert state_note(LIBRARY, "KY", "es") == LIBRARY.state_profiles["KY"].summary["es"]


@pytest.mark.parametrize("state", ["FL", "TX", "GA", "WV"])
def test_the_recommended_set_for_a_restrictive_state_leaves_out_the_provisions_at_risk(state):
    at_risk = set(LIBRARY.state_profiles[state].at_risk)
    assert at_risk
    chosen = LIBRARY.recommended(state)
    assert not at_risk & set(chosen)
    assert set(chosen) == RECOMMENDED - set(_profiles_in_file()[state]["at_risk"])
    assert "no-resources-for-enforcement" in LIBRARY.recommended() and "no-resources-for-enforcement" not in LIBRARY.recommended("FL")


def test_the_recommended_set_without_a_state_is_unchanged():
    assert set(LIBRARY.recommended()) == RECOMMENDED and len(LIBRARY.recommended()) == len(RECOMMENDED)
    in_files = {path.stem for path in (DATA / "provisions").glob("*.yaml")
                if yaml.safe_load(path.read_text(encoding="utf-8")).get("recommended")}
    assert in_files == RECOMMENDED
    assert LIBRARY.recommended("OR") == LIBRARY.recommended()


def test_a_profile_naming_an_unknown_provision_is_refused(tmp_path):
    import shutil
    from resolution_builder.exceptions import LibraryError
    from resolution_builder.library.loader import DATA_DIR
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    path = copy / "state_profiles.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("at_risk: [no-referrals]", "at_risk: [no-such-thing]", 1),
                    encoding="utf-8")
    with pytest.raises(LibraryError, match="at_risk: 'no-such-thing' is not in the provisions"):
        load_library(copy)




@pytest.mark.parametrize("state, statutes", [
    ("CA", ["Education Code section 234.7", "Senate Bill 98", "Cal. Fam. Code § 6550", "Stats. 2025, ch. 663",
            "California Values Act", "Cal. Educ. Code § 234.1"]),
    ("IL", ["105 ILCS 5/22-105", "23 Ill. Adm. Code 1.240", "105 ILCS 5/27-23.7", "July 1, 2026"]),
    ("WA", ["RCW 43.10.310", "RCW 28A.600.477", "notify the Attorney General"]),
    ("OR", ["ORS 181A.826", "ORS 181A.820", "bus stops as part of the school system", "ORS 339.356"]),
    ("NY", ["Education Law section 3202", "8 NYCRR § 100.2(y)", "Dignity for All Students Act"]),
    ("NJ", ["N.J.A.C. 6A:22-3.3(b)", "N.J.A.C. 6A:32-7.6(a)4", "three days", "N.J.S.A. 18A:37-13"]),
    ("TX", ["Tex. Educ. Code § 25.002", "Tex. Code Crim. Proc. art. 63.019", "missing children",
            "employs or commissions", "Tex. Gov't Code §§ 752.051–752.056", "Tex. Educ. Code § 37.0832"]),
])
def test_drafts_carry_the_state_s_own_statutes(state, statutes):
    text = _all_text(build(_answers(state, provisions=LIBRARY.recommended(state) + ["no-referrals"])))
    missing = [s for s in statutes if s not in text]
    assert not missing, missing


def test_no_other_state_s_statutes_leak_into_a_draft():
    text = _all_text(build(_answers("OR", provisions=LIBRARY.recommended() + ["no-referrals"])))
    for foreign in ("RCW 43.10.310", "Tex. Educ. Code", "105 ILCS", "Cal. Fam. Code", "N.J.A.C."):
        assert foreign not in text


def test_texas_binds_only_officers_the_district_employs_or_commissions():
    text = _all_text(build(_answers("TX")))
    assert "a peace officer whom the District employs or commissions" in text
    assert "school resource officer or other law enforcement officer assigned to a District school" not in text
    elsewhere = _all_text(build(_answers("OK")))
    assert "school resource officer or other law enforcement officer assigned to a District school" in elsewhere


def test_florida_lgbtq_text_follows_its_statutes():
    ids = LIBRARY.recommended("FL") + ["lgbtq-names-pronouns", "lgbtq-facilities", "lgbtq-harassment"]
    text = _all_text(build(_answers("FL", provisions=ids)))
    assert "Florida Statutes section 1000.071" in text and "Florida Statutes section 553.865" in text
    assert "by the name and pronouns the student uses" not in text
    assert "consistent with the student's gender identity" not in text


@pytest.mark.parametrize("state, law", [("PR", "territorial"), ("GU", "territorial"), ("DC", "District of Columbia")])
def test_territories_and_dc_name_their_own_law_not_state_law(state, law):
    text = _all_text(build(_answers(state)))
    assert f"federal or {law} law" in text
    assert "state or federal law" not in text and "federal or state law" not in text
    spanish = _all_text(build(_answers(state, "es")))
    assert "ley estatal" not in spanish and "leyes estatales" not in spanish


def test_hawaii_is_a_state_and_keeps_state_law_wording():
    assert "federal or state law" in _all_text(build(_answers("HI")))


def test_the_annotated_edition_comments_on_each_provision_at_risk():
    ids = LIBRARY.recommended() + ["no-referrals"]
    answers, _ = load_answers(_answers("GA", provisions=ids, annotated=True))
    plan = compose(answers, LIBRARY)
    comment = " ".join(plan.annotations["no-referrals"])
    assert "at risk under Georgia law" in comment and "O.C.G.A. § 36-80-23" in comment
    assert not any("at risk" in line for line in plan.annotations["records-release"])
    spanish, _ = load_answers(_answers("GA", "es", provisions=ids, annotated=True))
    assert "en riesgo según la ley de Georgia" in " ".join(compose(spanish, LIBRARY).annotations["no-referrals"])


def test_the_annotated_edition_asks_counsel_to_verify_unconfirmed_state_details():
    answers, _ = load_answers(_answers("NJ", provisions=LIBRARY.recommended(), annotated=True))
    notes = " ".join(line for lines in compose(answers, LIBRARY).annotations.values() for line in lines)
    assert "Verify with counsel" in notes and "6A:32-7.2" in notes


def test_state_laws_that_drafts_cite_are_listed_by_safe_zone_references():
    result = _cli("references", "--state", "TX", "--json")
    ids = {row["id"] for row in json.loads(result.stdout)}
    assert {"tx-educ-25-002", "tx-ccp-63-019", "tx-gov-752", "tx-educ-37-0832"} <= ids
    assert "ca-sb-98" not in ids


def test_puerto_rico_s_spanish_recitals_follow_its_own_style():
    recitals = [t for t in texts(build(_answers("PR", "es"))["resolution"]) if t.startswith("POR CUANTO")]
    assert recitals and all(t.startswith("POR CUANTO: ") for t in recitals)
    texas = [t for t in texts(build(_answers("TX", "es"))["resolution"]) if t.startswith("POR CUANTO")]
    assert texas and all(t.startswith("POR CUANTO, ") for t in texas)


@pytest.mark.parametrize("state", representatives(["CA", "IL", "WA", "OR", "NY", "NJ", "TX", "FL", "PR"],
                                                   {"CA", "TX", "PR"}))
def test_spanish_state_text_contracts_its_articles(state):
    ids = LIBRARY.recommended(state) + ["no-referrals", "lgbtq-names-pronouns", "lgbtq-facilities"]
    text = _all_text(build(_answers(state, "es", provisions=ids)))
    assert " a el " not in text and " de el " not in text


def test_the_annotated_drafts_open_with_the_state_s_warning():
    import docx as python_docx
    from io import BytesIO
    from resolution_builder import build_documents
    answers, _ = load_answers(_answers("PR", "es", annotated=True))
    document = python_docx.Document(BytesIO(build_documents(answers, LIBRARY)["resolution"].content))
    comments = " ".join(c.text for c in document.comments)
    assert "no hay juntas escolares locales" in comments
    answers, _ = load_answers(_answers("OR", annotated=True))
    assert "school boards" not in " ".join(c.text for c in python_docx.Document(
        BytesIO(build_documents(answers, LIBRARY)["resolution"].content)).comments)
