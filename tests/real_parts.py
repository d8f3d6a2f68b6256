"""The real programs the tests drive (LibreOffice, Chromium, `streamlit run`, servers on a free port), found and
started here once for every test file and benchmark: the skip-or-fail rule, free ports, starting the app,
Chromium's flags, waiting on a condition, and the processes still running."""

from __future__ import annotations

import importlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import IO, TypeVar

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Headless Chromium that asks nothing of the network on its own (no sync, updates or QUIC) and runs as root in CI.
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]

T = TypeVar("T")


def in_ci() -> bool:
    """CI sets ``CI=true``; ``CI=false``, ``CI=0`` or an empty value is a workstation."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def need(condition: bool, message: str) -> None:
    """Skip on a workstation without the program; fail in CI, which must have installed it (``.ci/run``)."""
    if not condition:
        if in_ci():
            pytest.fail(message)
        pytest.skip(message, allow_module_level=True)  # also at a module's top, before its imports


def need_module(name: str, message: str | None = None) -> ModuleType:
    """``pytest.importorskip`` that fails in CI instead of skipping: the dev extra installs every module."""
    try:
        return importlib.import_module(name)
    except ImportError:
        need(False, message or f"the Python module {name} is needed: pip install -e '.[dev]'")
        raise  # not reached: need() skipped or failed


def need_programs(*names: str) -> dict[str, str]:
    """The programs' paths, by name; skip (workstation) or fail (CI) when one is missing."""
    found = {name: shutil.which(name) for name in names}
    missing = [name for name, path in found.items() if path is None]
    need(not missing, f"{', '.join(missing)} needed (.ci/run installs them)")
    return found  # type: ignore[return-value]


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def need_libreoffice() -> str:
    """LibreOffice headless and pdftotext, for the tests that open documents in it."""
    need(soffice() is not None and shutil.which("pdftotext") is not None,
         "LibreOffice and pdftotext are needed: apt-get install libreoffice-writer-nogui poppler-utils")
    return soffice()  # type: ignore[return-value]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition: Callable[[], T], what: str, timeout: float = 60) -> T:
    """Wait until ``condition()`` is true (a server answers, a file is there, a process is gone) and return it.
    ``timeout`` only bounds a hang: it is never what a test measures."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout:g} s for {what}")
        time.sleep(0.02)  # a poll, not a wait for something to have happened


def processes_with(text: str) -> list[str]:
    """Command lines of running processes that mention ``text`` (a folder, a marker), read from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if text in command:
            found.append(command)
    return found


def stop(process: subprocess.Popen, grace: float = 20) -> None:
    """SIGTERM to the process's group (it was started with ``start_new_session``), then SIGKILL after ``grace``."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=grace)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def streamlit_command(port: int, *options: str, headless: bool = True) -> list[str]:
    """`streamlit run` of the app on ``port``, as README starts it (``headless=False``) or as a server."""
    return [sys.executable, "-m", "streamlit", "run", str(ROOT / "streamlit_app.py"), "--server.port", str(port),
            *(["--server.headless", "true"] if headless else []), *options]


def _answers_health(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@dataclass(frozen=True)
class App:
    url: str  # http://localhost:PORT
    port: int
    process: subprocess.Popen


@contextmanager
def running_app(*options: str, headless: bool = True, wrapper: tuple[str, ...] = (),
                output: IO | int = subprocess.DEVNULL, timeout: float = 120) -> Iterator[App]:
    """The app under `streamlit run` on a free port, yielded once it answers its health check; stopped with its
    process group (``wrapper``, e.g. strace, included) afterwards."""
    need_module("streamlit")
    port = free_port()
    process = subprocess.Popen([*wrapper, *streamlit_command(port, *options, headless=headless)], cwd=ROOT,
                               stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    url = f"http://localhost:{port}"
    try:
        wait_until(lambda: process.poll() is not None or _answers_health(url), "streamlit to answer", timeout)
        assert process.poll() is None, f"streamlit stopped with status {process.returncode}"
        yield App(url, port, process)
    finally:
        stop(process)


def launch_chromium(browser_type, *flags: str):
    """Debian's Chromium, headless, through Playwright's sync or async ``playwright.chromium``."""
    need(CHROMIUM is not None, "Debian's chromium is needed: apt-get install chromium")
    return browser_type.launch(executable_path=CHROMIUM, headless=True, args=[*CHROMIUM_FLAGS, *flags])


# Streamlit marks its page with the script's state; a change a person makes asks for a rerun.
STREAMLIT_IDLE = ("() => !['running', 'rerunRequested'].includes("
                  "document.querySelector('[data-testid=\"stApp\"]')?.getAttribute('data-test-script-state'))")


def settle(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit has finished the rerun a change started (Playwright, sync).

    Not yet a condition only: the page shows a rerun as started only once the server answers, so a fixed
    150 ms comes first, then the script idle, then 100 ms for what the rerun drew (as CI has passed with). Two
    conditions were tried and failed under load (two drawn frames; a count of reruns started since the last
    input, which an earlier input's rerun satisfies): see the report of issue 26."""
    page.wait_for_timeout(150)
    page.wait_for_function(STREAMLIT_IDLE, timeout=timeout)
    page.wait_for_timeout(100)
