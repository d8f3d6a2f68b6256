"""Quick start: the library's data files read the same through LibYAML as through pure Python, dates as text."""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from real_parts import need
from resolution_builder.library.loader import DATA_DIR
from resolution_builder.yaml_io import load_data_yaml, load_yaml

DATA_FILES = sorted(DATA_DIR.rglob("*.yaml"))


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: str(p.relative_to(DATA_DIR)))
def test_each_data_file_reads_the_same_with_the_fast_loader(path):
    text = path.read_text(encoding="utf-8")
    assert load_data_yaml(text) == load_yaml(text)


def test_the_fast_loader_keeps_dates_as_text_and_refuses_python_tags():
    assert load_data_yaml("day: 2026-02-30\nother: 2026-12-10") == {"day": "2026-02-30", "other": "2026-12-10"}
    with pytest.raises(yaml.YAMLError):
        load_data_yaml("!!python/object/apply:os.system ['true']")


def test_libyaml_is_used_where_pyyaml_has_it():
    from resolution_builder import yaml_io

    need(yaml.__with_libyaml__, "this PyYAML was built without LibYAML; the pure-Python loader is used")
    assert issubclass(yaml_io._FastLoader, yaml.CSafeLoader)


def test_checking_answers_does_not_load_word_machinery():
    """``safe-zone check`` must not pay for docxtpl and python-docx, nor for the composer: only building needs them."""
    code = ("import sys, resolution_builder.cli as c; c.main(['check', '-']);"
            "print(sorted(m for m in ('docxtpl', 'docx', 'resolution_builder.build', 'resolution_builder.composition.plan',"
            " 'resolution_builder.composition.citations') if m in sys.modules))")
    example = (DATA_DIR / "example.yaml").read_text(encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", code], input=example, capture_output=True, text=True, check=True)
    assert result.stdout.strip().endswith("[]"), result.stdout
