"""The web app, driven by widget key with Streamlit's AppTest: what a person sees and downloads."""

from __future__ import annotations

import datetime as dt
import html
import re
import tomllib
import zipfile
from io import BytesIO
from pathlib import Path

import docx
import pytest

from real_parts import in_ci, need_module

need_module("streamlit")  # the dev extra installs it: skipped on a workstation without it, failed in CI
from streamlit.runtime.media_file_storage import MediaFileStorageError  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from helpers import EXAMPLE, representatives  # noqa: E402
from resolution_builder import load_library  # noqa: E402
from resolution_builder.ui.fields import VALUES  # noqa: E402
from resolution_builder.ui.resume import UPLOAD_KEY  # noqa: E402
from resolution_builder.yaml_io import load_yaml  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = load_library()
STEP_KEYS = {"district": "district.name", "provisions": "provision.wait-outside", "documents": "adoption.title"}


def new_app() -> AppTest:
    return AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60).run()


def go(at: AppTest, step: str) -> AppTest:
    """Open a step of the form, as a click on its tab does."""
    at.session_state["ui.step"] = step
    return at.run()


def fill_required(at: AppTest, name: str = "Cedar Valley Unified School District") -> AppTest:
    go(at, "district")
    at.text_input(key="district.name").input(name)
    at.selectbox(key="district.state").select("CA")
    at.text_input(key="board.name").input("Board of Education")
    return at.run()


def first_words(provision_id: str, kind: str = "clauses", words: int = 8, state: str = "CA") -> str:
    """The opening words of the provision's first unconditional clause for a district in ``state``."""
    item = next(i for i in getattr(LIBRARY.provisions[provision_id], kind) if i.applies_to_state(state) and not i.when)
    text = item.text["en"]
    return " ".join(text.split("{{")[0].split()[:words])


def texts(content: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(BytesIO(content)).paragraphs)


def shown(markdown: str) -> str:
    """What a person reads: the app escapes every Markdown character of its messages."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("  \n", "\n")


def boxes(at: AppTest, kind: str) -> list[str]:
    """The text of the app's literal message boxes of one kind (ui/literal.py): what a person reads."""
    found = []
    for element in at.get("html"):
        for box in re.findall(rf'<div class="sz-literal sz-{kind}[^"]*"[^>]*>(.*?)</div>(?=$|<style>)', element.proto.body,
                              flags=re.S):
            parts = re.findall(r"<div>(.*?)</div>|<li>(.*?)</li>", box, flags=re.S)
            found += [html.unescape(a or b) for a, b in parts]
    return found


def errors(at: AppTest) -> list[str]:
    return [shown(e.value) for e in at.error] + boxes(at, "error")


def values(at: AppTest) -> dict:
    return dict(at.session_state[VALUES])


def test_the_page_runs_in_each_interface_language_and_explains_itself():
    at = new_app()
    assert not at.exception
    assert at.title[0].value == "Safe Zone Builder"
    assert any("What is a Safe Zone resolution?" in e.label for e in at.expander)
    assert any("not legal advice" in m.value and "nothing is saved on the server" in m.value for m in at.markdown)
    assert [t.label for t in at.tabs][:4] == ["1. District", "2. Provisions", "3. Documents", "4. Download"]
    assert at.text_input(key="district.name").placeholder.startswith("for example:")
    at.radio(key="ui.language.choice").set_value("es").run()
    assert not at.exception and at.title[0].value.startswith("Safe Zone Builder")
    assert [t.label for t in at.tabs][:4] == ["1. Distrito", "2. Disposiciones", "3. Documentos", "4. Descargar"]
    fill_required(at)
    assert not at.exception


def test_only_the_open_step_is_drawn_and_answers_outlive_hidden_steps():
    at = fill_required(new_app())
    assert not at.checkbox  # the provisions are on another step
    go(at, "provisions")
    assert "district.name" not in [w.key for w in at.text_input]
    at.number_input(key="option.board-reporting.report_days").set_value(45).run()
    go(at, "documents")
    at.text_input(key="adoption.resolution_number").input("2026-15").run()
    go(at, "district")
    assert at.text_input(key="district.name").value == "Cedar Valley Unified School District"
    go(at, "provisions")
    assert at.number_input(key="option.board-reporting.report_days").value == 45
    assert values(at)["adoption.resolution_number"] == "2026-15"


def test_switching_the_interface_language_keeps_every_answer_both_ways():
    at = fill_required(new_app())
    go(at, "provisions")
    at.selectbox(key="option.records-release.records_reviewer").select("counsel-and-superintendent").run()
    at.number_input(key="option.board-reporting.report_days").set_value(45).run()
    at.checkbox(key="provision.wait-outside").check().run()
    before = values(at)
    for language in ("es", "en", "es"):
        at.radio(key="ui.language.choice").set_value(language).run()
        assert not at.exception and not errors(at)
        assert at.selectbox(key="option.records-release.records_reviewer").value == "counsel-and-superintendent"
        assert at.number_input(key="option.board-reporting.report_days").value == 45
        assert values(at) == before  # compared right after the switch, before any edit
        at.number_input(key="option.board-reporting.report_days").set_value(45).run()  # an edit after the switch
        assert values(at) == before


def test_every_download_is_a_download_from_the_start_and_a_click_too_early_says_why_at_the_button(download):
    at = new_app()
    labels = [b.label for b in at.get("download_button")]
    assert labels[:4] == ["Resolution (.docx)", "Board policy (.docx)", "Administrative regulation (.docx)",
                          "All the drafts and your answers (.zip)"]
    assert labels[-1] == "Save my answers (.yaml)"  # the same buttons, incomplete or not: nothing moves
    assert not errors(at)  # nothing flagged before the person moves on or tries to download
    with pytest.raises(MediaFileStorageError, match="district.name: is required"):
        download(at, "download.resolution")  # no file: the answers are not complete
    at.session_state["ui.downloads.clicked"] = "resolution"  # as the button's on_click does in the click's run
    at.run()
    shown = errors(at)
    assert "District name is required." in shown and "Board name is required." in shown
    assert "The drafts are not ready yet. Still needed:" in shown
    fill_required(at)
    assert download(at, "download.resolution")[0] == "cedar-valley-unified-school-district-resolution.docx"
    assert not errors(at)


def test_moving_past_a_step_flags_its_empty_required_fields():
    at = new_app()
    at.text_input(key="district.name").input("Lakeside").run()
    assert not errors(at)
    at.button(key="next.district").click().run()
    go(at, "district")
    assert errors(at) == ["State or territory is required.", "Board name is required."]


def test_save_my_answers_works_on_an_incomplete_form_and_loads_back_as_it_was(download):
    at = new_app()
    at.text_input(key="district.name").input("Half-Done District").run()
    go(at, "provisions")
    at.number_input(key="option.board-reporting.report_days").set_value(60).run()
    name, content = download(at, "download.answers")
    assert name == "half-done-district-answers.yaml"
    saved = load_yaml(content.decode())
    assert saved["district"] == {"name": "Half-Done District"}
    before = values(at)
    again = new_app()
    again.file_uploader(key=UPLOAD_KEY).set_value((name, content, "application/x-yaml")).run()
    assert not again.exception
    assert "Restored the saved answers for Half-Done District" in boxes(again, "info")[0]
    assert values(again) == before
    assert "Board name is required." in errors(again)  # flagged at once


def test_a_filled_form_downloads_drafts_with_the_district_and_chosen_provisions(download):
    at = fill_required(new_app())
    go(at, "provisions")
    at.checkbox(key="provision.wait-outside").check().run()
    at.number_input(key="option.board-reporting.report_days").set_value(45).run()
    assert not at.exception and not errors(at)
    name, resolution = download(at, "download.resolution")
    assert name == "cedar-valley-unified-school-district-resolution.docx"
    body = texts(resolution)
    assert "Cedar Valley Unified School District" in body
    for pid in ["wait-outside", *LIBRARY.recommended()]:
        assert first_words(pid) in body, pid
    assert "45 days" in body
    _, policy = download(at, "download.policy")
    assert "Cedar Valley Unified School District" in texts(policy)
    name, archive = download(at, "download.zip")
    assert name == "cedar-valley-unified-school-district-safe-zone-drafts.zip"
    with zipfile.ZipFile(BytesIO(archive)) as bundle:
        saved = load_yaml(bundle.read("cedar-valley-unified-school-district-answers.yaml").decode())
    assert "wait-outside" in [p["id"] for p in saved["provisions"]]


def test_the_preview_shows_the_same_text_as_the_download_and_only_the_open_document(download):
    at = fill_required(new_app(), "Río <Grande> & {{ 7*7 }} ISD")
    html = " ".join(h.proto.body for h in at.get("html"))
    assert "Río &lt;Grande&gt; &amp; {{ 7*7 }} ISD" in html
    assert "BE IT FINALLY RESOLVED" in html and "Legal References" not in html  # the policy tab is closed
    _, resolution = download(at, "download.resolution")
    assert "Río <Grande> & {{ 7*7 }} ISD" in texts(resolution)


def test_the_preview_follows_the_bilingual_and_annotated_editions():
    at = fill_required(new_app())
    go(at, "documents")
    at.toggle(key="output.bilingual").set_value(True).run()
    html = " ".join(h.proto.body for h in at.get("html"))
    assert "WHEREAS" in html and "POR CUANTO" in html and "<table>" in html
    at.toggle(key="output.bilingual").set_value(False).run()
    at.toggle(key="output.annotated").set_value(True).run()
    html = " ".join(h.proto.body for h in at.get("html"))
    assert html.count('class="note"') > 5


def test_a_missing_provision_is_named_in_plain_words_with_a_button_that_fixes_it():
    at = fill_required(new_app())
    go(at, "documents")
    at.text_input(key="adoption.resolution_number").input("2026-15").run()
    go(at, "provisions")
    at.checkbox(key="provision.enforcement-review").uncheck().run()
    at.checkbox(key="provision.wait-outside").check().run()
    assert errors(at) == ["“Officers Wait Away from Students During Review” needs “District Review of Immigration "
                          "Enforcement Requests”: choose it too, or remove “Officers Wait Away from Students During "
                          "Review”."]
    assert values(at)["adoption.resolution_number"] == "2026-15" and values(at)["provision.wait-outside"]
    fix = next(b for b in at.button if b.key and b.key.startswith("fix."))
    assert fix.label == "Choose “District Review of Immigration Enforcement Requests” too"
    fix.click().run()
    assert not errors(at) and at.checkbox(key="provision.enforcement-review").value is True


def test_problems_are_told_in_the_interface_language_without_ids():
    at = fill_required(new_app())
    at.radio(key="ui.language.choice").set_value("es").run()
    go(at, "provisions")
    at.checkbox(key="provision.enforcement-review").uncheck().run()
    at.checkbox(key="provision.wait-outside").check().run()
    assert errors(at) == ["«Espera de los agentes lejos de los estudiantes durante la revisión» necesita «Revisión "
                          "por el Distrito de las solicitudes de control migratorio»: elíjala también, o quite "
                          "«Espera de los agentes lejos de los estudiantes durante la revisión»."]
    assert "wait-outside" not in errors(at)[0]


def test_an_out_of_range_number_is_refused_at_the_field_never_replaced(download):
    at = fill_required(new_app())
    go(at, "provisions")
    at.number_input(key="option.board-reporting.report_days").set_value(5).run()
    assert at.number_input(key="option.board-reporting.report_days").value == 5
    assert errors(at) == ["How often the Superintendent reports to the Board, in days must be a whole number from 30 "
                          "to 365; 5 was not used. The downloads wait until it is fixed."]
    with pytest.raises(MediaFileStorageError, match="report_days"):
        download(at, "download.resolution")  # no file while the number is refused
    at.number_input(key="option.board-reporting.report_days").set_value(5000).run()
    assert "5000 was not used" in errors(at)[0]


def test_text_over_a_limit_says_so_and_is_kept_for_shortening():
    at = fill_required(new_app())
    go(at, "documents")
    at.text_input(key="board.presiding_officer_title").input("Chair" * 20).run()
    assert at.text_input(key="board.presiding_officer_title").value == "Chair" * 20
    assert errors(at) == ["Title of the presiding officer can be at most 60 characters long; this one has "
                          "100. Please shorten it."]  # named without "(optional)"
    assert at.text_input(key="board.presiding_officer_title").label == "Title of the presiding officer (optional)"


def test_uploading_saved_answers_restores_the_form():
    at = new_app()
    at.file_uploader(key=UPLOAD_KEY).set_value(("answers.yaml", EXAMPLE.read_bytes(), "application/x-yaml")).run()
    assert not at.exception
    assert "Restored the saved answers for Cedar Valley Unified School District." in boxes(at, "success")
    example = load_yaml(EXAMPLE.read_text(encoding="utf-8"))
    assert at.text_input(key="district.name").value == example["district"]["name"]
    assert at.selectbox(key="district.state").value == "CA"
    chosen = {p["id"] for p in example["provisions"]}
    assert {pid for pid in LIBRARY.provisions if values(at)[f"provision.{pid}"]} == chosen
    assert values(at)["board.secretary_name"] == "James Okafor"
    assert values(at)["option.records-release.include_employees"] is True
    assert at.get("download_button")[0].label == "Resolution (.docx)"


BILLION_LAUGHS = b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n" \
                 b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\ndistrict: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
BROKEN = [
    (b"\xff\xfe\x00garbage", "is not a UTF-8 text file"),
    (b"title: my shopping list\nitems: [milk]\n", "not a Safe Zone Builder answers file"),
    (BILLION_LAUGHS, "YAML anchors and aliases (& and *) are not allowed"),
    (b"district: &d {name: X, state: CA, self: *d}\nboard: {name: B}\n", "YAML anchors and aliases (& and *) are not allowed"),
    (b"district: {name: X, state: CA}\nboard: {name: B}\nprovisions: [{id: board-reporting, options: "
     b"{report_days: " + b"9" * 5000 + b"}}]\n", "line 3"),
    (b"district: {name: X, state: CA}\nboard: {name: B}\nextra: " + b"[" * 5000 + b"]" * 5000 + b"\n",
     "nested more than 20 levels deep"),
    (b"x" * 1_000_001, "is larger than 1,000,000 bytes"),
]


@pytest.mark.parametrize(("content", "message"), representatives(BROKEN, {BROKEN[0], BROKEN[2], BROKEN[5]}), ids=[
    "binary", "foreign", "billion-laughs", "recursive-alias", "5000-digits", "deep-nesting", "too-big"])
def test_a_refused_upload_says_why_and_changes_nothing(content, message):
    at = fill_required(new_app(), "Lakeside School District")
    go(at, "provisions")
    at.checkbox(key="provision.advocacy-officials").check().run()
    at.number_input(key="option.board-reporting.report_days").set_value(45).run()
    before = values(at)
    at.file_uploader(key=UPLOAD_KEY).set_value(("answers.yaml", content, "application/x-yaml")).run()
    assert not at.exception
    said = " ".join(errors(at) + [t.value for t in at.text])
    assert "nothing was changed" in said and message in said
    assert values(at) == before
    at.number_input(key="option.board-reporting.report_days").set_value(46).run()  # the page goes on working
    assert values(at)["option.board-reporting.report_days"] == 46 and not at.exception


def test_text_from_an_uploaded_file_is_shown_literally_never_as_markdown():
    content = (b"district: {name: 'See http://127.0.0.1:9/a', state: CA, '![x](http://127.0.0.1:9/p.png)': 1}\n"
               b"board: {name: B}\n")
    at = new_app()
    at.file_uploader(key=UPLOAD_KEY).set_value(("answers.yaml", content, "application/x-yaml")).run()
    assert "district.![x](http://127.0.0.1:9/p.png): not a question of this form" in boxes(at, "warning")
    assert "Restored the saved answers for See http://127.0.0.1:9/a." in boxes(at, "success")
    markdown = " ".join(m.value for m in [*at.markdown, *at.error, *at.success, *at.warning, *at.info, *at.caption])
    assert "http" not in markdown  # only in st.html, escaped: never Markdown, never a link


WRONG_BUT_KEPT = [
    (b"district: {name: X, state: ZZ}\nboard: {name: B}\n", "district.state", "ZZ",
     "State or territory: 'ZZ' is not a U.S. state or territory code"),
    (b"district: {name: X, state: CA}\nboard: {name: B}\nadoption: {meeting_date: 0001-01-01}\n",
     "adoption.meeting_date", dt.date(1, 1, 1), "The date must be between 2000-01-01 and 2100-12-31."),
    (b"district: {name: X, state: CA}\nboard: {name: B}\nadoption: {meeting_date: 2026-13-45}\n",
     "adoption.meeting_date", "2026-13-45", "Meeting date: "),
    (b"district: {name: X, state: CA}\nboard: {name: B}\nadoption: {meeting_date: 0}\n", "adoption.meeting_date", 0,
     "Meeting date: must be a date written YYYY-MM-DD"),
]


@pytest.mark.parametrize(("content", "key", "kept", "message"), WRONG_BUT_KEPT,
                         ids=["bad-state", "year-1", "no-such-day", "date-zero"])
def test_a_value_the_form_cannot_use_is_restored_as_written_and_flagged_at_its_field(content, key, kept, message):
    at = new_app()
    at.file_uploader(key=UPLOAD_KEY).set_value(("answers.yaml", content, "application/x-yaml")).run()
    assert not at.exception
    section = key.partition(".")[0]
    assert values(at)[key] == kept  # as the file wrote it, never replaced
    assert values(at)["district.name"] == "X" and values(at)["board.name"] == "B"
    go(at, "district" if section == "district" else "documents")
    shown_value = (at.selectbox(key=key) if section == "district" else at.date_input(key=key)).value
    assert shown_value is None  # the widget cannot show it; the message below it says why
    assert any(problem.startswith(message) for problem in errors(at)), errors(at)
    assert "nothing was changed" not in " ".join(errors(at))


def test_start_over_asks_first_then_clears_every_answer():
    at = fill_required(new_app())
    go(at, "download")
    at.button(key="start_over").click().run()
    assert values(at)["district.name"] == "Cedar Valley Unified School District"  # not yet: it asks
    assert "Every answer on this page will be cleared" in shown(at.warning[0].value)
    at.button(key="start_over.no").click().run()
    assert values(at)["district.name"] == "Cedar Valley Unified School District"
    at.button(key="start_over").click().run()
    at.button(key="start_over.yes").click().run()
    assert values(at)["district.name"] is None and at.text_input(key="district.name").value in ("", None)


def test_recommended_and_clear_buttons_choose_provisions():
    at = go(new_app(), "provisions")
    at.button(key="provisions.clear").click().run()
    assert not any(values(at)[f"provision.{pid}"] for pid in LIBRARY.provisions)
    at.button(key="provisions.recommended").click().run()
    assert [pid for pid in LIBRARY.provisions if at.checkbox(key=f"provision.{pid}").value] == LIBRARY.recommended()


def test_the_documents_have_their_own_language(download):
    at = new_app()
    at.radio(key="ui.language.choice").set_value("es").run()
    fill_required(at)
    assert texts(download(at, "download.resolution")[1]).count("WHEREAS") > 3  # documents stay English
    go(at, "documents")
    at.selectbox(key="language").select("es").run()
    name, content = download(at, "download.resolution")
    body = texts(content)
    assert "POR CUANTO" in body and "WHEREAS" not in body
    assert name == "cedar-valley-unified-school-district-resolucion.docx"  # Spanish drafts, Spanish names
    assert download(at, "download.policy")[0] == "cedar-valley-unified-school-district-politica.docx"
    assert download(at, "download.zip")[0] == "cedar-valley-unified-school-district-borradores-zona-segura.zip"


def test_the_project_config_keeps_the_app_on_this_computer_without_statistics():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["address"] == "localhost"
    assert config["server"]["maxUploadSize"] <= 5


def _labels(at: AppTest) -> dict[str, str]:
    kinds = ("text_input", "selectbox", "checkbox", "toggle", "number_input", "date_input", "button", "file_uploader")
    labels = {}
    for kind in kinds:
        for widget in at.get(kind):
            labels[getattr(widget, "key", None) or widget.proto.id] = widget.label
    for button in at.get("download_button"):
        labels[button.proto.id.rsplit("-", 1)[-1]] = button.label
    return labels


def test_switching_the_interface_to_spanish_changes_every_label():
    at = fill_required(new_app())
    for pid in LIBRARY.provisions:  # every provision, so that every option's widget shows
        at.session_state[VALUES][f"provision.{pid}"] = True
    at.session_state[VALUES]["provision.wait-outside"] = False  # no problem box: a plain page
    english, spanish = {}, {}
    for step in ("district", "provisions", "documents", "download"):
        english.update(_labels(go(at, step)))
    at.radio(key="ui.language.choice").set_value("es").run()
    for step in ("district", "provisions", "documents", "download"):
        spanish.update(_labels(go(at, step)))
    assert english.keys() == spanish.keys() and len(english) > 70
    assert {key: label for key, label in english.items() if spanish[key] == label} == {}


def test_pdf_downloads_are_offered_only_where_libreoffice_is_installed(monkeypatch, tmp_path):
    import shutil as shell_tools

    at = fill_required(new_app())
    labels = [b.label for b in at.get("download_button")]
    if shell_tools.which("soffice") or in_ci():  # CI installs LibreOffice (.ci/run): the offer must be there
        assert "Resolution (.pdf)" in labels and "Board policy (.pdf)" in labels
    monkeypatch.setenv("PATH", str(tmp_path))  # no LibreOffice on this PATH
    at.run()
    labels = [b.label for b in at.get("download_button")]
    assert not any(label.endswith("(.pdf)") for label in labels)
    assert "Resolution (.docx)" in labels


def test_the_annotated_edition_can_be_chosen(download):
    at = fill_required(new_app())
    go(at, "documents")
    at.toggle(key="output.annotated").set_value(True).run()
    document = docx.Document(BytesIO(download(at, "download.resolution")[1]))
    assert len(document.comments) > 10
    assert any("not legal advice" in c.text for c in document.comments)


def test_a_meeting_date_the_form_cannot_show_is_refused_with_a_message(download):
    at = fill_required(new_app())
    at.session_state[VALUES]["adoption.meeting_date"] = dt.date(1999, 12, 31)
    go(at, "documents")
    assert not at.exception
    assert errors(at) == ["The date must be between 2000-01-01 and 2100-12-31."]
    with pytest.raises(MediaFileStorageError):
        download(at, "download.resolution")  # no file while the date is refused


def test_the_state_field_says_what_the_state_law_adds_or_forbids_in_both_languages():
    at = fill_required(new_app())
    # California's profile now has a warning (Mirabelli v. Bonta puts names and pronouns at risk): a warning box
    california = " ".join(i.value for i in [*at.info, *at.warning])
    assert LIBRARY.state_profiles["CA"].summary["en"][:40] in california  # shown as plain text (escaped Markdown)
    assert "Mirabelli" in california
    at.selectbox(key="district.state").select("TX").run()
    texas = " ".join(w.value for w in at.warning)
    assert LIBRARY.state_profiles["TX"].warning["en"].split(".")[0] in texas and "752" in texas
    at.session_state["ui.language"] = "es"
    at.run()
    assert LIBRARY.state_profiles["TX"].summary["es"][:30] in " ".join(w.value for w in at.warning)


def test_choosing_the_recommended_set_in_florida_leaves_out_what_its_law_puts_at_risk():
    at = fill_required(new_app())
    at.selectbox(key="district.state").select("FL").run()
    go(at, "provisions")
    at.button(key="provisions.recommended").click().run()
    chosen = {pid for pid in LIBRARY.provisions if values(at)[f"provision.{pid}"]}
    # Written out: the recommended set without what Florida's profile puts at risk (state_profiles.yaml, FL.at_risk;
    # of those only no-resources-for-enforcement is recommended).
    assert chosen == {
        "all-district-property", "anti-bullying", "board-reporting", "court-orders-obeyed",
        "directory-information-review", "emergency-contacts-protocol", "enforcement-review", "immediate-enrollment",
        "implementation-plan", "judicial-warrant-required", "know-your-rights", "no-status-documents",
        "no-status-inquiry", "officer-identification", "parent-notification", "records-release",
        "safe-zone-declaration", "school-liaison", "staff-training", "translation-interpretation"}


def test_the_app_offers_the_board_packet_compare_and_many_districts_pages():
    from resolution_builder.ui.app import PAGES
    assert [name for name, _ in PAGES] == ["builder", "packet", "compare", "batch"]
    at = new_app()
    assert not at.exception


def test_a_saved_file_with_a_too_long_name_and_title_restores_every_answer_and_flags_those_two(download):
    at = fill_required(new_app(), "Pecan Valley " * 12 + "ISD 1")  # 161 characters: kept, and flagged
    at.selectbox(key="district.state").select("TX").run()
    at.text_input(key="district.city").input("San Marcos").run()
    go(at, "provisions")
    at.selectbox(key="option.safe-zone-declaration.designation").select("safe-haven").run()
    at.number_input(key="option.officer-identification.record_hours").set_value(500).run()  # out of range, kept
    at.checkbox(key="provision.wait-outside").check().run()
    go(at, "documents")
    at.text_input(key="adoption.title").input("A Resolution " * 20 + "Now").run()  # 263 characters
    at.text_input(key="board.presiding_officer_name").input("María José Núñez").run()
    name, content = download(at, "download.answers")
    before = values(at)
    assert len(before["district.name"]) == 161 and len(before["adoption.title"]) == 263

    again = new_app()
    again.file_uploader(key=UPLOAD_KEY).set_value((name, content, "application/x-yaml")).run()
    assert not again.exception
    assert values(again) == before  # every answer back, exactly as it was typed, the wrong ones too
    assert "nothing was changed" not in " ".join(errors(again))
    go(again, "district")
    assert again.text_input(key="district.name").value == before["district.name"]
    assert again.text_input(key="district.city").value == "San Marcos"
    assert "District name can be at most 150 characters long; this one has 161. Please shorten it." in errors(again)
    go(again, "documents")
    assert again.text_input(key="adoption.title").value == "A Resolution " * 20 + "Now"
    assert "Resolution title can be at most 250 characters long; this one has 263. Please shorten it." in errors(again)
    go(again, "provisions")
    assert again.selectbox(key="option.safe-zone-declaration.designation").value == "safe-haven"
    assert again.number_input(key="option.officer-identification.record_hours").value == 500
    assert download(again, "download.answers")[1] == content  # saved again: the same file


def test_parts_of_a_file_no_field_can_hold_are_named_and_the_rest_restores():
    content = (b"district: {name: Lakeside, state: ny, motto: Onward}\nboard: {name: Board of Education}\n"
               b"output: {draft_mark: 'no'}\nprovisions:\n- {id: no-such-provision}\n"
               b"- {id: board-reporting, options: {report_days: '45', colour: blue}}\nfavourite: 7\n")
    at = new_app()
    at.file_uploader(key=UPLOAD_KEY).set_value(("answers.yaml", content, "application/x-yaml")).run()
    assert not at.exception
    assert values(at)["district.state"] == "NY" and values(at)["output.draft_mark"] is False
    assert values(at)["option.board-reporting.report_days"] == 45
    assert [pid for pid in LIBRARY.provisions if values(at)[f"provision.{pid}"]] == ["board-reporting"]
    assert boxes(at, "warning") == [
        "These parts of the file have no place in the form, so they were not loaded:",
        "district.motto: not a question of this form",
        "favourite: not a question of this form",
        "provisions[0]: 'no-such-provision' is not a provision in the library",
        "provisions[1].options.colour: not a question of this form"]


def test_a_pdf_or_a_picture_is_refused_in_words_in_the_interface_language():
    at = fill_required(new_app())
    at.radio(key="ui.language.choice").set_value("es").run()
    before = values(at)
    at.file_uploader(key=UPLOAD_KEY).set_value(("minutes.pdf", b"%PDF-1.7\n", "application/pdf")).run()
    assert not at.exception and values(at) == before
    assert errors(at)[0] == ("Ese archivo no se cargó y no se cambió nada. Es un archivo PDF. Suba el archivo de "
                             "respuestas que guardó desde esta aplicación (.yaml o .json), o uno de los borradores de "
                             "Word que hizo (.docx).")
    at.radio(key="ui.language.choice").set_value("en").run()
    assert errors(at)[0].startswith("That file was not loaded, and nothing was changed. It is a PDF file.")
    at.file_uploader(key=UPLOAD_KEY).set_value(("logo.png", b"\x89PNG\r\n", "image/png")).run()
    assert "It is a PNG file." in errors(at)[0] and values(at) == before


def test_the_restore_message_follows_the_interface_language_and_goes_once_the_form_is_complete():
    at = new_app()
    content = b"district: {name: Half-Done District, state: CA}\nboard: {}\n"
    at.file_uploader(key=UPLOAD_KEY).set_value(("answers.yaml", content, "application/x-yaml")).run()
    assert boxes(at, "info") == ["Restored the saved answers for Half-Done District. Some answers are still missing "
                                 "or need a change; they are marked in the form."]
    at.radio(key="ui.language.choice").set_value("es").run()
    assert boxes(at, "info")[0].startswith("Se restauraron las respuestas guardadas de Half-Done District.")
    at.text_input(key="board.name").input("Board of Education").run()
    assert not boxes(at, "info") and not boxes(at, "success")


def test_the_preview_prints_the_city_line_and_case_names_in_italics_as_the_word_files_do(download):
    at = fill_required(new_app())
    at.text_input(key="district.city").input("Fresno").run()
    html_text = " ".join(h.proto.body for h in at.get("html"))
    assert '<p class="block">Fresno, California</p>' in html_text
    assert "<i>Plyler v. Doe</i>" in html_text and "\ue000" not in html_text
    assert "Fresno, California" in texts(download(at, "download.resolution")[1])


def test_options_the_widgets_cannot_show_are_kept_flagged_and_the_page_goes_on_working():
    content = (b"district: {name: X, state: CA}\nboard: {name: B}\nlanguage: fr\n"
               b"adoption: {meeting_type: weekly, approved_as_to_form: maybe}\n"
               b"provisions:\n- {id: safe-zone-declaration, options: {designation: fortress}}\n"
               b"- {id: officer-identification, options: {record_hours: soon}}\n"
               b"- {id: records-release, options: {include_employees: perhaps}}\n")
    at = new_app()
    at.file_uploader(key=UPLOAD_KEY).set_value(("answers.yaml", content, "application/x-yaml")).run()
    assert not at.exception
    kept = values(at)
    assert (kept["language"], kept["adoption.meeting_type"], kept["adoption.approved_as_to_form"]) == \
        ("fr", "weekly", "maybe")
    assert kept["option.safe-zone-declaration.designation"] == "fortress"
    assert kept["option.officer-identification.record_hours"] == "soon"
    assert kept["option.records-release.include_employees"] == "perhaps"
    for step in ("provisions", "documents"):
        go(at, step)
        assert not at.exception
    go(at, "provisions")
    assert at.number_input(key="option.officer-identification.record_hours").value is None
    assert at.selectbox(key="option.safe-zone-declaration.designation").value is None
    said = " ".join(errors(at))
    assert "'fortress'" in said and "'soon'" in said
    at.number_input(key="option.officer-identification.record_hours").set_value(12).run()
    assert values(at)["option.officer-identification.record_hours"] == 12 and not at.exception


def test_a_list_or_a_group_where_one_answer_belongs_is_named_and_every_step_still_opens():
    content = (b"district: {name: Lakeside, state: [CA]}\nboard: {name: {first: B}}\nlanguage: [en]\n"
               b"provisions:\n- {id: officer-identification, options: {record_hours: [1]}}\n")
    at = new_app()
    at.file_uploader(key=UPLOAD_KEY).set_value(("answers.yaml", content, "application/x-yaml")).run()
    for step in ("district", "provisions", "documents", "download"):
        assert not go(at, step).exception, step
    assert values(at)["district.name"] == "Lakeside" and values(at)["provision.officer-identification"] is True
    assert boxes(at, "warning")[1:] == [
        "district.state: holds ['CA'], a list or group where one answer belongs",
        "board.name: holds {'first': 'B'}, a list or group where one answer belongs",
        "language: holds ['en'], a list or group where one answer belongs",
        "provisions[0].options.record_hours: holds [1], a list or group where one answer belongs"]


def _draft_buttons(at: AppTest) -> list[str]:
    """The Word drafts' buttons and the zip's (the PDF buttons, shown where LibreOffice is, follow the same kinds)."""
    return [b.label for b in at.get("download_button") if b.label.endswith(("(.docx)", "(.zip)"))]


def _preview_tabs(at: AppTest) -> list[str]:
    return [t.label for t in at.tabs if not re.match(r"\d\. ", t.label)]  # the steps' tabs are numbered


def test_the_policy_format_and_the_regulation_fields_change_what_is_downloaded(download):
    """Issue 22, as a person fills the documents step: one combined policy drops the regulation's button, tab and
    file; back to separate, the regulation returns with the number typed and the action chosen."""
    at = fill_required(new_app())
    go(at, "documents")
    separate = ["Resolution (.docx)", "Board policy (.docx)", "Administrative regulation (.docx)",
                "All the drafts and your answers (.zip)"]
    assert _draft_buttons(at) == separate
    assert _preview_tabs(at) == ["Resolution", "Board policy", "Administrative regulation"]
    format_radio = at.radio(key="output.policy_format")
    assert format_radio.value == "separate"
    assert format_radio.options == ["A short board policy and an administrative regulation with the procedures "
                                    "(recommended)", "One policy with every rule and procedure"]

    format_radio.set_value("combined").run()
    assert not at.exception and not errors(at)
    assert values(at)["output.policy_format"] == "combined"
    assert _draft_buttons(at) == ["Resolution (.docx)", "Board policy (.docx)",
                                  "All the drafts and your answers (.zip)"]
    assert _preview_tabs(at) == ["Resolution", "Board policy"]
    assert not [b.label for b in at.get("download_button") if "regulation" in b.label]  # nor its PDF
    name, archive = download(at, "download.zip")
    with zipfile.ZipFile(BytesIO(archive)) as bundle:
        drafts = [n for n in bundle.namelist() if n.endswith(".docx")]
    assert drafts and not [n for n in drafts if "regulation" in n], drafts
    assert "Exhibit B" not in texts(download(at, "download.resolution")[1])

    at.radio(key="output.policy_format").set_value("separate").run()
    at.text_input(key="adoption.regulation_number").input("AR 5145.13").run()
    assert _draft_buttons(at) == separate
    name, regulation = download(at, "download.regulation")
    assert name == "cedar-valley-unified-school-district-regulation.docx"
    lines = texts(regulation).splitlines()
    assert lines[0] == "ADMINISTRATIVE REGULATION" and lines[1] == "Cedar Valley Unified School District"
    assert "Administrative Regulation 5145.13" in lines[:4]
    resolution = texts(download(at, "download.resolution")[1])
    assert "directs the Superintendent or designee to issue Administrative Regulation 5145.13" in resolution

    at.radio(key="adoption.regulation_action").set_value("approve").run()
    assert values(at)["adoption.regulation_action"] == "approve"
    resolution = texts(download(at, "download.resolution")[1])
    assert "the Board approves Administrative Regulation 5145.13, attached to this resolution as Exhibit B" in resolution
    assert "to issue Administrative Regulation" not in resolution
