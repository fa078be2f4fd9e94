"""Host configurations from one source: _headers, .htaccess (real Apache), Netlify,
GitHub Actions; fingerprinted assets; e-mail protection; deploy commands."""

from __future__ import annotations

import hashlib
import posixpath
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
from lxml import html as lxml_html

from plugins.assets.fingerprint import AssetError, Assets
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


def test_pages_made_outside_the_build_name_the_stylesheets_it_serves(site):
    """The receiver's own pages (review and error pages without JavaScript) link the
    stylesheets by the names the build serves (the stylesheet names a font, so its
    served bytes differ from the file's: before, the receiver linked a file that did
    not exist and those pages were unstyled)."""
    from plugins.assets import fingerprinted  # noqa: PLC0415 - the function under test

    static = ROOT / "theme" / "static"
    for path in ("css/site.css", "css/questionnaire.css", "js/questionnaire.js"):
        assert (site / fingerprinted(static, path)).is_file(), path


MODULES = {
    "js/main.js": (
        'import { a } from "./lib/a.js";\n'
        'import "./lib/b.js";\n'
        "export {\n  c,\n} from './lib/c.js';\n"
        'import confetti from "https://cdn.example/confetti.js";\n'
        'console.log(a, c, confetti, "./lib/a.js");\n'
    ),
    "js/lib/a.js": 'import { shared } from "../shared.js";\nexport const a = shared;\n',
    "js/lib/b.js": "document.title = 'b';\n",
    "js/lib/c.js": "export const c = 3;\n",
    "js/shared.js": "export const shared = 1;\n",
}
HASHED_MODULE = re.compile(r"\.[0-9a-f]{8}\.js$")


def _static(root: Path, files: dict[str, str]) -> Path:
    static = root / "static"
    for name, text in files.items():
        (static / name).parent.mkdir(parents=True, exist_ok=True)
        (static / name).write_text(text, encoding="utf-8")
    return static


def test_module_imports_name_the_fingerprinted_modules(tmp_path):
    static = _static(tmp_path, MODULES)
    out = tmp_path / "out"
    assets = Assets(static, out, "/unter")
    entry = assets.name_for("js/main.js")
    served = {path: (out / name).read_bytes() for path, name in assets.used.items()}
    assert set(served) == set(MODULES)
    for path, name in assets.used.items():  # each named by the bytes it is served with
        stem = path.removeprefix("js/").removesuffix(".js")
        assert name == f"assets/js/{stem}.{hashlib.sha256(served[path]).hexdigest()[:8]}.js"

    def file(path: str) -> str:
        return Path(assets.used[path]).name

    main = served["js/main.js"].decode()
    assert f'import {{ a }} from "./lib/{file("js/lib/a.js")}";' in main
    assert f'import "./lib/{file("js/lib/b.js")}";' in main
    assert f"}} from './lib/{file('js/lib/c.js')}';" in main
    assert '"https://cdn.example/confetti.js"' in main  # not a file of the theme
    assert 'console.log(a, c, confetti, "./lib/a.js")' in main  # a string, not an import
    assert f'from "../{file("js/shared.js")}"' in served["js/lib/a.js"].decode()
    assert served["js/lib/b.js"] == (static / "js/lib/b.js").read_bytes()  # nothing to rewrite
    assert assets.modules("js/main.js") == [
        "js/lib/a.js",
        "js/lib/b.js",
        "js/lib/c.js",
        "js/shared.js",
    ]
    assert assets.module_urls("js/main.js")[0] == f"/unter/{assets.used['js/lib/a.js']}"

    # A changed module two imports away renames every module on the way, and only those.
    (static / "js/shared.js").write_text("export const shared = 2;\n", encoding="utf-8")
    again = Assets(static, tmp_path / "again", "")
    assert again.name_for("js/main.js") != entry
    assert again.name_for("js/lib/a.js") != assets.used["js/lib/a.js"]
    assert again.name_for("js/lib/c.js") == assets.used["js/lib/c.js"]


def test_module_import_cycles_and_missing_modules_are_refused(tmp_path):
    static = _static(
        tmp_path,
        {
            "js/a.js": 'import "./b.js";\n',
            "js/b.js": 'import { c } from "./c.js";\n',
            "js/c.js": 'export { a } from "./a.js";\n',
            "js/d.js": 'import { x } from "./fehlt.js";\n',
        },
    )
    with pytest.raises(AssetError) as cycle:
        Assets(static, tmp_path / "out", "").name_for("js/b.js")
    assert "Import-Zyklus js/b.js → js/c.js → js/a.js → js/b.js" in str(cycle.value)
    assert "nicht gegenseitig importieren" in str(cycle.value)
    with pytest.raises(AssetError) as missing:
        Assets(static, tmp_path / "out", "").name_for("js/d.js")
    assert "importiert „./fehlt.js“" in str(missing.value)
    assert "js/fehlt.js gibt es nicht" in str(missing.value)


def _module_graph(site: Path, url: str, seen: dict[str, str]) -> None:
    """Every module ``url`` imports, with its text, read from the built files."""
    file = site / url.lstrip("/")
    assert file.is_file(), url
    seen[url] = file.read_text(encoding="utf-8")
    for specifier in re.findall(
        r"""^\s*(?:import|export)\b[^"';]*?["'](\.\.?/[^"']+)["']""", seen[url], re.MULTILINE
    ):
        assert HASHED_MODULE.search(specifier), f"{url}: {specifier}"
        target = posixpath.normpath(posixpath.join(posixpath.dirname(url), specifier))
        if target not in seen:
            _module_graph(site, target, seen)


def test_questionnaire_modules_are_served_fingerprinted_and_preloaded(site):
    tree = lxml_html.fromstring(read(site, "/fragebogen/"))
    [entry] = tree.xpath("//script[@type='module']/@src")
    assert re.fullmatch(r"/assets/js/questionnaire\.[0-9a-f]{8}\.js", entry)
    assert not tree.xpath("//script[@type='module'][@defer or @async]")
    graph: dict[str, str] = {}
    _module_graph(site, entry, graph)
    assert len(graph) > 5  # the entry and its modules in js/questionnaire/
    # Every module is preloaded, so the browser fetches them at once, not import by import.
    preloaded = tree.xpath("//link[@rel='modulepreload']/@href")
    assert sorted(preloaded) == sorted(set(graph) - {entry})
    # ... after the stylesheets and the font, as a deferred script would be: first paint first
    priorities = tree.xpath("//script[@type='module']/@fetchpriority")
    priorities += tree.xpath("//link[@rel='modulepreload']/@fetchpriority")
    assert priorities == ["low"] * (1 + len(preloaded))
    assert all(HASHED_MODULE.search(file.name) for file in (site / "assets/js").rglob("*.js"))


def test_a_changed_module_renames_the_modules_that_import_it(tmp_path, site):
    """drafts.js is imported by sending.js, which the entry imports: all three get new names."""
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    drafts = theme / "static/js/questionnaire/drafts.js"
    drafts.write_text(drafts.read_text(encoding="utf-8") + "\n// geändert\n", encoding="utf-8")
    out = tmp_path / "out"
    assert build_site(DEMO_CONTENT, out, "pelicanconf.py", "-e", f'THEME="{theme}"').ok

    def modules(folder: Path) -> set[str]:
        tree = lxml_html.fromstring(read(folder, "/fragebogen/"))
        return {
            *tree.xpath("//script[@type='module']/@src"),
            *tree.xpath("//link[@rel='modulepreload']/@href"),
        }

    before, after = modules(site), modules(out)
    changed = {re.sub(r"\.[0-9a-f]{8}\.js$", ".js", url) for url in before - after}
    assert changed == {
        "/assets/js/questionnaire.js",
        "/assets/js/questionnaire/sending.js",
        "/assets/js/questionnaire/drafts.js",
    }  # the others import nothing that changed
    assert all((out / url.lstrip("/")).is_file() for url in after)


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
