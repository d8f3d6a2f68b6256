"""State law for every jurisdiction: profiles, the states command, warnings, and drafts that fit the state's law."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from helpers import build, example_data, texts
from resolution_builder import compose, load_answers, load_library
from resolution_builder.states_command import state_note
from resolution_builder.word.render import render_docx

LIBRARY = load_library()
CODES = list(LIBRARY.states)


def _answers(state: str, language: str = "en", provisions: list[str] | None = None, **output) -> dict:
    ids = LIBRARY.recommended(state) if provisions is None else provisions
    return {"district": {"name": "Cedar Valley School District", "state": state, "city": "Cedar Valley"},
            "board": {"name": "Board of Education"}, "language": language,
            "provisions": [{"id": pid} for pid in ids], **({"output": output} if output else {})}


def _cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "resolution_builder", *args], input=stdin, capture_output=True,
                          text=True, timeout=120)


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
@pytest.mark.parametrize("state", CODES)
def test_every_state_dc_and_territory_builds_its_recommended_drafts(state, language):
    answers, _ = load_answers(_answers(state, language))
    plan = compose(answers, LIBRARY)
    for kind in ("resolution", "policy"):
        assert render_docx(plan, kind, "")[:2] == b"PK"


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
    assert set(chosen) == set(LIBRARY.recommended()) - at_risk
    assert "no-resources-for-enforcement" in LIBRARY.recommended() and "no-resources-for-enforcement" not in LIBRARY.recommended("FL")


def test_the_recommended_set_without_a_state_is_unchanged():
    assert LIBRARY.recommended() == [pid for pid, p in LIBRARY.provisions.items() if p.recommended]
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
