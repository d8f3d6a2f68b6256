"""Every draft carries the answers that made it, invisibly, so that an edited draft can be compared and resumed.

The answers go in twice, because editors keep different things: a custom XML part (``customXml/itemN.xml``,
our own namespace, related from the document part; Word keeps it) and a custom document property
(``docProps/custom.xml``; LibreOffice and Word both keep it). Reading takes whichever survived.
"""

from __future__ import annotations

import base64
import uuid
import zipfile
from dataclasses import dataclass
from typing import Any

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree


__all__ = ["Carried", "embed_answers", "read_answers", "read_carried", "carried_texts", "texts_in_archive",
           "ANSWERS_NAMESPACE", "PROPERTY_NAME"]

ANSWERS_NAMESPACE = "urn:safe-zone-builder:answers:1"
PROPERTY_NAME = "SafeZoneBuilderAnswers"
DOCUMENT_PROPERTY = "SafeZoneBuilderDocument"  # resolution or policy
_CUSTOM_PROPERTIES_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_XML_PROPS_TYPE = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
_DS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
_CP = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_CUSTOM_PROPERTY_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one FMTID custom properties use
_MAX_PART = 1_000_000  # bytes: answers are a few KB; a larger part is not ours, and is not read
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)  # an uploaded file is untrusted


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


@dataclass(frozen=True)
class Carried:
    answers: dict[str, Any]
    document: str | None  # "resolution" or "policy", when the draft says


def _custom_xml_item(answers_yaml: str, which: str) -> bytes:
    root = etree.Element(f"{{{ANSWERS_NAMESPACE}}}answers", nsmap={None: ANSWERS_NAMESPACE})
    root.set("format", "yaml")
    root.set("document", which)
    root.text = answers_yaml
    return _xml(root)


def _item_properties() -> bytes:
    root = etree.Element(f"{{{_DS}}}datastoreItem", nsmap={"ds": _DS})
    root.set(f"{{{_DS}}}itemID", "{" + str(uuid.uuid4()).upper() + "}")
    refs = etree.SubElement(root, f"{{{_DS}}}schemaRefs")
    etree.SubElement(refs, f"{{{_DS}}}schemaRef").set(f"{{{_DS}}}uri", ANSWERS_NAMESPACE)
    return _xml(root)


def _custom_properties(answers_yaml: str, which: str) -> bytes:
    # Base64 keeps line breaks and quotes intact through every editor's property handling.
    root = etree.Element(f"{{{_CP}}}Properties", nsmap={None: _CP, "vt": _VT})
    values = ((PROPERTY_NAME, base64.b64encode(answers_yaml.encode()).decode()), (DOCUMENT_PROPERTY, which))
    for pid, (name, value) in enumerate(values, 2):
        prop = etree.SubElement(root, f"{{{_CP}}}property", fmtid=_CUSTOM_PROPERTY_FMTID, pid=str(pid), name=name)
        etree.SubElement(prop, f"{{{_VT}}}lpwstr").text = value
    return _xml(root)


def embed_answers(document: Document, answers_yaml: str, which: str = "") -> None:
    """Store the answers file's text, and which document this is, inside the document being rendered."""
    if not answers_yaml:
        return
    package = document.part.package
    item = Part(package.next_partname("/customXml/item%d.xml"), "application/xml",
                _custom_xml_item(answers_yaml, which), package)
    number = item.partname.idx
    props = Part(PackURI(f"/customXml/itemProps{number}.xml"), _CUSTOM_XML_PROPS_TYPE, _item_properties(), package)
    item.relate_to(props, RT.CUSTOM_XML_PROPS)
    document.part.relate_to(item, RT.CUSTOM_XML)
    custom = Part(PackURI("/docProps/custom.xml"), _CUSTOM_PROPERTIES_TYPE, _custom_properties(answers_yaml, which), package)
    package.relate_to(custom, RT.CUSTOM_PROPERTIES)


def _is_answers_item(archive: zipfile.ZipFile, name: str) -> bool:
    """Whether a custom XML part is ours, from its first element only (a large foreign part is not read)."""
    with archive.open(name) as stream:
        for _, element in etree.iterparse(stream, events=("start",), resolve_entities=False, no_network=True,
                                          load_dtd=False, huge_tree=False):
            return element.tag == f"{{{ANSWERS_NAMESPACE}}}answers"
    return False


def _from_custom_xml(archive: zipfile.ZipFile) -> tuple[str, str] | None:
    for info in archive.infolist():
        name = info.filename
        if name.startswith("customXml/item") and not name.startswith("customXml/itemProps") \
                and info.file_size <= _MAX_PART:
            try:
                if not _is_answers_item(archive, name):
                    continue
                root = etree.fromstring(archive.read(name), _PARSER)
            except etree.XMLSyntaxError:
                continue
            if root.tag == f"{{{ANSWERS_NAMESPACE}}}answers":
                return root.text or "", root.get("document", "")
    return None


def _from_custom_properties(archive: zipfile.ZipFile) -> tuple[str, str] | None:
    try:
        if archive.getinfo("docProps/custom.xml").file_size > _MAX_PART:
            return None
        root = etree.fromstring(archive.read("docProps/custom.xml"), _PARSER)
    except (KeyError, etree.XMLSyntaxError):
        return None
    values = {prop.get("name"): prop[0].text or "" for prop in root.iter(f"{{{_CP}}}property") if len(prop)}
    if PROPERTY_NAME not in values:
        return None
    try:
        return base64.b64decode(values[PROPERTY_NAME]).decode(), values.get(DOCUMENT_PROPERTY, "")
    except (ValueError, UnicodeDecodeError):
        return None


def texts_in_archive(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """The answers files an open draft carries, as text with which document it is (for ``word.reading``,
    which has checked the zip's bounds first)."""
    return [found for found in (_from_custom_xml(archive), _from_custom_properties(archive)) if found]


def carried_texts(docx_bytes: bytes) -> list[tuple[str, str]]:
    """The answers files a draft carries, as text (with which document it is), for a reader of the caller's
    choice; [] for a file that is not a draft or is over one of the bounds of ``word.reading``."""
    from .reading import DraftRefused, draft_answer_texts  # the one bounded reader of uploaded drafts
    try:
        return draft_answer_texts(docx_bytes, "draft")
    except DraftRefused:
        return []


def read_carried(docx_bytes: bytes) -> Carried | None:
    """The answers a draft carries and which document it is; None for a file without them."""
    from ..answers.reading import AnswersFileError, read_answers_bytes  # the one bounded reader of answers files
    for text, which in carried_texts(docx_bytes):
        try:
            data = read_answers_bytes(text.encode("utf-8"), "draft")
        except AnswersFileError:
            continue
        if isinstance(data, dict):
            return Carried(data, which or None)
    return None


def read_answers(docx_bytes: bytes) -> dict[str, Any] | None:
    """The answers a draft carries, as raw data for ``load_answers``; None for a file without them."""
    carried = read_carried(docx_bytes)
    return carried.answers if carried else None
