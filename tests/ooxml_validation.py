"""Validating a .docx package's XML parts against the ISO/IEC 29500 transitional schemas, as Word reads them.

The schemas are not part of this repository: CI keeps a copy of the shared folder beside the clone
(``../shared/ooxml-schemas``; see its README). Markup Compatibility is applied first, as Word does: elements
and attributes of the namespaces a part lists in ``mc:Ignorable`` are removed, and ``mc:AlternateContent``
is replaced by its ``mc:Fallback``.
"""

from __future__ import annotations

import zipfile
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
# Beside the clone (CI), or beside the folder of worktrees the clone is in.
CANDIDATES = (ROOT.parent / "shared" / "ooxml-schemas", ROOT.parent.parent / "shared" / "ooxml-schemas")
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# Each part's schema, by the namespace of its root element.
SCHEMAS = {
    _W: "wml.xsd",
    "http://schemas.openxmlformats.org/package/2006/content-types": "opc-xsd/opc-contentTypes.xsd",
    "http://schemas.openxmlformats.org/package/2006/relationships": "opc-xsd/opc-relationships.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties": "shared-documentPropertiesCustom.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties":
        "shared-documentPropertiesExtended.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/customXml": "shared-customXmlDataProperties.xsd",
    "http://schemas.openxmlformats.org/drawingml/2006/main": "dml-main.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/bibliography": "shared-bibliography.xsd",
}
# Parts with no schema here: the core properties (the Dublin Core schemas are not in the set) and our own
# answers (a namespace of this project's).
UNCHECKED = {"http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
             "urn:safe-zone-builder:answers:1"}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def schema_folder() -> Path | None:
    return next((folder for folder in CANDIDATES if (folder / "wml.xsd").is_file()), None)


@lru_cache(maxsize=None)
def schema(folder: Path, name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(folder / name)))


def compatible(root: etree._Element) -> etree._Element:
    """The part as Word reads it: Markup Compatibility applied."""
    ignorable = {root.nsmap.get(prefix) for prefix in (root.get(f"{{{MC}}}Ignorable") or "").split()}
    ignorable.discard(None)
    for alternate in list(root.iter(f"{{{MC}}}AlternateContent")):
        fallback = alternate.find(f"{{{MC}}}Fallback")
        for child in list(fallback) if fallback is not None else []:
            alternate.addprevious(child)
        alternate.getparent().remove(alternate)
    dropped = ignorable | {MC}
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        if _namespace(element.tag) in ignorable and element.getparent() is not None:
            element.getparent().remove(element)
            continue
        for name in [name for name in element.attrib if _namespace(name) in dropped]:
            del element.attrib[name]
    return root


def _namespace(name: str) -> str | None:
    """The namespace of a tag or attribute name in lxml's ``{namespace}local`` form, as ``etree.QName`` gives it
    (read from the string: a QName object for every element and attribute of a document was a third of this
    module's time)."""
    return name[1:name.index("}")] if name.startswith("{") else None


def problems(content: bytes, folder: Path) -> list[str]:
    """``part: line: message`` for each schema violation in a .docx (an empty list when it is valid)."""
    out = []
    with zipfile.ZipFile(BytesIO(content)) as package:
        for name in package.namelist():
            if not name.endswith((".xml", ".rels")):
                continue
            root = etree.fromstring(package.read(name), _PARSER)
            namespace = etree.QName(root).namespace
            if namespace in UNCHECKED:
                continue
            if namespace not in SCHEMAS:
                out.append(f"{name}: no schema for the namespace {namespace}")
                continue
            checker = schema(folder, SCHEMAS[namespace])
            if not checker.validate(etree.ElementTree(compatible(root))):
                out += [f"{name}: {error.line}: {error.message}" for error in checker.error_log]
    return out
