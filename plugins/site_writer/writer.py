"""The one writer every output goes through; it hides e-mail addresses from harvesters.

Every file the build writes through Pelican's writer (pages, feeds, the sitemap,
anything a plugin renders) passes ``protect`` while it is rendered: each address
(link target and visible text) becomes character references. Browsers, screen readers and feed
readers decode them as usual; a program that searches the raw bytes for
``name@domain`` finds nothing. Script data blocks are left alone (their JSON writes
``@`` as ``\\u0040``).
"""

from __future__ import annotations

import re

from pelican import signals
from pelican.writers import Writer

ADDRESS = re.compile(r"(mailto:)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
SCRIPT = re.compile(r"(<script\b[^>]*>.*?</script>)", re.DOTALL | re.IGNORECASE)
PROTECTED_SUFFIXES = (".html", ".xml", ".xsl")


def encode(text: str) -> str:
    """``a@b.de`` → ``&#97;&#64;&#98;&#46;&#100;&#101;``."""
    return "".join(f"&#{ord(char)};" for char in text)


def protect(markup: str) -> str:
    """Encode every address outside <script> elements."""
    if "@" not in markup:
        return markup
    parts = SCRIPT.split(markup)
    for index in range(0, len(parts), 2):  # even parts are outside scripts
        parts[index] = ADDRESS.sub(lambda m: encode(m.group(0)), parts[index])
    return "".join(parts)


class Rendered:
    """A finished document (a feed, the sitemap) handed to the writer like a template."""

    def __init__(self, text: str) -> None:
        self.text = text

    def render(self, *args, **kwargs) -> str:
        return self.text


class ProtectedTemplate:
    """A template whose rendered text has every address encoded."""

    def __init__(self, template) -> None:
        self.template = template

    def render(self, *args, **kwargs) -> str:
        return protect(self.template.render(*args, **kwargs))


class ProtectingWriter(Writer):
    """Pelican's writer, protecting addresses in HTML and XML while rendering."""

    def write_file(self, name, template, context, *args, **kwargs):
        if name.endswith(PROTECTED_SUFFIXES):
            template = ProtectedTemplate(template)
        return super().write_file(name, template, context, *args, **kwargs)


def use_writer(pelican):
    """Every output goes through the protecting writer."""
    return ProtectingWriter


def register() -> None:
    signals.get_writer.connect(use_writer)
