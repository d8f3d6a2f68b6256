"""The section "Your district's own words" in a real browser (headless Chromium against `streamlit run`): a recital
and a clause typed in the page are in the downloaded resolution, word for word and in place."""

from __future__ import annotations

import re

import docx
import pytest

from real_parts import change
from test_browser import app_url, browser, choose, fill_required, page, step  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser

RECITAL = "our families speak 47 languages, and «every one» of them belongs here"
CLAUSE = "the Superintendent shall hold a forum for families each fall"
FAMILIES_LEAD = "BE IT FURTHER RESOLVED that to keep families informed, prepared and able to take part"


def open_section(page, title: str) -> None:
    """An expander, opened by its title as a person clicks it (nothing is asked of the app)."""
    summary = page.get_by_text(title, exact=True)
    summary.click()


def write(page, label: str, text: str) -> None:
    """A text area: typed, then sent as a person does by leaving it (Ctrl+Enter sends it at once)."""
    field = page.get_by_role("textbox", name=re.compile("^" + re.escape(label)))
    field.fill(text)
    with change(page):
        field.press("Control+Enter")


def test_a_recital_and_a_clause_typed_in_the_page_are_in_the_downloaded_resolution_in_place(page, tmp_path):
    fill_required(page)
    step(page, "Provisions")
    open_section(page, "Your own recitals (WHEREAS …)")
    write(page, "Recital 1 in English", RECITAL)
    open_section(page, "Your own clauses (RESOLVED …)")
    write(page, "Clause 1 in English", CLAUSE)
    choose(page, "Where clause 1 goes", "After the clause “to keep families informed, prepared and able to take part”")
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
