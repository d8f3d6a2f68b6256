"""A real browser: headless Chromium (Debian's) driven by Playwright against `streamlit run` on loopback."""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request
from pathlib import Path

import docx
import pytest

from real_parts import (CHROMIUM_FLAGS, change, launch_chromium, need, need_module, new_context,  # noqa: F401
                        new_page, running_app, settle)

from resolution_builder.yaml_io import load_yaml

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
AXE = ROOT / ".ci" / "axe" / "node_modules" / "axe-core" / "axe.min.js"  # npm install --prefix .ci/axe axe-core@4
TIMEOUT = 30_000

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app_url():
    with running_app() as app:
        yield app.url


@pytest.fixture(scope="module")
def browser():
    playwright_api = need_module("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        chromium = launch_chromium(playwright.chromium)
        yield chromium
        chromium.close()


@pytest.fixture
def page(app_url, browser):
    page = new_page(browser, viewport={"width": 1366, "height": 900}, accept_downloads=True)
    page.set_default_timeout(TIMEOUT)
    page.goto(app_url)
    page.get_by_role("textbox", name=re.compile("^District name")).wait_for()
    yield page
    page.close()


def _expect():
    return need_module("playwright.sync_api").expect


def type_in(page, label: str, text: str, send: str = "Enter") -> None:
    """Typed, then sent as a person does: Enter in a field, Ctrl+Enter in a text area."""
    field = page.get_by_role("textbox", name=re.compile("^" + re.escape(label)))
    field.fill(text)
    with change(page):
        field.press(send)


def choose(page, label: str, option: str) -> None:
    box = page.get_by_role("combobox", name=re.compile("^" + re.escape(label)))
    box.click()
    box.fill(option.split(" (")[0])  # long lists show only the first options until filtered
    with change(page):
        page.get_by_role("option", name=option, exact=True).click()


def number(page, label: str, value: int) -> None:
    field = page.get_by_role("spinbutton", name=re.compile("^" + re.escape(label)))
    field.fill(str(value))
    with change(page):
        field.press("Enter")


def step(page, name: str) -> None:
    tab = page.get_by_role("tab", name=re.compile(r"^\d\. " + re.escape(name)))
    if tab.get_attribute("aria-selected") == "true":  # the open step: a click asks nothing of the app
        tab.click()
        settle(page)
        return
    with change(page):
        tab.click()


def tick(page, label: str) -> None:
    """A checkbox or toggle, clicked by its label as a person would."""
    with change(page):
        page.locator("label").filter(has_text=label).first.click()


def language(page, name: str) -> None:
    with change(page):
        page.get_by_text(name, exact=True).first.click()


def saved_answers(page, tmp_path: Path, name: str = "answers.yaml") -> dict:
    button = page.get_by_role("button", name=re.compile(r"^(Save my answers|Guardar mis respuestas)"))
    with page.expect_download() as info:
        button.click()
    target = tmp_path / name
    info.value.save_as(target)
    return load_yaml(target.read_text(encoding="utf-8"))


def fill_required(page, name: str = "Lakeside School District") -> None:
    type_in(page, "District name", name)
    choose(page, "State or territory", "New York (NY)")
    type_in(page, "Board name", "Board of Education")


def test_switching_the_interface_language_keeps_every_answer_both_ways(page, tmp_path):
    fill_required(page)
    type_in(page, "City", "Albany")
    step(page, "Provisions")
    number(page, "How often the Superintendent reports", 45)
    choose(page, "Who reviews a request for records", "District counsel and the Superintendent")
    tick(page, "Officers Wait Away from Students During Review")
    step(page, "Documents")
    type_in(page, "Resolution number", "2026-15")
    tick(page, "Bilingual edition")
    before = saved_answers(page, tmp_path, "before.yaml")
    assert before["adoption"]["resolution_number"] == "2026-15" and before["output"]["bilingual"] is True
    assert {p["id"]: p.get("options", {}) for p in before["provisions"]}["board-reporting"]["report_days"] == 45

    language(page, "Español")
    expect = _expect()
    expect(page.get_by_role("textbox", name=re.compile("^Número de la resolución"))).to_have_value("2026-15")
    assert page.get_by_role("alert").count() == 0  # no error contradicts the answers
    assert saved_answers(page, tmp_path, "spanish.yaml") == before
    step(page, "Distrito")
    expect(page.get_by_role("textbox", name=re.compile("^Nombre del distrito"))).to_have_value(
        "Lakeside School District")
    expect(page.get_by_role("textbox", name=re.compile("^Ciudad"))).to_have_value("Albany")
    step(page, "Disposiciones")
    expect(page.get_by_role("spinbutton", name=re.compile("^Cada cuántos días"))).to_have_value("45")
    assert saved_answers(page, tmp_path, "after-edit.yaml") == before

    language(page, "English")
    expect(page.get_by_role("spinbutton", name=re.compile("^How often the Superintendent"))).to_have_value("45")
    assert page.get_by_role("alert").count() == 0
    assert saved_answers(page, tmp_path, "english.yaml") == before


def test_an_incomplete_form_is_saved_and_restored_as_it_was(page, browser, app_url, tmp_path):
    type_in(page, "District name", "Half-Done School District")
    step(page, "Provisions")
    number(page, "How often the Superintendent reports", 60)
    saved = saved_answers(page, tmp_path, "incomplete.yaml")
    assert saved["district"] == {"name": "Half-Done School District"} and "board" in saved

    page = _fresh(browser, app_url)  # later, in another browser: an empty form (a reload of this tab keeps them)
    page.get_by_text("Continue from saved answers").click()
    with change(page):
        page.locator("input[type=file]").set_input_files(str(tmp_path / "incomplete.yaml"))
    expect = _expect()
    expect(page.get_by_text("Restored the saved answers for Half-Done School District")).to_be_visible()
    expect(page.get_by_role("textbox", name=re.compile("^District name"))).to_have_value("Half-Done School District")
    expect(page.get_by_test_id("stTabs").get_by_text("Board name is required.")).to_be_visible()  # at the field
    assert saved_answers(page, tmp_path, "again.yaml") == saved
    page.context.close()


def test_an_out_of_range_number_is_refused_where_it_is_typed(page):
    fill_required(page)
    step(page, "Provisions")
    number(page, "How often the Superintendent reports", 5)
    expect = _expect()
    field = page.get_by_role("spinbutton", name=re.compile("^How often the Superintendent"))
    expect(field).to_have_value("5")  # never silently replaced
    expect(page.get_by_text(re.compile("from 30 to 365; 5 was not used"))).to_be_visible()
    with change(page):
        page.get_by_role("button", name="Resolution (.docx)").click()
    expect(page.get_by_text("The drafts are not ready yet. Still needed:")).to_be_visible()
    number(page, "How often the Superintendent reports", 120)
    assert page.get_by_text("was not used").count() == 0


def test_the_first_download_click_after_typing_downloads_what_was_typed(page, tmp_path):
    fill_required(page, "Río Cedar Valley <Unified> School District")
    field = page.get_by_role("textbox", name=re.compile("^Board name"))
    field.fill("Board of Trustees")  # no Enter, no Tab: the click itself ends the typing
    with page.expect_download() as info:
        page.get_by_role("button", name="Resolution (.docx)").click()
    download = info.value
    assert download.suggested_filename == "rio-cedar-valley-unified-school-district-resolution.docx"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    text = "\n".join(p.text for p in docx.Document(target).paragraphs)
    assert "Río Cedar Valley <Unified> School District" in text and "Board of Trustees" in text


def test_the_first_download_is_at_most_40_tab_presses_from_the_top(page):
    page.get_by_role("heading", name="Safe Zone Builder").click()  # focus starts at the top
    for presses in range(1, 61):
        page.keyboard.press("Tab")
        if "Resolution (.docx)" in page.evaluate("document.activeElement.innerText || ''"):
            break
    else:
        pytest.fail("the first download is not reached in 60 Tab presses")
    assert presses <= 40


def _axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    outcome = page.evaluate("async () => { const r = await axe.run(document); "
                            "return {violations: r.violations, passes: r.passes.length}; }")
    assert outcome["passes"] > 10  # axe really checked the page
    result = outcome["violations"]
    return [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
            for v in result if v["impact"] in ("serious", "critical")]


def test_no_serious_accessibility_problem_empty_filled_or_with_errors_in_both_languages(page):
    need(AXE.is_file(), f"axe-core is needed: npm install --prefix .ci/axe axe-core@4 ({AXE} is missing)")
    found = {}
    found["empty, English"] = _axe(page)
    with change(page):
        page.get_by_role("button", name="Resolution (.docx)").click()  # tried to download: required fields flagged
    found["errors, English"] = _axe(page)
    language(page, "Español")
    found["errors, Spanish"] = _axe(page)
    type_in(page, "Nombre del distrito", "Lakeside School District")
    choose(page, "Estado o territorio", "Nueva York (NY)")
    type_in(page, "Nombre de la junta", "Board of Education")
    found["filled, Spanish"] = _axe(page)
    language(page, "English")
    found["filled, English"] = _axe(page)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "axe.json").write_text(json.dumps(found, indent=1), encoding="utf-8")
    assert {state: problems for state, problems in found.items() if problems} == {}


def test_markdown_in_an_uploaded_file_is_shown_as_text_and_fetches_nothing(page, tmp_path):
    import http.server
    import threading

    requests: list[str] = []

    class Counting(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the standard library's name
            requests.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    watcher = http.server.HTTPServer(("127.0.0.1", 0), Counting)
    threading.Thread(target=watcher.serve_forever, daemon=True).start()
    image = f"![x](http://127.0.0.1:{watcher.server_port}/p.png)"
    link = f"[click](http://127.0.0.1:{watcher.server_port}/link)"
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text(f"district: {{name: X, state: CA, '{image}': 1}}\nboard: {{name: '{image} {link}'}}\n",
                       encoding="utf-8")
    try:
        type_in(page, "District name", "Kept District")
        page.get_by_text("Continue from saved answers").click()
        with change(page):
            page.locator("input[type=file]").set_input_files(str(hostile))
        _expect()(page.get_by_text(image, exact=False).first).to_be_visible()
        # Shown as text, drawn with no element that could load the address, so nothing can ask for it later:
        assert page.locator(f"img[src*='{watcher.server_port}'], a[href*='{watcher.server_port}']").count() == 0
        assert requests == []
        # The file restores (an unknown key is named, not loaded); its Markdown is kept in the field as text.
        _expect()(page.get_by_role("textbox", name=re.compile("^District name"))).to_have_value("X")
        _expect()(page.get_by_role("textbox", name=re.compile("^Board name"))).to_have_value(f"{image} {link}")
    finally:
        watcher.shutdown()


# Never losing an answer: restore, the steps in the address, this browser's copy, the question before leaving ------

LONG_NAME = ("The Board of Trustees of the Pecan Valley Consolidated Independent School District of Hays, Caldwell "
             "and Guadalupe Counties, State of Texas (formerly Pecan CISD)")  # 161 characters: over the 150 limit
LONG_TITLE = "A Resolution Declaring Every School of the District a Safe Haven for Every Student " * 3 + "Now"  # 252


def _value(page, label: str) -> str:
    return page.get_by_role("textbox", name=re.compile("^" + re.escape(label))).input_value()


def _shows(page, label: str, value: str) -> None:
    """The field shows ``value`` (waiting for the run that fills it: an upload or a reload's restore can start
    after the page last looked idle)."""
    _expect()(page.get_by_role("textbox", name=re.compile("^" + re.escape(label)))).to_have_value(value)


def _fresh(browser, app_url, context=None):
    """A new tab: in a new browser profile (nothing kept from another test), or in ``context``'s."""
    fresh = (context or new_context(browser, viewport={"width": 1366, "height": 900}, accept_downloads=True)).new_page()
    fresh.set_default_timeout(TIMEOUT)
    fresh.goto(app_url)
    fresh.get_by_role("textbox", name=re.compile("^District name")).wait_for()
    settle(fresh)
    return fresh


def test_a_saved_file_with_a_too_long_name_and_title_restores_every_answer_and_flags_those_two(
        page, browser, app_url, tmp_path):
    assert len(LONG_NAME) == 161 and len(LONG_TITLE) == 252
    type_in(page, "District name", LONG_NAME)
    choose(page, "State or territory", "Texas (TX)")
    type_in(page, "City", "San Marcos")
    type_in(page, "Board name", "Board of Trustees")
    step(page, "Provisions")
    choose(page, "What the Board declares its schools to be", "A Safe Haven")
    step(page, "Documents")
    type_in(page, "Resolution title", LONG_TITLE)
    type_in(page, "Name of the presiding officer", "María José Núñez")
    saved = saved_answers(page, tmp_path, "long.yaml")
    assert saved["district"]["name"] == LONG_NAME and saved["adoption"]["title"] == LONG_TITLE

    other = _fresh(browser, app_url)  # another computer, say: an empty form
    other.get_by_text("Continue from saved answers").click()
    with change(other):
        other.locator("input[type=file]").set_input_files(str(tmp_path / "long.yaml"))
    expect = _expect()
    expect(other.get_by_text("Restored the saved answers for " + LONG_NAME)).to_be_visible()
    _shows(other, "District name", LONG_NAME)
    _shows(other, "City", "San Marcos")
    _shows(other, "Board name", "Board of Trustees")
    at_fields = other.get_by_test_id("stTabs")  # flagged at the field itself
    expect(at_fields.get_by_text("District name can be at most 150 characters long; this one has 161.")).to_be_visible()
    step(other, "Documents")
    _shows(other, "Resolution title", LONG_TITLE)
    _shows(other, "Name of the presiding officer", "María José Núñez")
    expect(at_fields.get_by_text("Resolution title can be at most 250 characters long; this one has 252.")).to_be_visible()
    step(other, "Provisions")
    expect(other.get_by_role("combobox", name=re.compile("^What the Board declares"))).to_have_value("A Safe Haven")
    assert saved_answers(other, tmp_path, "again.yaml") == saved
    other.context.close()


def test_back_and_forward_move_between_steps_and_a_reload_keeps_the_step_and_every_answer(page):
    fill_required(page)
    type_in(page, "City", "Albany")
    step(page, "Provisions")
    number(page, "How often the Superintendent reports", 45)
    step(page, "Documents")
    type_in(page, "Resolution number", "2026-15")
    assert page.url.endswith("?step=documents")
    expect = _expect()
    page.go_back()
    settle(page)
    assert page.url.endswith("?step=provisions")
    expect(page.get_by_role("tab", name="2. Provisions")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_role("spinbutton", name=re.compile("^How often the Superintendent"))).to_have_value("45")
    page.go_back()
    settle(page)
    expect(page.get_by_role("tab", name="1. District")).to_have_attribute("aria-selected", "true")
    _shows(page, "City", "Albany")
    _shows(page, "District name", "Lakeside School District")
    page.go_forward()
    page.go_forward()
    settle(page)
    expect(page.get_by_role("tab", name="3. Documents")).to_have_attribute("aria-selected", "true")
    _shows(page, "Resolution number", "2026-15")
    page.on("dialog", lambda dialog: dialog.accept())  # "leave this page?": yes
    page.reload()
    page.get_by_role("textbox", name=re.compile("^Resolution number")).wait_for()
    settle(page)
    expect(page.get_by_role("textbox", name=re.compile("^Resolution number"))).to_have_value("2026-15")
    step(page, "District")
    _shows(page, "District name", "Lakeside School District")
    _shows(page, "City", "Albany")
    step(page, "Provisions")
    expect(page.get_by_role("spinbutton", name=re.compile("^How often the Superintendent"))).to_have_value("45")


def _armed(page) -> None:
    """Wait until the page's keeper has heard of the unsaved change (its state reaches the browser after the
    rerun that made it, so the test waits for it instead of racing it)."""
    page.wait_for_function("() => window.__safeZoneKeeper?.dirty === true", timeout=TIMEOUT)


def test_leaving_asks_first_while_answers_are_unsaved_and_not_after_a_save(page, tmp_path):
    asked: list[str] = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.accept()))
    page.reload()  # an untouched form: nothing to lose, nothing asked
    page.get_by_role("textbox", name=re.compile("^District name")).wait_for()
    settle(page)
    assert asked == []
    field = page.get_by_role("textbox", name=re.compile("^District name"))
    field.click()
    page.keyboard.type("Lakeside School District")
    with change(page):
        field.press("Enter")
    _armed(page)
    page.reload()
    page.get_by_role("textbox", name=re.compile("^District name")).wait_for()
    settle(page)
    assert asked == ["beforeunload"]
    _shows(page, "District name", "Lakeside School District")  # and the tab's copy brought it back
    type_in(page, "City", "Albany")
    saved_answers(page, tmp_path)
    page.reload()
    page.get_by_role("textbox", name=re.compile("^District name")).wait_for()
    settle(page)
    assert asked == ["beforeunload"]  # saved since the last change: not asked again
    type_in(page, "City", "Troy")  # changed after the save: asked again
    _armed(page)
    page.reload()
    page.get_by_role("textbox", name=re.compile("^District name")).wait_for()
    settle(page)
    assert asked == ["beforeunload", "beforeunload"]


def test_keep_my_answers_in_this_browser_survives_closing_the_tab_and_forget_clears_it(browser, app_url):
    context = new_context(browser, viewport={"width": 1366, "height": 900})
    first = _fresh(browser, app_url, context)
    type_in(first, "District name", "Lakeside School District")
    first.close()
    second = _fresh(browser, app_url, context)  # a new tab: off by default, nothing was kept
    assert _value(second, "District name") == ""
    expect = _expect()
    keep = second.get_by_role("switch", name="Keep my answers in this browser")
    expect(keep).not_to_be_checked()
    tick(second, "Keep my answers in this browser")
    type_in(second, "District name", "Lakeside School District")
    type_in(second, "City", "Albany")
    second.close(run_before_unload=False)
    third = _fresh(browser, app_url, context)  # the tab was closed: the browser kept them
    _shows(third, "District name", "Lakeside School District")
    _shows(third, "City", "Albany")
    expect(third.get_by_role("switch", name="Keep my answers in this browser")).to_be_checked()
    with change(third):
        third.get_by_role("button", name="Forget them now").click()
    assert third.evaluate("Object.keys(localStorage).filter(key => key.startsWith('safe-zone'))") == []
    _shows(third, "District name", "Lakeside School District")  # the form itself keeps them
    third.close(run_before_unload=False)
    fourth = _fresh(browser, app_url, context)
    assert _value(fourth, "District name") == ""
    context.close()


def _edited_resolution(markdown: str) -> bytes:
    from io import BytesIO

    from helpers import example_data
    from resolution_builder import build_documents, load_answers

    answers, _ = load_answers(example_data())
    document = docx.Document(BytesIO(build_documents(answers)["resolution"].content))
    clause = next(p for p in document.paragraphs if p.style.name == "Resolved Clause" and "judicial" in p.text)
    clause.runs[-1].text = clause.runs[-1].text.replace("judicial ", "") + " " + markdown
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def test_compare_shows_a_markdown_image_link_from_an_edited_draft_as_text_and_requests_nothing_outside(
        browser, app_url, tmp_path):
    hostile = "![x](http://203.0.113.7/leak.png) [click me](http://203.0.113.7/x) **bold** $x^2$"
    edited = tmp_path / "edited.docx"
    edited.write_bytes(_edited_resolution(hostile))
    context = new_context(browser, viewport={"width": 1366, "height": 900})
    outside: list[str] = []

    def only_loopback(route):  # record and stop anything bound elsewhere before it leaves the browser
        host = urllib.parse.urlsplit(route.request.url).hostname
        if host in ("localhost", "127.0.0.1", "::1"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_loopback)
    requested: list[str] = []
    compare = context.new_page()
    compare.set_default_timeout(TIMEOUT)
    compare.on("request", lambda request: requested.append(request.url))
    compare.goto(app_url + "/compare")
    compare.locator("input[type=file]").first.set_input_files(str(edited))
    expect = _expect()
    expect(compare.get_by_text("Protections weakened", exact=False).first).to_be_visible()
    settle(compare)
    expect(compare.get_by_text(hostile, exact=False).first).to_be_visible()  # the words, as written
    assert compare.locator("img[src*='203.0.113.7'], a[href*='203.0.113.7'], .katex").count() == 0
    assert outside == [] and all(urllib.parse.urlsplit(url).hostname in ("localhost", "127.0.0.1")
                                 for url in requested if not url.startswith(("data:", "blob:")))
    context.close()


# Issue 22: the policy's format, the regulation and the first reading, as a person sets them -------------------------

REGULATION_BUTTON = "Administrative regulation (.docx)"


def date_field(page, label: str):
    """A date input as a person reads it: its year, month and day, shown together under the field's label."""
    return page.get_by_role("group", name=re.compile("^" + re.escape(label)))


def type_date(page, label: str, date: str) -> None:
    """Typed as a person types a date: into its year, on through the month and the day; the field sends the date
    when the focus leaves it (as a click elsewhere or Tab past its calendar button does; Enter sends nothing)."""
    field = date_field(page, label)
    field.get_by_role("spinbutton", name=re.compile("^year")).click()
    page.keyboard.type(date.replace("-", ""))
    widget = page.get_by_test_id("stDateInput").filter(has=field)
    with change(page):
        for _ in range(3):  # past the day and the calendar button
            page.keyboard.press("Tab")
            if not widget.evaluate("element => element.contains(document.activeElement)"):
                break


def test_one_combined_policy_drops_the_regulation_download_and_a_first_reading_date_survives_a_language_switch(
        page, tmp_path):
    fill_required(page)
    step(page, "Documents")
    expect = _expect()
    regulation = page.get_by_role("button", name=REGULATION_BUTTON)
    expect(regulation).to_be_visible()
    with change(page):
        page.get_by_text("One policy with every rule and procedure", exact=True).click()
    expect(page.get_by_role("radio", name="One policy with every rule and procedure")).to_be_checked()
    expect(regulation).to_have_count(0)
    expect(page.get_by_role("button", name="Board policy (.docx)")).to_be_visible()
    with change(page):
        page.get_by_text("A short board policy and an administrative regulation", exact=False).click()
    expect(regulation).to_be_visible()
    with page.expect_download() as info:
        regulation.click()
    assert info.value.suggested_filename == "lakeside-school-district-regulation.docx"
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    assert docx.Document(target).paragraphs[0].text == "ADMINISTRATIVE REGULATION"

    type_date(page, "First reading date", "2026-01-15")
    expect(date_field(page, "First reading date")).to_have_text("2026-01-15")
    before = saved_answers(page, tmp_path, "before.yaml")
    assert str(before["adoption"]["first_reading_date"]) == "2026-01-15"
    assert before["output"].get("policy_format", "separate") == "separate"
    language(page, "Español")
    expect(date_field(page, "Fecha de la primera lectura")).to_have_text("2026-01-15")
    expect(page.get_by_role("button", name="Reglamento administrativo (.docx)")).to_be_visible()
    assert page.get_by_role("alert").count() == 0
    assert saved_answers(page, tmp_path, "spanish.yaml") == before
    language(page, "English")
    expect(date_field(page, "First reading date")).to_have_text("2026-01-15")
    assert saved_answers(page, tmp_path, "english.yaml") == before
