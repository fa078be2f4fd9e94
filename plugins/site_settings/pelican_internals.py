"""Every private part of Pelican 4.12 the kit touches, in one module.

Pelican has no public way to read or replace a page's HTML before its links are
resolved, to build its intrasite-link pattern, to forget what it memoized for a page,
or to let a process report a warning again in its next build. These functions do it;
nothing else in the kit names a private Pelican attribute. ``tests/plugins/site_settings/
test_pelican_internals.py`` checks each of them against the installed Pelican, so an
upgrade that renames one fails there, with its name, instead of somewhere in a build.
(The writer's ``_open_w`` is a hook the kit's writer overrides; the test covers it too.)
"""

from __future__ import annotations

from pelican.contents import Content
from pelican.log import LimitFilter

#: The private names this module relies on, for the test.
PRIVATE = {
    "Content._content": "the page's HTML as read, before links are resolved",
    "Content._get_intrasite_link_regex": "the {static}/{filename} link pattern",
    "Content.get_content.cache": "memoized HTML per page (pelican.utils.memoized)",
    "Content.get_summary.cache": "memoized summary per page",
    "LimitFilter._ignore": "warnings already reported in this process",
    "LimitFilter._raised_messages": "warnings counted in this process",
    "Writer._open_w": "the writer's file opening, overridden by site_writer",
    "Writer._written_files": "files the writer has written in this build",
}


def html_of(item: Content) -> str:
    """The page's HTML as the reader made it (links not yet resolved)."""
    return item._content


def set_html(item: Content, html: str) -> None:
    """Replace the page's HTML before Pelican resolves its links and memoizes it."""
    item._content = html


def intrasite_link_regex(item: Content):
    """Pelican's pattern for ``{static}``/``{filename}`` links in this page's HTML."""
    return item._get_intrasite_link_regex()


def forget_rendered(item: Content) -> None:
    """Drop what Pelican memoized for ``item`` (its HTML and summary) after ``set_html``."""
    for memo in (Content.get_content.cache, Content.get_summary.cache):
        for key in [key for key in memo if key and key[0] is item]:
            del memo[key]


def forget_all_rendered() -> None:
    """Empty Pelican's process-wide memos: a warm process keeps no earlier build's pages."""
    Content.get_content.cache.clear()
    Content.get_summary.cache.clear()


def report_warnings_again() -> None:
    """Let this process report each repeated warning again (once per build, not per run)."""
    LimitFilter._ignore.clear()
    LimitFilter._raised_messages.clear()


def written_files(writer) -> set:
    """The files Pelican's writer has written (or opened) in this build."""
    return writer._written_files
