"""``<img>`` in rendered Markdown becomes ``<picture>`` with responsive variants.

Only the ``<img>`` tags themselves are rewritten (everything else in the HTML stays
byte for byte). Each image needs alt text, or the class ``dekorativ`` set with
``{: .dekorativ}`` after the image, which marks it as decoration (``alt=""``). What is
wrong with an image is returned as a German problem, never raised mid-page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

from .variants import Plan

IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
HEADING = re.compile(r"<h2\b", re.IGNORECASE)
DECORATIVE = "dekorativ"


@dataclass(frozen=True)
class Problem:
    src: str
    text: str  # German: what is wrong – what to do


def attributes(tag: str) -> dict[str, str]:
    """The attributes of one ``<img …>`` tag, entities decoded."""
    found: dict[str, str] = {}

    class Reader(HTMLParser):
        def handle_starttag(self, name, attrs):
            found.update((key, value or "") for key, value in attrs)

        handle_startendtag = handle_starttag

    Reader(convert_charrefs=True).feed(tag)
    return found


def srcset(variants, prefix: str) -> str:
    return ", ".join(f"{prefix}/{v.name} {v.width}w" for v in variants)


def picture(plan: Plan, img: dict[str, str], sizes: str, prefix: str, *, eager: bool) -> str:
    """The ``<picture>`` for a planned image; ``img``: alt (and class, title) of the ``<img>``."""
    largest = plan.fallback[-1]
    sources = "".join(
        f'<source type="{mime}" srcset="{srcset(group, prefix)}" sizes="{escape(sizes)}">'
        for mime, group in plan.sources
    )
    extra = "".join(f' {key}="{escape(value)}"' for key, value in img.items())
    loading = ' fetchpriority="high"' if eager else ' loading="lazy"'
    return (
        f"<picture>{sources}"
        f'<img src="{prefix}/{largest.name}" srcset="{srcset(plan.fallback, prefix)}" '
        f'sizes="{escape(sizes)}" width="{largest.width}" height="{largest.height}"'
        f'{extra}{loading} decoding="async"></picture>'
    )


def rewrite(
    html: str, planner: Callable[[str], Plan | str], sizes: str, prefix: str
) -> tuple[str, list[Problem]]:
    """Every ``<img>`` as ``<picture>``; ``planner(src)`` gives a plan or a German problem.

    The first image before the first ``<h2>`` is likely on screen at once and loads
    eagerly; all others load when they come near.
    """
    if "<img" not in html:
        return html, []
    problems: list[Problem] = []
    first_heading = HEADING.search(html)
    fold = first_heading.start() if first_heading else len(html)
    eager_used = False
    parts, last = [], 0
    for match in IMG.finditer(html):
        attrs = attributes(match.group(0))
        src = attrs.get("src", "")
        classes = attrs.get("class", "").split()
        alt = " ".join(attrs.get("alt", "").split())
        if not alt and DECORATIVE not in classes:
            problems.append(
                Problem(
                    src,
                    "Der Alternativtext fehlt – bitte in ![…] beschreiben, was das Bild zeigt, "
                    "oder das Bild mit {: .dekorativ} direkt dahinter als Schmuck markieren.",
                )
            )
            continue
        result = planner(src)
        if isinstance(result, str):
            problems.append(Problem(src, result))
            continue
        eager = not eager_used and match.start() < fold
        eager_used = eager_used or eager
        rest = " ".join(c for c in classes if c != DECORATIVE)
        img = {"alt": "" if DECORATIVE in classes else alt}
        img |= {k: v for k, v in (("class", rest), ("title", attrs.get("title", ""))) if v}
        parts += [html[last : match.start()], picture(result, img, sizes, prefix, eager=eager)]
        last = match.end()
    parts.append(html[last:])
    return "".join(parts), problems
