"""A real browser: headless Chromium (Debian's) driven by Playwright against `streamlit run` on loopback."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import docx
import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.browser


def _need(condition: bool, message: str) -> None:
    if not condition:
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def app_url():
    pytest.importorskip("streamlit")
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "streamlit_app.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        else:
            pytest.fail("streamlit did not start within 60 s")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    _need(CHROMIUM is not None, "Debian's chromium is needed: apt-get install chromium")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


def _type(page, label: str, text: str) -> None:
    field = page.get_by_role("textbox", name=label, exact=True)
    field.fill(text)
    field.press("Enter")


def test_fill_choose_and_download_the_resolution(app_url, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1800}, accept_downloads=True)
    page.goto(app_url)
    page.get_by_text("Safe Zone Builder", exact=True).first.wait_for(timeout=60_000)

    _type(page, "District name (required)", "Río Cedar Valley <Unified> School District")
    state = page.get_by_role("combobox", name="State or territory (required)")
    state.click()
    state.fill("California")
    page.get_by_role("option", name="California (CA)").click()
    _type(page, "Board name (required)", "Board of Education")
    page.get_by_text("Officers Wait Away from Students During Review", exact=False).first.click()

    button = page.get_by_role("button", name="Resolution (.docx)")
    button.wait_for(timeout=30_000)
    page.wait_for_function(
        "() => [...document.querySelectorAll('button')].some(b => b.innerText.includes('Resolution (.docx)') && !b.disabled)",
        timeout=30_000)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "app-filled.png"), full_page=True)
    with page.expect_download(timeout=30_000) as download_info:
        page.get_by_role("button", name="Resolution (.docx)").click()
    download = download_info.value
    assert download.suggested_filename == "rio-cedar-valley-unified-school-district-resolution.docx"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    text = "\n".join(p.text for p in docx.Document(target).paragraphs)
    assert "Río Cedar Valley <Unified> School District" in text
    assert "wait" in text.lower()
    page.close()
