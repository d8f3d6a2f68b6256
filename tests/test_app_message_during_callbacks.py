"""The browser's next message arriving while a run calls the callbacks of the changes sent before it, as it does
under load: every answer typed or picked still reaches the form, the page, and the answers saved
(ui/live_session.finish_callbacks). Streamlit takes such a message at the callback's next read of
``st.session_state`` and stops the callback there; the form then lost the answer while the field showed it, and
the next run put the old value back in the field (1 session in ~40 under load, in the concurrency benchmark)."""

from __future__ import annotations

import pytest

from real_parts import need_module

need_module("streamlit")
from streamlit.runtime.scriptrunner import get_script_run_ctx  # noqa: E402
from streamlit.runtime.scriptrunner_utils.script_requests import RerunData  # noqa: E402
from streamlit.runtime.state.session_state import SessionState  # noqa: E402

from resolution_builder.yaml_io import load_yaml  # noqa: E402
from test_app import fill_required, go, new_app  # noqa: E402


@pytest.fixture
def messages(monkeypatch) -> list[int]:
    """A browser message arrives each time a run starts calling its callbacks (counted: the test sees it came),
    carrying what the browser shows: the same address and widget values (so once per change: the message's own
    run brings no change)."""
    arrived: list[int] = []
    seen: set[bytes] = set()
    call = SessionState._call_callbacks

    def calling_with_a_message_arriving(self, *args, **kwargs):
        ctx = get_script_run_ctx(suppress_warning=True)
        states = self._current_interaction_widget_states
        sent = states.SerializeToString() if states is not None else b""
        if ctx is not None and ctx.script_requests is not None and sent not in seen:
            seen.add(sent)
            ctx.script_requests.request_rerun(RerunData(
                query_string=ctx.query_string, page_script_hash=ctx.page_script_hash,
                widget_states=self._current_interaction_widget_states))
            arrived.append(1)
        return call(self, *args, **kwargs)

    monkeypatch.setattr(SessionState, "_call_callbacks", calling_with_a_message_arriving)
    return arrived


def test_required_answers_typed_while_messages_arrive_are_kept_in_the_form_the_fields_and_the_saved_file(
        messages, download):
    at = fill_required(new_app(), "Lakeside School District")
    assert len(messages) >= 3  # a message came during each answer's callbacks
    at = go(at, "district")
    assert at.text_input(key="district.name").value == "Lakeside School District"
    assert at.selectbox(key="district.state").value == "CA"
    assert at.text_input(key="board.name").value == "Board of Education"
    at.text_input(key="board.name").input("Board of Trustees").run()
    at.text_input(key="district.name").input("Lakeside Unified School District").run()
    assert at.text_input(key="board.name").value == "Board of Trustees"
    saved = load_yaml(download(at, "download.answers")[1].decode())
    assert saved["district"]["name"] == "Lakeside Unified School District"
    assert saved["district"]["state"] == "CA"
    assert saved["board"]["name"] == "Board of Trustees"
    assert not at.error, [e.value for e in at.error]


def test_a_provision_ticked_and_the_interface_language_switched_while_messages_arrive_are_kept(messages, download):
    at = go(fill_required(new_app()), "provisions")
    at.checkbox(key="provision.wait-outside").check().run()
    at.radio(key="ui.language.choice").set_value("es").run()
    assert at.checkbox(key="provision.wait-outside").value is True
    assert at.radio(key="ui.language.choice").value == "es"
    assert "wait-outside" in [item["id"] for item in load_yaml(download(at, "download.answers")[1].decode())["provisions"]]

