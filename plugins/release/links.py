"""Gate: every internal link, anchor, image and asset resolves; no page is orphaned."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree, html

from .gates import GateResult

#: Pages that are reached by other means than a link: the host shows 404.html for
#: unknown addresses, the questionnaire's script opens its success page.
NOT_LINKED = {"404.html", "fragebogen/danke/index.html"}
URL_ATTRIBUTES = (
    "//a/@href | //link/@href | //img/@src | //script/@src | //form/@action | //source/@src"
)


def _target(site: Path, path: str) -> Path:
    candidate = site / unquote(path).lstrip("/")
    if path.endswith("/") or candidate.is_dir():
        return candidate / "index.html"
    return candidate


def _internal_path(url: str, page_url: str, siteurl: str) -> str | None:
    """Site-relative path of ``url`` or None when it points elsewhere."""
    if url.startswith(("mailto:", "tel:", "data:", "javascript:")):
        return None
    if siteurl and url.startswith(siteurl + "/"):
        url = url[len(siteurl) :]
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:  # "#anchor" on the same page
        return page_url + ("#" + parts.fragment if parts.fragment else "")
    base = page_url if parts.path.startswith("/") else page_url.rsplit("/", 1)[0] + "/"
    path = parts.path if parts.path.startswith("/") else base + parts.path
    return path + ("#" + parts.fragment if parts.fragment else "")


def _ids(file: Path, cache: dict[Path, set[str]]) -> set[str]:
    if file not in cache:
        tree = html.fromstring(file.read_bytes())
        cache[file] = set(tree.xpath("//@id")) | set(tree.xpath("//a/@name"))
    return cache[file]


def links_gate(site: Path, siteurl: str) -> GateResult:
    result = GateResult("Links, Anker, Bilder und Dateien")
    pages = sorted(site.rglob("*.html"))
    ids: dict[Path, set[str]] = {}
    linked: set[Path] = set()
    checked = 0
    for page in pages:
        relative = page.relative_to(site).as_posix()
        page_url = "/" + relative.removesuffix("index.html")
        tree = html.fromstring(page.read_bytes())
        for url in tree.xpath(URL_ATTRIBUTES):
            path = _internal_path(url.strip(), page_url, siteurl)
            if path is None:
                continue
            checked += 1
            file_part, _, anchor = path.partition("#")
            target = _target(site, file_part)
            if not target.exists():
                result.problems.append(f"{relative}: {url} → {target.relative_to(site)} fehlt")
                continue
            if target != page:  # a page's own canonical link does not make it reachable
                linked.add(target)
            if anchor and target.suffix == ".html" and anchor not in _ids(target, ids):
                result.problems.append(f"{relative}: {url} → Anker #{anchor} fehlt")
    sitemap = site / "sitemap.xml"
    in_sitemap: set[Path] = set()
    if sitemap.exists():
        for loc in etree.parse(str(sitemap)).iter("{*}loc"):
            path = _internal_path(loc.text.strip(), "/", siteurl)
            if path is not None:
                in_sitemap.add(_target(site, path.partition("#")[0]))
    home = site / "index.html"
    for page in pages:
        relative = page.relative_to(site).as_posix()
        if page != home and relative not in NOT_LINKED and page not in linked | in_sitemap:
            result.problems.append(f"{relative}: verwaist (kein Link, nicht in der Sitemap)")
    result.figures = {
        "Seiten": len(pages),
        "geprüfte Verweise": checked,
        "Sitemap-Einträge": len(in_sitemap),
    }
    return result
