"""Keeps typed text literal through docxtpl: its post-processing turns {_{ }_} {_% %_} into {{ }} {% %} in the
whole rendered XML, typed text included. Every value the templates print is shielded first (those sequences,
and the marker itself, become the marker and a letter), and the rendered XML is unshielded after docxtpl's
pass, so what a person typed comes out exactly as typed."""

from __future__ import annotations

import re

from docxtpl import DocxTemplate
from jinja2 import Environment

__all__ = ["shield", "LiteralTemplate", "TEMPLATE_ENVIRONMENT"]

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


class _CompiledOnce(Environment):
    """docxtpl compiles every part of the template's XML again at each render; the XML is the same every time,
    so each source is compiled once per process (templates are read-only and safe to share between threads)."""

    _limit = 64

    def from_string(self, source, globals=None, template_class=None):  # noqa: A002 - jinja's own signature
        if globals or template_class:
            return super().from_string(source, globals, template_class)
        compiled = self._compiled.get(source)
        if compiled is None:
            if len(self._compiled) >= self._limit:
                self._compiled.clear()
            compiled = self._compiled[source] = super().from_string(source)
        return compiled

    def __init__(self, **options):
        super().__init__(**options)
        self._compiled: dict[str, object] = {}


TEMPLATE_ENVIRONMENT = _CompiledOnce(autoescape=True, finalize=shield)
"""The one environment the Word templates render in: autoescaped, every printed value shielded."""
