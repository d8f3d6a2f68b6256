"""The app's "Board packet" part: the six packet documents from the form's answers, each with a download and an
HTML preview, and one .zip of everything. Everything stays in memory; nothing is written to the server's disk."""

from __future__ import annotations

import html
import json
import zipfile
from io import BytesIO
from typing import Any

import streamlit as st

from ..build import Document, answers_to_yaml, render_documents
from ..composition.composer import compose
from ..library import load_library
from ..library.loader import DATA_DIR
from ..packet import PACKET_KINDS, PacketDocument, compose_packet
from ..packet.render import render_packet_docx
from .check import check_form
from .fields import VALUES
from .locale import Translator

__all__ = ["packet_page", "packet_html", "packet_zip", "ZIP_KEY", "download_key"]

LOCALE_FILE = DATA_DIR / "ui_locale_packet.yaml"
ZIP_KEY = "packet.zip"
_CACHE = "packet.built"  # (the answers' fingerprint, the documents): rebuilt only when the answers change

_TAGS = {"title": "h2", "subtitle": "p", "heading": "h3", "question": "h4", "language": "h2", "text": "p",
         "signature": "p"}


def download_key(kind: str) -> str:
    return f"packet.download.{kind}"


def packet_html(document: PacketDocument) -> str:
    """The document as escaped HTML, block by block in the same order and words as the .docx."""
    out, open_list = [], ""
    for block in document.blocks:
        second = block.kind.endswith("2")
        kind = block.kind.rstrip("2")
        list_tag = {"bullet": "ul", "step": "ol"}.get(kind, "")
        if list_tag != open_list:
            out.append(f"</{open_list}>" if open_list else "")
            out.append(f"<{list_tag}>" if list_tag else "")
            open_list = list_tag
        lead = f"<strong>{html.escape(block.lead)}</strong>" if block.lead else ""
        tag = "li" if list_tag else _TAGS.get(kind, "p")
        lang = f' lang="{html.escape(document.second_language)}"' if second else ""  # screen readers switch voice
        out.append(f"<{tag}{lang}>{lead}{html.escape(block.text)}</{tag}>")
    if open_list:
        out.append(f"</{open_list}>")
    return f'<article lang="{html.escape(document.language)}">{"".join(out)}</article>'


def packet_zip(drafts: dict[str, Document], packet: dict[str, Document], answers_yaml: str, plan: Any) -> Document:
    """One .zip with the drafts, the packet and the answers that made them, named in the drafts' language."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for document in (*drafts.values(), *packet.values()):
            archive.writestr(document.filename, document.content)
        archive.writestr(f"{plan.slug}-answers.yaml", answers_yaml)
    return Document(plan.file_names["packet"], buffer.getvalue(), "application/zip")


def _built(answers: Any, fingerprint: str) -> tuple[dict[str, PacketDocument], dict[str, Document], Document]:
    cached = st.session_state.get(_CACHE)
    if cached and cached[0] == fingerprint:
        return cached[1]
    library = load_library()
    plan = compose(answers, library)
    planned = compose_packet(answers, library, plan)
    files = {kind: Document(doc.filename, render_packet_docx(doc, plan)) for kind, doc in planned.items()}
    everything = packet_zip(render_documents(plan, answers), files, answers_to_yaml(answers), plan)
    st.session_state[_CACHE] = (fingerprint, (planned, files, everything))
    return planned, files, everything


def packet_page(t: Any) -> None:
    """The part, in the interface language of ``t`` (the app's Translator: only its ``language`` is used)."""
    w = Translator(t.language, LOCALE_FILE)
    st.header(w("title"))
    st.markdown(w("intro"))
    st.caption(w("privacy"))
    check = check_form(st.session_state[VALUES], load_library(), t)  # the builder page's answers, as they are
    if check.answers is None:
        st.info(w("not_ready"))
        from .builder import builder_page  # the form's page, as app.PAGES names it

        st.page_link(st.Page(builder_page, url_path="builder", default=True), label=w("back_to_form"),
                     icon=":material/arrow_back:")
        return
    fingerprint = json.dumps(check.answers.model_dump(mode="json"), sort_keys=True)
    planned, files, everything = _built(check.answers, fingerprint)
    if check.answers.output.bilingual:
        st.caption(w("bilingual_note"))
    st.download_button(w("download_zip"), data=everything.content, file_name=everything.filename,
                       mime=everything.media_type, key=ZIP_KEY, type="primary")
    for kind in PACKET_KINDS:
        with st.expander(w(f"doc_{kind}")):
            st.download_button(w("download_one", name=files[kind].filename), data=files[kind].content,
                               file_name=files[kind].filename, mime=files[kind].media_type, key=download_key(kind))
            st.caption(w("preview"))
            st.html(packet_html(planned[kind]))
