"""Reading time and related posts for blog articles.

Related posts are computed here rather than with pelican-related-posts, which
touches Pelican's tag index for drafts and so creates empty tag pages for tags
that only drafts use. They come from an index of tag → articles, so the cost
grows with the number of shared tags, not with every pair of articles.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict

from markupsafe import Markup
from pelican import signals

from plugins.site_settings import Setting, apply
from plugins.site_settings.hooks import text_changed
from plugins.site_settings.pelican_internals import html_of
from plugins.site_settings.schema import integer

_WORD = re.compile(r"\w+", re.UNICODE)
SCHEMA = (
    Setting(
        "READING_WORDS_PER_MINUTE", 200, integer(minimum=50, maximum=1000), "eine Zahl wie 200"
    ),
    Setting("RELATED_POSTS_MAX", 3, integer(minimum=0, maximum=20), "eine Zahl von 0 bis 20"),
)


def check_settings(pelican) -> None:
    """Declare the reading-speed and related-posts settings."""
    apply(pelican.settings, SCHEMA)


def reading_minutes(html: str, words_per_minute: int = 200) -> int:
    """Minutes needed to read ``html``, at least one."""
    words = len(_WORD.findall(Markup(html).striptags()))
    return max(1, math.ceil(words / words_per_minute))


def update_reading_time(article) -> None:
    """After the warm preview changed an article's text (``hooks.text_changed``)."""
    wpm = article.settings["READING_WORDS_PER_MINUTE"]
    article.reading_minutes = reading_minutes(html_of(article), wpm)


def add_reading_time(generator) -> None:
    """Set ``reading_minutes`` on every article and draft."""
    wpm = generator.settings["READING_WORDS_PER_MINUTE"]
    for article in generator.articles + generator.drafts + generator.hidden_articles:
        # _content: reading ``content`` now would fix its links before static files are known
        article.reading_minutes = reading_minutes(html_of(article), wpm)


def tag_index(articles: list) -> dict:
    """Tag → the articles that carry it."""
    index = defaultdict(list)
    for article in articles:
        for tag in set(getattr(article, "tags", []) or []):
            index[tag].append(article)
    return index


def related(article, index: dict, limit: int) -> list:
    """Published articles sharing the most tags with ``article``, newest first on ties."""
    scores = Counter()
    for tag in set(getattr(article, "tags", []) or []):
        for other in index.get(tag, []):
            if other is not article:
                scores[other] += 1
    return heapq.nsmallest(limit, scores, key=lambda other: (-scores[other], -_when(other)))


def _when(article) -> float:
    """The article's date as a number, computed once per article."""
    when = getattr(article, "_kit_timestamp", None)
    if when is None:
        when = article._kit_timestamp = article.date.timestamp()
    return when


def add_related_posts(generator) -> None:
    """Set ``related_posts`` on every article and draft (only published ones are offered)."""
    limit = generator.settings["RELATED_POSTS_MAX"]
    index = tag_index(generator.articles)
    for article in generator.articles + generator.drafts:
        article.related_posts = related(article, index, limit)


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.article_generator_finalized.connect(add_reading_time)
    signals.article_generator_finalized.connect(add_related_posts)
    text_changed.connect(update_reading_time)
