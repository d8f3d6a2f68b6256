"""Reading an uploaded draft (.docx) within fixed bounds, before python-docx builds anything from it.

The one reader of uploaded drafts, as ``answers/reading.py`` is of answers files: ``safe-zone compare`` (the
edited draft and ``--against``), the app's Compare page and "continue from a draft" all go through it.
Whatever arrives, it either returns what was asked for or raises ``DraftRefused`` with one line naming the
limit, quickly and in bounded memory:

1. the file's size, then the zip's central directory: how many parts, each part's and the total unpacked
   size, and how tightly a large part is packed (declared sizes are also what ``zipfile`` stops reading at,
   so a part that lies about its size cannot unpack further);
2. the answers the draft carries, before anything else is parsed (a draft without them is refused here),
   with a cap on custom XML parts, each recognised as ours or not from its first element only;
3. every XML part streamed (``iterparse``, no entities, no DTD, no network, elements freed as they are
   counted): paragraphs and table rows of the body, elements of every part.

Only then does python-docx open the file. The limits are stated here, once, each several times what the
largest draft Safe Zone Builder makes needs (every provision, bilingual, annotated, then edited in Word).
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from lxml import etree

from ..exceptions import SafeZoneError
from ..library.loader import DATA_DIR
from ..localized_files import load_localized

__all__ = ["DraftRefused", "Draft", "read_draft", "read_draft_file", "check_draft", "draft_answer_texts", "LIMITS",
           "MAX_FILE_BYTES", "MAX_PARTS", "MAX_PART_BYTES", "MAX_TOTAL_BYTES", "MAX_RATIO", "MAX_PARAGRAPHS",
           "MAX_ROWS", "MAX_CUSTOM_XML", "MAX_ELEMENTS"]

# The largest draft made today (every provision, bilingual and annotated policy): 24 parts, 1.2 MB unpacked,
# packed at most 32 to 1, 581 paragraphs, 264 table rows, 2 custom XML parts, 29,500 XML elements.
MAX_FILE_BYTES = 20_000_000  # the file itself (the app's uploader takes at most 1 MB)
MAX_PARTS = 1_000  # entries in the zip
MAX_PART_BYTES = 32_000_000  # one part unpacked (a large picture pasted into the draft)
MAX_TOTAL_BYTES = 64_000_000  # every part unpacked
MAX_RATIO = 100  # unpacked / packed, for a part over RATIO_FLOOR bytes
RATIO_FLOOR = 1_000_000
MAX_PARAGRAPHS = 3_000  # in the body (tables' cells included)
MAX_ROWS = 1_000  # table rows in the body
MAX_CUSTOM_XML = 50  # customXml/item*.xml parts
MAX_ELEMENTS = 500_000  # XML elements in all parts together
LIMITS = {"file_size": MAX_FILE_BYTES, "parts": MAX_PARTS, "part_size": MAX_PART_BYTES,
          "total_size": MAX_TOTAL_BYTES, "compression": MAX_RATIO, "paragraphs": MAX_PARAGRAPHS,
          "rows": MAX_ROWS, "custom_xml": MAX_CUSTOM_XML, "elements": MAX_ELEMENTS}

WORDS_FILE = DATA_DIR / "ui_locale_compare.yaml"
# What zipfile raises for a file that is not a readable zip: a damaged one (BadZipFile, zlib.error, EOFError), a
# compression method it does not support (NotImplementedError) or an encrypted member (RuntimeError).
_UNREADABLE_ZIP = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CUSTOM_XML = re.compile(r"customXml/item\d+\.xml")
_BODY = "word/document.xml"


class DraftRefused(SafeZoneError, ValueError):
    """The file is not read; ``str()`` is one ``source: what is wrong`` line in English.

    ``reason`` names it for translation (a key of ``ui_locale_compare.yaml``): ``not_docx``, ``no_answers``,
    ``bad_answers`` (with ``problem``), ``too_big`` (with ``limit``, a key of ``LIMITS``, and ``fields``) or
    ``other_kind`` (``fields``: the ``edited`` and the ``original`` document, when a comparison mixes them)."""

    def __init__(self, message: str, reason: str = "not_docx", problem: str = "", limit: str = "",
                 fields: dict[str, Any] | None = None):
        super().__init__(message)
        self.reason, self.problem, self.limit, self.fields = reason, problem, limit, fields or {}

    def problem_text(self, words: dict[str, str]) -> str:
        """What is wrong, in the words of a page (``compare_words(language)``): the limit passed, or the problem."""
        return words[f"limit_{self.limit}"].format(**self.fields) if self.limit else self.problem

    def describe(self, words: dict[str, str]) -> str:
        """The refusal in the words of a page (``compare_words(language)``), without the file's name."""
        problem = self.problem_text(words)
        kinds = {key: words[f"document_{value}"] for key, value in self.fields.items() if key in ("edited", "original")}
        return words[self.reason].format(problem=problem, **kinds)


@dataclass(frozen=True)
class Draft:
    """A draft that passed every bound: its bytes, the answers it carries (if any) and which document it is."""

    data: bytes
    source: str
    answers: dict[str, Any] | None
    kind: str | None  # "resolution" or "policy", when the draft says
    texts: list[tuple[str, str]] = field(default_factory=list)  # the carried answers files, as text

    def document(self):
        """The python-docx document (built only now, after every bound was checked)."""
        import docx
        try:
            return docx.Document(BytesIO(self.data))
        except Exception:  # python-docx raises several kinds for a zip that is not a Word document
            raise _not_docx(self.source) from None


def _not_docx(source: str) -> DraftRefused:
    return DraftRefused(f"{source}: is not a Word document (.docx)")


def _too_big(source: str, limit: str, **fields: Any) -> DraftRefused:
    fields = {key: f"{value:,}" for key, value in {"limit": LIMITS[limit], **fields}.items()}
    if limit in ("file_size", "part_size", "total_size"):
        fields["limit"] = f"{LIMITS[limit] // 1_000_000:,}"
    words = load_localized(WORDS_FILE)["en"]  # the Compare page's words, where the faces read them too
    return DraftRefused(f"{source}: not read: {words['limit_' + limit].format(**fields)}", "too_big", limit=limit,
                        fields=fields)


def _directory(data: bytes, source: str) -> zipfile.ZipFile:
    """The zip, once its central directory is within bounds."""
    if len(data) > MAX_FILE_BYTES:
        raise _too_big(source, "file_size")
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        raise _not_docx(source) from None
    infos = archive.infolist()
    if len(infos) > MAX_PARTS:
        raise _too_big(source, "parts")
    total = 0
    for info in infos:
        if info.file_size > MAX_PART_BYTES:
            raise _too_big(source, "part_size")
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _too_big(source, "compression")
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise _too_big(source, "total_size")
    if sum(bool(_CUSTOM_XML.fullmatch(info.filename)) for info in infos) > MAX_CUSTOM_XML:
        raise _too_big(source, "custom_xml")
    if _BODY not in archive.namelist():
        raise _not_docx(source)
    return archive


class _Counter:
    """Elements, paragraphs and rows counted across the parts streamed, refused as soon as one is over."""

    def __init__(self, source: str):
        self.source, self.elements, self.paragraphs, self.rows = source, 0, 0, 0

    def part(self, archive: zipfile.ZipFile, name: str, body: bool = False) -> None:
        try:
            with archive.open(name) as stream:
                events = etree.iterparse(stream, events=("start", "end"), resolve_entities=False, no_network=True,
                                         load_dtd=False, huge_tree=False, remove_comments=True, remove_pis=True)
                first = True
                for event, element in events:
                    if first:
                        first = False
                        if element.getroottree().docinfo.doctype:  # no Office part has a DTD: entities
                            raise _not_docx(self.source)
                    if event == "start":
                        self._count(element.tag, body)
                        continue
                    element.clear(keep_tail=False)  # freed as soon as it is counted: memory stays flat
                    parent = element.getparent()
                    while parent is not None and element.getprevious() is not None:
                        del parent[0]
        except (etree.XMLSyntaxError, KeyError, *_UNREADABLE_ZIP):
            raise _not_docx(self.source) from None

    def _count(self, tag: Any, body: bool) -> None:
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            raise _too_big(self.source, "elements")
        if not body:
            return
        if tag == f"{_W}p":
            self.paragraphs += 1
            if self.paragraphs > MAX_PARAGRAPHS:
                raise _too_big(self.source, "paragraphs")
        elif tag == f"{_W}tr":
            self.rows += 1
            if self.rows > MAX_ROWS:
                raise _too_big(self.source, "rows")


def _answer_texts(archive: zipfile.ZipFile, source: str) -> list[tuple[str, str]]:
    from .carried_answers import texts_in_archive
    try:
        return texts_in_archive(archive)
    except _UNREADABLE_ZIP:
        raise _not_docx(source) from None


def draft_answer_texts(data: bytes, source: str) -> list[tuple[str, str]]:
    """The answers files a draft carries, as text with which document it is: the zip's bounds checked, nothing
    else parsed. Raises DraftRefused for a file that is not a .docx or is over a bound."""
    with _directory(data, source) as archive:
        return _answer_texts(archive, source)


def check_draft(data: bytes, source: str, need_answers: bool = True) -> Draft:
    """Every bound, in order (size and directory, the carried answers, then every XML part streamed)."""
    from ..answers.reading import AnswersFileError, read_answers_bytes
    with _directory(data, source) as archive:
        texts = _answer_texts(archive, source)
        answers = kind = None
        for text, which in texts:
            try:
                found = read_answers_bytes(text.encode("utf-8"), source)
            except AnswersFileError:
                continue
            if isinstance(found, dict):
                answers, kind = found, which or None
                break
        if answers is None and need_answers:
            raise DraftRefused(f"{source}: carries no Safe Zone Builder answers; only drafts made by Safe Zone "
                               "Builder (or saved from one) can be compared", "no_answers")
        counter = _Counter(source)
        counter.part(archive, _BODY, body=True)
        for name in archive.namelist():
            if name != _BODY and name.endswith((".xml", ".rels")):
                counter.part(archive, name)
    return Draft(data, source, answers, kind, texts)


def read_draft(data: bytes, source: str, need_answers: bool = True) -> tuple[Draft, Any]:
    """The checked draft and its python-docx document; DraftRefused for anything over a bound."""
    draft = check_draft(data, source, need_answers)
    return draft, draft.document()


def read_draft_file(path: str | os.PathLike[str]) -> bytes:
    """A draft's bytes from a path, reading at most one byte past the size limit; FIFOs, devices and folders are
    refused without waiting on them (the file is opened non-blocking), as the answers reader does."""
    source = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise DraftRefused(f"{source}: cannot be read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):  # before fdopen, which refuses a folder with a bare OSError
        os.close(fd)
        raise DraftRefused(f"{source}: is not a file (a folder, a device or a pipe cannot be compared)")
    with os.fdopen(fd, "rb") as stream:
        os.set_blocking(fd, True)
        try:
            data = stream.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise DraftRefused(f"{source}: cannot be read: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise _too_big(source, "file_size")
    return data
