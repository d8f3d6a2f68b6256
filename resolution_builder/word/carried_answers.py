"""Every draft carries the answers that made it, invisibly, so that an edited draft can be compared and resumed.

The answers go in twice, because editors keep different things: a custom XML part (``customXml/itemN.xml``,
our own namespace, related from the document part; Word keeps it) and a custom document property
(``docProps/custom.xml``; LibreOffice and Word both keep it). Reading takes whichever survived.
"""

from __future__ import annotations

import base64
import uuid
import zipfile
from io import BytesIO
from typing import Any

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

from ..yaml_io import YAMLError, load_yaml

__all__ = ["embed_answers", "read_answers", "ANSWERS_NAMESPACE", "PROPERTY_NAME"]

ANSWERS_NAMESPACE = "urn:safe-zone-builder:answers:1"
PROPERTY_NAME = "SafeZoneBuilderAnswers"
_CUSTOM_PROPERTIES_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_XML_PROPS_TYPE = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
_DS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
_CP = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_CUSTOM_PROPERTY_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one FMTID custom properties use


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _custom_xml_item(answers_yaml: str) -> bytes:
    root = etree.Element(f"{{{ANSWERS_NAMESPACE}}}answers", nsmap={None: ANSWERS_NAMESPACE})
    root.set("format", "yaml")
    root.text = answers_yaml
    return _xml(root)


def _item_properties() -> bytes:
    root = etree.Element(f"{{{_DS}}}datastoreItem", nsmap={"ds": _DS})
    root.set(f"{{{_DS}}}itemID", "{" + str(uuid.uuid4()).upper() + "}")
    refs = etree.SubElement(root, f"{{{_DS}}}schemaRefs")
    etree.SubElement(refs, f"{{{_DS}}}schemaRef").set(f"{{{_DS}}}uri", ANSWERS_NAMESPACE)
    return _xml(root)


def _custom_properties(answers_yaml: str) -> bytes:
    # Base64 keeps line breaks and quotes intact through every editor's property handling.
    root = etree.Element(f"{{{_CP}}}Properties", nsmap={None: _CP, "vt": _VT})
    prop = etree.SubElement(root, f"{{{_CP}}}property", fmtid=_CUSTOM_PROPERTY_FMTID, pid="2", name=PROPERTY_NAME)
    etree.SubElement(prop, f"{{{_VT}}}lpwstr").text = base64.b64encode(answers_yaml.encode()).decode()
    return _xml(root)


def embed_answers(document: Document, answers_yaml: str) -> None:
    """Store the answers file's text inside the document being rendered (before it is saved)."""
    if not answers_yaml:
        return
    package = document.part.package
    item = Part(package.next_partname("/customXml/item%d.xml"), "application/xml",
                _custom_xml_item(answers_yaml), package)
    number = item.partname.idx
    props = Part(PackURI(f"/customXml/itemProps{number}.xml"), _CUSTOM_XML_PROPS_TYPE, _item_properties(), package)
    item.relate_to(props, RT.CUSTOM_XML_PROPS)
    document.part.relate_to(item, RT.CUSTOM_XML)
    custom = Part(PackURI("/docProps/custom.xml"), _CUSTOM_PROPERTIES_TYPE, _custom_properties(answers_yaml), package)
    package.relate_to(custom, RT.CUSTOM_PROPERTIES)


def _from_custom_xml(archive: zipfile.ZipFile) -> str | None:
    for name in archive.namelist():
        if name.startswith("customXml/item") and not name.startswith("customXml/itemProps"):
            try:
                root = etree.fromstring(archive.read(name))
            except etree.XMLSyntaxError:
                continue
            if root.tag == f"{{{ANSWERS_NAMESPACE}}}answers":
                return root.text or ""
    return None


def _from_custom_properties(archive: zipfile.ZipFile) -> str | None:
    try:
        root = etree.fromstring(archive.read("docProps/custom.xml"))
    except (KeyError, etree.XMLSyntaxError):
        return None
    for prop in root.iter(f"{{{_CP}}}property"):
        if prop.get("name") == PROPERTY_NAME and len(prop):
            try:
                return base64.b64decode(prop[0].text or "").decode()
            except (ValueError, UnicodeDecodeError):
                return None
    return None


def read_answers(docx_bytes: bytes) -> dict[str, Any] | None:
    """The answers a draft carries, as raw data for ``load_answers``; None for a file without them."""
    try:
        with zipfile.ZipFile(BytesIO(docx_bytes)) as archive:
            texts = [_from_custom_xml(archive), _from_custom_properties(archive)]
    except (zipfile.BadZipFile, OSError):
        return None
    for text in texts:
        if text:
            try:
                data = load_yaml(text)
            except YAMLError:
                continue
            if isinstance(data, dict):
                return data
    return None
