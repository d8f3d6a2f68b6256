"""Every click answered and every step accessible, in a real browser (Debian's Chromium, Playwright), desktop
1366x900 and phone 390x844: a download's first click, the keyboard focus after it, a click too early, the Tab
presses to the first download from each step, axe-core on every step and page in both languages, contrast,
"Fill in" putting the cursor in the field, and the phone's way to the downloads and to the other pages."""

from __future__ import annotations

import json
import re
from io import BytesIO
from pathlib import Path

import docx
import pytest

from real_parts import change, need, new_page
from test_browser import AXE, ARTIFACTS, TIMEOUT, _expect, app_url, browser, choose, settle, step, type_in  # noqa: F401

from batch_cases import districts_csv
from helpers import example_data
from resolution_builder.build import build_documents, load_answers

pytestmark = pytest.mark.browser

DESKTOP = {"viewport": {"width": 1366, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
FIRST_DOWNLOAD = {"en": "Resolution (.docx)", "es": "Resolución (.docx)"}


def _open(browser, app_url, device: dict, path: str = ""):  # noqa: F811
    page = new_page(browser, accept_downloads=True, **device)
    page.set_default_timeout(TIMEOUT)
    page.goto(f"{app_url}/{path}")
    page.get_by_role("heading", level=1).first.wait_for()
    settle(page)
    return page


@pytest.fixture
def desktop(app_url, browser):  # noqa: F811
    page = _open(browser, app_url, DESKTOP)
    yield page
    page.close()


def _fill(page, board: bool = True) -> None:
    type_in(page, "District name", "Lakeside School District")
    choose(page, "State or territory", "New York (NY)")
    if board:
        type_in(page, "Board name", "Board of Education")


def _active(page) -> str:
    return page.evaluate("(document.activeElement.getAttribute('aria-label') || document.activeElement.innerText"
                         " || document.activeElement.tagName).trim()")


@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["click", "tap"])
def test_the_first_click_right_after_typing_the_last_required_field_downloads_what_was_typed(app_url, browser,  # noqa: F811
                                                                                               device, tmp_path):
    page = _open(browser, app_url, device)
    try:
        _fill(page, board=False)  # the drafts are not ready: the board's name is still missing
        page.get_by_role("textbox", name=re.compile("^Board name")).fill("Board of Trustees")  # no Tab, no Enter
        button = page.get_by_role("button", name="Resolution (.docx)")
        with page.expect_download() as info:
            button.tap() if device is PHONE else button.click()
        target = tmp_path / info.value.suggested_filename
        info.value.save_as(target)
        assert target.name == "lakeside-school-district-resolution.docx"
        text = "\n".join(p.text for p in docx.Document(target).paragraphs)
        assert "Board of Trustees" in text and "Lakeside School District" in text
    finally:
        page.close()


def test_focus_stays_on_the_download_button_after_a_download_by_mouse_and_by_keyboard(desktop):
    _fill(desktop)
    button = desktop.get_by_role("button", name="Board policy (.docx)")
    with desktop.expect_download():
        button.click()
    _expect()(button).to_be_enabled()
    settle(desktop)
    assert _active(desktop).endswith("Board policy (.docx)")
    resolution = desktop.get_by_role("button", name="Resolution (.docx)")
    resolution.focus()
    with desktop.expect_download():
        desktop.keyboard.press("Enter")
    _expect()(resolution).to_be_enabled()
    settle(desktop)
    assert _active(desktop).endswith("Resolution (.docx)")  # Enter again downloads again: no hunt for it
    with desktop.expect_download():
        desktop.keyboard.press("Enter")


def test_a_click_too_early_gives_no_file_and_says_why_right_under_that_button(desktop):
    type_in(desktop, "District name", "Lakeside School District")
    downloads = []
    desktop.on("download", lambda download: downloads.append(download))
    desktop.get_by_role("button", name="Board policy (.docx)").click()
    reason = desktop.locator(".st-key-download-policy ~ div").get_by_text("The drafts are not ready yet.").first
    _expect()(reason).to_be_visible()
    box = desktop.locator(".st-key-download-policy").bounding_box()
    below = reason.bounding_box()
    assert 0 <= below["y"] - (box["y"] + box["height"]) < 60  # right under the button clicked
    _expect()(desktop.get_by_text("Board name is required.").first).to_be_visible()
    settle(desktop)
    assert downloads == []


def test_at_most_25_tab_presses_from_the_top_of_each_step_to_the_first_download(desktop):
    _fill(desktop)
    counts = {}
    for name in ("District", "Provisions", "Documents", "Download"):
        step(desktop, name)
        desktop.get_by_role("tab", name=re.compile(r"^\d\. " + name)).focus()  # the top of the step
        presses = 0
        while presses < 60 and _active(desktop) != "Skip to downloads":
            desktop.keyboard.press("Tab")
            presses += 1
        desktop.keyboard.press("Enter")  # the skip link takes the focus to the downloads
        while presses < 60 and not _active(desktop).endswith("Resolution (.docx)"):
            desktop.keyboard.press("Tab")
            presses += 1
        counts[name] = presses
        header = desktop.get_by_test_id("stHeader").bounding_box()
        first = desktop.get_by_role("button", name="Resolution (.docx)").bounding_box()
        assert first["y"] >= header["y"] + header["height"], f"the top bar covers the first download ({name})"
    assert max(counts.values()) <= 25, counts


def test_fill_in_puts_the_cursor_in_the_field(desktop):
    type_in(desktop, "District name", "Lakeside School District")
    step(desktop, "Download")
    with change(desktop):
        desktop.get_by_role("button", name="Fill in: Board name").click()
    _expect()(desktop.get_by_role("textbox", name=re.compile("^Board name"))).to_be_focused()
    desktop.keyboard.type("Board of Education")  # typing goes straight into the field
    with change(desktop):
        desktop.keyboard.press("Enter")
    _expect()(desktop.get_by_role("textbox", name=re.compile("^Board name"))).to_have_value("Board of Education")


def test_on_a_phone_one_tap_reaches_the_downloads_and_the_pages_button_says_what_it_is(app_url, browser):  # noqa: F811
    page = _open(browser, app_url, PHONE)
    try:
        _fill(page)
        step(page, "Provisions")  # the longest step: the downloads are screens away below it
        bar = page.get_by_role("navigation", name="Downloads")
        _expect()(bar).to_be_in_viewport()
        bar.get_by_role("link", name="Skip to downloads").tap()
        _expect()(page.get_by_role("button", name="Resolution (.docx)")).to_be_in_viewport()
        pages = page.get_by_role("button", name="Pages")
        _expect()(pages).to_be_visible()
        assert "Pages" in pages.evaluate("b => getComputedStyle(b, '::after').content")  # a word, not only "»"
        pages.tap()
        _expect()(page.get_by_role("link", name="Board packet")).to_be_visible()
    finally:
        page.close()


def _axe(page) -> list[dict]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):  # once for each page load (500 KB of script)
        page.add_script_tag(path=str(AXE))
    outcome = page.evaluate("async () => { const r = await axe.run(document); "
                            "return {violations: r.violations, passes: r.passes.length}; }")
    assert outcome["passes"] > 10  # axe really checked the page
    return [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
            for v in outcome["violations"] if v["impact"] in ("serious", "critical")]


def _faint_text(page) -> list[str]:
    """Text drawn see-through (an ancestor with opacity below 1) fails contrast whatever its colour says."""
    return page.evaluate("""() => [...document.querySelectorAll('p, span, label, li, small, h1, h2, h3, h4')]
      .filter(e => e.innerText && e.innerText.trim() && e.getClientRects().length && !e.closest('[disabled]'))
      .filter(e => { for (let x = e; x; x = x.parentElement) if (parseFloat(getComputedStyle(x).opacity) < 1)
        return true; return false; })
      .map(e => e.innerText.slice(0, 60))""")


def _page_link(page, name: str) -> None:
    """Another page, as a person goes there: the top bar's link, or on a phone through the "Pages" button."""
    link = page.get_by_role("link", name=re.compile(name))
    pages = page.get_by_role("button", name=re.compile("^(Pages|Páginas)$"))
    if pages.count() and pages.is_visible():
        pages.tap()
        _expect()(link).to_be_in_viewport()
    with change(page):
        link.click()


def _language(page, name: str) -> None:
    with change(page):
        page.get_by_text(name, exact=True).first.click()


def _edited_draft(tmp_path: Path) -> Path:
    answers, _ = load_answers(example_data())
    document = docx.Document(BytesIO(build_documents(answers)["resolution"].content))
    clauses = [p for p in document.paragraphs if p.style.name == "Resolved Clause"]
    clauses[1].runs[-1].text += " Reviewed."
    target = tmp_path / "edited.docx"
    document.save(target)
    return target


@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_axe_finds_nothing_serious_on_any_step_or_page_in_either_language(app_url, browser, device, tmp_path):  # noqa: F811
    need(AXE.is_file(), f"axe-core is needed: npm install --prefix .ci/axe axe-core@4 ({AXE} is missing)")
    found, faint = {}, {}
    page = _open(browser, app_url, device)
    try:
        _fill(page)
        for language, tabs in (("English", ("District", "Provisions", "Documents", "Download")),
                               ("Español", ("Distrito", "Disposiciones", "Documentos", "Descargar"))):
            if language == "Español":
                _language(page, "Español")
            for name in tabs:
                step(page, name)
                if name == "Provisions":  # with a number out of range: an error at its field
                    field = page.get_by_role("spinbutton", name=re.compile("^How often the Superintendent"))
                    field.fill("5")
                    with change(page):
                        field.press("Enter")
                    _expect()(page.get_by_text(re.compile("5 was not used")).first).to_be_visible(timeout=TIMEOUT)
                found[f"{language} {name}"] = _axe(page)
                faint[f"{language} {name}"] = _faint_text(page)
            _page_link(page, "^(Board packet|Documentos para la junta)$")  # reached with the builder's answers
            found[f"{language} Board packet"] = _axe(page)
            faint[f"{language} Board packet"] = _faint_text(page)
            _page_link(page, "^(Build the drafts|Preparar los borradores)$")
    finally:
        page.close()
    reports = {"compare": (_edited_draft(tmp_path), "Protections weakened|Protecciones debilitadas"),
               "batch": (tmp_path / "districts.csv", "ready to build|están listos")}
    reports["batch"][0].write_bytes(districts_csv())
    for path, (upload, shown) in reports.items():
        page = _open(browser, app_url, device, path)
        try:
            with change(page):
                page.locator("input[type=file]").first.set_input_files(str(upload))
            for language, said in (("English", shown.split("|")[0]), ("Español", shown.split("|")[1])):
                if language == "Español":  # the same report, read again in Spanish
                    _language(page, "Español")
                _expect()(page.get_by_text(re.compile(said)).first).to_be_visible(timeout=TIMEOUT)  # the report
                found[f"{language} {path} with a report"] = _axe(page)
                faint[f"{language} {path} with a report"] = _faint_text(page)
        finally:
            page.close()
    ARTIFACTS.mkdir(exist_ok=True)
    name = "phone" if device is PHONE else "desktop"
    (ARTIFACTS / f"axe-{name}.json").write_text(json.dumps(found, indent=1, ensure_ascii=False), encoding="utf-8")
    assert len(found) == 14
    assert {state: problems for state, problems in found.items() if problems} == {}
    assert {state: texts for state, texts in faint.items() if texts} == {}
