"""deploy/: the receiver's reverse-proxy configs are accepted by the real nginx and Caddy,
and take their security headers from the files the build writes."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from helpers import DEMO_CONTENT, ROOT, build_site

DEPLOY = ROOT / "deploy"
PUBLIC = "/srv/va-sitekit/public"


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    out = tmp_path_factory.mktemp("deploy") / "public"
    assert build_site(DEMO_CONTENT, out, "publishconf.py").ok
    return out


def test_every_host_gets_the_same_headers(release):
    netlify = (release / "_headers").read_text(encoding="utf-8")
    csp = next(line for line in netlify.splitlines() if "Content-Security-Policy" in line)
    policy = csp.split(": ", 1)[1]
    assert f'add_header Content-Security-Policy "{policy}" always;' in (
        release / "_headers.nginx"
    ).read_text(encoding="utf-8")
    assert f'\tContent-Security-Policy "{policy}"' in (release / "_headers.caddy").read_text(
        encoding="utf-8"
    )
    assert "form-action 'self';" in policy  # the receiver lives under /api/: 'self'


def _with_paths(text: str, tmp_path, release) -> str:
    """The config with its public folder and certificate pointed at test files."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=www.buero-lindenblatt.example",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    text = text.replace(PUBLIC, str(release))
    text = text.replace(
        "/etc/letsencrypt/live/www.buero-lindenblatt.example/fullchain.pem", str(cert)
    )
    return text.replace("/etc/letsencrypt/live/www.buero-lindenblatt.example/privkey.pem", str(key))


def test_nginx_accepts_the_config(tmp_path, release):
    site = tmp_path / "site.conf"
    site.write_text(
        _with_paths((DEPLOY / "nginx.conf").read_text(encoding="utf-8"), tmp_path, release)
    )
    assert f"include {release}/_headers.nginx;" in site.read_text(encoding="utf-8")
    wrapper = tmp_path / "nginx.conf"
    temp = tmp_path / "temp"
    wrapper.write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\nhttp {{\n"
        f"  include /etc/nginx/mime.types;\n  client_body_temp_path {temp};\n"
        f"  proxy_temp_path {temp};\n  include {site};\n}}\n",
        encoding="utf-8",
    )
    proc = subprocess.run(
        [shutil.which("nginx") or "/usr/sbin/nginx", "-t", "-c", str(wrapper)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "test is successful" in proc.stderr


def test_caddy_accepts_the_config(tmp_path, release):
    config = tmp_path / "Caddyfile"
    config.write_text(
        (DEPLOY / "Caddyfile").read_text(encoding="utf-8").replace(PUBLIC, str(release))
    )
    proc = subprocess.run(
        ["caddy", "validate", "--config", str(config), "--adapter", "caddyfile"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Valid configuration" in proc.stdout + proc.stderr


def test_proxies_send_api_to_the_receiver_without_the_prefix():
    nginx = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    assert "location /api/ {" in nginx and "proxy_pass http://127.0.0.1:8001/;" in nginx
    assert "client_max_body_size 64k;" in nginx
    caddy = (DEPLOY / "Caddyfile").read_text(encoding="utf-8")
    assert "handle_path /api/* {" in caddy and "reverse_proxy 127.0.0.1:8001" in caddy
    unit = (DEPLOY / "va-sitekit-receiver.service").read_text(encoding="utf-8")
    assert "-m sitekit.receiver" in unit and "--proxy-headers" in unit
