"""What downloads made on click rely on in Streamlit (ui/live_session.py), checked against the Streamlit installed:
a run's start keeps the answers to file requests, pinned files and file makers outlive Streamlit's collection,
and each file request is paired with its own click."""

from __future__ import annotations

import pytest

pytest.importorskip("streamlit")
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from streamlit.runtime.forward_msg_queue import ForwardMsgQueue  # noqa: E402
from streamlit.runtime.media_file_manager import MediaFileManager  # noqa: E402
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage  # noqa: E402

from resolution_builder.ui.live_session import Clicks, Pins, keep_file_answers  # noqa: E402

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _answer() -> ForwardMsg:
    msg = ForwardMsg()
    msg.backend_operation_response.request_id = "r1"
    msg.backend_operation_response.deferred_file.url = "/media/abc.docx"
    return msg


def test_a_run_starting_keeps_the_answer_to_a_file_request_and_it_is_sent_once():
    keep_file_answers()
    queue = ForwardMsgQueue()
    queue.enqueue(_answer())
    delta = ForwardMsg()
    delta.delta.new_element.markdown.body = "old run"
    queue.enqueue(delta)
    queue.clear(retain_lifecycle_msgs=True)  # what a new run's start does
    kept = queue.flush()
    assert [m.WhichOneof("type") for m in kept] == ["backend_operation_response"]
    assert queue.flush() == []  # sent once, not again


def _manager() -> MediaFileManager:
    return MediaFileManager(MemoryMediaFileStorage("/media"))


SESSION = "dontcare"  # the session Streamlit files a button under outside a page run, as here


def _click(manager: MediaFileManager, pins: Pins, content: bytes) -> str:
    """A button whose file maker pins what it makes, clicked: the address the browser is sent."""
    def maker() -> bytes:
        pins.keep_file("resolution", content, DOCX, "a-resolution.docx")
        return content

    return manager.execute_deferred(manager.add_deferred(maker, DOCX, "1.(2).3", file_name="a-resolution.docx"))


def _served(manager: MediaFileManager, url: str) -> bool:
    return manager.read_file(url.rsplit("/", 1)[-1]) is not None


def test_a_made_file_outlives_other_sessions_runs_until_its_pin_is_reused():
    manager = _manager()
    pins = Pins(SESSION, depth=2, manager=manager)
    first = _click(manager, pins, b"first draft")
    manager.clear_session_refs(SESSION)  # this page reruns
    for _ in range(3):  # and three runs of other sessions end, each collecting what no session shows
        manager.remove_orphaned_files()
    assert _served(manager, first)  # the browser's fetch, however late, finds it
    _click(manager, pins, b"second draft")
    _click(manager, pins, b"third draft")  # the first one's pin is reused
    for _ in range(2):
        manager.remove_orphaned_files()
    assert not _served(manager, first)  # and then it goes: memory stays bounded


def test_a_button_file_maker_outlives_the_run_that_replaced_the_button():
    manager = _manager()
    pins = Pins(SESSION, manager=manager)

    def maker() -> bytes:
        return b"draft"

    old = manager.add_deferred(maker, DOCX, "1.(2).3", file_name="a.docx")
    assert pins.keep_maker("resolution", maker)
    manager.clear_session_refs(SESSION)  # the next run of the page starts
    manager.add_deferred(lambda: b"draft", DOCX, "1.(2).3", file_name="a.docx")  # and draws the button anew
    manager.remove_orphaned_files()  # a run ends
    assert manager.execute_deferred(old).startswith("/media/")  # a click on the button the browser still shows


def test_each_file_request_waits_for_its_own_click_taken_in_by_its_run():
    clicks = Clicks()
    assert not clicks.wait_for_click("resolution", limit=0)  # its click's run has not come: no file yet
    clicks.clicked("resolution")
    assert not clicks.wait_for_click("resolution", limit=0)  # the run's other callbacks may not have run yet
    clicks.taken_in()
    assert clicks.wait_for_click("resolution", limit=0)
    assert not clicks.wait_for_click("resolution", limit=0)  # a second request needs a second click
    clicks.clicked("policy")
    clicks.taken_in()
    assert not clicks.wait_for_click("resolution", limit=0)  # another button's click does not count
    clicks.clicked("resolution")
    clicks.taken_in()
    assert clicks.wait_for_click("resolution", limit=0)
