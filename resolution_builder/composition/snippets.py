"""Rendering of the library's text snippets in a Jinja sandbox.

Only the library's own text is ever compiled as a template. The answers reach a snippet as data in
its context, so whatever a person types (``{{ 7*7 }}`` included) comes out exactly as typed.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, meta, nodes
from jinja2.sandbox import SandboxedEnvironment

__all__ = ["render", "evaluate", "names_used", "option_names_used", "citations_used", "CONTEXT_NAMES"]

CONTEXT_NAMES = frozenset({"district", "board", "options", "cite", "short", "policy", "adoption"})
"""The names a snippet may use; the composer provides exactly these."""

_env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)


@lru_cache(maxsize=4096)
def _template(source: str):
    return _env.from_string(source)


@lru_cache(maxsize=1024)
def _expression(source: str):
    return _env.compile_expression(source, undefined_to_none=False)


def render(source: str, context: dict[str, Any]) -> str:
    """Render one snippet of library text with the answers as data."""
    if "{" not in source:
        return source
    return _template(source).render(context)


def evaluate(expression: str, context: dict[str, Any]) -> bool:
    """Evaluate an item's ``when`` condition."""
    return bool(_expression(expression)(**context))


@lru_cache(maxsize=4096)
def _parse(source: str, expression: bool) -> nodes.Template:
    """Parsed once per process: the library check reads each snippet's tree three times (names, options, cites)."""
    return _env.parse("{{ (" + source + ") }}" if expression else source)


def names_used(source: str, expression: bool = False) -> set[str]:
    """Top-level names a snippet or condition refers to (raises on a syntax error)."""
    return meta.find_undeclared_variables(_parse(source, expression))


def option_names_used(source: str, expression: bool = False) -> set[str]:
    """Option ids read through ``options.<id>`` or ``options["<id>"]``."""
    found = set()
    for node in _parse(source, expression).find_all((nodes.Getattr, nodes.Getitem)):
        if isinstance(node.node, nodes.Name) and node.node.name == "options":
            if isinstance(node, nodes.Getattr):
                found.add(node.attr)
            elif isinstance(node.arg, nodes.Const):
                found.add(str(node.arg.value))
    return found


@lru_cache(maxsize=4096)
def citations_used(source: str) -> frozenset[str]:
    """Reference ids cited through ``cite["<id>"]`` or ``short["<id>"]``."""
    return frozenset({
        str(node.arg.value)
        for node in _parse(source, False).find_all(nodes.Getitem)
        if isinstance(node.node, nodes.Name) and node.node.name in ("cite", "short") and isinstance(node.arg, nodes.Const)
    })
