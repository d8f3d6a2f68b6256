"""The app's "Board packet" part under Streamlit's AppTest: made from the form's answers, a download per document,
one .zip of everything, an escaped preview, nothing written to disk."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from real_parts import need_module

need_module("streamlit")  # the dev extra installs it: skipped on a workstation without it, failed in CI
from streamlit.testing.v1 import AppTest  # noqa: E402

from resolution_builder import load_library  # noqa: E402
from resolution_builder.packet import PACKET_KINDS  # noqa: E402
from resolution_builder.ui.packet_page import ZIP_KEY, download_key  # noqa: E402


def _page_script():
    """A tiny app: the form's answers as the main page leaves them in session state, then the packet part."""
    import streamlit as st

    from resolution_builder.library import load_library
    from resolution_builder.ui.fields import defaults
    from resolution_builder.ui.locale import Translator
    from resolution_builder.ui.packet_page import packet_page

    st.session_state.setdefault("ui.language", "en")
    st.session_state.setdefault("form.values", defaults(load_library()))
    packet_page(Translator(st.session_state["ui.language"]))


def _filled(**state) -> AppTest:
    from resolution_builder.ui.fields import defaults
    at = AppTest.from_function(_page_script, default_timeout=120)
    values = defaults(load_library())
    values.update({"district.name": "Lakeside <b>School</b> District", "district.state": "OR",
                   "board.name": "Lakeside Board of Directors", **state})
    at.session_state["ui.language"] = state.pop("ui.language", "en") if "ui.language" in state else "en"
    at.session_state["form.values"] = values
    at.run()
    assert not at.exception
    return at


def test_an_empty_form_asks_for_the_required_answers_and_offers_nothing():
    at = AppTest.from_function(_page_script, default_timeout=120).run()
    assert not at.exception
    assert "Fill in the required answers" in at.info[0].value
    assert not at.get("download_button")


def test_the_empty_packet_page_links_back_to_the_form():
    at = AppTest.from_function(_page_script, default_timeout=120).run()
    assert not at.exception
    link = at.get("page_link")[0].proto
    assert link.label == "Go to the form" and link.page in ("", "builder")


def test_each_document_downloads_and_the_zip_holds_everything(download, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    at = _filled()
    assert [e.label for e in at.expander] == ["Board summary (one page)", "Talking points and public comment script",
                                              "Questions and answers", "Front-office protocol (one page)",
                                              "Notice to families", "Cover letter to the board"]
    protocol = docx.Document(io.BytesIO(download(at, download_key("staff-protocol"))[1]))
    assert "Administrative warrant: DHS Form I-200" in "\n".join(p.text for p in protocol.paragraphs)
    archive = zipfile.ZipFile(io.BytesIO(download(at, ZIP_KEY)[1]))
    slug = "lakeside-b-school-b-district"
    assert sorted(archive.namelist()) == sorted([f"{slug}-{kind}.docx" for kind in ("resolution", "policy", "regulation", *PACKET_KINDS)]
                                                + [f"{slug}-answers.yaml"])
    letter = docx.Document(io.BytesIO(archive.read(f"{slug}-cover-letter.docx")))
    assert "To: Lakeside Board of Directors" in "\n".join(p.text for p in letter.paragraphs)
    assert list(tmp_path.iterdir()) == []


def test_the_preview_shows_each_document_with_typed_text_escaped():
    at = _filled()
    previews = [element.proto.body for element in at.get("html")]
    assert len(previews) == len(PACKET_KINDS)
    notice = previews[PACKET_KINDS.index("family-notice")]
    assert "Lakeside &lt;b&gt;School&lt;/b&gt; District" in notice and "<b>School</b>" not in notice
    assert "<h2>A Message to Families</h2>" in notice and "<li>" in notice


def test_the_spanish_interface_and_spanish_documents(download):
    at = _filled(**{"ui.language": "es", "language": "es"})
    assert at.header[0].value == "Paquete para la Junta"
    assert at.expander[4].label == "Aviso a las familias"
    notice = docx.Document(io.BytesIO(download(at, download_key("family-notice"))[1]))
    assert notice.paragraphs[0].text == "Mensaje para las familias"


def test_the_bilingual_preview_marks_the_second_language_for_screen_readers():
    from helpers import example_data
    from resolution_builder import load_answers, load_library
    from resolution_builder.composition.composer import compose
    from resolution_builder.packet import compose_packet
    from resolution_builder.ui.packet_page import packet_html

    data = example_data()
    data["output"] = {"bilingual": True}
    answers = load_answers(data)[0]
    library = load_library()
    notice = compose_packet(answers, library, compose(answers, library))["family-notice"]
    shown = packet_html(notice)
    assert shown.startswith('<article lang="en"><h2>A Message to Families</h2>')
    assert '<h2 lang="es">Mensaje para las familias</h2>' in shown
