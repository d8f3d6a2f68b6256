"""The real programs the tests drive (Chromium, servers on a free port): found here once for every test file."""

from __future__ import annotations

import os
import shutil
import socket

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def need(condition: bool, message: str) -> None:
    """Skip on a workstation without the program; fail in CI, which must have installed it (``.ci/run``)."""
    if not condition:
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
