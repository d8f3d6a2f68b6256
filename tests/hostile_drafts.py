"""Hostile drafts, made in the test from a real draft: every one is a zip a person could upload to compare."""

from __future__ import annotations

import zipfile
from io import BytesIO
from typing import Callable

BODY = "word/document.xml"


def rewritten(content: bytes, body: Callable[[bytes], bytes] | None = None,
              keep: Callable[[str], bool] = lambda name: True,
              extra: Callable[[zipfile.ZipFile], None] | None = None) -> bytes:
    """A copy of the draft with its body rewritten, some parts left out and others added."""
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if not keep(info.filename):
                continue
            data = source.read(info)
            if info.filename == BODY and body is not None:
                data = body(data)
            target.writestr(info.filename, data)
        if extra is not None:
            extra(target)
    return out.getvalue()


def _before_section(xml: bytes, added: bytes) -> bytes:
    at = xml.rindex(b"<w:sectPr")
    return xml[:at] + added + xml[at:]


def paragraphs(content: bytes, count: int) -> bytes:
    """``count`` short paragraphs added to the body (100,000 make a file of a few hundred KB)."""
    added = b"".join(b"<w:p><w:r><w:t>Paragraph %d.</w:t></w:r></w:p>" % n for n in range(count))
    return rewritten(content, lambda xml: _before_section(xml, added))


def table_rows(content: bytes, count: int) -> bytes:
    """``count`` two-column rows added to the body's first table (the bilingual edition's)."""
    row = (b"<w:tr><w:tc><w:p><w:r><w:t>Row %d.</w:t></w:r></w:p></w:tc>"
           b"<w:tc><w:p><w:r><w:t>Fila %d.</w:t></w:r></w:p></w:tc></w:tr>")

    def body(xml: bytes) -> bytes:
        at = xml.index(b"</w:tbl>")
        return xml[:at] + b"".join(row % (n, n) for n in range(count)) + xml[at:]
    return rewritten(content, body)


def image_bomb(content: bytes, megabytes: int) -> bytes:
    """A picture part of ``megabytes`` MB of zeros, packed to about 1/1000 of that (written in pieces)."""
    def add(target: zipfile.ZipFile) -> None:
        chunk = bytes(1_000_000)
        with target.open("word/media/image1.png", "w", force_zip64=True) as stream:
            for _ in range(megabytes):
                stream.write(chunk)
    return rewritten(content, extra=add)


def custom_xml_items(content: bytes, count: int) -> bytes:
    """``count`` extra custom XML parts, each a small document of someone else's."""
    def add(target: zipfile.ZipFile) -> None:
        for n in range(100, 100 + count):
            target.writestr(f"customXml/item{n}.xml", b"<data xmlns='urn:x'>" + b"<v>x</v>" * 100 + b"</data>")
    return rewritten(content, extra=add)


def without_answers(content: bytes) -> bytes:
    """The draft without the answers it carries (neither copy)."""
    return rewritten(content, keep=lambda name: not (name.startswith("customXml/") or name == "docProps/custom.xml"))
