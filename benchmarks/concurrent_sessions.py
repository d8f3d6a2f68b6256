"""Many people on one server: N concurrent browser sessions, each with its own district, each downloading its
resolution and checking it holds only its own district; the server's memory before, at the peak and after
they close; and the same round again with one hostile upload in the middle, to see how much it slows the others.

    python benchmarks/concurrent_sessions.py [--sessions 20] [--hostile aliases|bomb] [--time-limit 900]
    python benchmarks/concurrent_sessions.py --sessions 10 --hostile-file all   (hostile_uploads.py: hostile
        spreadsheets and drafts while the others load and restore; the slowdown and the server's peak memory)

Loopback only: the app is started on 127.0.0.1 and driven by Debian's headless Chromium through Playwright.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from io import BytesIO
from pathlib import Path

import docx

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage"]
SESSION_TIMEOUT_MS = int(os.environ.get("SESSION_TIMEOUT_MS", 240_000))

# A hostile upload as a security review found them: 120,000 aliased repeats of one provision in 600 KB (which
# made the duplicate check run for 50 minutes), or "billion laughs" (which, read without bounds, never ends).
HOSTILE = {
    "aliases": "district: {name: Hostile, state: OR}\nboard: {name: B}\nprovisions:\n- &p {id: safe-zone-declaration}\n"
               + "- *p\n" * 120_000,
    "bomb": "\n".join(['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
                      + [f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
                      + ["district: {name: *i, state: OR}", "board: {name: B}"]),
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_app(port: int) -> subprocess.Popen:
    """`streamlit run` on loopback, returned once it answers its health check."""
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "streamlit_app.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise RuntimeError("streamlit did not start within 60 s")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class PeakMemory(threading.Thread):
    """Samples a process's resident memory twice a second; ``peak`` is the highest seen."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self._done = pid, rss_mb(pid), threading.Event()

    def run(self) -> None:
        while not self._done.wait(0.5):
            self.peak = max(self.peak, rss_mb(self.pid))

    def stop(self) -> float:
        self._done.set()
        self.join()
        return self.peak


async def one_session(browser, url: str, district: str) -> dict:
    """A person: open the page, fill the required fields, download the resolution; returns its text and time."""
    context = await browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1800})
    start = time.monotonic()
    try:
        page = await context.new_page()
        page.set_default_timeout(SESSION_TIMEOUT_MS)
        await page.goto(url)
        await page.get_by_role("textbox", name=re.compile("^District name")).wait_for()
        for label, text in (("District name", district), ("Board name", f"{district} Board")):
            field = page.get_by_role("textbox", name=re.compile("^" + label))
            await field.fill(text)
            await field.press("Enter")
        state = page.get_by_role("combobox", name=re.compile("^State or territory"))
        await state.click()
        await state.fill("Oregon")
        await page.get_by_role("option", name="Oregon (OR)").click()
        # The drafts' buttons download only once the answers are complete (before, they flag what is missing).
        await page.locator("[data-testid='stDownloadButton'] button", has_text="Resolution (.docx)").wait_for(
            timeout=SESSION_TIMEOUT_MS)
        # Click once the answers' rerun has finished, as a person who sees the page settle does: this measures
        # isolation between sessions, not a click racing the session's own rerun (which replaces the button).
        await page.wait_for_function(
            "() => !['running', 'rerunRequested'].includes(document.querySelector('[data-testid=\"stApp\"]')"
            "?.getAttribute('data-test-script-state'))", timeout=SESSION_TIMEOUT_MS)
        async with page.expect_download(timeout=SESSION_TIMEOUT_MS) as download_info:
            await page.locator("[data-testid='stDownloadButton'] button", has_text="Resolution (.docx)").click()
        download = await download_info.value
        content = Path(await download.path()).read_bytes()
        text = "\n".join(p.text for p in docx.Document(BytesIO(content)).paragraphs)
        return {"district": district, "seconds": time.monotonic() - start, "text": text,
                "filename": download.suggested_filename, "error": None}
    except Exception as exc:  # a session that fails is counted and shown, not allowed to stop the others
        return {"district": district, "seconds": time.monotonic() - start, "text": "", "filename": "",
                "error": f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"}
    finally:
        await context.close()


async def hostile_upload(browser, url: str, content: str) -> float | None:
    """Someone uploads a hostile answers file in the sidebar; returns the seconds until the page refused it,
    or None if it never did within the time limit."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1800})  # narrower hides the sidebar
    try:
        page = await context.new_page()
        page.set_default_timeout(SESSION_TIMEOUT_MS)
        await page.goto(url)
        await page.get_by_role("textbox", name=re.compile("^District name")).wait_for()
        await page.locator("input[type=file]").first.wait_for(state="attached")  # the uploader is drawn
        start = time.monotonic()
        # the bytes themselves, not a path: the browser reads a path lazily, and nothing is left on disk
        await page.locator("input[type=file]").first.set_input_files(
            {"name": "answers.yaml", "mimeType": "application/x-yaml", "buffer": content.encode()})
        await page.get_by_text("was not loaded").first.wait_for()
        return time.monotonic() - start
    except Exception as exc:  # noqa: BLE001 - the page never answering is itself the finding
        print(f"  hostile upload: {type(exc).__name__}: {str(exc).splitlines()[0]}", file=sys.stderr)
        if os.environ.get("SHOT"):
            await page.screenshot(path=os.environ["SHOT"])
        return None
    finally:
        await context.close()


async def run_round(url: str, sessions: int, hostile: str | None = None) -> tuple[list[dict], float | None]:
    """``sessions`` people at once (and one hostile upload among them): their results, and the seconds until
    the upload was refused (None without one, or if it never was)."""
    from playwright.async_api import async_playwright

    districts = [f"Zq{index:02d}{secrets.token_hex(4)} School District" for index in range(sessions)]
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        try:
            work = [one_session(browser, url, district) for district in districts]
            if hostile:
                work.insert(len(work) // 2, hostile_upload(browser, url, HOSTILE[hostile]))
            results = await asyncio.gather(*work)
        finally:
            await browser.close()
    upload = results.pop(len(districts) // 2) if hostile else None
    return list(results), upload


def isolation_problems(results: list[dict]) -> list[str]:
    """Each session's document holds its own district and no other session's."""
    problems = []
    everyone = [r["district"] for r in results]
    for result in results:
        if result["error"]:
            problems.append(f"{result['district']}: {result['error']}")
            continue
        if result["district"] not in result["text"]:
            problems.append(f"{result['district']}: its own district is missing from its resolution")
        leaked = [other for other in everyone if other != result["district"] and other.split()[0] in result["text"]]
        if leaked:
            problems.append(f"{result['district']}: its resolution holds other sessions' districts {leaked}")
    return problems


def main() -> int:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--sessions", type=int, default=20, choices=range(1, 41), metavar="1..40")
    arguments.add_argument("--hostile", choices=sorted(HOSTILE), default="aliases")
    arguments.add_argument("--time-limit", type=int, default=900, help="seconds for the whole run (default 900)")
    arguments.add_argument("--hostile-file", choices=("all", "xlsx-dimension", "xlsx-zipbomb", "docx-paragraphs",
                                                      "docx-imagebomb"),
                           help="instead: one session uploads this hostile file (see hostile_uploads.py)")
    arguments.add_argument("--memory-cap", type=float, default=4.0, metavar="GIB",
                           help="with --hostile-file: the server's address-space cap (default 4)")
    args = arguments.parse_args()
    if args.hostile_file:
        from hostile_uploads import hostile_main
        return hostile_main(args.hostile_file, args.sessions, args.memory_cap)
    if CHROMIUM is None:
        print("Debian's chromium is needed: apt-get install chromium", file=sys.stderr)
        return 1
    port = free_port()
    server = start_app(port)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + args.time_limit
    failed = False
    try:
        asyncio.run(asyncio.wait_for(run_round(url, 1), timeout=300))  # warm up: imports, the library, templates
        baseline = rss_mb(server.pid)
        figures = []
        for hostile in (None, args.hostile):
            memory = PeakMemory(server.pid)
            memory.start()
            started = time.monotonic()
            results, upload = asyncio.run(asyncio.wait_for(run_round(url, args.sessions, hostile),
                                                           timeout=max(30.0, deadline - time.monotonic())))
            wall, peak = time.monotonic() - started, memory.stop()
            times = sorted(r["seconds"] for r in results if not r["error"])
            problems = isolation_problems(results)
            failed |= bool(problems)
            label = f"with one hostile upload ({hostile})" if hostile else "no hostile upload"
            median = statistics.median(times) if times else float("nan")
            figures.append(median)
            print(f"{args.sessions} sessions, {label}: {len(times)}/{args.sessions} done in {wall:.0f} s wall; "
                  f"per session median {median:.1f} s, max {max(times, default=float('nan')):.1f} s; "
                  f"server memory peak {peak:.0f} MB")
            if hostile:
                print(f"  the hostile upload was refused after {upload:.1f} s" if upload is not None
                      else "  the hostile upload was NOT refused within the time limit")
                failed |= upload is None
            print(f"  isolation: {'ok, each document holds only its own district' if not problems else 'FAILED'}")
            for problem in problems:
                print(f"    {problem}")
        closed = rss_mb(server.pid)
        # Streamlit drops a closed session's state only after server.disconnectedSessionTTL (120 s by default)
        settle = time.monotonic() + 150
        while time.monotonic() < settle and rss_mb(server.pid) > baseline * 1.1:
            time.sleep(2)
        after = rss_mb(server.pid)
        print(f"server memory: {baseline:.0f} MB after warm-up, {closed:.0f} MB when every session had closed, "
              f"{after:.0f} MB once their state expired")
        slowdown = figures[1] / figures[0] if figures[0] else float("nan")
        verdict = "ok (at most 2x)" if slowdown <= 2 else "TOO SLOW (more than 2x)"
        print(f"slowdown of the others during the hostile upload: {slowdown:.2f}x, {verdict}")
        failed |= not slowdown <= 2
    finally:
        server.terminate()
        server.wait(timeout=20)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
