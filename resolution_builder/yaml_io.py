"""YAML reading and writing for answers files and library data."""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["load_yaml", "load_data_yaml", "dump_yaml", "YAMLError"]

YAMLError = yaml.YAMLError


class _Loader(yaml.SafeLoader):
    """A safe loader that leaves dates as text, so that the answers model, not the YAML parser,
    judges them: ``2026-02-30`` then gets a clear message instead of a crash."""


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The same loader on PyYAML's LibYAML parser where PyYAML was built with it (about ten times faster)."""


_Loader.yaml_implicit_resolvers = _FastLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass


def load_data_yaml(text: str) -> Any:
    """The library's own data files (trusted): same results as ``load_yaml``, dates stay text, parsed faster."""
    return yaml.load(text, Loader=_FastLoader)  # noqa: S506 - a SafeLoader (C or Python) subclass


def dump_yaml(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
