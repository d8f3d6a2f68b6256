"""Several people on one server at once, in real browser sessions: each download holds only its own district,
also while someone uploads a hostile answers file (benchmarks/concurrent_sessions.py runs 20 and measures)."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import concurrent_sessions as sessions  # noqa: E402

pytestmark = pytest.mark.browser


def test_five_concurrent_sessions_each_see_only_their_own_district():
    if sessions.CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is needed: apt-get install chromium")
        pytest.skip("Debian's chromium is not installed")
    pytest.importorskip("playwright.async_api")
    port = sessions.free_port()
    server = sessions.start_app(port)
    try:
        results, upload = asyncio.run(asyncio.wait_for(
            sessions.run_round(f"http://127.0.0.1:{port}", 5, hostile="aliases"), timeout=600))
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert len(results) == 5
    assert sessions.isolation_problems(results) == []
    assert all(r["filename"].startswith(r["district"].split()[0].lower()) for r in results)
    assert upload is not None, "the hostile upload was never refused"
