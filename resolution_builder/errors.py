"""Turns pydantic's validation errors into lines a person can act on: ``field.path: what is wrong``."""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

__all__ = ["error_lines", "field_path", "plain_message"]


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


def _real(value: Any) -> str:
    """'2026-02-30' is shaped like a date but does not exist; 'next Tuesday' is not shaped like one."""
    return "real " if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", value.strip()) else ""


def plain_message(error: dict[str, Any]) -> str:
    """One pydantic error, in plain words (the field path is not part of it)."""
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    messages = {
        "missing": "is required",
        "extra_forbidden": "is not a field here (check the spelling)",
        "string_type": "must be text",
        "string_too_short": "must not be empty",
        "too_short": "must not be empty",
        "too_long": f"is too long: at most {ctx.get('max_length')} characters",
        "string_too_long": f"is too long: at most {ctx.get('max_length')} characters",
        "int_type": "must be a whole number",
        "int_parsing": f"{_shown(value)} is not a whole number",
        "int_from_float": f"{_shown(value)} is not a whole number",
        "greater_than_equal": f"must be at least {ctx.get('ge')}",
        "less_than_equal": f"must be at most {ctx.get('le')}",
        "bool_type": "must be yes or no (true or false)",
        "bool_parsing": f"{_shown(value)} is not yes or no (true or false)",
        "literal_error": f"{_shown(value)} is not one of: {ctx.get('expected', '').replace(chr(39), '')}",
        "date_type": "must be a date written YYYY-MM-DD",
        "date_parsing": f"{_shown(value)} is not a {_real(value)}date; write it as YYYY-MM-DD",
        "date_from_datetime_parsing": f"{_shown(value)} is not a {_real(value)}date; write it as YYYY-MM-DD",
        "date_from_datetime_inexact": f"{_shown(value)} must be a date without a time",
        "dict_type": "must be a group of fields",
        "model_type": "must be a group of fields",
        "model_attributes_type": "must be a group of fields",
        "list_type": "must be a list",
    }
    if kind in messages:
        return messages[kind]
    message = error["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    return message


def error_lines(exc: ValidationError) -> list[str]:
    """One line per problem, each naming the field it concerns."""
    lines = []
    for error in exc.errors(include_url=False):
        path = field_path(error["loc"])
        lines.append(f"{path}: {plain_message(error)}" if path else plain_message(error))
    return lines
