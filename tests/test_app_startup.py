"""Private for real: started as the README says, the app listens on this computer only and asks nothing of
the outside world (Streamlit's "External URL" comes from an outside IP lookup, which must not happen)."""

from __future__ import annotations

import ipaddress
import re
import shutil
import urllib.request

import pytest

from real_parts import need, running_app, wait_until

_ADDRESS = re.compile(r'(?:inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)")')


@pytest.mark.slow  # `streamlit run` under strace
def test_the_app_starts_listening_on_loopback_only_and_contacts_no_outside_address(tmp_path):
    need(shutil.which("strace") is not None, "strace is needed to watch the app's connections: apt-get install strace")
    trace, log = tmp_path / "trace.log", tmp_path / "output.log"
    strace = ("strace", "-f", "-qq", "-e", "trace=connect,bind,sendto", "-o", str(trace))
    with log.open("w") as output, running_app(headless=False, wrapper=strace, output=output) as app:
        with urllib.request.urlopen(f"http://127.0.0.1:{app.port}/", timeout=30) as response:
            assert response.status == 200
        # Streamlit looks up its outside address (if it does) while it makes the URLs it prints: once the printed
        # block of URLs has ended with its blank line, the lookup has been made or not.
        wait_until(lambda: re.search(r"URL: \S+\n\s*\n", log.read_text(encoding="utf-8")), "the URLs to be printed")
        port = app.port
    output = log.read_text(encoding="utf-8")
    assert "External URL" not in output and "Network URL" not in output
    assert f"http://localhost:{port}" in output
    addresses = {a or b for a, b in _ADDRESS.findall(trace.read_text(encoding="utf-8", errors="replace"))}
    assert addresses, "strace saw no network call at all, so it watched nothing"
    outside = sorted(a for a in addresses if not ipaddress.ip_address(a).is_loopback
                     and not (ipaddress.ip_address(a).version == 6 and
                              getattr(ipaddress.ip_address(a).ipv4_mapped, "is_loopback", False)))
    assert outside == []
