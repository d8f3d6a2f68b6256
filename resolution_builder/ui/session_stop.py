"""Where one session's long work lets Streamlit end it.

When a person closes the tab, the session's websocket goes away and Streamlit asks that session's script run
to stop; the run stops (Streamlit raises its StopException) at its next check, which Streamlit makes on every
``st`` call that draws and on every read of ``st.session_state``. A loop that draws nothing for many rows
calls ``stop_point()`` on each, so that the work of a closed tab (or one a new click replaced) ends there.
"""

from __future__ import annotations

import streamlit as st

__all__ = ["stop_point"]

_PROBE = "session_stop.probe"  # never set: reading it is only the check


def stop_point() -> None:
    """Return at once, unless this session's run was asked to stop (tab closed) or rerun: then end it here."""
    _ = _PROBE in st.session_state
