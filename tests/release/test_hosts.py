"""Host configurations from one source: _headers, .htaccess (real Apache), Netlify,
GitHub Actions; fingerprinted assets; e-mail protection; deploy commands."""

from __future__ import annotations

import hashlib
import re
import shutil
import socket
import subprocess
import tempfile
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest
import yaml
from helpers import DEMO_CONTENT, ROOT, build_site, read

from sitekit.release.deploy import ghp_import_command, rsync_command
from sitekit.servers.static import headers_for, parse_headers_file

ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def site_rules(folder: Path):
    return parse_headers_file((folder / "_headers").read_text(encoding="utf-8"))


def test_headers_file_has_a_strict_policy_for_every_page(published):
    headers = headers_for(site_rules(published), "/faq/")
    csp = headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"  # the receiver lives under /api/ of the site
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers["Strict-Transport-Security"].startswith("max-age=63072000")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    assert "Cache-Control" not in headers  # HTML: the host revalidates every time
    asset = headers_for(site_rules(published), "/assets/css/site.12345678.css")
    assert asset["Cache-Control"] == "public, max-age=31536000, immutable"


def test_meta_policy_and_header_policy_agree(published):
    header = headers_for(site_rules(published), "/")["Content-Security-Policy"]
    meta = (
        re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', read(published, "/"))
        .group(1)
        .replace("&#39;", "'")
    )
    assert header.replace("; frame-ancestors 'none'", "") == meta


def test_questionnaire_endpoint_is_the_only_extra_origin(tmp_path):
    out = tmp_path / "out"
    build = build_site(
        DEMO_CONTENT,
        out,
        "publishconf.py",
        "-e",
        'QUESTIONNAIRE_ENDPOINT="https://formspree.example/f/xyz"',
    )
    assert build.ok, build.output
    csp = headers_for(site_rules(out), "/")["Content-Security-Policy"]
    assert "form-action 'self' https://formspree.example;" in csp
    assert "connect-src 'self' https://formspree.example;" in csp
    assert "mailto:" not in csp
    privacy = read(out, "datenschutz/")
    assert "an formspree.example übertragen" in privacy


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _apache(site: Path, rewrite: bool) -> tuple[Path, str]:
    """Run Debian's Apache on a copy of the release, honouring its .htaccess."""
    # Apache's worker runs as www-data: pytest's private temp folders are out of reach.
    base_dir = Path(tempfile.mkdtemp(prefix="apache-", dir="/tmp"))
    base_dir.chmod(0o755)
    root = base_dir / "www"
    shutil.copytree(site, root)
    for path in root.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    port = _free_port()
    modules = ["mpm_event", "authz_core", "dir", "mime", "headers", "autoindex"]
    modules += ["rewrite"] if rewrite else []
    config = base_dir / "httpd.conf"
    lines = [
        "ServerRoot /usr/lib/apache2",
        f"Listen 127.0.0.1:{port}",
        f"PidFile {base_dir}/httpd.pid",
        f"ErrorLog {base_dir}/error.log",
        *[f"LoadModule {m}_module modules/mod_{m}.so" for m in modules],
        "User www-data",
        "Group www-data",
        "ServerName localhost",
        "TypesConfig /etc/mime.types",
        f"DocumentRoot {root}",
        f"<Directory {root}>",
        "  AllowOverride All",
        "  Require all granted",
        "</Directory>",
    ]
    config.write_text("\n".join(lines) + "\n")
    subprocess.run(["/usr/sbin/apache2", "-f", str(config), "-k", "start"], check=True)
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    return config, f"http://127.0.0.1:{port}"


def _stop(config: Path) -> None:
    subprocess.run(["/usr/sbin/apache2", "-f", str(config), "-k", "stop"], check=False)
    time.sleep(0.3)
    shutil.rmtree(config.parent, ignore_errors=True)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _get(url: str):
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        return opener.open(url, timeout=5)
    except urllib.error.HTTPError as error:
        return error


def test_htaccess_works_on_a_real_apache(published):
    config, base = _apache(published, rewrite=False)
    try:
        expected = headers_for(site_rules(published), "/")
        page = _get(base + "/faq/")
        assert page.status == 200
        for name, value in expected.items():
            assert page.headers[name] == value, name
        assert page.headers["Cache-Control"] == "no-cache"
        css = next((published / "assets/css").glob("site.*.css")).name
        asset = _get(f"{base}/assets/css/{css}")
        assert asset.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        missing = _get(base + "/gibt-es-nicht/")
        assert missing.status == 404 and "Diese Seite gibt es nicht" in missing.read().decode()
        assert _get(base + "/assets/").status == 403  # no directory listings
        for name in ("_headers", "_headers.nginx", "_headers.caddy"):
            assert _get(f"{base}/{name}").status == 403  # configs of other servers
    finally:
        _stop(config)
    config, base = _apache(published, rewrite=True)
    try:
        redirect = _get(base + "/kontakt/")
        assert redirect.status == 301
        assert redirect.headers["Location"] == f"https://{base.removeprefix('http://')}/kontakt/"
        assert redirect.headers["Strict-Transport-Security"]
    finally:
        _stop(config)


def test_assets_are_named_by_their_content(tmp_path, site):
    css = (ROOT / "theme/static/css/site.css").read_bytes()
    [name] = re.findall(r'href="/assets/css/(site\.[0-9a-f]{8}\.css)"', read(site, "/"))
    served = (site / "assets/css" / name).read_bytes()
    assert name == f"site.{hashlib.sha256(served).hexdigest()[:8]}.css"
    # the font the stylesheet names is served under a name from its own content too
    font = ROOT / "theme/static/fonts/source-sans-3-latin-wght-normal.woff2"
    font_name = (
        f"source-sans-3-latin-wght-normal.{hashlib.sha256(font.read_bytes()).hexdigest()[:8]}.woff2"
    )
    assert (site / "assets/fonts" / font_name).read_bytes() == font.read_bytes()
    original = b'url("../fonts/source-sans-3-latin-wght-normal.woff2")'
    assert served == css.replace(original, f'url("../fonts/{font_name}")'.encode())
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    (theme / "static/css/site.css").write_bytes(css + b"\n.neu { color: red; }\n")
    out = tmp_path / "out"
    assert build_site(DEMO_CONTENT, out, "pelicanconf.py", "-e", f'THEME="{theme}"').ok
    assert f'href="/assets/css/{name}"' not in read(out, "/")
    assert not (out / "theme").exists()  # nothing unfingerprinted is published


def test_no_readable_email_address_in_any_page(published):
    for page in published.rglob("*.html"):
        assert not ADDRESS.search(page.read_text(encoding="utf-8")), page


@pytest.mark.browser
def test_protected_address_still_works_for_people(page, served):
    page.goto(served + "/kontakt/")
    link = page.get_by_role("link", name="hallo@buero-lindenblatt.example").first
    assert link.get_attribute("href") == "mailto:hallo@buero-lindenblatt.example"


def test_rsync_mirrors_only_after_a_real_run(tmp_path, published):
    target = tmp_path / "server"
    target.mkdir()
    (target / "veraltet.html").write_text("alt")
    subprocess.run(
        rsync_command(published, f"{target}/", dry_run=True),
        shell=True,
        check=True,
        capture_output=True,
    )
    assert sorted(p.name for p in target.iterdir()) == ["veraltet.html"]
    subprocess.run(
        rsync_command(published, f"{target}/"), shell=True, check=True, capture_output=True
    )
    assert (target / "index.html").read_bytes() == (published / "index.html").read_bytes()
    assert (target / ".htaccess").exists() and (target / "_headers").exists()
    assert not (target / "veraltet.html").exists()  # --delete, after the gates


def test_ghp_import_commits_the_release_to_gh_pages(tmp_path, published):
    repo = tmp_path / "repo"
    repo.mkdir()
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@beispiel.example"]
    subprocess.run([*git, "init", "-q", "-b", "main"], cwd=repo, check=True)
    ghp = Path(shutil.which("ghp-import", path=str(Path(__import__("sys").executable).parent)))
    command = ghp_import_command(ghp, published, push=False, cname="www.buero-lindenblatt.example")
    env = {
        "PATH": "/usr/bin:/bin",
        "GIT_AUTHOR_NAME": "T",
        "GIT_AUTHOR_EMAIL": "t@x.example",
        "GIT_COMMITTER_NAME": "T",
        "GIT_COMMITTER_EMAIL": "t@x.example",
        "HOME": str(tmp_path),
    }
    subprocess.run(command, shell=True, cwd=repo, check=True, env=env)
    files = subprocess.run(
        ["git", "ls-tree", "-r", "--name-only", "gh-pages"],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert {"index.html", ".nojekyll", "CNAME", "_headers", "sitemap.xml"} <= set(files)


def test_netlify_and_github_configs_point_at_the_release():
    netlify = tomllib.loads((ROOT / "netlify.toml").read_text(encoding="utf-8"))
    assert netlify["build"]["publish"] == "public"
    assert "make publish" in netlify["build"]["command"]
    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    commands = [s.get("run", "") for s in steps]
    assert "make test" in commands and "make publish" in commands
    upload = next(s for s in steps if "upload-pages-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "public"
    assert any("deploy-pages" in s.get("uses", "") for s in workflow["jobs"]["deploy"]["steps"])
