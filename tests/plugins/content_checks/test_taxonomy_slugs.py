"""Tags and categories: Pelican makes an object for each post that names one, and the
slug of each name is made once per build, the same as Pelican makes it."""

from __future__ import annotations

import pelican.urlwrappers
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Category, Tag

from plugins.content_checks.checks import slug_of

NAME = "Büro & Alltag"


def test_a_name_named_by_many_posts_gets_pelicans_slug_made_once(monkeypatch):
    settings = {**DEFAULT_CONFIG, "TAG_REGEX_SUBSTITUTIONS": [(r"&", "und")]}
    tag_slug = Tag(NAME, dict(settings)).slug
    category_slug = Category(NAME, dict(settings)).slug
    assert "und" in tag_slug and tag_slug != category_slug
    made = []
    real = pelican.urlwrappers.slugify
    monkeypatch.setattr(
        pelican.urlwrappers, "slugify", lambda *a, **k: made.append(a) or real(*a, **k)
    )
    tags = [Tag(NAME, settings) for _ in range(5)]
    assert [slug_of(tag) for tag in tags] == [tag_slug] * 5
    assert [tag.slug for tag in tags] == [tag_slug] * 5  # Pelican's own property agrees
    assert len(made) == 1
    # a category of the same name is another thing, with its own substitutions
    assert slug_of(Category(NAME, settings)) == category_slug
    assert len(made) == 2


def test_each_build_makes_its_own():
    first = dict(DEFAULT_CONFIG)
    second = {**DEFAULT_CONFIG, "TAG_REGEX_SUBSTITUTIONS": [(r"a", "x")]}
    assert slug_of(Tag("Planung", first)) == "planung"
    assert slug_of(Tag("Planung", second)) == "plxnung"
