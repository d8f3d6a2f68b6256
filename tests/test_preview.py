"""The app's preview shows the policy's rules under the numbers the Word draft prints (the plan's numbers,
which tests/test_libreoffice.py checks against LibreOffice's layout)."""

from __future__ import annotations

import re
from html import unescape

from helpers import example_data
from resolution_builder import compose, load_answers
from resolution_builder.composition.plan import plain
from resolution_builder.ui.preview import policy_html


def test_the_policy_preview_numbers_each_rule_as_the_draft_does():
    plan = compose(load_answers(example_data())[0])
    shown = [(number, unescape(re.sub(r"</?i>", "", text))) for number, text in  # case names in italics
             re.findall(r'<p class="rule">([\d.]+)\u2003(.*?)</p>', policy_html(plan))]
    expected = [(p.number, plain(p.text)) for s in plan.policy.sections for p in s.paragraphs if p.kind == "rule"]
    assert len(expected) >= 10
    assert shown == expected
