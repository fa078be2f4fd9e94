"""E-mail addresses as character references: readable for people, not for harvesters.

Script data blocks are left alone (their JSON writes ``@`` as ``\\u0040``).
"""

from __future__ import annotations

import re

ADDRESS = re.compile(r"(mailto:)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)  # what is protected
LOCAL = re.compile(r"[\w.+-]", re.UNICODE)
DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)+", re.UNICODE)
MAILTO = "mailto:"
SCRIPT = re.compile(r"(<script\b[^>]*>.*?</script>)", re.DOTALL | re.IGNORECASE)


def encode(text: str) -> str:
    """``a@b.de`` → ``&#97;&#64;&#98;&#46;&#100;&#101;``."""
    return "".join(f"&#{ord(char)};" for char in text)


def _protect_text(text: str) -> str:
    """``ADDRESS.sub`` with ``encode``, but only looking where there is an ``@``.

    A regular expression that may start anywhere scans every character of a page;
    pages have a handful of ``@``, so each is examined on its own.
    """
    pieces, done, at = [], 0, text.find("@")
    while at != -1:
        start = at
        while start > done and LOCAL.match(text[start - 1]):
            start -= 1
        domain = DOMAIN.match(text, at + 1)
        if start == at or domain is None:
            at = text.find("@", at + 1)
            continue
        if text[max(start - len(MAILTO), done) : start] == MAILTO:
            start -= len(MAILTO)
        pieces += [text[done:start], encode(text[start : domain.end()])]
        done = domain.end()
        at = text.find("@", done)
    pieces.append(text[done:])
    return "".join(pieces)


def protect(markup: str) -> str:
    """Encode every address outside <script> elements."""
    if "@" not in markup:
        return markup
    parts = SCRIPT.split(markup)
    for index in range(0, len(parts), 2):  # even parts are outside scripts
        if "@" in parts[index]:
            parts[index] = _protect_text(parts[index])
    return "".join(parts)
