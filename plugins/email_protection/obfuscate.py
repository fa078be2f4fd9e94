"""Hide e-mail addresses from simple harvesters without breaking them for people.

Every address in a written HTML page (link target and visible text) becomes HTML
character references: browsers and screen readers read and open it as usual,
while a program that searches the raw HTML for ``name@domain`` finds nothing.
Script data blocks are left alone (their JSON writes ``@`` as ``\\u0040``).
"""

from __future__ import annotations

import re
from pathlib import Path

from pelican import signals

ADDRESS = re.compile(r"(mailto:)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
SCRIPT = re.compile(r"(<script\b[^>]*>.*?</script>)", re.DOTALL | re.IGNORECASE)


def encode(text: str) -> str:
    """``a@b.de`` → ``&#97;&#64;&#98;&#46;&#100;&#101;``."""
    return "".join(f"&#{ord(char)};" for char in text)


def protect(html: str) -> str:
    """Encode every address outside <script> elements."""
    parts = SCRIPT.split(html)
    for index in range(0, len(parts), 2):  # even parts are outside scripts
        parts[index] = ADDRESS.sub(lambda m: encode(m.group(0)), parts[index])
    return "".join(parts)


def protect_written_file(path: str, context: dict) -> None:
    """Rewrite each HTML page right after Pelican wrote it."""
    if not path.endswith(".html"):
        return
    page = Path(path)
    text = page.read_text(encoding="utf-8")
    protected = protect(text)
    if protected != text:
        page.write_text(protected, encoding="utf-8")


def register() -> None:
    signals.content_written.connect(protect_written_file)
