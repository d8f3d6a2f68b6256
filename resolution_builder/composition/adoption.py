"""What the closing clauses, the adoption block and the instruments' titles say about the meeting, the policy, the
regulation and the dates: one context for the composer, the packet and every snippet's ``when``."""

from __future__ import annotations

import re
from typing import Any

from ..answers.models import Answers
from .dates import long_date

__all__ = ["adoption_context", "bare_number"]

_NUMBER_LABEL = re.compile(
    r"^(?:(?:board\s+)?policy|bp|ar|(?:administrative\s+)?regulation|procedure|pol[ií]tica(?:\s+de\s+la\s+junta)?"
    r"|reglamento(?:\s+administrativo)?|procedimiento|resolution|resoluci[oó]n)\b\.?\s*"
    r"|^(?:no\.|n[uú]m\.|n\.?º|#)\s*", re.IGNORECASE)


def bare_number(typed: str) -> str:
    """A policy, regulation or resolution number without the words a person may type before it ("BP 5145.13",
    "Policy No. 4300", "Resolution No. 17-01"): the state's own style prints them (phrases ``policy_number``), so
    they are never doubled."""
    number = typed.strip()
    while (shorter := _NUMBER_LABEL.sub("", number, count=1).strip()) != number and shorter:
        number = shorter
    return number


def adoption_context(answers: Answers, words: dict[str, str], separate: bool) -> dict[str, Any]:
    """What the closing clauses and the adoption block say about the meeting, the instruments and the dates."""
    adoption = answers.adoption
    date = long_date(adoption.meeting_date, words["locale"]) if adoption.meeting_date else words["blank"]
    effective = (words["effective_on"].format(date=long_date(adoption.effective_date, words["locale"]))
                 if adoption.effective_date else words["effective_on_adoption"])
    number = bare_number(adoption.policy_number) if adoption.policy_number else words["blank"]
    regulation = bare_number(adoption.regulation_number) if adoption.regulation_number else number
    suffix = words["regulation_suffix"]  # Washington's "4300P"
    if regulation != words["blank"] and suffix and not regulation.casefold().endswith(suffix.casefold()):
        regulation += suffix
    policy_name = words["policy_number"].format(number=number)
    return {
        "adoption": {"date": date, "meeting": words[f"meeting_{adoption.meeting_type}"], "effective": effective,
                     "number": adoption.resolution_number or words["blank"]},
        "policy": {"number": number, "title": words["policy_title"], "name": policy_name,
                   "short": words["policy_short"].format(number=number), "separate": separate,
                   "reference": words["policy_reference"].format(policy_number=policy_name,
                                                                 title=words["policy_title"])},
        "regulation": {"number": regulation, "name": words["regulation_number"].format(number=regulation),
                       "short": words["regulation_short"].format(number=regulation),
                       "issued": adoption.regulation_action == "issue"},
    }


