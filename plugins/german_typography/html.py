"""German line breaking for a finished HTML page: the text of templates and front matter too.

The Markdown extension typesets what authors write; prices, opening hours and legal
texts also come from templates, owner.yml and front matter. This pass runs over every
written page (see ``plugins.site_writer``) and, in the text of ``<body>`` only:

- puts no-break spaces where German typography wants them (19 %, ab 55 €, § 25 Abs. 2);
- keeps a word whose first part is one letter together ("E-Mail", "E-Mail-Adresse"
  may break only after "Mail-"), in a ``<span class="nobr">``;
- lets an e-mail address break only before its ``@`` and its dots: each piece is a
  ``nobr`` span with ``<wbr>`` between them, written as character references, so the
  address stays hidden from harvesters like every other one (``site_writer.protect``).

Attributes, ``<title>``, scripts, styles, code and form options stay as they are.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .markdown_ext import no_break

TAG = re.compile(r"(<[^>]*>)")
#: Elements whose text is left alone: not prose, or no markup allowed inside.
RAW = {"script", "style", "title", "textarea", "option", "pre", "code", "kbd", "samp", "svg"}
OPEN_OR_CLOSE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)")
#: A word whose first part is a single letter: E-Mail, U-Bahn, T-Shirt
ONE_LETTER = re.compile(r"(?<![\w@.-])([A-Za-zÄÖÜäöü]-[^\W\d_]{2,})(?![\w@]|-?\w*@)")
ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
NOBR = '<span class="nobr">{}</span>'
#: Text without any of these needs nothing (most segments of a page): skipped at once.
CANDIDATE = re.compile(r"[\d§@-]|\. ")


def _encode(text: str) -> str:
    return "".join(f"&#{ord(char)};" for char in text)


def breakable_address(address: str) -> str:
    """``info@buero.example`` → pieces "info", "@buero", ".example", breakable between."""
    pieces = re.split(r"(?=[@.])", address)
    return "<wbr>".join(NOBR.format(_encode(piece)) for piece in pieces if piece)


def typeset_text(text: str) -> str:
    """One text segment of the page (markup-free, entities kept)."""
    if not CANDIDATE.search(text):
        return text
    if "@" not in text:  # no address (the address pattern is slow on long text)
        return _words(text)
    pieces, done = [], 0
    for match in ADDRESS.finditer(text):
        pieces += [_words(text[done : match.start()]), breakable_address(match.group(0))]
        done = match.end()
    pieces.append(_words(text[done:]))
    return "".join(pieces)


#: Segments up to this long are looked up: a site's menus, footer, dates and labels come
#: back on every page (in a build of 1,000 posts, 98 of 100 segments were seen before).
SHORT = 160
_typeset_short = lru_cache(maxsize=4096)(typeset_text)


def _words(text: str) -> str:
    if not text.strip():
        return text
    return ONE_LETTER.sub(lambda m: NOBR.format(m.group(1)), no_break(text))


@lru_cache(maxsize=4096)
def _tag(markup: str) -> tuple[str, bool]:
    """A tag's element name (lower case; "" for a comment or doctype) and whether it
    closes one. Looked up: a site's pages repeat the same tags again and again."""
    tag = OPEN_OR_CLOSE.match(markup)
    return (tag.group(2).lower(), bool(tag.group(1))) if tag else ("", False)


def typeset_html(markup: str) -> str:
    """``markup`` with German line breaking in the body's text (see the module).

    Text already kept together (inside ``<span class="nobr">``) is left alone, so a
    second pass changes nothing.
    """
    body = markup.find("<body")
    if body == -1:
        return markup
    parts = TAG.split(markup[body:])
    raw: list[str] = []  # open elements whose text is left alone
    spans: list[bool] = []  # every open span: is it a nobr one?
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            name, closing = _tag(part)
            if name == "span":
                if closing:
                    spans = spans[:-1]
                else:
                    spans.append(part == '<span class="nobr">')
            elif name in RAW:
                if closing:
                    if name in raw:
                        del raw[len(raw) - 1 - raw[::-1].index(name)]
                elif not part.endswith("/>"):
                    raw.append(name)
        elif part and not raw and not any(spans):
            parts[index] = _typeset_short(part) if len(part) <= SHORT else typeset_text(part)
    return markup[:body] + "".join(parts)
