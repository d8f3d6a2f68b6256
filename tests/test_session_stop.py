"""Closing the tab stops that session's work on the server (issue 25): a long "Many districts" build, closed
mid-way in headless Chromium, ends its worker processes soon after, instead of building for no one."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from real_parts import CHROMIUM, free_port, need

ROOT = Path(__file__).resolve().parent.parent
ROWS = 1500  # under the app's row limit; building them all takes minutes of both cores

pytestmark = pytest.mark.browser


def _build_workers(server: int) -> list[int]:
    """The build's worker processes: children of the forkserver the server started (it outlives its workers)."""
    parents, commands = {}, {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            parents[int(pid)] = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
            commands[int(pid)] = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
    forkservers = {pid for pid, parent in parents.items() if parent == server and b"forkserver" in commands[pid]}
    return [pid for pid, parent in parents.items() if parent in forkservers]


def _until(condition, what: str, limit: float) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not within {limit:.0f} s")
        time.sleep(0.25)


@pytest.fixture(scope="module")
def server():
    pytest.importorskip("streamlit")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "streamlit_app.py"), "--server.port", str(port),
         "--server.headless", "true"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://localhost:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert process.poll() is None and time.monotonic() < deadline, "streamlit did not start"
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        yield url, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_closing_the_tab_during_a_long_build_stops_the_servers_work(server, tmp_path):
    need(CHROMIUM is not None, "Debian's chromium is needed: apt-get install chromium")
    playwright_api = pytest.importorskip("playwright.sync_api")
    url, pid = server
    districts = tmp_path / "districts.csv"
    with districts.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["district.name", "district.state", "board.name"])
        writer.writerows([f"District {n}", "OR", f"Board {n}"] for n in range(1, ROWS + 1))
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
        try:
            page = browser.new_page()
            page.set_default_timeout(120_000)
            page.goto(f"{url}/batch")
            page.locator("input[type=file]").first.set_input_files(districts)
            build = page.get_by_role("button", name=f"Build {ROWS:,} districts' drafts".replace(",", ""))
            build.wait_for()
            build.click()
            page.get_by_text(re.compile(r"Building drafts: [1-9]\d* of")).wait_for()
            assert _build_workers(pid), "the build runs in worker processes"
            page.close()  # the tab closes: its websocket goes away
            # The rows already handed to the workers (a few chunks of 16) are finished first: 5-35 s here on a
            # loaded machine; building every row would take many minutes more.
            _until(lambda: not _build_workers(pid), "the build's workers stopped after the tab closed", 150)
        finally:
            browser.close()
