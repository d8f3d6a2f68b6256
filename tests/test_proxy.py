"""deploy/nginx.conf in front of the app, on loopback: TLS 1.3, security headers, the Host check, the metrics
blocked, the per-address connection and request limits, and the page (websocket included) working through it
in a real browser. Loopback's other addresses (127.0.0.2 …) stand in for other people's machines."""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import ssl
import string
import subprocess
import urllib.request
from pathlib import Path

import docx
import pytest

from real_parts import free_port, launch_chromium, need, need_module, running_app, wait_until

# A real nginx in front of a real app server, measured (limits, TLS, headers): the slow tier, like the other
# real-process measurements; the browser test below is in the browser tier too.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
HOST = "safe-zone.test"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def _wait_for_port(port: int, process: subprocess.Popen, what: str) -> None:
    def listening() -> bool:
        assert process.poll() is None, f"{what} stopped: {process.communicate()[1]}"
        with socket.socket() as sock:
            return sock.connect_ex(("127.0.0.1", port)) == 0

    wait_until(listening, f"{what} to listen on port {port}")


@pytest.fixture(scope="module")
def app_port():
    with running_app("--server.address", "127.0.0.1") as app:
        yield app.port


@pytest.fixture(scope="module")
def proxy_port(app_port, tmp_path_factory):
    """nginx with deploy/nginx.conf, as a person would fill it in, under a throwaway prefix (no root needed)."""
    need(NGINX is not None, "nginx is needed for the proxy test: apt-get install nginx")
    need(shutil.which("openssl") is not None, "openssl is needed to make the test certificate")
    work = tmp_path_factory.mktemp("nginx")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={HOST}",
                    "-addext", f"subjectAltName=DNS:{HOST}", "-keyout", str(work / "key.pem"),
                    "-out", str(work / "cert.pem")], check=True, capture_output=True, timeout=60)
    port = free_port()
    site = string.Template((ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")).safe_substitute(
        SERVER_NAME=HOST, LISTEN_PORT=port, APP_PORT=app_port, TLS_CERT=work / "cert.pem", TLS_KEY=work / "key.pem")
    settings = [line for line in site.splitlines() if not line.lstrip().startswith("#")]
    assert not [line for line in settings if "${" in line], "every placeholder is documented and filled"
    (work / "safe-zone.conf").write_text(site, encoding="utf-8")
    temp_paths = "\n".join(f"  {kind}_temp_path {work / kind};" for kind in
                           ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (work / "nginx.conf").write_text(
        f"worker_processes 1;\npid {work / 'nginx.pid'};\nerror_log {work / 'error.log'} warn;\n"
        f"events {{ worker_connections 512; }}\n"
        f"http {{\n{temp_paths}\n  include {work / 'safe-zone.conf'};\n}}\n", encoding="utf-8")
    if os.geteuid() == 0:  # root's workers would run as nobody, who cannot enter pytest's private folder
        (work / "nginx.conf").write_text("user root;\n" + (work / "nginx.conf").read_text())
    checked = subprocess.run([NGINX, "-t", "-p", str(work), "-c", str(work / "nginx.conf")], capture_output=True,
                             text=True, timeout=30)
    assert checked.returncode == 0, checked.stderr
    nginx = subprocess.Popen([NGINX, "-p", str(work), "-c", str(work / "nginx.conf"), "-g", "daemon off;"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for_port(port, nginx, "nginx")
        yield port
    finally:
        nginx.terminate()
        nginx.wait(timeout=20)


def _context(**versions) -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE  # the test's self-signed certificate
    for name, version in versions.items():
        setattr(context, name, version)
    return context


def _get(port: int, path: str, host: str, source: str = "127.0.0.1") -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPSConnection("127.0.0.1", port, context=_context(), timeout=30,
                                             source_address=(source, 0))
    try:
        connection.request("GET", path, headers={"Host": host})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def _tls_version(port: int, **versions) -> str:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as raw:
        with _context(**versions).wrap_socket(raw, server_hostname=HOST) as tls:
            return tls.version()


def test_tls_1_3_is_negotiated_and_1_2_still_works(proxy_port):
    assert _tls_version(proxy_port, minimum_version=ssl.TLSVersion.TLSv1_3) == "TLSv1.3"
    assert _tls_version(proxy_port) == "TLSv1.3"  # what a browser gets
    assert _tls_version(proxy_port, maximum_version=ssl.TLSVersion.TLSv1_2) == "TLSv1.2"


def test_one_address_sending_too_many_requests_gets_429_and_others_do_not(proxy_port):
    """20 requests a second with bursts of 300: a flood from one address is refused long before 3,000."""
    connection = http.client.HTTPSConnection("127.0.0.1", proxy_port, context=_context(), timeout=30,
                                             source_address=("127.0.0.2", 0))
    statuses = []
    try:
        while len(statuses) < 3000 and 429 not in statuses:  # keep-alive: as fast as one connection can go
            connection.request("GET", "/_stcore/health", headers={"Host": f"{HOST}:{proxy_port}"})
            response = connection.getresponse()
            response.read()
            statuses.append(response.status)
    finally:
        connection.close()
    assert statuses[-1] == 429, f"no request refused in {len(statuses)}"
    assert len(statuses) > 300 and set(statuses[:300]) == {200}, "the burst of a few first visits is served"
    assert _get(proxy_port, "/_stcore/health", f"{HOST}:{proxy_port}", source="127.0.0.3")[0] == 200


def test_one_address_holding_too_many_connections_gets_503_and_others_do_not(proxy_port):
    """At most 40 requests in progress from one address: each held open here by a body that never comes."""
    held = []

    def hold() -> None:
        raw = socket.create_connection(("127.0.0.1", proxy_port), timeout=30, source_address=("127.0.0.4", 0))
        tls = _context().wrap_socket(raw, server_hostname=HOST)
        tls.sendall(f"POST / HTTP/1.1\r\nHost: {HOST}:{proxy_port}\r\nContent-Length: 100\r\n\r\n".encode())
        held.append(tls)

    try:
        for _ in range(40):
            hold()
        statuses = []
        while len(statuses) < 20 and 503 not in statuses:  # until nginx has counted the held ones (bounded)
            status = _get(proxy_port, "/_stcore/health", f"{HOST}:{proxy_port}", source="127.0.0.4")[0]
            statuses.append(status)
            if status == 200:
                hold()  # one more in progress, in case one of the 40 was not counted yet
        assert statuses[-1] == 503, statuses
        assert _get(proxy_port, "/_stcore/health", f"{HOST}:{proxy_port}", source="127.0.0.5")[0] == 200
    finally:
        for tls in held:
            tls.close()
    statuses = []
    while len(statuses) < 50 and 200 not in statuses:  # nginx frees the slots once it sees the connections close
        statuses.append(_get(proxy_port, "/_stcore/health", f"{HOST}:{proxy_port}", source="127.0.0.4")[0])
    assert statuses[-1] == 200, statuses


def test_the_proxy_adds_the_security_headers(proxy_port):
    status, headers, body = _get(proxy_port, "/", f"{HOST}:{proxy_port}")
    assert status == 200 and b"<title>" in body
    assert headers["x-frame-options"] == "DENY"
    assert headers["content-security-policy"] == "frame-ancestors 'none'; img-src 'self' data:"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert "nginx/" not in headers.get("server", "")


def test_the_metrics_are_blocked_at_the_proxy(app_port, proxy_port):
    with urllib.request.urlopen(f"http://127.0.0.1:{app_port}/_stcore/metrics", timeout=10) as direct:
        assert direct.status == 200  # the app serves them: the proxy is what keeps them private
    status, headers, body = _get(proxy_port, "/_stcore/metrics", f"{HOST}:{proxy_port}")
    assert status == 404 and b"session" not in body
    assert headers["x-frame-options"] == "DENY"
    status, _, body = _get(proxy_port, "/_stcore/health", f"{HOST}:{proxy_port}")
    assert (status, body) == (200, b"ok")


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1", "safe-zone.test.evil.example"])
def test_another_host_name_is_refused(proxy_port, host):
    status, _, body = _get(proxy_port, "/", host)
    assert status == 421 and b"streamlit" not in body.lower() and b"nginx/" not in body


@pytest.mark.browser
def test_the_page_loads_and_works_through_the_proxy(proxy_port, tmp_path):
    playwright_api = need_module("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = launch_chromium(playwright.chromium, "--ignore-certificate-errors",
                                  f"--host-resolver-rules=MAP {HOST} 127.0.0.1")
        try:
            page = browser.new_page(accept_downloads=True)
            refused, blocked, requests = [], [], []  # by the limits, by the CSP; every request the page made
            page.on("response", lambda r: refused.append(r.url) if r.status in (429, 503) else None)
            page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
            page.on("request", lambda r: requests.append(r.url))
            page.goto(f"https://{HOST}:{proxy_port}/")
            page.get_by_text("Safe Zone Builder", exact=True).first.wait_for(timeout=60_000)  # drawn over the websocket
            for label, text in (("District name (required)", "Proxy Test District"),
                                ("Board name (required)", "Proxy Test Board")):
                field = page.get_by_role("textbox", name=label, exact=True)
                field.fill(text)
                field.press("Enter")
            state = page.get_by_role("combobox", name="State or territory (required)")
            state.click()
            state.fill("Oregon")
            page.get_by_role("option", name="Oregon (OR)").click()
            page.wait_for_function(
                "() => [...document.querySelectorAll('button')].some(b => b.innerText.includes('Resolution (.docx)')"
                " && !b.disabled)", timeout=60_000)
            assert not refused and not blocked, (refused, blocked)  # the limits and the CSP leave the page whole
            assert len(requests) > 10, "the page's static files went through the proxy"
            with page.expect_download(timeout=30_000) as download_info:  # the download, through the proxy too
                page.get_by_role("button", name="Resolution (.docx)").click()
            target = tmp_path / download_info.value.suggested_filename
            download_info.value.save_as(target)
            assert "Proxy Test District" in "\n".join(p.text for p in docx.Document(target).paragraphs)
        finally:
            browser.close()
