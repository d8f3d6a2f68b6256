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


# What the page's Streamlit connection says, watched from the page itself (an init script: it must see the first
# message). A change a person makes sends the server a rerun request (BackMsg field 11) at once; the page shows
# nothing of it until the server answers, so the request is counted as it leaves, as is a download's request for its
# file (backend_operation_request, 19), answered on its own time after the click's run. From the server: a run
# starting (ForwardMsg new_session, 4), its end (script_finished, 6: 2 = stopped early for a rerun, which follows),
# the session's running state (session_status_changed, 9: its field 2), the answer to a file request
# (backend_operation_response, 27) and to a heartbeat (heartbeat_ack, 26), which comes back through the same queue
# as the rest, after every message the server sent before it.
RERUN_WATCH = """
(() => {
  if (window.__safeZoneRuns) { return; }
  const r = window.__safeZoneRuns = { seq: 0, sent: 0, started: 0, active: 0, running: false, early: false,
                                      probe: 0, ack: 0, asked: 0, answered: 0, requests: 0, socket: null };
  const bytesOf = (data) => data instanceof ArrayBuffer ? new Uint8Array(data)
    : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : null;
  const varint = (b, at) => {
    let value = 0, scale = 1;
    for (;;) { const byte = b[at++]; value += (byte & 0x7f) * scale; scale *= 128; if (byte < 0x80) { return [value, at]; } }
  };
  const fields = (b) => {  // the top-level fields of a protobuf message: [number, value or sub-message bytes]
    const found = [];
    let at = 0;
    while (at < b.length) {
      let tag, value;
      [tag, at] = varint(b, at);
      const wire = tag & 7;
      if (wire === 0) { [value, at] = varint(b, at); }
      else if (wire === 2) { let size; [size, at] = varint(b, at); value = b.subarray(at, at + size); at += size; }
      else if (wire === 1) { at += 8; } else if (wire === 5) { at += 4; } else { break; }
      found.push([Math.floor(tag / 8), value]);
    }
    return found;
  };
  const heard = (event) => {
    const b = bytesOf(event.data);
    if (!b) { return; }
    r.seq += 1;
    for (const [number, value] of fields(b)) {
      if (number === 26) { r.ack = r.seq; return; }
      if (number === 27) { r.answered += 1; }
      if (number === 4) { r.started = r.seq; r.running = true; }
      if (number === 6) { r.early = value === 2; }
      if (number === 9) { r.running = fields(value).some(([n, v]) => n === 2 && v === 1); }
    }
    r.active = r.seq;
  };
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    if (!this.__safeZoneWatched) { this.__safeZoneWatched = true; this.addEventListener("message", heard); }
    r.socket = this;
    const b = bytesOf(data);
    const numbers = b ? fields(b).map(([number]) => number) : [];
    if (numbers.includes(11)) { r.seq += 1; r.sent = r.seq; r.requests += 1; }
    if (numbers.includes(19)) { r.asked += 1; r.requests += 1; }
    return send.call(this, data);
  };
  const HEARTBEAT = new Uint8Array([0x88, 0x01, 0x01]);  // BackMsg app_heartbeat (17) = true
  // Settled: the last rerun request was followed by a run's start, the server said it stopped running (and not
  // early, for a rerun), every file request has its answer, the page shows it idle, and a heartbeat sent since
  // then came back with nothing before it: every request sent before the heartbeat had reached the server, and
  // none of them started a run.
  r.settled = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    const idle = r.socket !== null && r.started > r.sent && !r.running && !r.early && r.answered >= r.asked
      && app?.getAttribute("data-test-script-state") === "notRunning"
      && !document.querySelector('[data-testid="stStatusWidget"]');
    if (!idle) { return false; }
    if (r.probe > r.active && r.ack > r.probe) { return true; }
    if (r.probe <= r.active || r.probe <= r.sent) {  // no heartbeat since the last thing heard or sent: send one
      r.seq += 1;
      r.probe = r.seq;
      send.call(r.socket, HEARTBEAT);
    }
    return false;
  };
})();
"""


def watched(target):
    """A Playwright browser context or page (sync), with the watch that ``settle`` reads; returned."""
    target.add_init_script(RERUN_WATCH)
    return target


def new_context(browser, **options):
    """``browser.new_context(**options)`` whose pages ``settle`` can wait on."""
    return watched(browser.new_context(**options))


def new_page(browser, **options):
    """``browser.new_page(**options)`` that ``settle`` can wait on."""
    return watched(browser.new_page(**options))


def settle(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit has finished every rerun asked for so far, and answered every file request (Playwright,
    sync): conditions only, read by the page's watch (``RERUN_WATCH``; pages from ``new_page`` or ``new_context``).
    A widget sends its change a moment after the key or click that made it (React sends it once it has drawn):
    wrap that action in ``change`` instead, which waits for the change to leave first."""
    if not page.evaluate("() => Boolean(window.__safeZoneRuns)"):
        pytest.fail("settle() needs a page from real_parts.new_page or new_context (the watch of its connection)")
    page.wait_for_function("() => window.__safeZoneRuns.settled()", timeout=timeout)


@contextmanager
def change(page, timeout: float = 30_000) -> Iterator[None]:
    """Around an action that asks the app for something (a changed widget, a click, an upload, a download): waits
    until the page has sent that request, then ``settle``."""
    if not page.evaluate("() => Boolean(window.__safeZoneRuns)"):
        pytest.fail("change() needs a page from real_parts.new_page or new_context (the watch of its connection)")
    before = page.evaluate("() => window.__safeZoneRuns.requests")
    yield
    page.wait_for_function("(before) => window.__safeZoneRuns.requests > before", arg=before, timeout=timeout)
    settle(page, timeout)
