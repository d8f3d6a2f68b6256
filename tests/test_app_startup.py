"""Private for real: started as the README says, the app listens on this computer only and asks nothing of
the outside world (Streamlit's "External URL" comes from an outside IP lookup, which must not happen)."""

from __future__ import annotations

import ipaddress
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from real_parts import free_port, need

ROOT = Path(__file__).resolve().parent.parent
_ADDRESS = re.compile(r'(?:inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)")')


def test_the_app_starts_listening_on_loopback_only_and_contacts_no_outside_address(tmp_path):
    pytest.importorskip("streamlit")
    need(shutil.which("strace") is not None, "strace is needed to watch the app's connections: apt-get install strace")
    port, trace = free_port(), tmp_path / "trace.log"
    command = ["strace", "-f", "-qq", "-e", "trace=connect,bind,sendto", "-o", str(trace),
               sys.executable, "-m", "streamlit", "run", str(ROOT / "streamlit_app.py"), "--server.port", str(port)]
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              start_new_session=True)  # its own process group: strace and the app stop together
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    assert response.status == 200
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("streamlit did not start within 120 s")
        time.sleep(3)  # the outside lookup, when it happens, comes right after start-up
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            output, _ = server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            output, _ = server.communicate()
    assert "External URL" not in output and "Network URL" not in output
    assert f"http://localhost:{port}" in output
    addresses = {a or b for a, b in _ADDRESS.findall(trace.read_text(encoding="utf-8", errors="replace"))}
    assert addresses, "strace saw no network call at all, so it watched nothing"
    outside = sorted(a for a in addresses if not ipaddress.ip_address(a).is_loopback
                     and not (ipaddress.ip_address(a).version == 6 and
                              getattr(ipaddress.ip_address(a).ipv4_mapped, "is_loopback", False)))
    assert outside == []
