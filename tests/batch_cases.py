"""A districts spreadsheet with good and bad rows, shared by the batch command's and the app page's tests."""

from __future__ import annotations

import csv
import io

HEADER = ["district.name", "district.state", "district.city", "board.name", "adoption.meeting_date", "language",
          "provisions", "provisions.staff-training.training_days"]
GOOD = {  # spreadsheet row number -> district name
    2: "Alder Creek Unified School District, North Campus",  # a comma inside a quoted cell
    3: "Distrito Escolar de Peñasco",  # non-ASCII
    8: "Øresund Ñandú School District",
}
BAD = {  # row number -> (district name, the field its problem names)
    4: ("Bad State School District", "district.state"),
    5: ("", "district.name"),
    6: ("Bad Date School District", "adoption.meeting_date"),
    7: ("Unknown Provision School District", "provisions[1].id"),
}
ROWS = [
    [GOOD[2], "CA", "Alder Creek", "Board of Education", "2026-12-10", "en", "", ""],
    [GOOD[3], "nm", "Peñasco", "Junta de Educación", "2026-11-02", "es", "", ""],
    [BAD[4][0], "ZZ", "", "Board of Education", "2026-12-10", "en", "", ""],
    ["", "CA", "", "Board of Education", "2026-12-10", "en", "", ""],
    [BAD[6][0], "OR", "", "Board of Directors", "2026-02-30", "en", "", ""],
    [BAD[7][0], "WA", "", "Board of Directors", "", "en", "safe-zone-declaration; no-such-provision", ""],
    [GOOD[8], "WA", "", "Board of Directors", "", "", "safe-zone-declaration;staff-training", "30"],
]


def districts_csv(header: list[str] = HEADER, rows: list[list[str]] = ROWS) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    return out.getvalue().encode("utf-8")


# --- hostile spreadsheets, made small in the tests (never stored): each with the message the reader gives ---------

def workbook(rows: list[list[object]]) -> bytes:
    """A real .xlsx (openpyxl) with these rows on its first sheet."""
    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_sheet(content: bytes, change) -> bytes:
    """The workbook with its first sheet's XML changed by ``change(xml) -> xml`` (other parts as they were)."""
    import zipfile

    source, out = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for part in source.infolist():
            data = source.read(part)
            archive.writestr(part.filename, change(data) if part.filename == "xl/worksheets/sheet1.xml" else data)
    return out.getvalue()


GOOD_WORKBOOK_ROWS = [["district.name", "district.state", "board.name"], ["Lakeside School District", "OR", "Board"]]


def hostile_spreadsheets() -> dict[str, tuple[str, bytes, list[str], str]]:
    """name -> (file name, content, extra batch arguments, what the refusal says)."""
    good = workbook(GOOD_WORKBOOK_ROWS)
    laughs = (b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
              + b"".join(b'<!ENTITY %c "%s">' % (98 + i, b"".join([b"&%c;" % (97 + i)] * 10)) for i in range(8))
              + b"]>")
    xxe = b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>'
    return {
        # 50 MB of one letter in 50 KB: refused from the zip directory, unopened
        "zip-bomb": ("bomb.xlsx", with_sheet(good, lambda xml: xml.replace(
            b"</sheetData>", b'<row><c t="inlineStr"><is><t>' + b"x" * 50_000_000 + b"</t></is></c></row></sheetData>")),
            [], "refused as a zip bomb"),
        # an honest-looking part, larger than a workbook of so few districts needs
        "part-too-big": ("big.xlsx", with_sheet(good, lambda xml: xml.replace(b"</sheetData>", b"".join(
            b'<row><c t="inlineStr"><is><t>%x</t></is></c></row>' % (i * 7919 % 1_000_003) for i in range(80_000))
            + b"</sheetData>")), ["--max-rows", "1"], "more than the 2,000,000 a workbook of 1 districts needs"),
        "billion-laughs": ("laughs.xlsx", with_sheet(good, lambda xml: laughs + xml.replace(
            b"Lakeside School District", b"&i;").split(b"?>", 1)[-1]), [], "declares a DTD or entities"),
        "xxe": ("xxe.xlsx", with_sheet(good, lambda xml: xxe + xml.replace(
            b"Lakeside School District", b"&xxe;").split(b"?>", 1)[-1]), [], "declares a DTD or entities"),
        "too-many-cells": ("cells.xlsx", with_sheet(good, lambda xml: xml.replace(b"</sheetData>", (
            b"<row>" + b"<c><v>1</v></c>" * 300 + b"</row>") * 40 + b"</sheetData>")), ["--max-rows", "1"],
            "holds more than 10,100 filled cells"),
        "row-too-wide": ("wide.xlsx", with_sheet(good, lambda xml: xml.replace(
            b"</sheetData>", b"<row>" + b"<c/>" * 16_385 + b"</row></sheetData>")), [], "more than 16,384 cells"),
        "row-past-the-last": ("far.xlsx", with_sheet(good, lambda xml: xml.replace(
            b"</sheetData>", b'<row r="999999999"><c><v>1</v></c></row></sheetData>')), [],
            "past a spreadsheet's last row"),
        "rows-xlsx": ("rows.xlsx", workbook([GOOD_WORKBOOK_ROWS[0]] + [[f"District {i}", "OR", "Board"]
                                                                        for i in range(5_001)]), [],
                      "has more than 5,000 districts"),
        "rows-csv": ("rows.csv", districts_csv(["district.name", "district.state", "board.name"],
                                               [[f"District {i}", "OR", "Board"] for i in range(5_001)]), [],
                     "has more than 5,000 districts"),
        "rows-over-max-rows": ("four.csv", districts_csv(["district.name", "district.state", "board.name"],
                                                         [[f"District {i}", "OR", "Board"] for i in range(4)]),
                               ["--max-rows", "3"], "has more than 3 districts"),
        "columns-100000": ("cols.csv", (",".join(f"c{i}" for i in range(100_000)) + "\n").encode(), [],
                           "names a column in column 100,000"),
        "line-too-long": ("line.csv", b"district.name\n" + b"x" * 1_000_001 + b"\n", [],
                          "line 2 is longer than 1,000,000 characters"),
        "blank-lines": ("blank.csv", b"district.name\n" + b",,\n" * 60_000, [],
                        "has more than 50,000 rows, most of them blank"),
        "formatted-cells": ("formatted.xlsx", with_sheet(good, lambda xml: xml.replace(b"</sheetData>", (
            b"<row>" + b'<c s="0"/>' * 1_000 + b"</row>") * 50 + b"</sheetData>")), ["--max-rows", "1"],
            "holds more than 40,400 XML elements"),
        "many-parts": ("parts.xlsx", _with_parts(good, 1_001), [], "holds more than 1,000 parts"),
        "damaged-part": ("damaged.xlsx", _damaged(good), [], "not a readable .xlsx workbook"),
    }


def _damaged(content: bytes) -> bytes:
    """The workbook with 20 bytes of its sheet's compressed data inverted (a broken download)."""
    import zipfile

    part = zipfile.ZipFile(io.BytesIO(content)).getinfo("xl/worksheets/sheet1.xml")
    start = part.header_offset + 30 + len(part.filename.encode()) + len(part.extra) + 5
    return content[:start] + bytes(byte ^ 0xFF for byte in content[start:start + 20]) + content[start + 20:]


def _with_parts(content: bytes, count: int) -> bytes:
    import zipfile

    out = io.BytesIO(content)
    with zipfile.ZipFile(out, "a") as archive:
        for index in range(count):
            archive.writestr(f"customXml/item{index}.xml", "<a/>")
    return out.getvalue()
