"""The private parts of Pelican the kit relies on (``plugins/site_settings/
pelican_internals.py``) still exist in the installed Pelican, with the shape the kit
expects: an upgrade that changes one fails here, by name, and not in some build."""

from __future__ import annotations

import inspect

from pelican.contents import Content
from pelican.log import LimitFilter
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


def test_a_page_keeps_its_html_in_content_and_builds_its_link_pattern():
    """Read from the installed Pelican's source, so that no page object is made: in the
    test process the plugins' signal handlers would run on it."""
    source = inspect.getsource(Content)
    assert "self._content = content" in inspect.getsource(Content.__init__)
    assert "content = self._content" in source  # get_content: what pages show
    pattern = inspect.signature(Content._get_intrasite_link_regex)
    assert list(pattern.parameters) == ["self"]

    class Page:  # the wrapper's functions work on that attribute and nothing else
        _content = "<p>alt</p>"

    page = Page()
    pelican_internals.set_html(page, "<p>neu</p>")
    assert pelican_internals.html_of(page) == "<p>neu</p>"


def test_the_writer_opens_every_file_through_open_w_and_counts_it(tmp_path):
    assert "self._open_w(" in inspect.getsource(Writer.write_file)
    writer = Writer(str(tmp_path), settings={"RELATIVE_URLS": False})
    assert pelican_internals.written_files(writer) == set()
