"""German slugs: umlauts transliterated (ä→ae, ß→ss), other accents folded, ASCII only.

The same substitutions feed Pelican's ``SLUG_REGEX_SUBSTITUTIONS`` (posts, pages,
tags, categories), the Markdown heading anchors and ``invoke new``.
"""

from __future__ import annotations

from pelican.utils import slugify

_LETTERS = [
    ("ä", "ae"),
    ("ö", "oe"),
    ("ü", "ue"),
    ("ß", "ss"),
    ("ẞ", "ss"),
    ("[àáâãåā]", "a"),
    ("æ", "ae"),
    ("[çćč]", "c"),
    ("[èéêëē]", "e"),
    ("[ìíîïī]", "i"),
    ("[ñń]", "n"),
    ("[òóôõøō]", "o"),
    ("œ", "oe"),
    ("[ùúûū]", "u"),
    ("[ýÿ]", "y"),
    ("[šś]", "s"),
    ("[žźż]", "z"),
    ("ł", "l"),
]
#: Substitutions applied in order by Pelican's slugify (with SLUGIFY_USE_UNICODE).
SLUG_SUBSTITUTIONS: list[tuple[str, str]] = [
    *_LETTERS,
    (r"&", " und "),
    (r"[^a-z0-9\s-]", ""),  # anything still not ASCII goes (case-insensitive match)
    (r"(?u)\A\s*", ""),
    (r"(?u)\s*\Z", ""),
    (r"[-\s]+", "-"),
    (r"^-+|-+$", ""),
]


def german_slugify(text: str) -> str:
    """Return the URL slug Pelican would give ``text`` with our settings."""
    return slugify(text, regex_subs=SLUG_SUBSTITUTIONS, use_unicode=True)


def toc_slugify(value: str, separator: str = "-") -> str:
    """Slug for heading anchors (Python-Markdown ``toc`` signature)."""
    return german_slugify(value).replace("-", separator)
