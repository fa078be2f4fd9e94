"""Titles and summaries as written: German typography everywhere a title appears, and a
summary's raw HTML shown as text in cards, the meta description and the feeds."""

from __future__ import annotations

import feedparser
from helpers import build_site, read
from lxml import html

POST = """---
title: Unsere "Pakete" -- ehrlich erklärt
date: 2026-03-01 09:00:00+01:00
category: Organisation
summary: 'Was "gut" heißt, steht *hier* – auch </script><b>das</b>.'
---
Text mit "Zitat".
"""


def test_title_and_summary_everywhere(tmp_path):
    content = tmp_path / "content"
    (content / "blog").mkdir(parents=True)
    (content / "blog" / "pakete.md").write_text(POST, encoding="utf-8")
    out = tmp_path / "out"
    build = build_site(content, out)
    assert build.ok, build.output
    title = "Unsere „Pakete“ – ehrlich erklärt"
    page = html.fromstring(read(out, "blog/unsere-pakete-ehrlich-erklaert/"))
    assert page.findtext(".//h1") == title
    assert page.findtext(".//title").startswith(title + " · ")
    description = page.xpath("//meta[@name='description']/@content")[0]
    assert description == "Was „gut“ heißt, steht hier – auch </script><b>das</b>."
    card = html.fromstring(read(out, "blog/")).xpath("//div[@class='card__summary']")[0]
    assert card.text_content().strip() == "Was „gut“ heißt, steht hier – auch </script><b>das</b>."
    assert card.xpath(".//em/text()") == ["hier"] and not card.xpath(".//b")
    entry = feedparser.parse((out / "feeds/all.atom.xml").read_bytes()).entries[0]
    assert entry.title == title
    assert "&lt;/script&gt;&lt;b&gt;das&lt;/b&gt;" in entry.summary
