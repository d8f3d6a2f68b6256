"""App speed as a person feels it: Debian's Chromium, driven by Playwright, against `streamlit run` on localhost.

Times (median, min and max of --rounds, default 20) from the person's action to the page showing its result:
title painted on a fresh load (timed from Python), and timed inside the page from the action being dispatched to
the first frame that shows its result: a typed edit (Enter) to the preview showing it, a checkbox to the preview, "Choose the
recommended set" to the preview, and the interface language switch to the page in the other language.

    python benchmarks/app_browser_speed.py [--rounds 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from real_parts import launch_chromium, new_page, running_app, settle  # noqa: E402  (the tests' real parts, in one place)

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"title painted": 2000, "edit -> preview": 300, "checkbox -> preview": 300,
           "choose recommended -> preview": 600, "language switch": 800}
_PREVIEW_HAS = "(text) => [...document.querySelectorAll('[data-testid=\"stHtml\"]')].some(e => e.innerText.includes(text))"
_PREVIEW_LACKS = "(text) => ![...document.querySelectorAll('[data-testid=\"stHtml\"]')].some(e => e.innerText.includes(text))"


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def _idle(page) -> None:
    settle(page)


def _text(page, label: str, value: str) -> None:
    field = page.get_by_role("textbox", name=label, exact=False).first
    field.fill(value)
    field.press("Enter")
    _idle(page)


# Timed inside the page, with the page's own clock: from the click (or Enter) being dispatched to the first
# animation frame in which the page shows the result, so Playwright's own overhead is not counted.
_TIMED = """async ([kind, target, until, text]) => {
  const all = (selector) => [...document.querySelectorAll(selector)];
  const element = kind === 'enter' ? document.activeElement
    : kind === 'label' ? all('input[type="checkbox"], input[type="radio"]').find(
        e => (e.closest('label')?.textContent || e.getAttribute('aria-label') || '').includes(target))
    : all('button').find(e => e.innerText.trim() === target);
  const previews = () => all('[data-testid="stHtml"]').map(e => e.innerText).join(' ');
  const done = {has: () => previews().includes(text), lacks: () => !previews().includes(text),
                tab: () => all('[role="tab"]').some(e => e.innerText.trim() === text)}[until];
  const start = performance.now();
  if (kind === 'enter') {
    element.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', code: 'Enter', keyCode: 13, bubbles: true}));
  } else {
    element.click();
  }
  await new Promise((resolve, reject) => {
    const tick = () => done() ? resolve()
      : performance.now() - start > 30000 ? reject(new Error('no result after 30 s: ' + target))
      : requestAnimationFrame(tick);
    tick();
  });
  return performance.now() - start;
}"""


def _timed(page, kind: str, target: str, until: str, text: str) -> float:
    elapsed = page.evaluate(_TIMED, [kind, target, until, text])
    _idle(page)
    return elapsed


def measure(url: str, rounds: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {name: [] for name in TARGETS}
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright.chromium)
        for _ in range(rounds):
            page = new_page(browser, viewport={"width": 1366, "height": 900})
            start = time.perf_counter()
            page.goto(url)
            page.get_by_role("heading", name="Safe Zone Builder", level=1).wait_for()
            times["title painted"].append(_ms(start))
            page.close()

        page = new_page(browser, viewport={"width": 1366, "height": 900})
        page.set_default_timeout(30_000)
        page.goto(url)
        page.get_by_role("textbox", name="District name").wait_for()
        _text(page, "District name", "Cedar Valley Unified School District")
        state = page.get_by_role("combobox", name="State or territory")
        state.click()
        state.fill("California")
        page.get_by_role("option", name="California (CA)").click()
        _idle(page)
        _text(page, "Board name", "Board of Education")
        page.wait_for_function(_PREVIEW_HAS, arg="Board of Education")

        field = page.get_by_role("textbox", name="Board name", exact=False).first
        for index in range(rounds):
            value = f"Board of Trustees {index}"
            field.fill(value)
            times["edit -> preview"].append(_timed(page, "enter", "", "has", value))

        page.get_by_role("tab", name="2. Provisions").click()
        _idle(page)
        page.wait_for_timeout(1000)
        clause = "courteously ask the officer to wait"  # words of the provision's clause
        for index in range(rounds):
            until = "lacks" if index % 2 else "has"
            times["checkbox -> preview"].append(
                _timed(page, "label", "Officers Wait Away from Students During Review", until, clause))

        declaration = "declares every school, office, bus"
        for _ in range(rounds):
            _timed(page, "button", "Clear all provisions", "lacks", declaration)
            times["choose recommended -> preview"].append(
                _timed(page, "button", "Choose the recommended set", "has", declaration))

        for index in range(rounds):
            target, tab = ("Español", "1. Distrito") if index % 2 == 0 else ("English", "1. District")
            times["language switch"].append(_timed(page, "label", target, "tab", tab))
        browser.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    rounds = parser.parse_args().rounds
    with running_app(headless=False) as app:  # as README starts it (.streamlit/config.toml: headless)
        url = app.url
        times = measure(url, rounds)
    print(f"{'measure':34} {'median':>8} {'min':>8} {'max':>8} {'target':>8}   (ms, {rounds} rounds, {url})")
    for name, values in times.items():
        print(f"{name:34} {statistics.median(values):8.0f} {min(values):8.0f} {max(values):8.0f} "
              f"{TARGETS[name]:8d}")


if __name__ == "__main__":
    main()
