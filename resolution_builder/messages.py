"""Turns pydantic's validation errors into lines a person can act on: ``field.path: what is wrong``,
in English or Spanish (the words are in ``data/messages.yaml``)."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .localized_files import load_localized

__all__ = ["error_lines", "shown_safely", "field_path", "plain_message", "message", "capped", "MAX_PROBLEMS"]

MAX_PROBLEMS = 50  # a longer list helps no one, and thousands of lines take a browser minutes to draw

MESSAGES_FILE = Path(str(resources.files("resolution_builder") / "data" / "messages.yaml"))

# pydantic's error types that share one message
_SAME = {"string_too_short": "too_short", "string_too_long": "too_long", "int_from_float": "int_parsing",
         "int_parsing_size": "int_parsing",
         "date_from_datetime_parsing": "date_parsing", "model_type": "dict_type", "model_attributes_type": "dict_type"}


def message(key: str, language: str = "en", **fields: Any) -> str:
    """One message by key, in the language, with its fields filled."""
    return load_localized(MESSAGES_FILE)[language][key].format(**fields)


def field_path(loc: tuple[Any, ...]) -> str:
    """``('provisions', 2, 'options', 'days')`` -> ``provisions[2].options.days``."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def _shown(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def plain_message(error: dict[str, Any], language: str = "en") -> str:
    """One pydantic error, in plain words (the field path is not part of it)."""
    words = load_localized(MESSAGES_FILE)[language]
    kind = _SAME.get(error["type"], error["type"])
    if kind == "too_long" and (error.get("ctx") or {}).get("field_type") == "List":  # too many items, not a long text
        kind = "too_many"
    ctx = {key: (value.get(language) if isinstance(value, dict) else value)
           for key, value in (error.get("ctx") or {}).items()}
    value = error.get("input")
    if kind == "date_parsing" and isinstance(value, str) and re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", value.strip()):
        kind = "date_unreal"  # shaped like a date, but there is no such day
    if kind == "literal_error":
        ctx["expected"] = ctx.get("expected", "").replace("'", "").replace(" or ", f" {words['or']} ")
    if kind not in words:
        return error["msg"].removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return words[kind].format(**{**ctx, "value": ctx.get("value", _shown(value))})


def error_lines(exc: ValidationError, language: str = "en") -> list[str]:
    """One line per problem, each naming the field it concerns."""
    lines = []
    for error in exc.errors(include_url=False):
        path = shown_safely(field_path(error["loc"]))
        text = plain_message(error, language)
        lines.append(f"{path}: {text}" if path else text)
    return lines


def shown_safely(text: str) -> str:
    """Text from a file made safe to print on a terminal: every character that does not print (an escape
    sequence that could clear the screen or fake a line, a line break) shown escaped, as ``\\x1b``."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


def capped(lines: list[str], language: str = "en") -> list[str]:
    """The first MAX_PROBLEMS lines, then one line saying how many more there are."""
    if len(lines) <= MAX_PROBLEMS:
        return lines
    more = len(lines) - MAX_PROBLEMS
    return lines[:MAX_PROBLEMS] + [message("more_problems", language, count=f"{more:,}")]
