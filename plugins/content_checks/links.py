"""Links with ``{static}`` or ``{filename}``, links to pages of the site, and images, that
lead to no file.

Pelican only says ``Unable to find '/images/x.png'`` (without the page) and publishes the
link as it was written. Here each such link is an error naming the content file, its line
and how to write it. A reported link loses its ``{…}`` marker, so Pelican does not warn a
second time and does not try to copy a file that is not there.

A link written as an address of the site itself (``/blog/alter-beitrag/``, a relative
path, or an absolute URL on the site's own host) must name a file the build writes
(``check_internal_links``, against ``outputs.served``); its ``#anker`` and query are not
looked at (anchors have their own check). Paths the web server answers itself, like the
questionnaire receiver below ``/api/``, are not checked
(``CONTENT_CHECKS_SERVED_ELSEWHERE``, and QUESTIONNAIRE_RECEIVER when it is on the site).

``<img>`` elements are left to the ``images`` plugin when it runs (it turns them into
``<picture>`` and reports missing files itself); without it, ``check_images`` compares
every image address with the files the build will write.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pelican.contents import Article, Page

from plugins.site_settings import absolute_siteurl
from plugins.site_settings.paths import display_path
from plugins.site_settings.pelican_internals import html_of, intrasite_link_regex, set_html

from .sentences import unknown_marker

#: Markers Pelican replaces by an address; the first three name a file below content/.
FILE_MARKERS = ("static", "attach", "filename")
OTHER_MARKERS = ("category", "tag", "index", "author")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg")
IMG_SRC = re.compile(r"""<img\b[^>]*?\ssrc\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)
LINK_HREF = re.compile(r"""<a\b[^>]*?\shref\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)
MARKER_HINT = re.compile(r"[{|]")  # no marker without one of these (INTRASITE_LINK_REGEX)
FOREIGN = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
IMAGE_EXAMPLE = "![Beschreibung]({static}/images/bild.png)"
#: The setting through which the images plugin offers its pipeline (see plugins/images).
IMAGES_PLUGIN = "IMAGE_PIPELINE"
REPORTED = "kit_reported_links"
#: Paths below the site that the web server answers itself (not the build): not checked.
SERVED_ELSEWHERE = "CONTENT_CHECKS_SERVED_ELSEWHERE"
PAGE_EXAMPLE = "[Text]({filename}/blog/datei.md)"


def is_content(item: object) -> bool:
    return isinstance(item, (Article, Page)) and bool(getattr(item, "_content", None))


def source_lines(item) -> list[str]:
    try:
        return Path(item.source_path).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError, TypeError):
        return []


def line_of(lines: list[str], *needles: str) -> str:
    """``, Zeile 7`` for the first line containing one of ``needles``, else ""."""
    for number, line in enumerate(lines, start=1):
        if any(needle and needle in line for needle in needles):
            return f", Zeile {number}"
    return ""


def _target(item, value: str) -> str:
    """The path below content/ a ``{static}``/``{filename}`` link names (as Pelican reads it)."""
    path = unquote(urlsplit(value).path)
    if path.startswith("/"):
        return posixpath.normpath(path.lstrip("/"))
    return posixpath.normpath(posixpath.join(item.relative_dir, path))


def _guess(root: str, marker: str, target: str) -> str:
    """`` – gemeint ist wohl {static}/images/x.png`` when a likely file exists."""
    name = posixpath.basename(target)
    for candidate in (f"images/{name}", name):
        if candidate != target and os.path.isfile(os.path.join(root, candidate)):
            return f"; gemeint ist wohl {{{marker}}}/{candidate}"
    return ""


def _missing_file(item, lines: list[str], marker: str, value: str, target: str) -> str:
    root = item.settings["PATH"]
    written = f"{{{marker}}}{value}"
    where = display_path(item.source_path) + line_of(lines, written, f"|{marker}|{value}")
    shown = display_path(os.path.join(root, target))
    if marker == "filename":
        fix = "bitte den Pfad ab content/ angeben, z. B. [Text]({filename}/blog/beitrag.md)"
    elif target.lower().endswith(IMAGE_SUFFIXES):
        fix = f"bitte die Datei dort ablegen oder den Namen korrigieren, z. B. {IMAGE_EXAMPLE}"
    else:
        fix = (
            "bitte die Datei dort ablegen oder den Pfad ab content/ korrigieren, z. B. "
            "[Preisliste]({static}/images/preise.pdf)"
        )
    guess = _guess(root, marker, target)
    return f"{where}: Verweis '{written}': die Datei {shown} gibt es nicht – {fix}{guess}."


def check_links(item, report) -> None:
    """Report ``{static}``, ``{attach}``, ``{filename}`` links without a file, and unknown
    markers; called for every content object as soon as it is read."""
    if not is_content(item) or not MARKER_HINT.search(html_of(item)):
        return
    settings = item.settings
    images_plugin = IMAGES_PLUGIN in settings
    regex = intrasite_link_regex(item)
    lines: list[str] | None = None
    reported = set()

    def replace(match: re.Match) -> str:
        nonlocal lines
        marker, value, markup = match["what"], match["value"], match["markup"]
        if marker in OTHER_MARKERS:
            return match[0]
        if marker in FILE_MARKERS:
            target = _target(item, value)
            if os.path.isfile(os.path.join(settings["PATH"], target)):
                return match[0]
            if not (images_plugin and markup.lower().startswith("<img")):
                lines = source_lines(item) if lines is None else lines
                report(_missing_file(item, lines, marker, value, target))
            # else: the images plugin reports the image; the marker goes all the same
        else:
            lines = source_lines(item) if lines is None else lines
            written = match["path"]
            where = display_path(item.source_path) + line_of(lines, written)
            report(f"{where}: {unknown_marker(written, marker)}")
        reported.add(value)
        return f"{markup}{match['quote']}{value}{match['quote']}"

    html = regex.sub(replace, html_of(item))
    if reported:
        set_html(item, html)
        setattr(item, REPORTED, reported)


def _output_path(src: str, page_url: str, sitepath: str) -> str:
    """The file below the output folder an image address points to."""
    path = unquote(urlsplit(src).path)
    if path.startswith("/"):
        if sitepath and (path == sitepath or path.startswith(sitepath + "/")):
            path = path[len(sitepath) :]
        return posixpath.normpath(path.lstrip("/") or ".")
    folder = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
    return posixpath.normpath(posixpath.join(folder, path))


def check_images(items, files: set[str], settings: dict, sitepath: str, report) -> None:
    """Every ``<img>`` of a page must show a file the build writes (without images plugin)."""
    if IMAGES_PLUGIN in settings:
        return
    root = settings["PATH"]
    for item in items:
        reported = getattr(item, REPORTED, set())
        for _, src in IMG_SRC.findall(html_of(item) or ""):
            if not src or src in reported or FOREIGN.match(src) or "{" in src:
                continue
            target = _output_path(src, item.url or "", sitepath)
            if target in files:
                continue
            where = display_path(item.source_path) + line_of(source_lines(item), src)
            source = os.path.join(root, target)
            if os.path.isfile(source):
                folder = target.split("/", 1)[0]
                problem = (
                    f"die Datei {display_path(source)} wird nicht veröffentlicht ({folder}/ "
                    "steht nicht in STATIC_PATHS) – bitte so einbinden, dann kopiert der Build "
                    f"sie mit: ![Beschreibung]({{static}}/{target})."
                )
            else:
                problem = (
                    f"die Datei {display_path(source)} gibt es nicht – Bilder in content/images/ "
                    f"ablegen und so einbinden: {IMAGE_EXAMPLE}."
                )
            report(f"{where}: Bild '{src}': {problem}")


# --- links to addresses of the site ------------------------------------------------------


def _host(netloc: str) -> str:
    """``WWW.Beispiel.de`` → ``beispiel.de`` (the host with and without www is one site)."""
    return netloc.lower().removeprefix("www.")


def site_path(href: str, settings: dict) -> str | None:
    """The path an address of this site names (``""``: this page); None for other sites,
    e-mail, phone and every other kind of link."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        site = urlsplit(absolute_siteurl(settings))
        if parts.scheme.lower() not in ("", "http", "https") or not parts.netloc:
            return None
        if _host(parts.netloc) != _host(site.netloc):
            return None
        return parts.path or "/"
    return parts.path


def served_elsewhere(settings: dict, sitepath: str) -> tuple[str, ...]:
    """Folders below the site (``api/``) that the web server answers itself, not the build."""
    folders = [str(path).strip("/") + "/" for path in settings.get(SERVED_ELSEWHERE) or []]
    receiver = str(settings.get("QUESTIONNAIRE_RECEIVER") or "")
    path = site_path(receiver, settings) if receiver else None
    if path:  # the receiver on the site's own address (publishconf.py: SITEURL/api)
        folders.append(_output_path(path, "", sitepath) + "/")
    return tuple(folder for folder in folders if folder not in ("/", "./"))


def _served(target: str, served) -> bool:
    """Whether a path below the output folder is served: as a file, or as a folder's page."""
    page = "index.html" if target == "." else f"{target}/index.html"
    return target in served or page in served


def _page_fix(items, target: str) -> str:
    """How to link the page: ``{filename}`` of the page with that slug, or an example."""
    slug = posixpath.basename(target)
    for item in items:
        if slug and getattr(item, "slug", None) == slug:
            return (
                "bitte die Datei nennen, gemeint ist wohl "
                f"[Text]({{filename}}/{item.relative_source_path})"
            )
    return f"bitte den Link korrigieren oder die Datei nennen, z. B. {PAGE_EXAMPLE}"


def _shown(href: str, path: str, target: str, sitepath: str) -> str:
    """The link as written and, for a relative one, the address it leads to."""
    if urlsplit(href).netloc or path.startswith("/"):
        return href
    return f"{href} (führt zu {sitepath}/{target}{'/' if path.endswith('/') else ''})"


def _link_line(lines: list[str], href: str) -> str:
    """``, Zeile 7`` for the line that writes the link (as Markdown, reference or HTML)."""
    written = (f"]({href})", f"]({href} ", f"]: {href}", f"<{href}>", f'"{href}"', f"'{href}'")
    return line_of(lines, *written) or line_of(lines, href)


def _missing_page(item, items, href: str, shown: str, target: str) -> str:
    where = display_path(item.source_path) + _link_line(source_lines(item), href)
    if posixpath.splitext(target)[1]:
        return (
            f"{where}: der Link verweist auf {shown}, diese Datei gibt es nicht – bitte den "
            "Link korrigieren oder die Datei in content/images/ ablegen und so verlinken: "
            f"[Text]({{static}}/images/{posixpath.basename(target)})."
        )
    return (
        f"{where}: der Link verweist auf {shown}, diese Seite gibt es nicht – "
        f"{_page_fix(items, target)}."
    )


def check_internal_links(items, served, settings: dict, sitepath: str, report) -> None:
    """Every link of a page to an address of this site must lead to a file the build writes
    (``served``: ``outputs.Served``)."""
    elsewhere = served_elsewhere(settings, sitepath)
    for item in items:
        reported = getattr(item, REPORTED, set())
        seen: set[str] = set()
        for _, raw in LINK_HREF.findall(html_of(item) or ""):
            href = html.unescape(raw).strip()
            if href in seen or href in reported or MARKER_HINT.search(href):
                continue  # {filename} and friends: checked when the file was read
            seen.add(href)
            path = site_path(href, settings)
            if not path:
                continue
            target = _output_path(path, item.url or "", sitepath)
            if _served(target, served) or f"{target}/".startswith(elsewhere):
                continue
            shown = _shown(href, path, target, sitepath)
            report(_missing_page(item, items, href, shown, target))
