"""Related posts and reading time (``plugins.reading_and_related``)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

import pytest

from plugins.reading_and_related.reading import TagIndex, reading_minutes, related


@dataclass(eq=False)
class Post:
    number: int
    date: dt.datetime
    tags: list[str] = field(default_factory=list)


def by_definition(post: Post, published: list[Post], limit: int) -> list[Post]:
    """What the plugin promises, pair by pair: most shared tags first, then the newest."""
    mine = set(post.tags)
    shared = [(len(mine & set(other.tags)), other) for other in published if other is not post]
    ranked = sorted((p for p in shared if p[0]), key=lambda p: (-p[0], -p[1].date.timestamp()))
    return [other for _, other in ranked[:limit]]


def posts(count: int, tags: int, most: int, rng: random.Random) -> list[Post]:
    names = [f"thema-{n}" for n in range(tags)]
    start = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    made = [
        Post(n, start + dt.timedelta(hours=n), rng.sample(names, rng.randint(0, min(most, tags))))
        for n in range(count)
    ]
    rng.shuffle(made)  # the index must not rely on the order it is given
    return made


@pytest.mark.parametrize("seed", range(40))
def test_related_posts_are_the_ones_sharing_most_tags_newest_first(seed):
    rng = random.Random(seed)
    published = posts(rng.randint(1, 80), rng.randint(1, 9), rng.randint(1, 9), rng)
    drafts = posts(3, 9, 4, rng)
    limit = rng.randint(0, 5)
    index = TagIndex.of(published)
    for post in published + drafts:
        assert related(post, index, limit) == by_definition(post, published, limit)


def test_a_large_blog_with_few_tags():
    """5,000 posts on 24 tags: each tag has hundreds of posts (no pair-by-pair count)."""
    rng = random.Random(7)
    published = posts(5000, 24, 4, rng)
    index = TagIndex.of(published)
    for post in rng.sample(published, 60):
        assert related(post, index, 3) == by_definition(post, published, 3)


def test_reading_time_counts_the_words_of_the_text_not_the_markup():
    words = " ".join(["Wort"] * 401)
    assert reading_minutes(f'<p class="lang und breit">{words}</p>', 200) == 3
    assert reading_minutes("<p></p>", 200) == 1
