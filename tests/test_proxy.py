"""deploy/nginx.conf in front of the app, on loopback: TLS, security headers, the Host check, the metrics
blocked, and the page (websocket included) working through it in a real browser."""

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
        f"events {{ worker_connections 64; }}\n"
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


def _get(port: int, path: str, host: str) -> tuple[int, dict[str, str], bytes]:
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE  # the test's self-signed certificate
    connection = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": host})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def test_the_proxy_adds_the_security_headers(proxy_port):
    status, headers, body = _get(proxy_port, "/", f"{HOST}:{proxy_port}")
    assert status == 200 and b"<title>" in body
    assert headers["x-frame-options"] == "DENY"
    assert headers["content-security-policy"] == "frame-ancestors 'none'"
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
            with page.expect_download(timeout=30_000) as download_info:  # the download, through the proxy too
                page.get_by_role("button", name="Resolution (.docx)").click()
            target = tmp_path / download_info.value.suggested_filename
            download_info.value.save_as(target)
            assert "Proxy Test District" in "\n".join(p.text for p in docx.Document(target).paragraphs)
        finally:
            browser.close()
