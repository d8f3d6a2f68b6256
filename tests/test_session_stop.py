"""Closing the tab stops that session's work on the server (issue 25): a long "Many districts" build, closed
mid-way in headless Chromium, ends its worker processes soon after, instead of building for no one."""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path

import pytest

from real_parts import CHROMIUM, need, running_app, wait_until

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


@pytest.fixture(scope="module")
def server():
    with running_app() as app:
        yield app.url, app.process.pid


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
            wait_until(lambda: not _build_workers(pid), "the build's workers to stop after the tab closed", 150)
        finally:
            browser.close()
