"""Reads a districts spreadsheet (CSV or XLSX): each row becomes an answers dict over the shared defaults."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Any

from ..answers.models import Answers
from ..library import Library
from ..exceptions import SafeZoneError

__all__ = ["BatchInputError", "DistrictRow", "read_rows", "known_columns", "table_from_bytes"]

_SECTIONS = ("district", "board", "adoption", "output")
_LIST_SEPARATORS = re.compile(r"[;,]")


class BatchInputError(SafeZoneError, ValueError):
    """The spreadsheet as a whole cannot be used (unreadable, no header, unknown columns); ``problems`` says why."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class DistrictRow:
    """One district: its row number as a spreadsheet shows it (the header is row 1) and its raw answers."""

    number: int
    name: str
    answers: dict[str, Any]
    problems: list[str] = field(default_factory=list)  # problems found while reading the row itself


def known_columns() -> set[str]:
    """Every column a row may have, named after the answers' fields (``district.name``, ``language``, ...)."""
    names = {"language", "provisions"}
    for section in _SECTIONS:
        model = Answers.model_fields[section].annotation
        names |= {f"{section}.{name}" for name in model.model_fields}
    return names


def _option_column(column: str, library: Library) -> tuple[str, str] | None:
    """``provisions.staff-training.training_days`` -> (provision id, option id), if the library has them."""
    parts = column.split(".")
    if len(parts) != 3 or parts[0] != "provisions" or parts[1] not in library.provisions:
        return None
    if parts[2] not in {option.id for option in library.provisions[parts[1]].options}:
        return None
    return parts[1], parts[2]


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


def table_from_bytes(content: bytes, filename: str) -> list[list[str]]:
    """The sheet's rows as text (first sheet of a workbook; a CSV in UTF-8, with or without a byte-order mark)."""
    if filename.lower().endswith((".xlsx", ".xlsm")):
        from openpyxl import load_workbook  # imported here: only workbooks need it

        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
        except Exception as exc:  # a damaged or mislabelled workbook: say so, no traceback
            raise BatchInputError([f"{filename}: not a readable .xlsx workbook ({exc})"]) from None
        return [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BatchInputError([f"{filename}: is not a UTF-8 CSV file (save it as 'CSV UTF-8')"]) from None
    try:
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as exc:
        raise BatchInputError([f"{filename}: not a readable CSV file ({exc})"]) from None


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    section, _, name = path.partition(".")
    if name:
        data.setdefault(section, {})
        if not isinstance(data[section], dict):
            data[section] = {}
        data[section][name] = value
    else:
        data[section] = value


def _chosen(cell: str, before: list[Any]) -> list[dict[str, Any]]:
    """A row's own list of provision ids; a provision the defaults also chose keeps the defaults' options."""
    options = {item.get("id"): item.get("options") for item in before if isinstance(item, dict)}
    chosen = []
    for pid in (part.strip() for part in _LIST_SEPARATORS.split(cell)):
        if pid:
            chosen.append({"id": pid, **({"options": copy.deepcopy(options[pid])} if options.get(pid) else {})})
    return chosen


def read_rows(table: list[list[str]], library: Library, defaults: dict[str, Any] | None = None) -> list[DistrictRow]:
    """Each filled row as raw answers over ``defaults``; a blank cell keeps the default.

    Without defaults, a row that names no provisions gets the library's recommended set.
    Raises BatchInputError for a missing header or columns nobody knows, naming each.
    """
    if not table or not any(table[0]):
        raise BatchInputError(["the first row must name the columns, such as district.name, district.state, "
                               "board.name"])
    header = table[0]
    known = known_columns()
    unknown = [name for name in header if name and name not in known and not _option_column(name, library)]
    if unknown:
        raise BatchInputError([f"column {name!r}: not an answers field (use {', '.join(sorted(known))}, "
                               f"or provisions.<provision id>.<option id>)" for name in unknown])
    seen = [name for index, name in enumerate(header) if name and name in header[:index]]
    if seen:
        raise BatchInputError([f"column {name!r}: appears twice" for name in dict.fromkeys(seen)])

    base = copy.deepcopy(defaults or {})
    if isinstance(base.get("district"), dict):  # each row names its own district and city: a blank name is an
        base["district"] = {key: value for key, value in base["district"].items() if key == "state"}  # error
    if "provisions" not in base:
        base["provisions"] = [{"id": pid} for pid in library.recommended()]
    rows = []
    for index, cells in enumerate(table[1:], start=2):
        values = {name: cells[i] if i < len(cells) else "" for i, name in enumerate(header) if name}
        if not any(values.values()):
            continue  # a blank line between districts is no district
        rows.append(_row(index, values, base, library))
    return rows


def _row(number: int, values: dict[str, str], base: dict[str, Any], library: Library) -> DistrictRow:
    data = copy.deepcopy(base)
    problems = []
    if values.get("provisions"):
        data["provisions"] = _chosen(values["provisions"], data.get("provisions") or [])
    for column, value in values.items():
        if not value or column == "provisions":
            continue
        option = _option_column(column, library)
        if option is None:
            _set(data, column, value)
            continue
        chosen = [item for item in data.get("provisions") or [] if isinstance(item, dict) and item.get("id") == option[0]]
        if not chosen:
            problems.append(f"{column}: {option[0]} is not among this row's provisions")
            continue
        chosen[0].setdefault("options", {})
        chosen[0]["options"] = {**(chosen[0]["options"] or {}), option[1]: value}
    return DistrictRow(number, values.get("district.name") or str((data.get("district") or {}).get("name") or ""),
                       data, problems)
