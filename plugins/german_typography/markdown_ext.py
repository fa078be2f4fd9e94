"""German typography for Python-Markdown.

- quotes become „…“ and ‚…‘, apostrophes inside or at the end of words stay
  apostrophes (geht’s, Hans’), dashes and ellipses are typeset;
- no-break spaces keep a number with its unit (19 %, 48 €), § and Art. with their
  number and "z. B." together;
- the gender star (Kund*innen, jede*r) is kept literal; emphasis still works
  because ``pymdownx.betterem`` (smart mode) ignores intra-word asterisks and
  this extension guards the remaining cases.

The quotes, dashes and ellipses are Smarty's rules and patterns, applied by a lean
walker (``QuotesProcessor``) instead of Python-Markdown's general inline processor: it
applies the same patterns in the same order with the same placeholders, but only to text
that holds a quote, two hyphens or three dots, and without building the tree again. For
most text nodes that is a single regular expression; a post reads twice as fast. A test
compares it with Smarty's own processor on tricky cases.
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.extensions.smarty import SmartyExtension, SubstituteTextPattern
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString, Registry

GERMAN_QUOTES = {
    "left-double-quote": "&bdquo;",  # „
    "right-double-quote": "&ldquo;",  # “
    "left-single-quote": "&sbquo;",  # ‚
    "right-single-quote": "&lsquo;",  # ‘
}
APOSTROPHE = "&rsquo;"  # ’ – the apostrophe, never the German closing quote

# geht's, wie's, Ku'damm; and the decade/elision forms '90, 's
_APOSTROPHE_PATTERNS = (
    (r"(?<=\w)'(?=\w)", (APOSTROPHE,)),
    (r"(?<![\w'])'(?=\d\d(?:er|\b))", (APOSTROPHE,)),
    (r"(?<![\w'])'(?=(?:s|n|nen|ne|nem|nen)\b)", (APOSTROPHE,)),
)

# A star between a word and a typical gender suffix: Kund*innen, jede*r, Kolleg*in
GENDER_STAR_RE = r"(?<=[A-Za-zÄÖÜäöüß])\*(?=(?:innen|in|r|n|e|m|s|es|em|en|er|ens)\b)"


class GenderStarProcessor(InlineProcessor):
    """Emit the gender star as plain text before emphasis can claim it."""

    def handleMatch(self, m, data):  # noqa: N802 - Markdown's API name
        return AtomicString("*"), m.start(0), m.end(0)


NBSP = "\u00a0"
#: Where German typesetting never breaks a line: a number and its unit or sign (19 %,
#: 48 €), a section or article sign and its number (§ 19, Art. 6 Abs. 1), "z. B.".
NO_BREAK = (
    (re.compile(r"(\d) (%|€|Uhr\b|Std\.|Stunden?\b|Minuten?\b|Tage?n?\b)"), "\\1" + NBSP + "\\2"),
    (re.compile(r"(§§?) (\d)"), "\\1" + NBSP + "\\2"),
    (re.compile(r"\b(Art|Abs|Nr|lit|S)\. (\w)"), "\\1." + NBSP + "\\2"),
    (re.compile(r"\b(z\.) (B\.)|\b(d\.) (h\.)|\b(u\.) (a\.)"), None),
)
SKIPPED = {"code", "pre", "kbd", "samp", "script", "style"}
#: Text that none of ``NO_BREAK`` can match has none of these (most text): left at once.
NO_BREAK_QUICK = re.compile(r"\d |§|\b(?:Art|Abs|Nr|lit|S|z|d|u)\. ")


def no_break(text: str) -> str:
    """``text`` with no-break spaces where German typography wants them."""
    if not NO_BREAK_QUICK.search(text):
        return text
    for pattern, replacement in NO_BREAK:
        if replacement is None:  # abbreviations of two parts: keep them together
            text = pattern.sub(lambda m: m.group(0).replace(" ", NBSP), text)
        else:
            text = pattern.sub(replacement, text)
    return text


class NoBreakProcessor(Treeprocessor):
    """No-break spaces in every text node outside code (19 %, § 19, z. B.)."""

    def run(self, root):
        self._walk(root)

    def _walk(self, element) -> None:
        if element.tag in SKIPPED:
            return
        if element.text and not isinstance(element.text, AtomicString):
            element.text = no_break(element.text)
        for child in element:
            self._walk(child)
            if child.tail:
                child.tail = no_break(child.tail)


#: Text that none of the patterns can match has none of these (no angled quotes here).
QUICK = re.compile(r"""['"]|--|\.\.\.""")
#: Stands in for a replaced piece while the later patterns run, like the inline
#: processor's placeholders: the same STX/ETX ends, so the patterns see the same text.
TOKEN = "\x02gtypo:{}\x03"
TOKEN_RE = re.compile("\x02gtypo:(\\d+)\x03")


class QuotesProcessor(Treeprocessor):
    """Smarty's patterns over every text and tail outside code, in Smarty's way.

    Like ``markdown.treeprocessors.InlineProcessor``: each pattern in priority order is
    searched from the start, a match is replaced by a placeholder (the pattern's result,
    held aside), and the search goes on right after it; then the next pattern. At the end
    the placeholders become the results (raw HTML placeholders of the entities).
    """

    def __init__(self, md: Markdown, patterns: Registry) -> None:
        super().__init__(md)
        self.patterns = [(pattern.getCompiledRegExp(), pattern) for pattern in patterns]

    def run(self, root):
        for element in root.iter():
            if element is root:
                continue
            if element.text and not isinstance(element.text, AtomicString):
                element.text = self.educate(element.text)
            if element.tail and not isinstance(element.tail, AtomicString):
                element.tail = self.educate(element.tail)

    def educate(self, text: str) -> str:
        if not QUICK.search(text):
            return text
        results: list[str] = []
        for expression, pattern in self.patterns:
            start = 0
            while (match := expression.search(text, start)) is not None:
                result, begin, end = pattern.handleMatch(match, text)
                token = TOKEN.format(len(results))
                results.append(result)
                text = f"{text[:begin]}{token}{text[end:]}"
                start = begin + len(token)
        while results and "\x02gtypo:" in text:  # a result may hold an earlier one
            text = TOKEN_RE.sub(lambda m: results[int(m.group(1))], text)
        return text


class GermanTypographyExtension(SmartyExtension):
    """Smarty with German quotes and a real apostrophe."""

    def __init__(self, **kwargs):
        subs = dict(GERMAN_QUOTES)
        subs.update(kwargs.pop("substitutions", {}))
        super().__init__(substitutions=subs, **kwargs)

    def educateQuotes(self, md: Markdown) -> None:  # noqa: N802 - Markdown's API name
        patterns = [SubstituteTextPattern(p, r, md) for p, r in _APOSTROPHE_PATTERNS]
        for index, pattern in enumerate(patterns):
            self.inlinePatterns.register(pattern, f"german-apostrophe-{index}", 50 - index)
        super().educateQuotes(md)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Markdown's API name
        super().extendMarkdown(md)
        if not self.getConfig("smart_angled_quotes"):  # QUICK knows no angled quotes
            md.treeprocessors.register(QuotesProcessor(md, self.inlinePatterns), "smarty", 6)
        # Higher than every emphasis pattern (betterem registers at 50 and below).
        md.inlinePatterns.register(GenderStarProcessor(GENDER_STAR_RE, md), "gender-star", 185)
        md.treeprocessors.register(NoBreakProcessor(md), "german-no-break", 1)


def makeExtension(**kwargs) -> GermanTypographyExtension:  # noqa: N802 - Markdown's API name
    return GermanTypographyExtension(**kwargs)
