"""The hostile-upload mode of concurrent_sessions.py (``--hostile-file KIND``): one session uploads hostile
files while the others open the page and restore their saved answers; prints how much the others slowed (median
page load and restore, against a round without the hostile session) and the server's peak memory.

The hostile files are made here, in memory, as a security review made them (nothing of them is in the repo):

    xlsx-dimension  a 2 KB .xlsx whose sheet claims 16,384 columns x 1,048,576 rows (Many districts)
    xlsx-zipbomb    an .xlsx of ~800 KB holding a sheet of 200 MB of rows (Many districts)
    docx-paragraphs a real draft with 100,000 paragraphs added (Compare)
    docx-imagebomb  a real draft carrying a 900 MB image compressed to ~940 KB (Compare)
    all             each of them in turn, one tab each

The server runs under an address-space cap (--memory-cap, default 4 GiB) so that a bomb cannot take a shared
machine down with it; a server that dies under the cap is reported as such.
"""

from __future__ import annotations

import asyncio
import re
import secrets
import statistics
import subprocess
import sys
import time
import zipfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("xlsx-dimension", "xlsx-zipbomb", "docx-paragraphs", "docx-imagebomb")
PAGE_OF = {"xlsx-dimension": "batch", "xlsx-zipbomb": "batch", "docx-paragraphs": "compare",
           "docx-imagebomb": "compare"}
PER_FILE_LIMIT = 120  # seconds the hostile tab waits for the page's answer to one file before closing it

_XLSX_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
               '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
               '<Default Extension="xml" ContentType="application/xml"/>'
               '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
               'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="'
               'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
_XLSX_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
              'officeDocument" Target="xl/workbook.xml"/></Relationships>')
_XLSX_WORKBOOK = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                  '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://'
                  'schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Districts" '
                  'sheetId="1" r:id="rId1"/></sheets></workbook>')
_XLSX_WORKBOOK_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                       '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                       '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                       'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
_SHEET_START = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dimension}<sheetData>')
_HEADER = ('<row r="1"><c r="A1" t="inlineStr"><is><t>district.name</t></is></c><c r="B1" t="inlineStr"><is><t>'
           'district.state</t></is></c><c r="C1" t="inlineStr"><is><t>board.name</t></is></c></row>')


def _cell(text: str) -> str:
    return f'<c t="inlineStr"><is><t>{text}</t></is></c>'


def _xlsx(write_sheet) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _XLSX_TYPES)
        archive.writestr("_rels/.rels", _XLSX_RELS)
        archive.writestr("xl/workbook.xml", _XLSX_WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _XLSX_WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            write_sheet(sheet)
    return out.getvalue()


def xlsx_dimension() -> bytes:
    """One header row and one cell at XFD1048576; the sheet claims every cell in between."""
    def sheet(out):
        out.write((_SHEET_START.format(dimension='<dimension ref="A1:XFD1048576"/>') + _HEADER
                   + '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
                   + "</sheetData></worksheet>").encode())
    return _xlsx(sheet)


def xlsx_zipbomb(megabytes: int = 200) -> bytes:
    """A header row, then the same district row again and again: ~``megabytes`` MB of XML, under 1 MB zipped."""
    row = ("<row>" + _cell("Hostile District") + _cell("OR") + _cell("Hostile Board") + "</row>").encode()
    block = row * (1_048_576 // len(row))

    def sheet(out):
        out.write(_SHEET_START.format(dimension="").encode() + _HEADER.encode())
        for _ in range(megabytes):
            out.write(block)
        out.write(b"</sheetData></worksheet>")
    return _xlsx(sheet)


def _draft() -> bytes:
    """A real resolution draft (carrying its answers), as the Compare page expects."""
    sys.path.insert(0, str(ROOT))
    from resolution_builder import build_documents, load_answers
    from resolution_builder.yaml_io import load_yaml
    data = load_yaml((ROOT / "resolution_builder" / "data" / "example.yaml").read_text(encoding="utf-8"))
    return build_documents(load_answers(data)[0])["resolution"].content


def _rewrite(docx_bytes: bytes, change) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(docx_bytes)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for item in source.infolist():
            target.writestr(item.filename, change(item.filename, source.read(item.filename)))
        change.extra(target)
    return out.getvalue()


def docx_paragraphs(count: int = 100_000) -> bytes:
    """The draft with ``count`` short distinct paragraphs added before its section properties."""
    def change(name, data):
        if name != "word/document.xml":
            return data
        added = "".join(f"<w:p><w:r><w:t>Added paragraph {n} of the edited draft.</w:t></w:r></w:p>"
                        for n in range(count)).encode()
        at = data.rindex(b"<w:sectPr")
        return data[:at] + added + data[at:]
    change.extra = lambda target: None
    return _rewrite(_draft(), change)


def docx_imagebomb(megabytes: int = 900) -> bytes:
    """The draft with an image part of ``megabytes`` MB of zeros, related from the document (python-docx loads
    every related part)."""
    def change(name, data):
        if name == "word/_rels/document.xml.rels":
            return data.replace(b"</Relationships>", b'<Relationship Id="rIdBomb" Type="http://schemas.'
                                b'openxmlformats.org/officeDocument/2006/relationships/image" '
                                b'Target="media/bomb.png"/></Relationships>')
        if name == "[Content_Types].xml" and b'Extension="png"' not in data:
            return data.replace(b"<Default ", b'<Default Extension="png" ContentType="image/png"/><Default ', 1)
        return data

    def extra(target):
        with target.open("word/media/bomb.png", "w", force_zip64=True) as image:
            zeros = bytes(1_048_576)
            for _ in range(megabytes):
                image.write(zeros)
    change.extra = extra
    return _rewrite(_draft(), change)


MAKERS = {"xlsx-dimension": xlsx_dimension, "xlsx-zipbomb": xlsx_zipbomb, "docx-paragraphs": docx_paragraphs,
          "docx-imagebomb": docx_imagebomb}


def start_capped_app(port: int, cap_bytes: int) -> subprocess.Popen:
    from concurrent_sessions import start_app  # imported here: concurrent_sessions imports this module's main
    return start_app(port, memory_cap=cap_bytes, wait=90)


_SETTLED = ("() => !['running', 'rerunRequested'].includes(document.querySelector('[data-testid=\"stApp\"]')"
            "?.getAttribute('data-test-script-state'))")


async def load_and_restore(browser, url: str, district: str, timeout_ms: int) -> dict:
    """A person opens the page and restores their saved answers: seconds for each (None if it failed)."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1800})
    result = {"district": district, "load": None, "restore": None, "error": None}
    try:
        page = await context.new_page()
        page.set_default_timeout(timeout_ms)
        start = time.monotonic()
        await page.goto(url)
        await page.get_by_role("textbox", name=re.compile("^District name")).wait_for()
        await page.locator("input[type=file]").first.wait_for(state="attached")
        result["load"] = time.monotonic() - start
        answers = f"district: {{name: {district}, state: OR}}\nboard: {{name: {district} Board}}\nprovisions: []\n"
        start = time.monotonic()
        await page.locator("input[type=file]").first.set_input_files(
            {"name": "answers.yaml", "mimeType": "application/x-yaml", "buffer": answers.encode()})
        await page.get_by_text(f"Restored the saved answers for {district}").first.wait_for()
        result["restore"] = time.monotonic() - start
    except Exception as exc:  # noqa: BLE001 - counted and shown, never allowed to stop the others
        result["error"] = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
    finally:
        await context.close()
    return result


async def hostile_session(browser, url: str, files: dict[str, bytes]) -> list[str]:
    """Uploads each hostile file on its page, in its own tab, waits for the page's answer (at most
    PER_FILE_LIMIT s), then closes the tab. Returns one line per file."""
    lines = []
    for kind, content in files.items():
        context = await browser.new_context(viewport={"width": 1400, "height": 1800})
        start = time.monotonic()
        try:
            page = await context.new_page()
            page.set_default_timeout(PER_FILE_LIMIT * 1000)
            await page.goto(f"{url}/{PAGE_OF[kind]}")
            await page.locator("input[type=file]").first.wait_for(state="attached")
            start = time.monotonic()
            name = "districts.xlsx" if kind.startswith("xlsx") else "edited.docx"
            await page.locator("input[type=file]").first.set_input_files(
                {"name": name, "mimeType": "application/octet-stream", "buffer": content})
            try:  # the upload reaches the server and the page's run starts (unless the uploader refused it)
                await page.wait_for_function("() => document.querySelector('[data-testid=\"stApp\"]')"
                                             "?.getAttribute('data-test-script-state') === 'running'",
                                             timeout=60_000)
            except Exception:  # noqa: BLE001 - said below with what the page shows
                uploader = await page.locator("[data-testid=stFileUploader]").first.inner_text()
                lines.append(f"{kind} ({len(content) / 1024:.0f} KB): no run started within 60 s; the uploader "
                             f"shows: {' '.join(uploader.split())[:200]}")
                continue
            await page.wait_for_function(_SETTLED)
            shown = await page.locator("[data-testid=stAlert], [data-testid=stException]").all_inner_texts()
            lines.append(f"{kind} ({len(content) / 1024:.0f} KB): the page answered after "
                         f"{time.monotonic() - start:.1f} s: {' | '.join(t.strip()[:100] for t in shown)[:300]}")
        except Exception as exc:  # noqa: BLE001 - the page never answering is itself the finding
            lines.append(f"{kind} ({len(content) / 1024:.0f} KB): no answer after {time.monotonic() - start:.0f} s "
                         f"({type(exc).__name__}); tab closed")
        finally:
            await context.close()
    return lines


async def hostile_round(url: str, sessions: int, files: dict[str, bytes] | None, chromium: str,
                        flags: list[str], timeout_ms: int) -> tuple[list[dict], list[str]]:
    """``sessions`` people loading and restoring, 1 s apart, and (with ``files``) one hostile tab from the start."""
    from playwright.async_api import async_playwright

    async def person(index: int, district: str) -> dict:
        await asyncio.sleep(index)  # arrivals 1 s apart, as people do (and as the 2-core client can bear)
        return await load_and_restore(browser, url, district, timeout_ms)

    districts = [f"Zq{index:02d}{secrets.token_hex(4)} School District" for index in range(sessions)]
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium, headless=True, args=flags)
        try:
            work = [person(index, district) for index, district in enumerate(districts)]
            if files:
                work.insert(0, hostile_session(browser, url, files))
            results = await asyncio.gather(*work)
        finally:
            await browser.close()
    lines = results.pop(0) if files else []
    return list(results), lines


def _medians(results: list[dict]) -> tuple[float, float, int]:
    loads = [r["load"] for r in results if r["load"] is not None]
    restores = [r["restore"] for r in results if r["restore"] is not None]
    return (statistics.median(loads) if loads else float("nan"),
            statistics.median(restores) if restores else float("nan"), len(restores))


def hostile_main(kind: str, sessions: int, memory_cap_gib: float) -> int:
    """The whole hostile-upload benchmark; 1 if the others slowed more than 1.5x or the server passed 1 GB."""
    from concurrent_sessions import CHROMIUM, CHROMIUM_FLAGS, PeakMemory, SESSION_TIMEOUT_MS, free_port, rss_mb, stop_app

    if CHROMIUM is None:
        print("Debian's chromium is needed: apt-get install chromium", file=sys.stderr)
        return 1
    kinds = KINDS if kind == "all" else (kind,)
    started = time.monotonic()
    files = {k: MAKERS[k]() for k in kinds}
    print(f"hostile files made in {time.monotonic() - started:.1f} s: "
          + ", ".join(f"{k} {len(v) / 1024:.0f} KB" for k, v in files.items()))
    others = max(1, sessions - 1)
    port = free_port()
    server = start_capped_app(port, int(memory_cap_gib * 2**30))
    url = f"http://127.0.0.1:{port}"
    failed = False
    try:
        asyncio.run(hostile_round(url, 1, None, CHROMIUM, CHROMIUM_FLAGS, SESSION_TIMEOUT_MS))  # warm up
        figures = {}
        for label, hostile in (("baseline", None), ("hostile", files)):
            memory = PeakMemory(server.pid)
            memory.start()
            results, lines = asyncio.run(hostile_round(url, others, hostile, CHROMIUM, CHROMIUM_FLAGS,
                                                       SESSION_TIMEOUT_MS))
            peak = memory.stop()
            load, restore, done = _medians(results)
            figures[label] = (load, restore, peak)
            print(f"{label}: {others} sessions, {done}/{others} restored; median page load {load:.1f} s, "
                  f"median restore {restore:.1f} s; server memory peak {peak:.0f} MB"
                  + ("" if server.poll() is None else f"; THE SERVER DIED (exit {server.returncode})"))
            for line in lines:
                print(f"  {line}")
            for result in results:
                if result["error"]:
                    print(f"  {result['district']}: {result['error']}")
            if server.poll() is not None:
                return 1
        (load0, restore0, _), (load1, restore1, peak1) = figures["baseline"], figures["hostile"]
        slow_load, slow_restore = load1 / load0, restore1 / restore0
        print(f"slowdown of the others with the hostile uploads ({', '.join(kinds)}): page load {slow_load:.2f}x, "
              f"restore {slow_restore:.2f}x (goal: at most 1.5x); server memory peak {peak1:.0f} MB "
              f"(goal: under 1024 MB); now {rss_mb(server.pid):.0f} MB")
        failed = not (slow_load <= 1.5 and slow_restore <= 1.5 and peak1 < 1024)
    finally:
        stop_app(server)
    return 1 if failed else 0
