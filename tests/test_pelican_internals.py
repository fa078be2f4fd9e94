"""The private parts of Pelican the kit relies on (``plugins/site_settings/
pelican_internals.py``) still exist in the installed Pelican, with the shape the kit
expects: an upgrade that changes one fails here, by name, and not in some build."""

from __future__ import annotations

import copy
import inspect

from pelican.contents import Article, Content
from pelican.log import LimitFilter
from pelican.settings import DEFAULT_CONFIG
from pelican.writers import Writer

from plugins.site_settings import pelican_internals
from plugins.site_settings.pelican_internals import PRIVATE


def test_every_private_name_the_kit_uses_is_listed_and_exists():
    owners = {"Content": Content, "LimitFilter": LimitFilter, "Writer": Writer}
    source = inspect.getsource(pelican_internals)
    for name in PRIVATE:
        owner, *path = name.split(".")
        assert path[-1] in source, name
        if name in {"Content._content", "Writer._written_files"}:
            continue  # set per instance: checked below
        value = owners[owner]
        for part in path:
            assert hasattr(value, part), f"Pelican hat {name} nicht mehr"
            value = getattr(value, part)


def test_the_memos_and_warning_sets_are_the_containers_the_kit_empties():
    assert isinstance(Content.get_content.cache, dict)
    assert isinstance(Content.get_summary.cache, dict)
    assert hasattr(LimitFilter._ignore, "clear") and hasattr(LimitFilter._raised_messages, "clear")


def test_a_page_keeps_its_html_in_content_and_builds_its_link_pattern(tmp_path):
    settings = copy.deepcopy(DEFAULT_CONFIG)
    article = Article("<p>Hallo {static}/bild.png</p>", {"title": "T"}, settings=settings)
    assert pelican_internals.html_of(article) == "<p>Hallo {static}/bild.png</p>"
    pelican_internals.set_html(article, "<p>Neu</p>")
    assert pelican_internals.html_of(article) == "<p>Neu</p>"
    pattern = pelican_internals.intrasite_link_regex(article)
    assert pattern.search('<img src="{static}/bild.png">')


def test_the_writer_opens_every_file_through_open_w_and_counts_it(tmp_path):
    assert "self._open_w(" in inspect.getsource(Writer.write_file)
    writer = Writer(str(tmp_path), settings={"RELATIVE_URLS": False})
    assert pelican_internals.written_files(writer) == set()
