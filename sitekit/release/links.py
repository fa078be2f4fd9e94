"""Gate: every internal link, anchor, image and asset resolves; no page is orphaned.

Everything is read from the release itself: links from its pages, the pages a search
engine should find from ``sitemap.xml``. A link is resolved inside the release folder
only, exactly as a web server would serve it, so ``/../README.md`` is a broken link
even if that file exists next to the release.

Every page must be linked or in the sitemap, with one exception: a page that asks
search engines not to index it (``<meta name="robots" content="noindex">``) and whose
address another file of the release names, such as the host configuration naming
the 404 page or a questionnaire naming its thank-you page.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree, html

from .result import GateResult

URL_ATTRIBUTES = (
    "//a/@href | //link/@href | //img/@src | //img/@srcset | //script/@src"
    " | //form[not(@method='post')]/@action"  # a POST goes to a receiver, not to a file
    " | //source/@src | //source/@srcset"
)
IGNORED_SCHEMES = ("mailto:", "tel:", "data:", "javascript:", "blob:")


def _urls(value: str, attribute: str) -> list[str]:
    """One URL, or the candidates of a srcset list."""
    if attribute.endswith("srcset"):
        return [part.strip().split()[0] for part in value.split(",") if part.strip()]
    return [value.strip()]


def internal_path(url: str, page_url: str, siteurl: str) -> str | None:
    """The site path (``/a/b/#x``) ``url`` points to, or None when it points elsewhere.

    Dot segments are resolved as a browser does, so the result never leaves the site.
    """
    if url.startswith(IGNORED_SCHEMES):
        return None
    if siteurl and (url == siteurl or url.startswith(siteurl + "/")):
        url = url[len(siteurl) :] or "/"
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    if not parts.path:  # "#anchor" on the same page
        return page_url + fragment
    joined = (
        parts.path if parts.path.startswith("/") else page_url.rsplit("/", 1)[0] + "/" + parts.path
    )
    normal = posixpath.normpath(joined)
    if joined.endswith("/") and normal != "/":
        normal += "/"
    return normal + fragment


def target_file(site: Path, path: str) -> Path | None:
    """The file a server would send for ``path``; None when that is outside the release."""
    root = site.resolve()
    candidate = (root / unquote(path).lstrip("/")).resolve()
    if candidate != root and root not in candidate.parents:
        return None
    if path.endswith("/") or candidate.is_dir():
        return candidate / "index.html"
    return candidate


def _ids(file: Path, cache: dict[Path, set[str]]) -> set[str]:
    if file not in cache:
        tree = html.fromstring(file.read_bytes())
        cache[file] = set(tree.xpath("//@id")) | set(tree.xpath("//a/@name"))
    return cache[file]


def is_noindex(tree) -> bool:
    content = " ".join(tree.xpath("//meta[@name='robots']/@content")).lower()
    return "noindex" in content


def sitemap_files(site: Path, siteurl: str) -> set[Path]:
    sitemap = site / "sitemap.xml"
    found: set[Path] = set()
    if sitemap.exists():
        for loc in etree.parse(str(sitemap)).iter("{*}loc"):
            path = internal_path((loc.text or "").strip(), "/", siteurl)
            target = target_file(site, path.partition("#")[0]) if path else None
            if target is not None:
                found.add(target)
    return found


TEXT_FILES = ("*.html", "*.xml", "*.txt", "*.json", "_headers", ".htaccess")


def named_elsewhere(site: Path, pages: list[Path], prefix: str) -> set[Path]:
    """Pages whose address (``/a/b/`` or ``/a.html``) appears in another file of the release."""
    texts = {
        file: file.read_text(encoding="utf-8", errors="replace")
        for pattern in TEXT_FILES
        for file in site.rglob(pattern)
    }
    named = set()
    for page in pages:
        relative = page.relative_to(site).as_posix()
        address = f"{prefix}/{relative.removesuffix('index.html')}"
        if any(address in text for file, text in texts.items() if file != page):
            named.add(page)
    return named


def links_gate(site: Path, siteurl: str) -> GateResult:
    result = GateResult("Links, Anker, Bilder und Dateien")
    site = site.resolve()
    pages = sorted(site.rglob("*.html"))
    ids: dict[Path, set[str]] = {}
    linked: set[Path] = set()
    noindex: set[Path] = set()
    checked = 0
    for page in pages:
        relative = page.relative_to(site).as_posix()
        page_url = "/" + relative.removesuffix("index.html")
        tree = html.fromstring(page.read_bytes())
        if is_noindex(tree):
            noindex.add(page)
        for element_url in tree.xpath(URL_ATTRIBUTES):
            attribute = element_url.attrname
            for url in _urls(str(element_url), attribute):
                path = internal_path(url, page_url, siteurl)
                if path is None:
                    continue
                checked += 1
                file_part, _, anchor = path.partition("#")
                target = target_file(site, file_part)
                if target is None:
                    result.problems.append(f"{relative}: {url} zeigt aus der Website heraus")
                    continue
                if not target.exists():
                    result.problems.append(f"{relative}: {url} → {target.relative_to(site)} fehlt")
                    continue
                if target != page:  # a page's own canonical link does not make it reachable
                    linked.add(target)
                if anchor and target.suffix == ".html" and anchor not in _ids(target, ids):
                    result.problems.append(f"{relative}: {url} → Anker #{anchor} fehlt")
    in_sitemap = sitemap_files(site, siteurl)
    for missing in sorted(p for p in in_sitemap if not p.exists()):
        result.problems.append(f"sitemap.xml: {missing.relative_to(site)} fehlt")
    home = site / "index.html"
    unlinked = [p for p in pages if p != home and p not in linked | in_sitemap]
    reachable_without_link = named_elsewhere(
        site, [p for p in unlinked if p in noindex], urlsplit(siteurl).path.rstrip("/")
    )
    for page in unlinked:
        if page in reachable_without_link:
            continue
        relative = page.relative_to(site).as_posix()
        result.problems.append(f"{relative}: verwaist (kein Link, nicht in der Sitemap)")
    result.figures = {
        "Seiten": len(pages),
        "geprüfte Verweise": checked,
        "Sitemap-Einträge": len(in_sitemap),
    }
    return result
