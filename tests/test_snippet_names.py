"""The library check's reading of the names a snippet uses gives exactly what Jinja's own introspection gives."""

from __future__ import annotations

import pytest
from jinja2 import TemplateAssertionError, meta

from resolution_builder.library.snippets import _env, _parse, _plain_names, names_used, option_names_used
from resolution_builder.library import load_library


def _library_snippets() -> list[tuple[str, bool]]:
    """Every text and condition the library check reads: base, recitals and every provision's items."""
    library = load_library()
    items = [*library.base.items(), *library.resolution.recitals,
             *(item for provision in library.provisions.values() for item in provision.items())]
    found = [(text, False) for item in items for text in item.text.values()]
    return found + [(item.when, True) for item in items if item.when]


def _jinja_names(source: str, expression: bool) -> set[str]:
    return meta.find_undeclared_variables(_env.parse("{{ (" + source + ") }}" if expression else source))


def test_every_library_snippet_names_the_same_as_jinja():
    snippets = _library_snippets()
    assert sum("{{" in source for source, _ in snippets) > 100 and any(e for _, e in snippets)
    differing = [(source, expression) for source, expression in snippets
                 if names_used(source, expression) != _jinja_names(source, expression)]
    assert differing == []


@pytest.mark.parametrize("source", [
    "plain text", "", "{{ district.name }} and {{ board.name | upper }}",
    "{% if options.x == 'a' %}{{ cite['ferpa'] }}{% elif b is defined %}{{ c if d else e }}{% endif %}",
    "{{ f(a, k=b) }}{{ {c: d} }}{{ [g][0:1] }}", "{{ self }}{{ super() }}{{ range(3) }}{{ loop }}",
    "{% for a in b %}{{ loop.index }}{{ a }}{% endfor %}{{ a }}", "{{ x }}{% set x = 1 %}{{ x }}",
    "{% set ns = namespace() %}{% set ns.a = y %}", "{% with q = r %}{{ q }}{% endwith %}",
    "{% macro m(p) %}{{ p }}{{ caller() }}{% endmacro %}", "{% if x %}{{ y | no_such_filter }}{% endif %}",
])
def test_names_match_jinja_for_every_kind_of_template(source):
    assert names_used(source) == _jinja_names(source, False)


def test_the_shortcut_reads_every_library_snippet_itself():
    """The library's snippets bind no name, so the shortcut answers for each (Jinja's code generator, most of the
    library's load time, is never needed); the test above holds its answers to Jinja's."""
    snippets = _library_snippets()
    assert [source for source, expression in snippets if _plain_names(_parse(source, expression)) is None] == []


@pytest.mark.parametrize("source, expression, expected", [
    ("{{ options.days }} and {{ options['title'] }}, not {{ other.x }} nor {{ options[name] }}", False,
     {"days", "title"}),
    ("options.reviewer == 'counsel' and not options.include_employees", True, {"reviewer", "include_employees"}),
    ("plain text", False, set()),
])
def test_option_names_are_read_by_attribute_and_by_constant_key(source, expression, expected):
    assert option_names_used(source, expression) == expected
    if not expression:
        assert option_names_used(source) == expected  # a text unless said otherwise


def test_an_unknown_filter_outside_a_condition_is_still_an_error():
    with pytest.raises(TemplateAssertionError, match="No filter named 'shout'"):
        names_used("{{ district.name | shout }}")
