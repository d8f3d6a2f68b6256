"""README's two commands stay true: CI runs README's test command word for word."""

from pathlib import Path
import re

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    return re.findall(r"```sh\n(.+?)\n```", (ROOT / "README.md").read_text(encoding="utf-8"))


def test_ci_runs_the_readme_test_command():
    commands = readme_commands()
    assert len(commands) == 2, "README keeps exactly two set-up commands: the app and the tests"
    test_command = next(c for c in commands if "pytest" in c)
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci_lines
