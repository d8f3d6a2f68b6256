"""Leaving never loses work in silence: the browser's own storage keeps a copy, and the browser asks before leaving.

A small component (Streamlit's ``st.components.v2``: a few lines of JavaScript that run in the page, no package and
nothing fetched) does three things in the person's browser, never on the server:

- it keeps the answers of this tab in ``sessionStorage``, so a reload (or Back out of the app and Forward again)
  brings them back; the browser removes that copy when the tab is closed;
- with "Keep my answers in this browser" (off by default: library and other shared computers) it keeps them in
  ``localStorage`` too, so they come back after the browser is closed; "Forget them now" removes that copy;
- while the form holds answers that were not saved to a file since their last change (and are not kept in this
  browser), it asks the browser to confirm leaving the page (``beforeunload``).

A new session asks the browser once for what it kept; the answers come back through the same reader and restore
as an uploaded answers file (resume.py), and only into a form nobody has touched yet. Nothing is written to the
browser's storage before that question is answered, so a reload can never overwrite the copy it is about to read.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import streamlit as st

from ..library import Library
from .fields import VALUES, defaults, fingerprint, raw_answers
from .resume import CLEAN_KEY, MAX_BYTES, restore_from_text

__all__ = ["keeper", "KEEP", "KEEP_TOGGLE", "FORGET", "STORAGE_KEY", "is_dirty", "set_keep", "forget"]

KEEP = "ui.keep"  # True while "Keep my answers in this browser" is on (kept between runs, whatever page is open)
KEEP_TOGGLE = "ui.keep.toggle"  # its widget
FORGET = "ui.keep.forgotten"  # True after "Forget them now", until the toggle is turned on again
STORAGE_KEY = "safe-zone-builder.answers"
_ASKED = "ui.keeper.answered"  # the browser has said what it kept (so its storage may now be written)
_TOKEN = "ui.keeper.token"  # this session's id for the component, so a new session asks again
_COMPONENT_KEY = "ui.keeper"
SAVE_SELECTOR = ".st-key-download-answers"  # the "Save my answers" button (Streamlit's class for its key)

_JS = """
export default function (component) {
  const { data, setTriggerValue } = component;
  const KEY = data.storageKey;
  const s = window.__safeZoneKeeper || (window.__safeZoneKeeper = {
    answered: null, dirty: false, keep: false, fp: null, savedFp: null, adoptNext: false, selector: data.saveSelector });
  const read = (store) => { try { return store.getItem(KEY); } catch (e) { return null; } };
  const write = (store, text) => {
    try { if (text) { store.setItem(KEY, text); } else { store.removeItem(KEY); } } catch (e) { /* storage off */ }
  };
  if (!s.installed) {
    s.installed = true;
    window.addEventListener("beforeunload", (event) => {
      if (s.dirty) { event.preventDefault(); event.returnValue = ""; }
    });
    // "Save my answers" saves what the form holds when the click lands: if the click also ended typing in a
    // field, that edit's run is under way, and the answers it reports are the ones saved.
    document.addEventListener("click", (event) => {
      if (!(event.target instanceof Element) || !event.target.closest(s.selector)) { return; }
      const state = document.querySelector('[data-testid="stApp"]')?.getAttribute("data-test-script-state");
      s.adoptNext = state === "running" || state === "rerunRequested";
      s.savedFp = s.fp;
      s.dirty = false;
    }, true);
  }
  s.selector = data.saveSelector;
  if (data.ask && s.answered !== data.token) {  // a new session: offer what this tab or browser kept, if anything
    s.answered = data.token;
    const tab = read(sessionStorage), kept = read(localStorage);
    s.pending = Boolean(tab || kept);  // nothing kept: no question, no extra run
    if (s.pending) { setTriggerValue("stored", { tab, kept }); }
  }
  if (data.ask && s.pending) { return; }  // the server has not taken the copy yet: it must not be overwritten
  s.pending = false;
  if (s.adoptNext) { s.savedFp = data.fingerprint; s.adoptNext = false; }
  if (data.savedFingerprint) { s.savedFp = data.savedFingerprint; }
  s.fp = data.fingerprint;
  s.keep = data.keep;
  s.dirty = data.dirty && !data.keep && data.fingerprint !== s.savedFp;
  const record = JSON.stringify({ answers: data.answers, saved: s.savedFp === data.fingerprint });
  write(sessionStorage, data.answers ? record : "");
  write(localStorage, data.keep ? record : "");
}
"""

_component = st.components.v2.component("safe_zone_keeper", js=_JS, isolate_styles=False)


def _parse(text: Any) -> dict[str, Any] | None:
    if not isinstance(text, str) or len(text) > 2 * MAX_BYTES:
        return None
    try:
        record = json.loads(text)
    except ValueError:
        return None
    return record if isinstance(record, dict) else None


def _stored_arrived(library: Library) -> None:
    """The browser's answer: what this tab (or, with "Keep my answers", this browser) kept; restored only into a
    form nobody has touched yet."""
    offered = (st.session_state.get(_COMPONENT_KEY) or {}).get("stored") or {}
    st.session_state[_ASKED] = True
    tab, kept = _parse(offered.get("tab")), _parse(offered.get("kept"))
    if kept is not None:
        st.session_state[KEEP] = True  # it was on when this browser last kept them
    record = tab or kept
    if record is None or not isinstance(record.get("answers"), str):
        return
    if fingerprint(st.session_state[VALUES], library) != fingerprint(defaults(library), library):
        return  # typed into already: what the person typed wins
    if restore_from_text(record["answers"], library) and record.get("saved"):
        st.session_state[CLEAN_KEY] = fingerprint(st.session_state[VALUES], library)


def is_dirty(library: Library) -> bool:
    """True while the form holds answers not saved to a file since their last change."""
    now, empty = fingerprint(st.session_state[VALUES], library), fingerprint(defaults(library), library)
    return now != empty and now != st.session_state.get(CLEAN_KEY)


def set_keep() -> None:
    st.session_state[KEEP] = bool(st.session_state.get(KEEP_TOGGLE))
    st.session_state[FORGET] = False


def forget() -> None:
    """ "Forget them now": the copy in this browser's storage goes at the next run (the form keeps its answers)."""
    st.session_state[KEEP] = False
    st.session_state[FORGET] = True


def keeper(library: Library) -> None:
    """Mount the component (once per run, on every page): it reports the answers to the browser's storage."""
    token = st.session_state.setdefault(_TOKEN, uuid.uuid4().hex)
    values = st.session_state[VALUES]
    now = fingerprint(values, library)
    pristine = now == fingerprint(defaults(library), library)
    data = {"storageKey": STORAGE_KEY, "saveSelector": SAVE_SELECTOR, "token": token,
            "ask": not st.session_state.get(_ASKED), "keep": bool(st.session_state.get(KEEP)), "fingerprint": now,
            "dirty": is_dirty(library),
            "savedFingerprint": now if st.session_state.get(CLEAN_KEY) == now else "",
            "answers": "" if pristine else json.dumps(raw_answers(values, library), default=str, ensure_ascii=False)}
    _component(key=_COMPONENT_KEY, data=data, height=0, on_stored_change=lambda: _stored_arrived(library))
