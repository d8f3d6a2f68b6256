"""Finds the Word templates: shipped inside the package when installed, in the repository's
top-level ``templates/`` folder when running from a checkout."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

__all__ = ["template_path", "template_bytes", "TEMPLATE_NAMES"]

TEMPLATE_NAMES = ("resolution", "policy", "resolution_bilingual", "policy_bilingual",
                  *(f"packet_{kind}" for kind in ("board_summary", "talking_points", "faq", "staff_protocol",
                                                   "family_notice", "cover_letter")))
_PLACES = (
    Path(__file__).resolve().parents[1] / "templates",  # pip install . (force-included by hatchling)
    Path(__file__).resolve().parents[2] / "templates",  # a checkout or an editable install
)


def template_path(name: str) -> Path:
    for place in _PLACES:
        path = place / f"{name}.docx"
        if path.is_file():
            return path
    raise FileNotFoundError(f"the Word template {name}.docx is missing (looked in {', '.join(map(str, _PLACES))})")


@lru_cache(maxsize=None)
def template_bytes(name: str) -> bytes:
    """The template read once per process; every render opens its own copy in memory."""
    return template_path(name).read_bytes()
