"""A state's own option defaults and warnings that fit the draft (issue 21): Florida declares "a safe and welcoming
place" unless the answers choose, and California's Mirabelli warning is given only for a draft that holds the
provision it concerns. Read back from the built drafts, the CLI's standard error and the app."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from helpers import build, minimal_data, safe_zone, texts
from resolution_builder import load_library
from resolution_builder.exceptions import SafeZoneError
from resolution_builder.library.loader import DATA_DIR

DECLARATION = "safe-zone-declaration"


def _resolution(state: str, language: str = "en", options: dict | None = None) -> str:
    data = minimal_data(district={"name": "Cedar Valley Unified School District", "state": state},
                        language=language,
                        provisions=[{"id": DECLARATION, **({"options": options} if options is not None else {})}])
    return "\n".join(texts(build(data)["resolution"]))


@pytest.mark.parametrize("language, welcoming, safe_zone_words", [
    ("en", "a safe and welcoming place for all students", "a Safe Zone"),
    ("es", "un lugar seguro y acogedor para todos los estudiantes", "una Zona Segura"),
])
def test_a_florida_draft_declares_a_safe_and_welcoming_place_unless_the_answers_choose(language, welcoming,
                                                                                        safe_zone_words):
    florida = _resolution("FL", language)
    assert welcoming in florida and safe_zone_words not in florida
    chosen = _resolution("FL", language, {"designation": "safe-zone"})
    assert safe_zone_words in chosen and welcoming not in chosen
    elsewhere = _resolution("OR", language)
    assert safe_zone_words in elsewhere and welcoming not in elsewhere


def test_a_state_default_is_a_choice_the_option_takes(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    profiles = data / "state_profiles.yaml"
    text = profiles.read_text(encoding="utf-8")
    assert "safe-zone-declaration: {designation: welcoming-place}" in text
    profiles.write_text(text.replace("{designation: welcoming-place}", "{designation: fortress, colour: red}"),
                        encoding="utf-8")
    with pytest.raises(SafeZoneError) as refused:
        load_library(data)
    message = str(refused.value)
    assert "FL.option_defaults.safe-zone-declaration.colour: not an option" in message
    assert "FL.option_defaults.safe-zone-declaration" in message and "fortress" in message


def _answers_file(tmp_path: Path, state: str, provisions: list[str]) -> Path:
    path = tmp_path / f"{state}-{len(provisions)}.yaml"
    path.write_text(yaml.safe_dump(minimal_data(district={"name": "Cedar Valley Unified School District",
                                                          "state": state},
                                                provisions=[{"id": pid} for pid in provisions])), encoding="utf-8")
    return path


@pytest.mark.parametrize("state, provisions, warned", [
    ("CA", [DECLARATION], False),
    ("CA", [DECLARATION, "lgbtq-names-pronouns"], True),
    ("TX", [DECLARATION], True),  # Texas law restricts the policy itself: every Texas draft is warned
])
def test_the_state_warning_is_given_when_it_concerns_the_draft(tmp_path, state, provisions, warned):
    result = safe_zone("build", str(_answers_file(tmp_path, state, provisions)), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert ("warning: In Mirabelli" in result.stderr or "warning: Texas Gov't Code" in result.stderr) == warned


def test_the_annotated_drafts_head_note_follows_the_same_rule():
    data = minimal_data(district={"name": "Cedar Valley Unified School District", "state": "CA"},
                        output={"annotated": True}, provisions=[{"id": DECLARATION}])
    without = build(data)["resolution"]
    data["provisions"].append({"id": "lgbtq-names-pronouns"})
    with_it = build(data)["resolution"]

    def comments(document) -> str:
        part = next((r.target_part for r in document.part.rels.values() if r.reltype.endswith("/comments")), None)
        return part.blob.decode("utf-8") if part is not None else ""

    assert "Mirabelli" not in "\n".join(texts(without)) + comments(without)
    assert "Mirabelli" in "\n".join(texts(with_it)) + comments(with_it)


def test_the_app_gives_a_new_state_its_defaults_but_keeps_a_persons_choice():
    from test_app import go, new_app, values

    key = f"option.{DECLARATION}.designation"
    at = go(new_app(), "district")
    at.selectbox(key="district.state").select("FL").run()
    assert values(at)[key] == "welcoming-place"
    at.selectbox(key="district.state").select("OR").run()
    assert values(at)[key] == "safe-zone"
    go(at, "provisions")
    at.selectbox(key=key).select("safe-haven").run()
    go(at, "district")
    at.selectbox(key="district.state").select("FL").run()
    assert values(at)[key] == "safe-haven"


def test_the_packet_cautions_about_mirabelli_only_when_the_draft_holds_the_provision():
    from io import BytesIO

    import docx

    from resolution_builder import load_answers
    from resolution_builder.packet import build_packet

    def faq(provisions: list[str]) -> str:
        data = minimal_data(district={"name": "Cedar Valley Unified School District", "state": "CA"},
                            provisions=[{"id": pid} for pid in provisions])
        packet = build_packet(load_answers(data)[0])
        return "\n".join(p.text for p in docx.Document(BytesIO(packet["faq"].content)).paragraphs)

    assert "Mirabelli" not in faq([DECLARATION])
    assert "Mirabelli" in faq([DECLARATION, "lgbtq-names-pronouns"])
