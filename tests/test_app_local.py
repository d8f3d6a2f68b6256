"""The app's section "Your district's own words" (``local:``), driven with Streamlit's AppTest: what is typed is
printed literally in the preview and the downloads, a missing translation and a refused figure are said at their
field, and every value survives a language switch, a save and a restore."""

from __future__ import annotations

import html
import re
from io import BytesIO

import docx

import pytest

from real_parts import need_module

need_module("streamlit")
from streamlit.runtime.media_file_storage import MediaFileStorageError  # noqa: E402

from test_app import boxes, errors, fill_required, go, new_app, values  # noqa: E402
from resolution_builder.ui.resume import UPLOAD_KEY  # noqa: E402
from resolution_builder.yaml_io import load_yaml  # noqa: E402

RECITAL = "families in Cedar Valley speak 47 languages & {{ 7*7 }} *kept* as typed"
CLAUSE_EN = "the Superintendent shall hold a forum for families each fall"
CLAUSE_ES = "el Superintendente celebrará un foro para las familias cada otoño"
FAMILIES_LEAD = "BE IT FURTHER RESOLVED that to keep families informed, prepared and able to take part"
FLAG = "No Spanish text yet: where the draft is in Spanish, it prints “[translation needed]” here"


def paragraphs(content: bytes) -> list[str]:
    return [p.text for p in docx.Document(BytesIO(content)).paragraphs]


def preview(at) -> str:
    return " ".join(h.proto.body for h in at.get("html") if "sz-literal" not in h.proto.body)


def fill_local(at):
    """The facts, one recital in English only, one clause in both languages placed with the families clause."""
    go(at, "provisions")
    for name, value in {"students": "12,400", "languages_spoken": "47", "english_learners_percent": "18",
                        "source_year": "2025-26"}.items():
        at.text_input(key=f"local.facts.{name}").input(value).run()
    at.text_area(key="local.recitals[0].en").input(RECITAL).run()
    at.text_area(key="local.clauses[0].en").input(CLAUSE_EN).run()
    at.text_area(key="local.clauses[0].es").input(CLAUSE_ES).run()
    at.selectbox(key="local.clauses[0].place").select("families").run()
    return at


def column_of(at, key: str):
    """The innermost column that holds the widget with this key (where its problems and notes are shown)."""
    holding = [column for column in at.columns
               if key in [w.key for w in [*column.get("text_area"), *column.get("text_input")]]]
    return min(holding, key=lambda column: len(column.get("text_area")) + len(column.get("text_input")))


def column_boxes(node, kind: str) -> list[str]:
    """The literal message boxes of one kind in a part of the page."""
    found = []
    for element in node.get("html"):
        for box in re.findall(rf'<div class="sz-literal sz-{kind}[^"]*"[^>]*>(.*?)</div>(?=$|<style>)',
                              element.proto.body, flags=re.S):
            found += [html.unescape(part) for part in re.findall(r"<div>(.*?)</div>", box, flags=re.S)]
    return found


def test_the_figures_a_recital_and_a_placed_clause_are_printed_as_typed_in_the_preview_and_the_download(download):
    at = fill_local(fill_required(new_app()))
    assert not at.exception and not errors(at)
    shown = preview(at)
    assert "12,400 students speak 47 languages at home" in shown
    assert "families in Cedar Valley speak 47 languages &amp; {{ 7*7 }} *kept* as typed" in shown
    assert CLAUSE_EN in shown
    _, resolution = download(at, "download.resolution")
    lines = paragraphs(resolution)
    assert any("the District's 12,400 students speak 47 languages at home, and 18 percent" in line for line in lines)
    # the draft adds the lead and the link ("; and", or "; now, therefore," after the last), never reads a template
    assert any(line.startswith(f"WHEREAS, {RECITAL};") for line in lines)
    families = next(index for index, line in enumerate(lines) if line.startswith(FAMILIES_LEAD))
    after = next(index for index in range(families + 1, len(lines)) if lines[index].strip())
    assert lines[after] == f"BE IT FURTHER RESOLVED that {CLAUSE_EN};"  # placed right after the families clause


def test_a_recital_typed_only_in_english_is_flagged_beside_its_spanish_field_for_a_spanish_document(download):
    at = fill_local(fill_required(new_app()))
    assert not any(FLAG in box for box in boxes(at, "warning"))  # an English document prints every text typed
    go(at, "documents")
    at.selectbox(key="language").select("es").run()
    go(at, "provisions")
    assert any(FLAG in box for box in column_boxes(column_of(at, "local.recitals[0].es"), "warning"))
    assert not any(FLAG in box for box in column_boxes(column_of(at, "local.recitals[0].en"), "warning"))
    assert not any(FLAG in box for box in column_boxes(column_of(at, "local.clauses[0].es"), "warning"))
    _, resolution = download(at, "download.resolution")
    assert any(line.startswith(f"POR CUANTO, [traducción pendiente; el texto en inglés dice: «{RECITAL}»]")
               for line in paragraphs(resolution))
    assert f"SE RESUELVE ADEMÁS que {CLAUSE_ES};" in paragraphs(resolution)

    go(at, "documents")  # the bilingual edition in English prints a Spanish column too
    at.selectbox(key="language").select("en").run()
    at.toggle(key="output.bilingual").set_value(True).run()
    go(at, "provisions")
    assert any(FLAG in box for box in column_boxes(column_of(at, "local.recitals[0].es"), "warning"))
    at.text_area(key="local.recitals[0].es").input("las familias hablan 47 idiomas").run()
    assert not any(FLAG in box for box in boxes(at, "warning"))


def test_a_refused_figure_is_said_at_its_field_and_everything_typed_stays(download):
    at = fill_local(fill_required(new_app()))
    before = values(at)
    at.text_input(key="local.facts.students").input("about 12 thousand").run()
    assert not at.exception
    assert column_boxes(column_of(at, "local.facts.students"), "error") == [
        "Number of students: must be a whole number, such as 12400"]
    assert at.text_input(key="local.facts.students").value == "about 12 thousand"
    assert values(at) == {**before, "local.facts.students": "about 12 thousand"}
    assert at.text_area(key="local.recitals[0].en").value == RECITAL
    with pytest.raises(MediaFileStorageError, match="local.facts.students"):
        download(at, "download.resolution")  # no file while a figure is refused
    at.text_input(key="local.facts.newcomer_students").input("20,000").run()
    at.text_input(key="local.facts.students").input("12,400").run()
    assert column_boxes(column_of(at, "local.facts.newcomer_students"), "error") == [
        "Newcomer students (20000) cannot be more than the number of students (12400)."]
    at.text_input(key="local.facts.newcomer_students").input("900").run()
    assert not errors(at)


def test_saved_answers_hold_the_section_and_load_back_into_it(download):
    at = fill_local(fill_required(new_app()))
    at.button(key="local.recitals.add").click().run()
    at.text_area(key="local.recitals[1].es").input("solo en español").run()
    at.text_input(key="local.reaffirms[0].number").input("17-01").run()
    name, content = download(at, "download.answers")
    saved = load_yaml(content.decode())["local"]
    assert saved["facts"] == {"students": 12400, "english_learners_percent": 18.0, "languages_spoken": 47,
                              "source_year": "2025-26"}
    assert saved["recitals"] == [{"en": RECITAL}, {"es": "solo en español"}]
    assert saved["clauses"] == [{"en": CLAUSE_EN, "es": CLAUSE_ES, "place": "families"}]
    assert saved["reaffirms"] == [{"number": "17-01"}]
    again = new_app()
    again.file_uploader(key=UPLOAD_KEY).set_value((name, content, "application/x-yaml")).run()
    assert not again.exception and not errors(again)
    go(again, "provisions")
    assert again.text_area(key="local.recitals[1].es").value == "solo en español"
    assert again.selectbox(key="local.clauses[0].place").value == "families"
    assert again.text_input(key="local.facts.students").value == "12400"
    assert again.text_input(key="local.reaffirms[0].number").value == "17-01"
    _, resaved = download(again, "download.answers")
    assert load_yaml(resaved.decode())["local"] == saved


def test_switching_the_interface_language_keeps_every_value_and_says_the_places_in_spanish():
    at = fill_local(fill_required(new_app()))
    before = values(at)
    at.radio(key="ui.language.choice").set_value("es").run()
    assert not at.exception and values(at) == before
    place = at.selectbox(key="local.clauses[0].place")
    assert place.value == "families"
    assert place.format_func("families") == \
        "Después de la cláusula «para que las familias estén informadas, preparadas y puedan participar»"
    assert at.text_area(key="local.recitals[0].en").label == "Considerando 1 en inglés"
    assert at.text_area(key="local.recitals[0].en").value == RECITAL
    at.radio(key="ui.language.choice").set_value("en").run()
    assert values(at) == before and at.text_input(key="local.facts.students").value == "12,400"


def test_rows_are_added_up_to_five_and_removing_one_moves_the_rest_up():
    at = fill_required(new_app())
    go(at, "provisions")
    for row in range(4):
        at.text_area(key=f"local.clauses[{row}].en").input(f"clause {row + 1}").run()
        at.button(key="local.clauses.add").click().run()
    assert len([w for w in at.text_area if w.key.startswith("local.clauses[")]) == 10  # five rows, two languages
    assert "local.clauses.add" not in [b.key for b in at.button]  # five at most
    at.button(key="local.clauses.remove.1").click().run()
    assert [at.text_area(key=f"local.clauses[{row}].en").value for row in range(4)] == [
        "clause 1", "clause 3", "clause 4", ""]
    assert "local.clauses.add" in [b.key for b in at.button]
