"""docxtpl's own escape sequences ({_{ }_} {_% %_}) typed by a person come out literally, with any Unicode
around them, in every part of both drafts and of the six board packet documents (docxtpl rewrites them in the
rendered XML)."""

from __future__ import annotations

import zipfile
from io import BytesIO

import docx
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import minimal_data, texts
from resolution_builder import build_documents, load_answers
from resolution_builder.packet import PACKET_KINDS, build_packet
from resolution_builder.typed_text import clean_text, is_blank

SEQUENCES = ["{_{", "}_}", "{_%", "%_}", "{{", "}}", "{%", "%}", "_", "\ue000", "\ue000a", "\ue000e"]

typed = st.lists(st.one_of(st.sampled_from(SEQUENCES), st.characters(exclude_categories=("Cs",))),
                 min_size=1, max_size=30).map("".join).map(lambda s: clean_text(s)[0][:150]).filter(
                     lambda s: not is_blank(s))


def _answers(name: str, board: str):
    return load_answers(minimal_data(district={"name": name, "state": "OR"}, board={"name": board}))[0]


def _documents(name: str, board: str) -> dict[str, bytes]:
    return {kind: d.content for kind, d in build_documents(_answers(name, board)).items()}


def _packet(name: str, board: str) -> dict[str, bytes]:
    return {kind: d.content for kind, d in build_packet(_answers(name, board)).items()}


def _all_xml(content: bytes) -> str:
    with zipfile.ZipFile(BytesIO(content)) as archive:
        return "".join(archive.read(part).decode() for part in archive.namelist() if part.endswith(".xml"))


def test_the_example_sequence_is_literal_in_the_body_and_properties():
    typed_text = "a{_{ b }_} c {_% d %_}"
    for kind, content in _documents(typed_text, f"Board {typed_text}").items():
        document = docx.Document(BytesIO(content))
        assert typed_text in texts(document), kind
        assert f"Board {typed_text}" == document.core_properties.author
        assert "a{{ b }} c {% d %}" not in "\n".join(texts(document))


@given(name=typed, board=typed)
def test_any_text_with_docxtpl_sequences_comes_out_as_typed(name, board):
    for kind, content in _documents(name, board).items():
        document = docx.Document(BytesIO(content))
        assert name in texts(document), f"district name changed in the {kind}"
        if kind == "resolution":  # the policy names the board only in its properties
            assert any(board in text for text in texts(document)), "board name changed in the resolution"
        assert document.core_properties.author == board[:255]
        if "\ue010" not in name + board:  # the shielding marker (resolution_builder.word.literal): none left
            assert "\ue010" not in _all_xml(content)


def test_the_example_sequences_are_literal_in_all_six_packet_documents():
    typed_text = "a{_{ b }_} c {_% d %_}"
    packet = _packet(typed_text, f"Board {typed_text}")
    assert sorted(packet) == sorted(PACKET_KINDS)
    for kind, content in packet.items():
        document = docx.Document(BytesIO(content))
        body = "\n".join(texts(document))
        assert typed_text in body, kind
        assert "{{" not in body and "}}" not in body and "{%" not in body and "%}" not in body, kind
        assert f"Board {typed_text}" == document.core_properties.author
        assert "\ue010" not in _all_xml(content)


@settings(max_examples=min(25, settings.default.max_examples))  # six documents an example: CI's 60 would be long
@given(name=typed, board=typed)
def test_any_text_with_docxtpl_sequences_comes_out_as_typed_in_the_packet(name, board):
    for kind, content in _packet(name, board).items():
        document = docx.Document(BytesIO(content))
        body = texts(document)
        assert name in "\n".join(body), f"district name changed in the {kind}"
        if kind in ("board-summary", "talking-points", "faq", "cover-letter"):  # the others name only the district
            assert any(board in text for text in body), f"board name changed in the {kind}"
        assert document.core_properties.author == board[:255]
        if "\ue010" not in name + board:
            assert "\ue010" not in _all_xml(content)
