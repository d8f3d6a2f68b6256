"""The section "Your district's own words" in a real browser (headless Chromium against `streamlit run`): a recital
and a clause typed in the page are in the downloaded resolution, word for word and in place."""

from __future__ import annotations

import re

import docx
import pytest

from test_browser import app_url, browser, choose, fill_required, page, step, type_in  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser

RECITAL = "our families speak 47 languages, and «every one» of them belongs here"
CLAUSE = "the Superintendent shall hold a forum for families each fall"
FAMILIES_LEAD = "BE IT FURTHER RESOLVED that to keep families informed, prepared and able to take part"


def open_section(page, title: str) -> None:
    """An expander, opened by its title as a person clicks it (nothing is asked of the app)."""
    summary = page.get_by_text(title, exact=True)
    summary.click()


def _choose_shown(page, label: str, option: str) -> None:
    """``choose``, made again when the list does not show the option (on a loaded machine the list was once drawn
    without it; a person opens it again), then the box must show the choice."""
    box = page.get_by_role("combobox", name=re.compile("^" + re.escape(label)))
    for _ in range(3):
        try:
            choose(page, label, option)
            break
        except Exception as exc:  # noqa: BLE001 - Playwright's TimeoutError: open the list again
            if "Timeout" not in type(exc).__name__:
                raise
            page.keyboard.press("Escape")
    assert box.input_value() == option


def test_a_recital_and_a_clause_typed_in_the_page_are_in_the_downloaded_resolution_in_place(page, tmp_path):
    fill_required(page)
    step(page, "Provisions")
    open_section(page, "Your own recitals (WHEREAS …)")
    type_in(page, "Recital 1 in English", RECITAL, send="Control+Enter")
    open_section(page, "Your own clauses (RESOLVED …)")
    type_in(page, "Clause 1 in English", CLAUSE, send="Control+Enter")
    place = "After the clause “to keep families informed, prepared and able to take part”"
    _choose_shown(page, "Where clause 1 goes", place)
    # Typed in English only, for an English document: nothing is flagged, nothing refused.
    assert page.get_by_role("alert").count() == 0
    with page.expect_download() as info:
        page.get_by_role("button", name="Resolution (.docx)").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    lines = [paragraph.text for paragraph in docx.Document(target).paragraphs if paragraph.text.strip()]
    assert any(line.startswith(f"WHEREAS, {RECITAL};") for line in lines)
    families = next(index for index, line in enumerate(lines) if line.startswith(FAMILIES_LEAD))
    assert lines[families + 1] == f"BE IT FURTHER RESOLVED that {CLAUSE};"
