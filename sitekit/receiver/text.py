"""Visitor text, cleaned at the door and shown safely to the owner.

``clean_line`` and ``clean_block`` run on every submitted value before it is checked
and stored: NFC, and no control, format or line-separator characters where they do not
belong. A single-line field keeps no line break, tab or escape sequence (they become
spaces); a long-text field keeps its line breaks and tabs, with every kind of line break
written as ``\\n``. Format characters (bidi overrides, zero-width characters) go
everywhere: they can make a text read differently from what it holds.

``for_terminal`` is the second line of defence for what is already stored: whatever
could still move a terminal's cursor, set its title or write its clipboard is shown as
a visible escape (``\\x1b``, ``\\u2028``) instead of acting.
"""

from __future__ import annotations

import unicodedata

#: Categories that never reach storage as they are: controls, format characters, line
#: and paragraph separators.
_CONTROL, _FORMAT, _LINE_SEPARATORS = "Cc", "Cf", {"Zl", "Zp"}
_BLOCK_BREAKS = {"\r\n": "\n", "\r": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n"}


def clean_line(text: str) -> str:
    """One line: NFC, a run of controls and separators becomes one space (CR LF too),
    format characters go."""
    text = unicodedata.normalize("NFC", text)
    out: list[str] = []
    replaced = False
    for char in text:
        category = unicodedata.category(char)
        if category == _CONTROL or category in _LINE_SEPARATORS:
            if not replaced:
                out.append(" ")
            replaced = True
        elif category != _FORMAT:
            out.append(char)
            replaced = False
    return "".join(out).strip()


def clean_block(text: str) -> str:
    """A long text: like ``clean_line``, but line breaks (as ``\\n``) and tabs stay."""
    text = unicodedata.normalize("NFC", text)
    for old, new in _BLOCK_BREAKS.items():
        text = text.replace(old, new)
    out = []
    for char in text:
        if char in "\n\t":
            out.append(char)
            continue
        category = unicodedata.category(char)
        if category == _CONTROL or category in _LINE_SEPARATORS:
            out.append(" ")
        elif category != _FORMAT:
            out.append(char)
    return "".join(out).strip()


def _visible(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"  # noqa: PLR2004


def for_terminal(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with every control, format and separator character shown, not obeyed."""
    out = []
    for char in str(text):
        if keep_newlines and char == "\n":
            out.append(char)
            continue
        category = unicodedata.category(char)
        if category in (_CONTROL, _FORMAT) or category in _LINE_SEPARATORS:
            out.append(_visible(char))
        else:
            out.append(char)
    return "".join(out)
