"""What a download made on click needs from Streamlit beyond its public API, in one place.

A download button's file is made in a worker thread when it is clicked (``st.download_button`` with a
callable). How a click travels (Streamlit 1.67): the browser sends the request for the file at once, and the
click's own rerun (which carries every value typed before the click, even when the click itself ended the
typing, as a tap on a phone does) a moment later, in its next batch of widget changes. So the file cannot be
made from the answers as they are when its request arrives. Two things here make every click answered by the
order of messages, never by a sleep (tests/test_live_session.py checks each against the Streamlit installed):

1. ``Clicks``: the click's rerun counts the click (the button's ``on_click``) once every callback of the
   changes sent with it has run, and the file waits for that count: the form's values are final then. With
   ``runner.fastReruns = false`` (.streamlit/config.toml) Streamlit merges a rerun that arrives while another
   is queued and keeps its click, so no click's count is ever lost.
2. Nothing dropped on the way back. Streamlit maps each run's download buttons to (session, position), and at
   the end of every run of *any* session drops what no session maps: a button's file maker once a newer run has
   replaced the button (the browser may still show the old one, and its click then gets nothing), and a made
   file at once (the browser fetches it a moment later: the 404 on ``/media/<id>`` under load). ``Pins`` maps
   them under a name of our own per session, the last few per button, so Streamlit's own collection keeps them;
   closed sessions' pins are let go. And a run starting clears the session's outgoing messages but for a few
   kinds, which do not include the answer to a file request: a rerun starting just after a file was made
   threw its answer away, and the button spun until the browser gave up (180 s).
   ``keep_file_answers`` keeps those answers too.
3. Every widget callback runs to its end. Streamlit checks for a rerun request (the browser's next message) at
   every read or write of ``st.session_state``, also inside a callback, and takes a request met there for the
   callback's own ``st.rerun()``: the callback stops half-way, yet its widget's change counts as handled, and no
   later run calls it again. Under load (a message arriving while the callbacks run) a typed answer then never
   reached the form's values, and the next run put the old value back in the field. ``finish_callbacks`` makes
   the callbacks of a run finish first; the request is taken right after them, as Streamlit does then anyway.
"""

from __future__ import annotations

import functools
import itertools
import threading
from collections import Counter

from streamlit.runtime import Runtime
from streamlit.runtime.forward_msg_queue import ForwardMsgQueue
from streamlit.runtime.media_file_storage import MediaFileKind
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.runtime.state.safe_session_state import SafeSessionState

__all__ = ["current_session_id", "is_live", "Clicks", "Pins", "PIN_PREFIX", "keep_file_answers", "finish_callbacks"]

PIN_PREFIX = "safe-zone-pins:"  # our own entries in the media manager's map of sessions to files
LIMIT = 60.0  # seconds: a click whose rerun never comes (a tab closed) holds its file request no longer


def current_session_id() -> str | None:
    """The session of the page run under way (None outside one, as in a bare ``python`` run)."""
    ctx = get_script_run_ctx(suppress_warning=True)
    return ctx.session_id if ctx is not None else None


def _runtime() -> Runtime | None:
    return Runtime.instance() if Runtime.exists() else None


def _app_session(session_id: str | None):
    runtime = _runtime()
    return runtime.get_app_session(session_id) if runtime and session_id else None


def is_live(session_id: str | None) -> bool:
    """A browser is connected to this session (not AppTest, not a closed tab)."""
    return _app_session(session_id) is not None


class Clicks:
    """Pairs each file request with its click's rerun: the n-th request of a button waits for its n-th click.

    Between two requests of one button the browser disables it, so each request has exactly one click. A click
    counts once its run has called every callback of the changes sent with it (their order is the browser's),
    that is once the run's body reaches the downloads (``taken_in``): the form's values are final then."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._pending: Counter[str] = Counter()
        self._clicked: Counter[str] = Counter()
        self._asked: Counter[str] = Counter()

    def clicked(self, name: str) -> None:
        """In the click's rerun (the button's ``on_click``, among the run's other callbacks)."""
        with self._changed:
            self._pending[name] += 1

    def taken_in(self) -> None:
        """In a run's body, after every callback: the clicks it brought now count."""
        with self._changed:
            if self._pending:
                self._clicked.update(self._pending)
                self._pending.clear()
                self._changed.notify_all()

    def wait_for_click(self, name: str, limit: float = LIMIT) -> bool:
        """In the file's worker: True once this request's click has been taken in."""
        with self._changed:
            self._asked[name] += 1
            ticket = self._asked[name]
            if self._changed.wait_for(lambda: self._clicked[name] >= ticket, limit):
                return True
            self._asked[name] = self._clicked[name]  # never seen (a closed tab): the next request starts afresh
            return False


class Pins:
    """One session's download files and file makers, kept alive for its last ``depth`` uses per button."""

    def __init__(self, session_id: str | None, depth: int = 6, manager=None):
        self.session_id, self.depth, self._given = session_id, depth, manager  # manager: the runtime's by default
        self._turns: dict[str, itertools.count] = {}
        self._lock = threading.Lock()

    def _slot(self, name: str) -> str:
        with self._lock:
            turn = next(self._turns.setdefault(name, itertools.count()))
        return f"{name}#{turn % self.depth}"

    def _manager(self):
        if self._given is not None:
            return self._given
        runtime = _runtime()
        return runtime.media_file_mgr if runtime and self.session_id else None

    def _map(self, manager, slot: str, file_id: str) -> None:
        with manager._lock:
            manager._files_by_session_and_coord[PIN_PREFIX + self.session_id][slot] = file_id

    def keep_maker(self, name: str, maker) -> bool:
        """After ``st.download_button(data=maker)``: keep that button's file maker for the next few runs."""
        manager = self._manager()
        if manager is None:
            return False
        with manager._lock:
            file_id = next((fid for fid in manager._deferred_ids_by_session.get(self.session_id, ())
                            if (manager._deferred_callables.get(fid) or {}).get("callable") is maker), None)
        if file_id is not None:
            self._map(manager, self._slot(name), file_id)
        return file_id is not None

    def keep_file(self, name: str, content: bytes, mimetype: str, filename: str | None) -> None:
        """Store a made file as Streamlit is about to (same bytes, same id) and keep it until the browser has it."""
        manager = self._manager()
        if manager is None:
            return
        with manager._lock:
            file_id = manager._storage.load_and_get_id(content, mimetype, MediaFileKind.DOWNLOADABLE, filename)
        self._map(manager, self._slot(name + ".file"), file_id)
        release_closed_sessions()


def release_closed_sessions() -> None:
    """Let go of the pins of sessions that have closed (their files then go at Streamlit's next collection)."""
    runtime = _runtime()
    if runtime is None:
        return
    manager = runtime.media_file_mgr
    with manager._lock:
        ours = [key for key in manager._files_by_session_and_coord if key.startswith(PIN_PREFIX)]
    closed = [key for key in ours if not runtime.is_active_session(key.removeprefix(PIN_PREFIX))]
    if closed:
        with manager._lock:
            for key in closed:
                manager._files_by_session_and_coord.pop(key, None)


_ANSWER = "backend_operation_response"  # the message that carries a made file's address to the browser


def keep_file_answers() -> None:
    """Make a run's start keep the answers to file requests among the messages it clears (once per process)."""
    clear = ForwardMsgQueue.clear
    if getattr(clear, "keeps_file_answers", False):
        return

    @functools.wraps(clear)
    def clear_keeping_answers(self, retain_lifecycle_msgs: bool = False, fragment_ids_this_run=None) -> None:
        answers = [msg for msg in self._queue if msg.WhichOneof("type") == _ANSWER] if retain_lifecycle_msgs else []
        clear(self, retain_lifecycle_msgs=retain_lifecycle_msgs, fragment_ids_this_run=fragment_ids_this_run)
        self._queue.extend(msg for msg in answers if all(msg is not kept for kept in self._queue))

    clear_keeping_answers.keeps_file_answers = True
    ForwardMsgQueue.clear = clear_keeping_answers


def _no_check() -> None:
    """In place of Streamlit's rerun check while a run's callbacks are called."""


def finish_callbacks() -> None:
    """Make a run's widget callbacks finish before a rerun asked for meanwhile is taken (once per process)."""
    will_rerun = SafeSessionState.on_script_will_rerun
    if getattr(will_rerun, "finishes_callbacks", False):
        return

    @functools.wraps(will_rerun)
    def will_rerun_finishing_callbacks(self, *args, **kwargs) -> None:
        check = self._yield_callback
        check()  # a request already waiting: taken before any callback, as before
        object.__setattr__(self, "_yield_callback", _no_check)
        try:
            will_rerun(self, *args, **kwargs)
        finally:
            object.__setattr__(self, "_yield_callback", check)

    will_rerun_finishing_callbacks.finishes_callbacks = True
    SafeSessionState.on_script_will_rerun = will_rerun_finishing_callbacks
