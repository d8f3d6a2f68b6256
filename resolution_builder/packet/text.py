"""The board packet's words (data/packet.yaml), checked when loaded: the same keys and list lengths in every language."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from ..exceptions import LibraryError
from ..languages import LANGUAGES
from ..library.loader import DATA_DIR
from ..yaml_io import load_data_yaml

__all__ = ["load_packet_text", "PACKET_FILE"]

PACKET_FILE = DATA_DIR / "packet.yaml"


def _shape_problems(reference: Any, other: Any, where: str) -> list[str]:
    """Where ``other`` differs in shape from ``reference`` (the English text), or holds an empty string."""
    if isinstance(reference, dict):
        if not isinstance(other, dict):
            return [f"{where}: must be a mapping"]
        problems = [f"{where}.{key}: missing" for key in reference if key not in other]
        problems += [f"{where}.{key}: not in English" for key in other if key not in reference]
        for key in reference:
            if key in other:
                problems += _shape_problems(reference[key], other[key], f"{where}.{key}")
        return problems
    if isinstance(reference, list):
        if not isinstance(other, list) or len(other) != len(reference):
            return [f"{where}: must be a list of {len(reference)} items"]
        return [p for i, (a, b) in enumerate(zip(reference, other)) for p in _shape_problems(a, b, f"{where}[{i}]")]
    if isinstance(reference, str) and (not isinstance(other, str) or not other.strip()):
        return [f"{where}: must be a non-empty string"]
    if isinstance(reference, int) and not isinstance(other, int):
        return [f"{where}: must be a number"]
    return []


def check_packet_text(data: Any, name: str = "packet.yaml") -> dict[str, dict[str, Any]]:
    """The text if every language has every key of the English text, else a LibraryError listing what is wrong."""
    if not isinstance(data, dict) or "en" not in data:
        raise LibraryError(f"{name}: must map each language (en, es) to its text")
    problems = []
    for lang in LANGUAGES:
        if lang not in data:
            problems.append(f"{name}: {lang}: missing")
        else:
            problems += _shape_problems(data["en"], data[lang], f"{name}: {lang}")
    problems += _shape_problems(data["en"], data["en"], f"{name}: en")  # empty English strings
    if problems:
        raise LibraryError("\n".join(problems))
    return data


@lru_cache(maxsize=2)
def load_packet_text(path: Path = PACKET_FILE) -> dict[str, dict[str, Any]]:
    return check_packet_text(load_data_yaml(Path(path).read_text(encoding="utf-8")), Path(path).name)
