"""Turning articles into feed data: absolute links, XML-safe text, stable ids.

lxml is imported where a feed is made, in a process of its own (``plugin.write_all``).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

# Characters XML 1.0 forbids (C0 controls except tab/newline/return, surrogates, FFFE/FFFF).
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Drop characters that cannot appear in an XML document at all."""
    return _INVALID_XML.sub("", text or "")


def absolute_html(content: str, page_url: str) -> str:
    """Make every link, image and anchor in ``content`` absolute against ``page_url``."""
    if not content.strip():
        return ""
    from lxml import html as lxml_html  # noqa: PLC0415 - see the module's text

    root = lxml_html.fragment_fromstring(xml_safe(content), create_parent="div")
    root.make_links_absolute(page_url, resolve_base_href=False, handle_failures="ignore")
    for element in root.iter("img", "source"):
        if element.get("srcset"):
            element.set("srcset", absolute_srcset(element.get("srcset"), page_url))
    parts = [root.text or ""] + [
        lxml_html.tostring(child, encoding="unicode", method="html") for child in root
    ]
    return "".join(parts).strip()


def absolute_srcset(srcset: str, page_url: str) -> str:
    """``/a-480.webp 480w, /a-800.webp 800w`` with every address made absolute."""
    candidates = []
    for candidate in srcset.split(","):
        url, _, descriptor = candidate.strip().partition(" ")
        candidates.append(f"{urljoin(page_url, url)} {descriptor}".strip())
    return ", ".join(candidates)


def entry_id(authority: str, since: str, source: str, override: str = "") -> str:
    """A tag: URI (RFC 4151) from the source file, so a new title never changes it."""
    if override:
        return override
    specific = re.sub(r"[^A-Za-z0-9/._~-]", "-", source.replace("\\", "/"))
    return f"tag:{authority},{since}:{specific}"


def page_url(base: str, url: str) -> str:
    """Absolute URL of a page given the site base and Pelican's relative url."""
    return urljoin(base.rstrip("/") + "/", url)
