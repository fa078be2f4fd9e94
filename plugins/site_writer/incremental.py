"""Render again only what changed: the warm preview's incremental builds.

A warm preview (``sitekit.preview``) passes an ``Incremental`` in the setting
``INCREMENTAL``; ordinary builds have none and render everything.

Every page rendered for an article or a list of articles (``article``,
``articles_page`` in its context) gets a fingerprint: the site's global version plus
the versions of the page's own context values. A content object's version covers its
HTML, summary, address, title, dates, category, tags, reading time and, one step
away, the address and title of its neighbours and related posts. The global version
covers everything else a template might read: settings, every page (services, FAQ,
questionnaires), drafts, the list of all articles (address, title, date, category,
tags) and the theme's files. A page whose fingerprint equals the last build's is not
rendered again: its file from the last build is linked into the new one. The archives
show only what the list of all articles holds, so they are fingerprinted too. Other
pages without an article context (home, pages) are always rendered; they are few.
A test compares an incremental build after edits with a clean build, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pelican.contents import Content
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import URLWrapper

from .page_store import PageStore, code_version, content_files_version

SETTING = "INCREMENTAL"
SKIPPABLE = ("article", "articles_page")
#: Archives list the articles' dates, addresses and titles: all in the global version.
ARCHIVES = ("archives", "period_archives")


def is_archive(local: dict, own: dict) -> bool:
    """An archive page: Pelican's direct template ``archives`` or a period archive."""
    return local.get("template_name") in ARCHIVES or "period" in own


NEIGHBOURS = (
    "prev_article",
    "next_article",
    "prev_article_in_category",
    "next_article_in_category",
)


def _brief(item: Any) -> tuple:
    """A related object as seen from another page: address and title."""
    return (getattr(item, "url", ""), str(getattr(item, "title", "")))


def content_version(item: Content, memo: dict | None = None) -> str:
    """What a page shows of a content object: its source (which decides body and
    summary), what the build derived from it, and its neighbours' addresses and titles;
    as a short digest, so the lists that hold it are described cheaply."""
    if memo is not None and id(item) in memo:
        return memo[id(item)]
    related = tuple(_brief(other) for other in getattr(item, "related_posts", []) or [])
    neighbours = tuple(_brief(getattr(item, name, None)) for name in NEIGHBOURS)
    described = _digest(
        (
            type(item).__name__,
            item.url,
            str(item.title),
            item.status,
            str(getattr(item, "date", "")),
            str(getattr(item, "modified", "")),
            str(getattr(item, "category", "")),
            tuple(str(tag) for tag in getattr(item, "tags", []) or []),
            getattr(item, "reading_minutes", 0),
            source_digest(item),
            related,
            neighbours,
        )
    )
    if memo is not None:
        memo[id(item)] = described
    return described


def source_digest(item: Content) -> str:
    """A hash of the content file's bytes (the metadata and body as written)."""
    path = item.source_path
    cached = getattr(item, "kit_source_digest", None)
    if cached is None:
        cached = item.kit_source_digest = hashlib.blake2b(
            Path(path).read_bytes() if path else item.content.encode(), digest_size=16
        ).hexdigest()
    return cached


def _digest(described: Any) -> str:
    return hashlib.blake2b(repr(described).encode(), digest_size=12).hexdigest()


def version(value: Any, memo: dict | None = None) -> Any:
    """A comparable description of a context value; None when it cannot be described.

    The items of a page of a list (``articles_page``) are described in full; a whole
    list passed along (all articles of a tag) by address and title of its items.
    """
    if isinstance(value, (Content, URLWrapper, Paginator, Page)):
        return _pelican_version(value, memo)
    if isinstance(value, (list, tuple)):
        key = ("list", id(value))
        if memo is not None and key in memo:
            return memo[key][1]
        parts = tuple(
            _brief(item) if isinstance(item, Content) else version(item, memo) for item in value
        )
        described = None if None in parts else _digest(parts)
        if memo is not None:
            memo[key] = (value, described)  # the list is kept alive, so its id stays its own
        return described
    if isinstance(value, (str, int, float, bool, type(None), dt.date)):
        return repr(value)
    return None


def _pelican_version(value: Any, memo: dict | None) -> tuple | str:
    if isinstance(value, Content):
        return content_version(value, memo)
    if isinstance(value, URLWrapper):
        return (type(value).__name__, value.name, value.url)
    if isinstance(value, Paginator):
        return ("paginator", value.name, value.num_pages, value.count, value.per_page)
    items = _digest(tuple(version(item, memo) for item in value.object_list))
    return ("page", value.number, value.paginator.num_pages, value.base_url, items)


def theme_files(theme: str) -> str:
    """The theme's files by content (a fresh checkout has new times, not new files)."""
    hasher = hashlib.blake2b(digest_size=16)
    for file in sorted(Path(theme).rglob("*")):
        if file.is_file():
            hasher.update(str(file.relative_to(theme)).encode() + b"\0" + file.read_bytes())
    return hasher.hexdigest()


#: ``<function f at 0x7f…>``: where an object lives differs from process to process.
ADDRESS = re.compile(r" at 0x[0-9a-f]+")


def stable_repr(value: Any) -> str:
    return ADDRESS.sub("", repr(value))


def global_version(context: dict, extra: tuple = ()) -> str:
    """Everything outside a page's own context that its template may read (``extra``:
    what the page store adds between processes)."""
    pages = [
        version(p)
        for key in ("pages", "hidden_pages", "draft_pages", "drafts")
        for p in context.get(key, [])
    ]
    index = [
        (a.url, str(a.title), str(a.date), str(a.category), tuple(map(str, getattr(a, "tags", []))))
        for a in context.get("articles", [])
    ]
    settings = sorted(
        (key, stable_repr(value))
        for key, value in context.items()
        if key.isupper() and key not in VOLATILE
    )
    text = stable_repr((pages, index, settings, theme_files(context["THEME"]), extra))
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


#: Settings that hold objects of one build, not configuration (the last: the PDF
#: program a first build starts ahead, ``questionnaire.pdf.SPARE``).
VOLATILE = {
    "READ_CACHE",
    "RENDER_QUEUE",
    "SAFE_OUTPUT_RUN",
    SETTING,
    "OUTPUT_PATH",
    "QUESTIONNAIRE_PDF_SPARE",
}


@dataclass
class Incremental:
    """The fingerprints of the warm preview's last good build, and of the current one."""

    previous: dict[str, str] = field(default_factory=dict)  # output path -> fingerprint
    current: dict[str, str] = field(default_factory=dict)
    previous_output: Path | None = None
    shared: dict | None = None  # the build's shared context
    global_version: str = ""
    memo: dict = field(default_factory=dict)  # content versions of this build, by id
    rendered: int = 0
    reused: int = 0
    written: set = field(default_factory=set)  # every page this build wrote or kept
    #: Every page of this build (render.Job), for the warm preview's quick path; an
    #: ordinary build (with a page store) keeps none and links reused pages at once.
    jobs: list = field(default_factory=list)
    generators: list = field(default_factory=list)
    store: PageStore | None = None  # ordinary builds: pages of earlier builds in the cache

    def start(self, generators: list, final_output: Path) -> None:
        context = generators[0].context
        self.shared, self.previous_output, self.generators = context, final_output, generators
        extra = ()
        if self.store is not None:
            articles = {
                str(Path(a.source_path).resolve())
                for key in ("articles", "drafts", "hidden_articles")
                for a in context.get(key, [])
                if a.source_path
            }
            content = Path(context["PATH"])
            extra = (code_version(), content_files_version(content, articles))
        self.global_version = global_version(context, extra)
        self.current, self.rendered, self.reused, self.memo, self.jobs = {}, 0, 0, {}, []

    def forget(self, item: Content) -> None:
        """A content object changed in place: describe it anew."""
        self.memo.pop(id(item), None)
        item.kit_source_digest = None

    def fingerprint(self, local: dict) -> str | None:
        """The page's fingerprint, or None when it must always be rendered."""
        if self.shared is None:
            return None
        own = {k: v for k, v in local.items() if self.shared.get(k, _MISSING) is not v}
        if not any(key in own for key in SKIPPABLE) and not is_archive(local, own):
            return None
        parts = []
        for key in sorted(own):
            described = version(own[key], self.memo)
            if described is None and key not in ("localsiteurl",):
                return None
            parts.append((key, described))
        text = repr((self.global_version, parts))
        return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()

    def reusable(self, relative: str, fingerprint: str | None) -> Path | None:
        """The last build's file for this page, if its fingerprint is unchanged."""
        if fingerprint is not None:
            self.current[relative] = fingerprint
        if fingerprint is not None and self.store is not None:
            return self.store.reusable(relative, fingerprint)
        if fingerprint is None or self.previous.get(relative) != fingerprint:
            return None
        old = self.previous_output / relative if self.previous_output else None
        return old if old is not None and old.is_file() else None

    def succeeded(self) -> None:
        """The build is in place: its fingerprints are the next build's reference."""
        self.previous = self.current


_MISSING = object()


def link_or_copy(source: Path, target: Path) -> None:
    """Put the last build's file in place (a hard link; a copy across file systems)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        target.unlink()
    try:
        os.link(source, target)
    except OSError:
        target.write_bytes(source.read_bytes())
