"""Pelican pages the list of dates beside the list of posts; the writer leaves that out
when no template of the theme reads those pages, and keeps it when one does."""

from __future__ import annotations

import pytest
from helpers import ROOT

from plugins.site_writer.writer import theme_pages_dates


def test_the_kits_theme_reads_no_pages_of_dates():
    assert not theme_pages_dates({"THEME": str(ROOT / "theme")})


@pytest.mark.parametrize(
    "template",
    [
        "{% if dates_next_page %}<a href='{{ dates_next_page.url }}'>weiter</a>{% endif %}",
        "{{ dates_paginator.num_pages }}",
        '{% extends "!simple/index.html" %}',
    ],
)
def test_a_template_that_reads_them_keeps_them(tmp_path, template):
    theme = tmp_path / "theme"
    (theme / "templates").mkdir(parents=True)
    (theme / "templates" / "index.html").write_text("<p>Liste</p>", encoding="utf-8")
    assert not theme_pages_dates({"THEME": str(theme)})
    overrides = tmp_path / "eigene"
    overrides.mkdir()
    (overrides / "index.html").write_text(template, encoding="utf-8")
    settings = {"THEME": str(theme), "THEME_TEMPLATES_OVERRIDES": [str(overrides)]}
    assert theme_pages_dates(settings)
    (theme / "templates" / "tag.html").write_text(template, encoding="utf-8")
    assert theme_pages_dates({"THEME": str(theme)})
