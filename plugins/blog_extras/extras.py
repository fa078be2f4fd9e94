"""Reading time and related posts for blog articles.

Related posts are computed here rather than with pelican-related-posts, which
touches Pelican's tag index for drafts and so creates empty tag pages for tags
that only drafts use.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from markupsafe import Markup
from pelican import signals

_WORD = re.compile(r"\w+", re.UNICODE)


def reading_minutes(html: str, words_per_minute: int = 200) -> int:
    """Minutes needed to read ``html``, at least one."""
    words = len(_WORD.findall(Markup(html).striptags()))
    return max(1, math.ceil(words / words_per_minute))


def add_reading_time(generator) -> None:
    """Set ``reading_minutes`` on every article and draft."""
    wpm = int(generator.settings.get("READING_WORDS_PER_MINUTE", 200))
    for article in generator.articles + generator.drafts + generator.hidden_articles:
        article.reading_minutes = reading_minutes(article.content, wpm)


def related(article, candidates: list, limit: int) -> list:
    """Published articles sharing the most tags with ``article``, newest first on ties."""
    tags = set(getattr(article, "tags", []) or [])
    scores = Counter()
    for other in candidates:
        if other is not article:
            shared = len(tags & set(getattr(other, "tags", []) or []))
            if shared:
                scores[other] = shared
    ranked = sorted(scores, key=lambda other: (-scores[other], -other.date.timestamp()))
    return ranked[:limit]


def add_related_posts(generator) -> None:
    """Set ``related_posts`` on every article and draft (only published ones are offered)."""
    limit = int(generator.settings.get("RELATED_POSTS_MAX", 3))
    for article in generator.articles + generator.drafts:
        article.related_posts = related(article, generator.articles, limit)


def register() -> None:
    signals.article_generator_finalized.connect(add_reading_time)
    signals.article_generator_finalized.connect(add_related_posts)
