"""The one bounded reader of districts spreadsheets (a CSV in UTF-8, or an .xlsx workbook's first sheet).

As ``answers/reading.py`` is for answers files, this is for spreadsheets, used by ``safe-zone batch`` and the
app's "Many districts" page alike. Whatever arrives, it returns the sheet's text or raises BatchInputError with
lines a person can act on, quickly and in bounded memory; every bound follows from the number of districts read
at most (``max_rows``, 5,000 unless ``batch --max-rows`` says otherwise):

- a path is opened without blocking; a folder, a pipe or a device (``/dev/zero``) is refused, and a file is read
  to its size bound only, so an endless or growing one stops there;
- CSV: the file's size, each line's length, and the districts counted as the rows stream;
- .xlsx: before anything is parsed, the zip directory's part count, each part's and the total unpacked size and
  each part's compression ratio (a zip bomb is refused unopened; Python's zipfile never unpacks past the size the
  directory claims); then every XML part is scanned as a stream, refusing a DTD or entity declaration and counting
  the sheets' filled cells and each row's cells; only then openpyxl reads the first sheet in read-only mode, its
  claimed dimension ignored, the rows and districts counted as they stream.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import stat
import zipfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO, Iterator
from xml.parsers import expat

from ..exceptions import SafeZoneError
from ..localized_files import load_localized

__all__ = ["BatchInputError", "SheetTooLarge", "Table", "Limits", "read_table_path", "read_table_bytes",
           "batch_message", "MAX_ROWS", "MAX_COLUMNS", "is_workbook"]

MESSAGES_FILE = Path(str(resources.files("resolution_builder") / "data" / "batch_messages.yaml"))

MAX_ROWS = 5_000  # districts read at once: every district of the largest state fits
MAX_COLUMNS = 200  # named columns; the answers have under fifty (fields and provision options)
BYTES_PER_ROW = 4_000  # the file's size per district: 20 MB for 5,000 (a full row is about 1 KB)
XML_BYTES_PER_ROW = 20_000  # a workbook's unpacked XML per district: 100 MB for 5,000
CELLS_PER_ROW = 100  # filled cells per district in a workbook (plus the header row)
MIN_ROWS_ALLOWANCE = 100  # the size bounds of a small --max-rows are those of 100 districts
LINES_PER_ROW = 10  # a CSV's rows, blank ones included, per district: 50,000 for 5,000
ELEMENTS_PER_CELL = 4  # a sheet's XML elements per filled cell allowed: formatting and rows included
MAX_LINE = 1_000_000  # characters in one CSV line
MAX_PARTS = 1_000  # parts of a workbook; Excel writes a dozen or two
MAX_RATIO = 200  # unpacked / packed size of one part, counted for parts over RATIO_FROM bytes
RATIO_FROM = 1_000_000
LAST_ROW, WIDEST_ROW = 1_048_576, 16_384  # a spreadsheet's last row and widest row
DATE_COLUMNS = ("adoption.meeting_date", "adoption.first_reading_date", "adoption.effective_date")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def batch_message(key: str, language: str = "en", **fields: Any) -> str:
    """One of the batch reader's and runner's messages, in the person's language."""
    return load_localized(MESSAGES_FILE)[language][key].format(**fields)


class BatchInputError(SafeZoneError, ValueError):
    """The spreadsheet as a whole cannot be used (unreadable, too large, no header, unknown columns); ``problems``
    says why, one line each, without the file's name (the face adds it)."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


class SheetTooLarge(BatchInputError):
    """The spreadsheet is over a bound that follows from the number of districts read at once."""


@dataclass(frozen=True)
class Limits:
    max_rows: int = MAX_ROWS

    @property
    def _allowance(self) -> int:
        return max(self.max_rows, MIN_ROWS_ALLOWANCE)

    @property
    def file_bytes(self) -> int:
        return self._allowance * BYTES_PER_ROW

    @property
    def xml_bytes(self) -> int:
        return self._allowance * XML_BYTES_PER_ROW

    @property
    def cells(self) -> int:
        return (self._allowance + 1) * CELLS_PER_ROW

    @property
    def lines(self) -> int:
        """Rows of a CSV, blank ones included (each costs reading time)."""
        return self._allowance * LINES_PER_ROW

    @property
    def elements(self) -> int:
        """XML elements of a sheet or its shared text (a filled cell is two or three; a row one more)."""
        return self.cells * ELEMENTS_PER_CELL


@dataclass
class Table:
    """The sheet's header and its filled rows, each with its number as a spreadsheet shows it (header: row 1),
    cut to the header's width; ``problems`` holds what reading a row's cells found (by row number)."""

    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    problems: dict[int, list[str]] = field(default_factory=dict)


def is_workbook(name: str) -> bool:
    return name.lower().endswith((".xlsx", ".xlsm"))


def read_table_bytes(content: bytes, filename: str, max_rows: int = MAX_ROWS, language: str = "en") -> Table:
    """The sheet in ``content`` (an upload); ``filename`` says whether it is a workbook."""
    limits = Limits(max_rows)
    if len(content) > limits.file_bytes:
        raise _too_big(limits, language)
    return _read(io.BytesIO(content), filename, limits, language)


def read_table_path(name: str | os.PathLike[str], max_rows: int = MAX_ROWS, language: str = "en") -> Table:
    """The sheet in a file; folders, pipes and devices are refused without waiting on them."""
    limits = Limits(max_rows)
    try:
        fd = os.open(Path(name), os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise BatchInputError([batch_message("unreadable", language, reason=exc.strerror or exc)]) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_size > limits.file_bytes:  # checked before it is opened as a file
        os.close(fd)
        if not stat.S_ISREG(info.st_mode):
            raise BatchInputError([batch_message("not_a_file", language)])
        raise _too_big(limits, language)
    with open(fd, "rb", buffering=0, closefd=True) as raw:
        os.set_blocking(fd, True)
        try:
            content = _read_at_most(raw, limits.file_bytes)  # a file growing while read stops at the bound too
        except OSError as exc:
            raise BatchInputError([batch_message("unreadable", language, reason=exc.strerror or exc)]) from None
    if content is None:
        raise _too_big(limits, language)
    return _read(io.BytesIO(content), str(name), limits, language)


def _read_at_most(raw: BinaryIO, limit: int) -> bytes | None:
    chunks, size = [], 0
    while size <= limit:
        chunk = raw.read(min(1 << 20, limit + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
    return None


def _too_big(limits: Limits, language: str) -> SheetTooLarge:
    return SheetTooLarge([batch_message("too_big", language, limit=f"{limits.file_bytes:,}",
                                        rows=f"{limits.max_rows:,}")])


def _read(stream: io.BytesIO, filename: str, limits: Limits, language: str) -> Table:
    if is_workbook(filename):
        return _read_xlsx(stream, limits, language)
    return _read_csv(stream, limits, language)


class _Collector:
    """Builds the Table as rows stream in: the header's width, the districts counted against the bound."""

    def __init__(self, limits: Limits, language: str):
        self.limits, self.language = limits, language
        self.table: Table | None = None
        self.width = 0
        self.lines = 0

    def add(self, number: int, cells: list[str]) -> None:
        self.lines += 1
        if self.lines > self.limits.lines:
            raise SheetTooLarge([batch_message("too_many_lines", self.language, limit=f"{self.limits.lines:,}")])
        if self.table is None:
            named = [index for index, cell in enumerate(cells) if cell]
            self.width = named[-1] + 1 if named else 0
            if self.width > MAX_COLUMNS:
                raise BatchInputError([batch_message("too_many_columns", self.language, column=f"{self.width:,}",
                                                   known=_known_count(), limit=MAX_COLUMNS)])
            self.table = Table(cells[:self.width])
            return
        row = cells[:self.width]
        if not any(row):
            return  # a blank line between districts is no district
        if len(self.table.rows) >= self.limits.max_rows:
            raise SheetTooLarge([batch_message("too_many_rows", self.language, limit=f"{self.limits.max_rows:,}")])
        self.table.rows.append((number, row + [""] * (self.width - len(row))))

    def result(self) -> Table:
        if self.table is None or not self.width:
            raise BatchInputError([batch_message("no_header", self.language)])
        return self.table


def _known_count() -> int:
    from ..library import load_library
    from .rows import known_columns

    library = load_library()
    return len(known_columns()) + sum(len(p.options) for p in library.provisions.values())


# --- CSV ---------------------------------------------------------------------------------------------------------

def _read_csv(stream: io.BytesIO, limits: Limits, language: str) -> Table:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    collector = _Collector(limits, language)
    try:
        for number, cells in enumerate(csv.reader(_bounded_lines(text, language)), start=1):
            collector.add(number, [cell.strip() for cell in cells])
    except UnicodeDecodeError:
        raise BatchInputError([batch_message("not_utf8", language)]) from None
    except csv.Error as exc:
        raise BatchInputError([batch_message("not_csv", language, detail=exc)]) from None
    return collector.result()


def _bounded_lines(text: io.TextIOWrapper, language: str) -> Iterator[str]:
    number = 0
    while True:
        line = text.readline(MAX_LINE + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_LINE:
            raise BatchInputError([batch_message("line_too_long", language, line=f"{number:,}", limit=f"{MAX_LINE:,}")])
        yield line


# --- XLSX --------------------------------------------------------------------------------------------------------

class _XmlRefused(SafeZoneError):
    def __init__(self, key: str, **fields: Any):
        super().__init__(key)
        self.key, self.fields = key, fields


def _read_xlsx(stream: io.BytesIO, limits: Limits, language: str) -> Table:
    def refuse(key: str, cls: type[BatchInputError] = BatchInputError, **fields: Any) -> BatchInputError:
        return cls([batch_message(key, language, rows=f"{limits.max_rows:,}", **fields)])

    if _claimed_parts(stream.getvalue()) > MAX_PARTS:  # before zipfile reads a directory of that many entries
        raise refuse("xlsx_parts", limit=f"{MAX_PARTS:,}")
    try:
        archive = zipfile.ZipFile(stream)
        parts = archive.infolist()
    except Exception as exc:  # not a zip, or a damaged one
        raise refuse("not_xlsx", detail=exc) from None
    with archive:
        if len(parts) > MAX_PARTS:
            raise refuse("xlsx_parts", limit=f"{MAX_PARTS:,}")
        total = 0
        for part in parts:  # the zip's directory, before a byte is unpacked
            if part.file_size > limits.xml_bytes:
                raise refuse("xlsx_part_too_big", SheetTooLarge, part=_shown(part.filename),
                             size=f"{part.file_size:,}", limit=f"{limits.xml_bytes:,}")
            if part.file_size > RATIO_FROM and part.file_size > MAX_RATIO * max(part.compress_size, 1):
                raise refuse("xlsx_ratio", part=_shown(part.filename),
                             ratio=f"{part.file_size // max(part.compress_size, 1):,}")
            total += part.file_size
        if total > limits.xml_bytes:
            raise refuse("xlsx_total_too_big", SheetTooLarge, size=f"{total:,}", limit=f"{limits.xml_bytes:,}")
        for part in parts:
            if part.filename.lower().endswith((".xml", ".rels", ".vml")):
                try:
                    _scan_part(archive, part, limits)
                except _XmlRefused as exc:
                    cls = SheetTooLarge if exc.key.startswith("too_many") else BatchInputError
                    raise refuse(exc.key, cls, part=_shown(part.filename), **exc.fields) from None
                except Exception as exc:  # damaged, encrypted or oddly compressed: say so, no traceback
                    raise refuse("not_xlsx", detail=exc) from None
        return _xlsx_rows(stream, limits, language)


def _claimed_parts(content: bytes) -> int:
    """The entry count the zip's end record claims (0xFFFF, as a zip64 archive says it, counts as too many)."""
    end = content.rfind(b"PK\x05\x06", max(0, len(content) - (1 << 16) - 22))
    if end < 0 or end + 22 > len(content):
        return 0  # not a zip: zipfile says so
    return int.from_bytes(content[end + 10:end + 12], "little")


def _shown(name: str) -> str:
    return repr(name if len(name) <= 80 else name[:77] + "...")


def _scan_part(archive: zipfile.ZipFile, part: zipfile.ZipInfo, limits: Limits) -> None:
    """Stream one XML part through expat: no DTD or entity, and in the sheets and the shared text table, the
    filled cells, each row's cells and the row numbers counted against their bounds."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def dtd(*_: Any) -> None:
        raise _XmlRefused("xlsx_dtd")

    parser.StartDoctypeDeclHandler = dtd
    parser.EntityDeclHandler = dtd
    parser.ExternalEntityRefHandler = dtd
    name = part.filename.lower()
    elements = [0]

    def counted() -> None:
        elements[0] += 1
        if elements[0] > limits.elements:
            raise _XmlRefused("too_many_elements", limit=f"{limits.elements:,}")

    if name.startswith("xl/worksheets/"):
        counts = {"cells": 0, "row": 0, "in_row": 0}

        def start(tag: str, attrs: dict[str, str]) -> None:
            counted()
            local = tag.rpartition(" ")[2]
            if local == "row":
                counts["in_row"] = 0
                number = attrs.get("r")
                if number is not None:
                    if not number.isdigit() or int(number) > LAST_ROW:
                        raise _XmlRefused("xlsx_row_number", row=number[:20])
                    counts["row"] = int(number)
                else:
                    counts["row"] += 1
            elif local == "c":
                counts["in_row"] += 1
                if counts["in_row"] > WIDEST_ROW:
                    raise _XmlRefused("xlsx_row_cells", row=f"{counts['row']:,}", limit=f"{WIDEST_ROW:,}")
            elif local in ("v", "is"):
                counts["cells"] += 1
                if counts["cells"] > limits.cells:
                    raise _XmlRefused("too_many_cells", limit=f"{limits.cells:,}", per_row=CELLS_PER_ROW)

        parser.StartElementHandler = start
    elif name == "xl/sharedstrings.xml" or name.endswith("/sharedstrings.xml"):
        strings = [0]

        def start(tag: str, attrs: dict[str, str]) -> None:
            counted()
            if tag.rpartition(" ")[2] == "si":
                strings[0] += 1
                if strings[0] > limits.cells:
                    raise _XmlRefused("too_many_strings", limit=f"{limits.cells:,}")

        parser.StartElementHandler = start
    with archive.open(part) as source:
        try:
            while chunk := source.read(1 << 16):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except expat.ExpatError as exc:
            raise _XmlRefused("xlsx_bad_xml", detail=expat.errors.messages.get(exc.code, str(exc))
                              if hasattr(expat.errors, "messages") else str(exc)) from None


def _xlsx_rows(stream: io.BytesIO, limits: Limits, language: str) -> Table:
    from openpyxl import load_workbook  # imported here: only workbooks need it

    stream.seek(0)
    try:
        book = load_workbook(stream, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # a damaged or mislabelled workbook: say so, no traceback
        raise BatchInputError([batch_message("not_xlsx", language, detail=exc)]) from None
    collector = _Collector(limits, language)
    try:
        if not book.worksheets:
            raise BatchInputError([batch_message("no_header", language)])
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # the size the sheet claims is not believed: rows are read as they come
        header: list[str] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if not values and collector.table is not None:
                continue  # a row the sheet leaves out (openpyxl yields it empty): no district
            if collector.table is None:
                header = [_cell_text(value) for value in values]
                collector.add(number, header)
                continue
            values = values[:collector.width]
            cells = [_cell_text(value) for value in values]
            for index, (column, value) in enumerate(zip(header, values)):
                if column in DATE_COLUMNS and isinstance(value, (int, float)) and not isinstance(value, bool):
                    collector.table.problems.setdefault(number, []).append(_date_number(column, value, language))
                    cells[index] = ""  # said once, clearly, rather than again as "not a date" by the answers' check
            collector.add(number, cells)
    except BatchInputError:
        raise
    except Exception as exc:
        raise BatchInputError([batch_message("not_xlsx", language, detail=exc)]) from None
    finally:
        book.close()
    return collector.result()


def _date_number(column: str, value: float, language: str) -> str:
    shown = _cell_text(value)
    try:
        serial = _EXCEL_EPOCH + dt.timedelta(days=int(value))
    except (OverflowError, ValueError):
        serial = None
    if serial is None or not dt.date(1990, 1, 1) <= serial <= dt.date(2100, 12, 31):
        return batch_message("date_number", language, column=column, value=shown)
    return batch_message("date_number_serial", language, column=column, value=shown, date=serial.isoformat())


def _cell_text(value: Any) -> str:
    """A cell as text: spreadsheet dates as YYYY-MM-DD, whole numbers without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
