"""Rendering of the library's text snippets in a Jinja sandbox.

Only the library's own text is ever compiled as a template. The answers reach a snippet as data in
its context, so whatever a person types (``{{ 7*7 }}`` included) comes out exactly as typed.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, meta, nodes
from jinja2.sandbox import SandboxedEnvironment

__all__ = ["render", "evaluate", "named", "names_used", "option_names_used", "citations_used", "CONTEXT_NAMES"]

CONTEXT_NAMES = frozenset({"district", "board", "options", "cite", "short", "policy", "regulation", "adoption"})
"""The names a snippet may use; the composer provides exactly these."""

_env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)


def _folded(word: str) -> str:
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().casefold()


def named(name: str, pattern: str) -> str:
    """A typed name with the words a pattern puts before it ("the {name}", "distrito escolar {name}"), unless
    the name starts with the pattern's first word: "The Board of Trustees" stays as typed (never "the the"), as
    does "Distrito Escolar Unificado de Los Ángeles". Snippets use it as a filter: ``{{ board | named('the {name}') }}``."""
    noun = pattern.replace("{name}", "").split()
    if noun and name.split() and _folded(name.split()[0]) == _folded(noun[0]):
        return name
    return pattern.format(name=name)


_env.filters["named"] = named


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
    if not expression and "{" not in source:  # plain text (every Jinja tag starts with "{"): nothing to parse
        return nodes.Template([nodes.Output([nodes.TemplateData(source)])]).set_environment(_env)
    return _env.parse("{{ (" + source + ") }}" if expression else source)


_PLAIN = (nodes.Template, nodes.Output, nodes.If, nodes.Expr, nodes.Helper)
"""Nodes that bind no name: text, output, ``if`` and expressions (``for``, ``set``, macros ... bind names)."""


def _plain_names(tree: nodes.Template) -> set[str] | None:
    """The names a tree that binds none reads from its context; None for any other tree.

    Such a tree reads every name it loads from the context, but for Jinja's globals (``range``, ...) and
    ``self``: the same set as ``meta.find_undeclared_variables``, without running Jinja's code generator
    (most of the library's load time). An unknown filter or test also gives None, so that the code
    generator still reports it exactly as before.
    """
    names = set()
    for node in tree.find_all(nodes.Node):
        if not isinstance(node, _PLAIN):
            return None
        if isinstance(node, nodes.Name):
            if node.ctx != "load":
                return None
            names.add(node.name)
        elif isinstance(node, nodes.Filter) and node.name not in _env.filters:
            return None
        elif isinstance(node, nodes.Test) and node.name not in _env.tests:
            return None
    return names - _env.globals.keys() - {"self"}


def names_used(source: str, expression: bool = False) -> set[str]:
    """Top-level names a snippet or condition refers to (raises on a syntax error or an unknown filter)."""
    tree = _parse(source, expression)
    names = _plain_names(tree)
    return names if names is not None else meta.find_undeclared_variables(tree)


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
