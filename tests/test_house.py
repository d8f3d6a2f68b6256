"""The house rules: each room imports only the rooms below it, every refusal derives from SafeZoneError,
and a fault reaches a person as one line unless they ask for the traceback."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import resolution_builder
from resolution_builder import cli
from resolution_builder.exceptions import SafeZoneError

ROOT = Path(__file__).resolve().parents[1]

# A script that LibreOffice's own Python runs (it imports ``uno``); it defines no exceptions.
NOT_IMPORTABLE = {"resolution_builder.__main__", "resolution_builder.word.uno_bridge"}
# Not refusals: signals turned into exceptions so that every ``finally`` runs, as KeyboardInterrupt does.
NOT_REFUSALS = {"resolution_builder.cli._Terminated", "resolution_builder.batch.command._Stopped"}


def test_each_room_imports_only_the_rooms_below_it():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--config", str(ROOT / "pyproject.toml"), "--no-cache"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def _exception_classes() -> dict[str, type[BaseException]]:
    found = {}
    for module_info in pkgutil.walk_packages(resolution_builder.__path__, "resolution_builder."):
        if module_info.name in NOT_IMPORTABLE:
            continue
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            if (inspect.isclass(value) and issubclass(value, BaseException)
                    and value.__module__ == module_info.name):
                found[f"{module_info.name}.{name}"] = value
    return found


def test_every_refusal_derives_from_safe_zone_error():
    classes = _exception_classes()
    assert {"resolution_builder.exceptions.LibraryError", "resolution_builder.answers.loading.AnswersError",
            "resolution_builder.word.reading.DraftRefused", "resolution_builder.batch.sheet.BatchInputError",
            "resolution_builder.output_files.OutputExists", "resolution_builder.word.pdf.PdfUnavailable"} <= set(classes)
    outside = sorted(name for name, cls in classes.items()
                     if name not in NOT_REFUSALS and not issubclass(cls, SafeZoneError))
    assert outside == []


def _run(monkeypatch, capsys, fault: BaseException, *flags: str) -> tuple[int, str]:
    def command(args):
        raise fault
    monkeypatch.setattr(cli, "_cmd_example", command)
    status = cli.main([*flags, "example"])
    return status, capsys.readouterr().err


def test_a_refusal_is_one_plain_line_with_status_2(monkeypatch, capsys):
    monkeypatch.delenv("SAFE_ZONE_DEBUG", raising=False)
    status, err = _run(monkeypatch, capsys, SafeZoneError("answers.yaml: the file is empty"))
    assert (status, err) == (2, "error: answers.yaml: the file is empty\n")


def test_a_fault_is_one_line_without_a_traceback_unless_asked(monkeypatch, capsys):
    monkeypatch.delenv("SAFE_ZONE_DEBUG", raising=False)
    status, err = _run(monkeypatch, capsys, ZeroDivisionError("division by zero"))
    assert status == 1
    assert err == ("error: unexpected ZeroDivisionError: division by zero "
                   "(please report this; run again with --debug to see where)\n")

    status, err = _run(monkeypatch, capsys, ZeroDivisionError("division by zero"), "--debug")
    assert status == 1
    assert err.startswith("Traceback (most recent call last):\n") and "in command\n" in err
    assert err.endswith("error: unexpected ZeroDivisionError: division by zero (please report this)\n")


def test_safe_zone_debug_in_the_environment_shows_the_traceback(monkeypatch, capsys):
    monkeypatch.setenv("SAFE_ZONE_DEBUG", "1")
    status, err = _run(monkeypatch, capsys, KeyError("district"))
    assert status == 1 and err.startswith("Traceback (most recent call last):\n")
    monkeypatch.setenv("SAFE_ZONE_DEBUG", "0")
    status, err = _run(monkeypatch, capsys, KeyError("district"))
    assert "Traceback" not in err


def test_the_shared_library_cannot_be_changed_by_a_face():
    from resolution_builder.library import load_library
    library = load_library()
    some_id = next(iter(library.provisions))
    attempts = {
        "provisions": lambda: library.provisions.__setitem__("x", library.provisions[some_id]),
        "removing a provision": lambda: library.provisions.pop(some_id),
        "phrases": lambda: library.phrases["en"].__setitem__("language_name", "Klingon"),
        "state names": lambda: library.states["CA"].update({"en": "Kalifornia"}),
        "law words": lambda: library.law_words["CA"]["singular"].__setitem__("en", "x"),
        "a field": lambda: setattr(library, "phrases", {}),
    }
    refused = []
    for name, attempt in attempts.items():
        try:
            attempt()
        except (TypeError, AttributeError):
            refused.append(name)
    assert refused == list(attempts)
    assert load_library().phrases["en"]["language_name"] == "English" and some_id in load_library().provisions


def test_the_protections_file_is_checked_by_its_schema_when_it_loads(tmp_path):
    from resolution_builder.exceptions import LibraryError
    from resolution_builder.redline.protections import PROTECTIONS_FILE, load_protections
    from resolution_builder.yaml_io import dump_yaml, load_yaml
    rules = load_yaml(PROTECTIONS_FILE.read_text(encoding="utf-8"))
    assert load_protections()["es"].months[0] == "enero"
    del rules["en"]["negations"]
    rules["es"]["duration_units"]["días"] = "many"
    rules["es"]["date"] = "{day} de {month}"
    broken = tmp_path / "protections.yaml"
    broken.write_text(dump_yaml(rules), encoding="utf-8")
    with pytest.raises(LibraryError) as refused:
        load_protections(broken)
    assert str(refused.value).splitlines() == [
        "protections.yaml: en.negations: is required",
        "protections.yaml: es.duration_units.días: 'many' is not a number",
        "protections.yaml: es.date: must hold {year}",
    ]
