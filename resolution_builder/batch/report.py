"""The batch report (row, district, status, problems) and the one .zip the app offers."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable

from .run import RowResult

__all__ = ["REPORT_NAME", "report_csv", "spreadsheet_safe", "printable", "status", "BatchZip", "BUILT", "FAILED", "NO_PDF",
           "NOT_BUILT"]

REPORT_NAME = "batch-report.csv"
BUILT, FAILED, NO_PDF, NOT_BUILT = "built", "failed", "built without PDF", "not built"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what makes a spreadsheet read a cell as a formula (OWASP)


def spreadsheet_safe(cell: object) -> object:
    """A cell a spreadsheet shows as text: one that begins like a formula gets a leading apostrophe (OWASP's
    CSV-injection rule), so ``=HYPERLINK(...)`` in a district's name is never a live formula in the report."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell


def printable(text: str) -> str:
    """A name from a spreadsheet as a terminal or a report may show it: control characters escaped, not obeyed."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def status(result: RowResult) -> str:
    if not result.ok:
        return FAILED
    return NO_PDF if result.pdf_problem else BUILT


def report_csv(results: Iterable[RowResult], not_built: Iterable[tuple[int, str]] = ()) -> str:
    """One line per district: its row, name, status (built, built without PDF, failed, or not built when the run
    was stopped first), its problems and the warnings about cleaned text, one per line inside their cells."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["row", "district", "status", "problems", "warnings"])
    lines = [(result.number, printable(result.district), status(result),
              "\n".join(result.problems + ([f"pdf: {result.pdf_problem}"] if result.pdf_problem else [])),
              "\n".join(result.notes)) for result in results]
    lines += [(number, printable(district), NOT_BUILT, "", "") for number, district in not_built]
    for line in sorted(lines, key=lambda line: line[0]):
        writer.writerow([spreadsheet_safe(cell) for cell in line])
    return out.getvalue()


class BatchZip:
    """Every district's folder and the report in one .zip, kept in memory (the app writes nothing to disk)."""

    def __init__(self) -> None:
        self._buffer = io.BytesIO()
        self._archive = zipfile.ZipFile(self._buffer, "w", zipfile.ZIP_DEFLATED)

    def add(self, folder: str, result: RowResult) -> None:
        for document in result.documents.values():
            self._archive.writestr(f"{folder}/{document.filename}", document.content)

    def finish(self, results: Iterable[RowResult]) -> bytes:
        self._archive.writestr(REPORT_NAME, report_csv(results))
        self._archive.close()
        return self._buffer.getvalue()
