"""Validates what the form holds and sorts the problems by the widget they belong to."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Mapping

from ..build import AnswersError, load_answers
from ..answers.errors import plain_message
from ..library import Library
from ..answers.models import Answers
from .fields import REQUIRED, raw_answers, widget_key

__all__ = ["FormCheck", "check_form"]

_MISSING = ("missing", "too_short")


def _missing_words(language: str) -> set[str]:
    return {plain_message({"type": kind, "input": None, "msg": ""}, language) for kind in _MISSING}


@dataclass
class FormCheck:
    answers: Answers | None
    problems: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # widget key -> messages
    general: list[str] = field(default_factory=list)  # problems that belong to no single widget
    missing: list[str] = field(default_factory=list)  # required fields left empty
    notes: list[str] = field(default_factory=list)  # characters removed from pasted text

    @property
    def fingerprint(self) -> str:
        return json.dumps(self.answers.model_dump(mode="json"), sort_keys=True) if self.answers else ""


def check_form(state: Mapping[str, Any], library: Library, language: str = "en") -> FormCheck:
    """``language`` is the interface's: the problems are said in it."""
    raw = raw_answers(state, library)
    try:
        answers, notes = load_answers(raw, library, language)
    except AnswersError as exc:
        check = FormCheck(None)
        for line in exc.problems:
            path, _, message = line.partition(": ")
            key = widget_key(path, raw) if message else None
            if key in REQUIRED and message in _missing_words(language):
                check.missing.append(key)
            elif key:
                check.problems[key].append(message)
            else:
                check.general.append(line)
        return check
    return FormCheck(answers, notes=notes)
