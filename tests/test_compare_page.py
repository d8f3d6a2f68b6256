"""The "Compare an edited draft" page, run through a tiny script with Streamlit's AppTest, driven by widget key."""

from __future__ import annotations

from io import BytesIO

import docx
import pytest

from real_parts import need_module

need_module("streamlit")  # the dev extra installs it: skipped on a workstation without it, failed in CI
from streamlit.testing.v1 import AppTest  # noqa: E402

from helpers import EXAMPLE, example_data  # noqa: E402
from test_app import boxes, errors  # noqa: E402 - the literal messages
from resolution_builder import build_documents, load_answers  # noqa: E402
from resolution_builder.redline.present import compare_words  # noqa: E402
from resolution_builder.ui.compare_page import (AGAINST_KEY, DOWNLOAD_KEY, EDITED_KEY,  # noqa: E402
                                                UploadNotUnderstood, answers_from_upload)

SCRIPT = """
import streamlit as st
from resolution_builder.ui.compare_page import compare_page
from resolution_builder.ui.locale import Translator
compare_page(Translator(st.session_state.get("ui.language", "en")))
"""
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(scope="module")
def drafts() -> dict[str, bytes]:
    answers, _ = load_answers(example_data())
    return {kind: d.content for kind, d in build_documents(answers).items()}


def weakened(content: bytes) -> bytes:
    """The resolution with its first clause deleted and one word added to another."""
    document = docx.Document(BytesIO(content))
    clauses = [p for p in document.paragraphs if p.style.name == "Resolved Clause"]
    clauses[0]._p.getparent().remove(clauses[0]._p)
    clauses[1].runs[-1].text += " Reviewed."
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def page(language: str = "en") -> AppTest:
    at = AppTest.from_string(SCRIPT, default_timeout=60)
    at.session_state["ui.language"] = language
    return at.run()


def test_the_page_shows_the_report_weakened_first_and_offers_the_redline(drafts, download):
    words = compare_words("en")
    at = page()
    assert not at.exception and at.header[0].value == words["page_title"]
    assert not at.get("download_button"), "nothing to download before an upload"
    at.file_uploader(key=EDITED_KEY).set_value(("edited.docx", weakened(drafts["resolution"]), DOCX)).run()
    assert not at.exception and not errors(at)
    headings = [h.value for h in at.subheader]
    assert headings[0].startswith("Protections weakened (") and headings[0] != "Protections weakened (0)"
    assert headings[1].startswith("Provisions:")
    assert "was removed" in boxes(at, "warning")[0]  # the declaration is its provision's only clause
    name, redline = download(at, DOWNLOAD_KEY)
    assert name == "edited-redline.docx"
    xml = docx.Document(BytesIO(redline)).element.xml
    assert "w:del " in xml and "w:ins " in xml and "Safe Zone Builder" in xml


def test_the_page_in_spanish_and_against_a_given_original(drafts):
    words = compare_words("es")
    at = page("es")
    at.file_uploader(key=EDITED_KEY).set_value(("e.docx", drafts["policy"], DOCX))
    at.file_uploader(key=AGAINST_KEY).set_value(("o.docx", drafts["policy"], DOCX)).run()
    assert not at.exception
    assert at.success[0].value == words["compared"].format(document=words["document_policy"],
                                                           original=words["original_given"])
    assert words["no_changes"] in [i.value for i in at.info]


@pytest.mark.parametrize(("name", "content", "key"), [("x.docx", b"not a word file", "not_docx"),
                                                      ("x.docx", None, "no_answers"),
                                                      ("minutes.pdf", b"%PDF-1.7\n", "not_docx"),
                                                      ("logo.png", b"\x89PNG\r\n", "not_docx")])
def test_a_file_that_cannot_be_compared_gets_a_clear_message(name, content, key):
    if content is None:
        out = BytesIO()
        docx.Document().save(out)
        content = out.getvalue()
    at = page()
    at.file_uploader(key=EDITED_KEY).set_value((name, content, DOCX)).run()
    assert not at.exception
    assert errors(at) == [compare_words("en")[key]]
    assert not at.get("download_button")


def test_answers_from_upload_reads_a_draft_or_an_answers_file(drafts):
    from_draft = answers_from_upload("cedar-valley-resolution.docx", drafts["resolution"])
    from_file = answers_from_upload("answers.yaml", EXAMPLE.read_bytes())
    assert load_answers(from_draft)[0] == load_answers(from_file)[0]
    out = BytesIO()
    docx.Document().save(out)
    with pytest.raises(UploadNotUnderstood) as foreign:
        answers_from_upload("letter.docx", out.getvalue())
    assert foreign.value.reason == "upload_foreign"
    with pytest.raises(UploadNotUnderstood) as unreadable:
        answers_from_upload("answers.yaml", b"\xff\xfe\x00garbage")
    assert unreadable.value.reason == "upload_unreadable"


def test_the_page_refuses_an_original_of_the_other_document(drafts):
    words = compare_words("es")
    at = page("es")
    at.file_uploader(key=EDITED_KEY).set_value(("politica.docx", drafts["policy"], DOCX))
    at.file_uploader(key=AGAINST_KEY).set_value(("resolucion.docx", drafts["resolution"], DOCX)).run()
    assert not at.exception and not at.get("download_button")
    assert boxes(at, "error") == [words["other_kind"].format(original=words["document_resolution"],
                                                                      edited=words["document_policy"])]


def test_text_from_an_edited_draft_is_shown_literally_never_as_markdown(drafts):
    """An adversary's draft: an image link, a link, bold and a formula in an edit are shown as the words they are."""
    hostile = "![x](http://127.0.0.1:9/leak.png) [click me](http://127.0.0.1:9/x) **bold** $x^2$ <img src=y>"
    document = docx.Document(BytesIO(drafts["resolution"]))
    clause = next(p for p in document.paragraphs if p.style.name == "Resolved Clause" and "judicial" in p.text)
    clause.runs[-1].text += " " + hostile
    out = BytesIO()
    document.save(out)
    at = page()
    at.file_uploader(key=EDITED_KEY).set_value(("![a](http://127.0.0.1:9/n).docx", out.getvalue(), DOCX)).run()
    assert not at.exception
    shown = " ".join(boxes(at, "text") + boxes(at, "warning"))
    assert f"added \"{hostile}\"" in shown  # character for character
    markdown = " ".join(m.value for m in [*at.markdown, *at.error, *at.success, *at.warning, *at.info, *at.caption])
    assert "http" not in markdown and "**bold**" not in markdown
    assert "<img" not in " ".join(h.proto.body for h in at.get("html"))  # escaped: &lt;img
