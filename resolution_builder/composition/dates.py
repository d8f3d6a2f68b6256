"""Dates written out in full, in the document's language (Babel)."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date

__all__ = ["long_date"]


def long_date(value: dt.date, locale: str) -> str:
    """``December 10, 2026`` (en_US) or ``10 de diciembre de 2026`` (es_US)."""
    return format_date(value, format="long", locale=locale)
