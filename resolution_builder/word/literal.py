"""Keeps typed text literal through docxtpl: its post-processing turns {_{ }_} {_% %_} into {{ }} {% %} in the
whole rendered XML, typed text included. Every value the templates print is shielded first (those sequences,
and the marker itself, become the marker and a letter), and the rendered XML is unshielded after docxtpl's
pass, so what a person typed comes out exactly as typed."""

from __future__ import annotations

import re

from docxtpl import DocxTemplate

__all__ = ["shield", "LiteralTemplate"]

_MARKER = "\ue010"  # a private-use character; one typed by a person is shielded too, so the round trip is exact
_SHIELD = {_MARKER: "e", "{_{": "a", "}_}": "b", "{_%": "c", "%_}": "d"}
_UNSHIELD = {letter: text for text, letter in _SHIELD.items()}
_SHIELDED = re.compile("|".join(map(re.escape, _SHIELD)))
_UNSHIELDED = re.compile(f"{_MARKER}([a-e])")


def shield(value: object) -> object:
    """A jinja ``finalize`` step (and what rich text runs get): strings come out shielded, anything else as is."""
    return _SHIELDED.sub(lambda m: _MARKER + _SHIELD[m.group()], value) if isinstance(value, str) else value


class LiteralTemplate(DocxTemplate):
    """A DocxTemplate that restores the shielded sequences after docxtpl's own rewrite of the XML."""

    def render_xml_part(self, src_xml, part, context, jinja_env=None):
        rendered = super().render_xml_part(src_xml, part, context, jinja_env)
        return _UNSHIELDED.sub(lambda m: _UNSHIELD[m.group(1)], rendered)
