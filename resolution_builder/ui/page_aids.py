"""What the page adds to Streamlit for people on a keyboard, a screen reader or a phone: its style and one script.

- Text at 4.5:1 contrast or better on white (Streamlit draws captions at 60 % opacity: 3.4:1), no opacity on
  text, headings' link icons hidden.
- Nothing hidden under the top bar: what is focused or jumped to scrolls to just below it.
- "Skip to downloads" links (at the top of each step, and a bar at the foot of a phone's screen) move the
  keyboard focus to the downloads, not only the view.
- Focus kept: when the element that has the keyboard focus is disabled for a moment (a download being made)
  or drawn anew by a rerun, the focus goes back to it (or to its new drawing, found by its widget key) instead
  of falling to the page's body; a click elsewhere lets it go.
- "Fill in: …" puts the cursor in the field (``ask_focus`` in the click's callback, ``focus_request`` in the run).
- On a phone, the button that opens the list of pages says so ("Pages"), in the interface language, and the
  list closes once a page is chosen (Streamlit leaves it covering the page).

Everything is in the browser only: no request leaves the page, nothing is stored.
"""

from __future__ import annotations

import itertools
import json

import streamlit as st

from .locale import Translator

__all__ = ["page_aids", "skip_link", "ask_focus", "focus_request", "STYLE", "SCRIPT"]

_FOCUS = "ui.focus_request"  # the widget key to put the cursor in on the next run
_NONCE = itertools.count()

# Streamlit's own test ids and classes (1.67); tests/test_browser.py checks the result in Chromium.
STYLE = """
[data-testid='stCaptionContainer']{opacity:1 !important}
[data-testid='stCaptionContainer'],[data-testid='stWidgetLabel'] p,[data-testid='stMarkdownContainer'] small,
[data-testid='stCaptionContainer'] *{color:#3d3d45 !important}
[data-testid='stHeaderActionElements'],.st-key-sz-focus-request{display:none}
[data-testid='stMain']{scroll-padding-top:5.5rem}
h1[id],h2[id],h3[id]{scroll-margin-top:5.5rem}
[data-testid='stDownloadButtonError']{font-size:0}
[data-testid='stDownloadButtonError']::after{content:var(--sz-no-file);font-size:.875rem;color:#7d1a1a}
.sz-downloads-bar{display:none}
@media (max-width:640px){
  .sz-downloads-bar{display:block;position:fixed;left:0;right:0;bottom:0;z-index:999991;background:#fff;
    border-top:1px solid #8a8a8a;box-shadow:0 -2px 6px rgba(0,0,0,.12)}
  .sz-downloads-bar a{display:block;min-height:48px;line-height:48px;text-align:center;font-weight:600;
    color:#0b4a9e;text-decoration:underline}
  [data-testid='stMainBlockContainer']{padding-bottom:6rem}
  [data-testid='stExpandSidebarButton']{width:auto !important}
  [data-testid='stExpandSidebarButton']::after{content:var(--sz-pages);margin-left:.35rem;font-size:1rem;
    font-weight:600;color:#262730}
}
"""

SCRIPT = """
(() => {
  const words = %(words)s;
  document.documentElement.style.setProperty('--sz-pages', JSON.stringify(words.pages));
  document.documentElement.style.setProperty('--sz-no-file', JSON.stringify(words.noFile));
  if (window.szAids) { window.szAids.words = words; window.szAids.label(); return; }
  const aids = window.szAids = {words, done: {}};
  const focusable = 'button, input, textarea, select, a[href], [tabindex]:not([tabindex="-1"])';
  const nameOf = (el) => (el.getAttribute('aria-label') || el.innerText || '').trim();
  const keyOf = (el) => {
    const box = el.closest && el.closest('[class*="st-key-"]');
    return box ? [...box.classList].find((name) => name.startsWith('st-key-')) : null;
  };
  let last = null;  // the element that had the keyboard focus, its widget key and name
  let lost = false;  // it lost the focus to the page's body without the person moving it

  document.addEventListener('focusin', (event) => {
    const el = event.target;
    if (el && el !== document.body && el.closest) { last = {el, key: keyOf(el), name: nameOf(el)}; lost = false; }
  }, true);
  document.addEventListener('pointerdown', (event) => {
    if (!(event.target.closest && event.target.closest(focusable))) { last = null; lost = false; }
  }, true);

  const again = () => {  // the same element, or its new drawing (same widget key, same name)
    if (last.el.isConnected) return last.el;
    const box = last.key && document.querySelector('.' + CSS.escape(last.key));
    if (!box) return null;
    const all = [...box.querySelectorAll(focusable)];
    return all.find((el) => nameOf(el) === last.name) || all[0] || null;
  };
  const keep = (records) => {
    if (!last) return;
    // The focused element disabled or taken away: the browser moves the focus to the body (at once or a little
    // later, without an event), so it is marked lost now and given back once it is there and usable again.
    if (!last.el.isConnected || (records || []).some((r) => r.target === last.el && last.el.disabled)) lost = true;
    const active = document.activeElement;
    if (active && active !== document.body) { if (active !== last.el) lost = false; return; }
    if (!lost) return;  // the person left it (a click elsewhere)
    const el = again();
    if (el && !el.disabled) { el.focus({preventScroll: el === last.el}); lost = false; }
  };
  aids.label = () => {
    const button = document.querySelector('[data-testid="stExpandSidebarButton"]');
    if (button && button.getAttribute('aria-label') !== aids.words.pages) {
      button.setAttribute('aria-label', aids.words.pages);
    }
  };
  new MutationObserver((records) => { keep(records); aids.label(); }).observe(document.body, {
    subtree: true, childList: true, attributes: true, attributeFilter: ['disabled', 'aria-label']});

  document.addEventListener('click', (event) => {  // skip links: move the focus, not only the view
    const link = event.target.closest && event.target.closest('a[href$="#downloads"]');
    const target = link && document.getElementById('downloads');
    if (!target) return;
    event.preventDefault();
    const heading = target.closest('h1, h2, h3') || target;
    heading.setAttribute('tabindex', '-1');
    heading.scrollIntoView({block: 'start'});
    heading.focus({preventScroll: true});
  }, true);

  document.addEventListener('click', (event) => {  // a phone: the list of pages closes once one is chosen
    const link = event.target.closest && event.target.closest('[data-testid="stSidebarNavLink"]');
    const close = link && document.querySelector('[data-testid="stSidebarCollapseButton"] button');
    if (close && window.matchMedia('(max-width: 640px)').matches) close.click();
  });

  aids.focusField = (key, nonce) => {  // "Fill in: ..." puts the cursor in the field once it is drawn
    if (aids.done[nonce]) return;
    aids.done[nonce] = true;
    const started = performance.now();
    const attempt = () => {
      const box = document.querySelector('.' + CSS.escape(key));
      const field = box && box.querySelector('input, textarea');
      if (field && field.getClientRects().length) {
        field.scrollIntoView({block: 'center'});
        field.focus({preventScroll: true});
      } else if (performance.now() - started < 10000) {
        requestAnimationFrame(attempt);
      }
    };
    attempt();
  };
  aids.label();
})();
"""


def page_aids(t: Translator) -> None:
    """The page's style and script, once per run (the browser runs the script again only when its words change)."""
    words = {"pages": t("nav_pages"), "noFile": t("download_no_file")}
    script = SCRIPT % {"words": json.dumps(words, ensure_ascii=False)}
    st.html(f"<style>{STYLE}</style><script>{script}</script>", unsafe_allow_javascript=True)


def skip_link(t: Translator) -> None:
    """At the top of each step: straight to the downloads (the focus goes there too)."""
    st.markdown(f"[{t('skip_to_downloads')}](#downloads)")


def _widget_class(key: str) -> str:
    """The class Streamlit gives a keyed widget's box: ``st-key-`` and the key, dots made dashes."""
    return "st-key-" + "".join(c if c.isalnum() or c in "-_" else "-" for c in key)


def ask_focus(key: str) -> None:
    """In a callback: put the cursor in this widget once the run has drawn it."""
    st.session_state[_FOCUS] = key


def focus_request() -> None:
    """In the run: carry out a focus asked for by ``ask_focus`` (a one-off script, then forgotten)."""
    key = st.session_state.pop(_FOCUS, None)
    if key:
        call = f"window.szAids && window.szAids.focusField({json.dumps(_widget_class(key))}, {next(_NONCE)});"
        with st.container(key="sz-focus-request"):
            st.html(f"<script>{call}</script>", unsafe_allow_javascript=True)
