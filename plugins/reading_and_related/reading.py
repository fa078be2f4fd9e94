"""Reading time and related posts for blog articles.

Related posts are computed here rather than with pelican-related-posts, which
touches Pelican's tag index for drafts and so creates empty tag pages for tags
that only drafts use. The posts sharing the most tags come first, the newest on ties.
They are found level by level: the posts sharing all of a post's tags (an intersection
of the tags' sets), then all but one, and so on; the last level, one shared tag, needs
only the newest few of each tag. So the cost does not grow with the size of a tag: a
blog of 5,000 posts with 400 posts per tag does not compare every pair.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations

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


@dataclass
class TagIndex:
    """The published articles by tag: as sets and newest first, by their rank (0:
    the newest; equal dates keep the articles' order)."""

    articles: list  # by rank
    rank: dict[int, int]  # id(article) -> rank
    members: dict[str, set[int]]
    newest: dict[str, list[int]]

    @classmethod
    def of(cls, articles: list) -> TagIndex:
        ordered = sorted(articles, key=lambda article: -_when(article))
        members: dict[str, set[int]] = defaultdict(set)
        newest: dict[str, list[int]] = defaultdict(list)
        for rank, article in enumerate(ordered):
            for tag in set(getattr(article, "tags", []) or []):
                members[tag].add(rank)
                newest[tag].append(rank)
        return cls(ordered, {id(a): r for r, a in enumerate(ordered)}, members, newest)


#: More tags than this on one post: counted pair by pair instead of level by level.
LEVELS_UP_TO = 6


def related(article, index: TagIndex, limit: int) -> list:
    """Published articles sharing the most tags with ``article``, newest first on ties."""
    tags = [tag for tag in set(getattr(article, "tags", []) or []) if tag in index.members]
    own = index.rank.get(id(article), -1)
    if not tags or limit < 1:
        return []
    if len(tags) > LEVELS_UP_TO:
        return _counted(tags, own, index, limit)
    chosen: list[int] = []
    taken = {own}
    for level in range(len(tags), 0, -1):
        if level == 1:  # a rank among the newest of the union is among its tag's first
            first = limit - len(chosen) + len(taken)
            pool = {rank for tag in tags for rank in index.newest[tag][:first]}
        else:
            pool = set()
            for group in combinations(tags, level):
                pool |= set.intersection(*(index.members[tag] for tag in group))
        for rank in sorted(pool - taken)[: limit - len(chosen)]:
            chosen.append(rank)
            taken.add(rank)
        if len(chosen) == limit:
            break
    return [index.articles[rank] for rank in chosen]


def _counted(tags: list, own: int, index: TagIndex, limit: int) -> list:
    scores = Counter(rank for tag in tags for rank in index.members[tag] if rank != own)
    best = sorted(scores, key=lambda rank: (-scores[rank], rank))[:limit]
    return [index.articles[rank] for rank in best]


def _when(article) -> float:
    """The article's date as a number."""
    return article.date.timestamp()


def add_related_posts(generator) -> None:
    """Set ``related_posts`` on every article and draft (only published ones are offered)."""
    limit = generator.settings["RELATED_POSTS_MAX"]
    index = TagIndex.of(generator.articles)
    for article in generator.articles + generator.drafts:
        article.related_posts = related(article, index, limit)


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.article_generator_finalized.connect(add_reading_time)
    signals.article_generator_finalized.connect(add_related_posts)
    text_changed.connect(update_reading_time)
