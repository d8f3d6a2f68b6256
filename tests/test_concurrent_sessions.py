"""Several people on one server at once, in real browser sessions, each editing and clicking downloads while the
edit's rerun is still in flight: every click brings a file, holding its own district and the edit made just
before the click, and no other session's, also while someone uploads a hostile answers file
(benchmarks/concurrent_sessions.py runs 20 sessions and measures)."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import concurrent_sessions as sessions  # noqa: E402

pytestmark = pytest.mark.browser


def test_five_concurrent_sessions_clicking_during_reruns_each_get_every_file_with_only_their_own_district():
    if sessions.CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is needed: apt-get install chromium")
        pytest.skip("Debian's chromium is not installed")
    pytest.importorskip("playwright.async_api")
    port = sessions.free_port()
    server = sessions.start_app(port)
    try:
        results, upload = asyncio.run(asyncio.wait_for(
            sessions.run_round(f"http://127.0.0.1:{port}", 5, hostile="aliases", clicks=4), timeout=600))
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert len(results) == 5
    assert sessions.isolation_problems(results) == []
    tried, received, _ = sessions.click_figures(results)
    assert (tried, received) == (20, 20)
    assert upload is not None, "the hostile upload was never refused"
