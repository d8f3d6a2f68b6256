"""Reads a districts spreadsheet (CSV or XLSX): each row becomes an answers dict over the shared defaults."""

from __future__ import annotations

import copy
import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from ..messages import capped
from ..answers.local import OWN_ITEMS, Facts, Reaffirmed
from ..answers.models import Answers
from ..languages import LANGUAGES
from ..library import Library
from .sheet import BatchInputError, Table, batch_message

__all__ = ["BatchInputError", "DistrictRow", "read_rows", "known_columns", "OWN_FIELDS", "own_fields_in",
           "LOCAL_COLUMNS", "split_items"]

_SECTIONS = ("district", "board", "adoption", "output")
_LIST_SEPARATORS = re.compile(r"[;,]")
# Each district's identity and people: never taken from the shared answers (--defaults), only from its own row.
OWN_FIELDS = {
    "district": None,  # every district field: name, state, city
    "board": ("name", "presiding_officer_name", "secretary_name"),
    "adoption": ("resolution_number", "policy_number", "regulation_number", "title"),
    "local": ("facts", "reaffirms"),  # its figures and its earlier resolutions (its recitals and clauses may be shared)
}
_OWN_TEXTS = ("recitals", "clauses")
_PLACE = "local.clauses.place"
# local.facts.<fact>; local.reaffirms.<field> (|-separated, aligned); local.recitals and local.clauses in the row's
# language, or local.recitals.<language> and local.clauses.<language> (|-separated, item i of each the same one)
LOCAL_COLUMNS = ([f"local.facts.{name}" for name in Facts.model_fields]
                 + [f"local.reaffirms.{name}" for name in Reaffirmed.model_fields]
                 + [f"local.{kind}{suffix}" for kind in _OWN_TEXTS for suffix in ("", *(f".{code}" for code in LANGUAGES))]
                 + [_PLACE])


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
    return names | set(LOCAL_COLUMNS)


def _option_column(column: str, library: Library) -> tuple[str, str] | None:
    """``provisions.staff-training.training_days`` -> (provision id, option id), if the library has them."""
    parts = column.split(".")
    if len(parts) != 3 or parts[0] != "provisions" or parts[1] not in library.provisions:
        return None
    if parts[2] not in {option.id for option in library.provisions[parts[1]].options}:
        return None
    return parts[1], parts[2]


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


def own_fields_in(defaults: dict[str, Any] | None) -> list[str]:
    """The fields of the shared answers that are each district's own, so not taken (``board.presiding_officer_name``)."""
    found = []
    for section, names in OWN_FIELDS.items():
        group = (defaults or {}).get(section)
        if isinstance(group, dict):
            found += [f"{section}.{name}" for name, value in group.items()
                      if (names is None or name in names) and _given(value)]
    return found


def _given(value: Any) -> bool:
    """Whether a field holds anything (``facts: {}`` or ``reaffirms: []`` holds nothing)."""
    if isinstance(value, dict):
        return any(_given(item) for item in value.values())
    if isinstance(value, list):
        return any(_given(item) for item in value)
    return value not in (None, "")


def _shared(defaults: dict[str, Any] | None) -> dict[str, Any]:
    """The shared answers less each district's own fields (its identity and people)."""
    base = copy.deepcopy(defaults or {})
    for section, names in OWN_FIELDS.items():
        if names is None:
            base.pop(section, None)
        elif isinstance(base.get(section), dict):
            base[section] = {key: value for key, value in base[section].items() if key not in names}
    return base


def _unknown_columns(unknown: list[str], known: set[str], language: str) -> list[str]:
    lines = []
    for name in unknown:
        close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.8) if len(name) <= 80 else []
        shown = repr(name if len(name) <= 80 else name[:77] + "...")
        lines.append(batch_message("did_you_mean", language, name=shown, close=repr(close[0])) if close
                     else batch_message("unknown_column", language, name=shown))
    return capped(lines, language) + [batch_message("columns_are", language, names=", ".join(sorted(known)))]


def read_rows(table: Table, library: Library, defaults: dict[str, Any] | None = None,
              language: str = "en") -> list[DistrictRow]:
    """Each filled row as raw answers over the shared ``defaults``; a blank cell keeps the default, except for
    each district's own fields (OWN_FIELDS), which come from its row or stay blank.

    Without defaults, a row that names no provisions gets the library's recommended set.
    Raises BatchInputError for a missing header or columns nobody knows, naming each (at most 50).
    """
    header = table.header
    known = known_columns()
    unknown = [name for name in header if name and name not in known and not _option_column(name, library)]
    if unknown:
        raise BatchInputError(_unknown_columns(unknown, known, language))
    seen = [name for index, name in enumerate(header) if name and name in header[:index]]
    if seen:
        raise BatchInputError(capped([batch_message("column_twice", language, name=repr(name))
                                      for name in dict.fromkeys(seen)], language))

    base = _shared(defaults)
    if "provisions" not in base:
        base["provisions"] = [{"id": pid} for pid in library.recommended()]
    rows = []
    for number, cells in table.rows:
        values = {name: cells[i] for i, name in enumerate(header) if name}
        row = _row(number, values, base, library, language)
        row.problems[:0] = table.problems.get(number, [])
        rows.append(row)
    return rows


def _row(number: int, values: dict[str, str], base: dict[str, Any], library: Library,
         language: str = "en") -> DistrictRow:
    data = copy.deepcopy(base)
    problems = []
    if values.get("provisions"):
        data["provisions"] = _chosen(values["provisions"], data.get("provisions") or [])
    for column, value in values.items():
        if not value or column == "provisions" or column.startswith("local."):
            continue
        option = _option_column(column, library)
        if option is None:
            _set(data, column, value)
            continue
        chosen = [item for item in data.get("provisions") or [] if isinstance(item, dict) and item.get("id") == option[0]]
        if not chosen:
            problems.append(batch_message("option_not_chosen", language, column=column, provision=option[0]))
            continue
        chosen[0].setdefault("options", {})
        chosen[0]["options"] = {**(chosen[0]["options"] or {}), option[1]: value}
    _local(values, data, problems, language)
    return DistrictRow(number, values.get("district.name", ""), data, problems)


def split_items(cell: str) -> list[str]:
    """A cell's items, ``|`` between them (``\\|`` is a ``|`` in the text), each stripped; ``""`` is none."""
    if not cell.strip():
        return []
    items, current, index = [], [], 0
    while index < len(cell):
        if cell.startswith("\\|", index):
            current.append("|")
            index += 2
            continue
        if cell[index] == "|":
            items.append("".join(current).strip())
            current = []
        else:
            current.append(cell[index])
        index += 1
    return [*items, "".join(current).strip()]


def _local(values: dict[str, str], data: dict[str, Any], problems: list[str], language: str) -> None:
    """The row's ``local.*`` columns into ``data["local"]``: its figures, the resolutions it reaffirms, and its own
    recitals and clauses, each list given by aligned ``|``-separated columns; a row's own list replaces the shared
    one. Misaligned columns, too many items or an item blank in every column are the row's problems."""
    given = {column: values[column] for column in LOCAL_COLUMNS if values.get(column)}
    if not given:
        return
    local = data.get("local") if isinstance(data.get("local"), dict) else {}
    data["local"] = local
    facts = {column.rpartition(".")[2]: value for column, value in given.items() if column.startswith("local.facts.")}
    if facts:
        local["facts"] = facts
    reaffirms = {f"local.reaffirms.{name}": name for name in Reaffirmed.model_fields}
    if any(column in given for column in reaffirms):
        local["reaffirms"] = _aligned(given, reaffirms, problems, language)
    row_language = values.get("language") or data.get("language")
    row_language = row_language if row_language in LANGUAGES else LANGUAGES[0]  # otherwise "language" is refused
    for kind in _OWN_TEXTS:
        same = f"local.{kind}.{row_language}"
        if f"local.{kind}" in given and same in given:
            problems.append(batch_message("local_both", language, column=f"local.{kind}", other=same))
            continue
        columns = {f"local.{kind}": row_language, **{f"local.{kind}.{code}": code for code in LANGUAGES}}
        texts = [column for column in columns if column in given]
        if kind == "clauses":
            if _PLACE in given and not texts:
                problems.append(batch_message("local_place_alone", language, column=_PLACE))
                continue
            columns[_PLACE] = "place"
        if texts:
            local[kind] = _aligned(given, columns, problems, language)


def _aligned(given: dict[str, str], columns: dict[str, str], problems: list[str], language: str) -> list[dict[str, str]]:
    """Item i of each given column (``column -> field``) as one ``{field: text}``; the problems named by column."""
    split = {column: split_items(given[column]) for column in columns if column in given}
    counts = {column: len(items) for column, items in split.items()}
    first = next(iter(counts))
    for column, count in counts.items():
        if count > OWN_ITEMS:
            problems.append(batch_message("local_too_many", language, column=column, count=count, limit=OWN_ITEMS))
            return []
    for column, count in counts.items():
        if count != counts[first]:
            problems.append(batch_message("local_misaligned", language, column=column, count=count, other=first,
                                          other_count=counts[first]))
            return []
    items = []
    for index in range(counts[first]):
        item = {columns[column]: texts[index] for column, texts in split.items() if texts[index]}
        if not any(name != "place" for name in item):
            problems.append(batch_message("local_blank_item", language, columns=", ".join(split), number=index + 1))
            return []
        items.append(item)
    return items
