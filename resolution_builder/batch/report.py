"""The batch report (row, district, status, problems) and the one .zip the app offers."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable

from .run import RowResult

__all__ = ["REPORT_NAME", "report_csv", "BatchZip"]

REPORT_NAME = "batch-report.csv"
BUILT, FAILED = "built", "failed"


def report_csv(results: Iterable[RowResult]) -> str:
    """One line per district; a failed row's problems one per line inside its cell, as spreadsheets show them."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["row", "district", "status", "problems"])
    for result in results:
        writer.writerow([result.number, result.district, BUILT if result.ok else FAILED, "\n".join(result.problems)])
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
