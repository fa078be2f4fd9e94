"""The warm live preview: one process that builds again after every save, fast.

``WarmPreview.build`` runs the same build as ``invoke build`` in this process, with
three things kept between builds:

- the read cache: a saved file is converted again, the others are not;
- the incremental state: a page whose inputs did not change is not rendered again
  (``plugins/site_writer/incremental.py``), and the output is updated in place;
- the last build itself: when a save changes only the text of published articles
  (not their title, date, tags or any other field), those articles are updated in
  place and only the pages that show them, the site's pages and the feeds are
  rendered again, without reading the rest of the site. The search index, which only
  Pagefind can rebuild and only as a whole, follows in the background a moment after
  the browser has reloaded; the next save does not wait for it (``settle`` does).

Anything else (a new or deleted file, a changed field, a page, the theme) takes the
full build. ``invoke livereload`` and ``invoke bench`` (edit to preview) both use it;
a test compares its output after edits with a clean build, byte for byte.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pelican.contents import Article

from plugins.feeds.plugin import FeedsGenerator
from plugins.front_matter_reader.cache import SETTING as READ_CACHE
from plugins.front_matter_reader.cache import ReadCache
from plugins.search import SearchIndexError, index_site
from plugins.site_settings.hooks import text_changed
from plugins.site_settings.pelican_internals import forget_rendered, html_of, set_html
from plugins.site_writer.incremental import SETTING as INCREMENTAL
from plugins.site_writer.incremental import Incremental
from plugins.site_writer.render import RenderError, render_share
from plugins.site_writer.writer import ProtectingWriter

from .build import build_logging, run_build
from .project import CONTENT, OUTPUT


@dataclass
class Outcome:
    ok: bool
    seconds: float
    errors: list[str]
    reused: int = 0  # pages left as they were
    rendered: int = 0  # pages rendered (only counted on the quick path)
    quick: bool = False  # only changed article text: the last build was updated


@dataclass
class WarmPreview:
    content: Path = CONTENT
    output: Path = OUTPUT
    settings_file: str = "pelicanconf.py"
    # In place: the output folder is rewritten where a page changed (see safe_output).
    overrides: dict = field(
        default_factory=lambda: {
            "LIVERELOAD": True,
            "SAFE_OUTPUT": False,
            "DELETE_OUTPUT_DIRECTORY": False,
        }
    )
    cache: ReadCache = field(default_factory=ReadCache)
    incremental: Incremental = field(default_factory=Incremental)
    written: set = field(default_factory=set)
    fields: dict = field(default_factory=dict)  # source path -> the fields as written
    ok: bool = False
    indexing: threading.Thread | None = None  # the search index after a quick update
    reindex: dict | None = None  # settings for one more run of the indexer
    lock: threading.Lock = field(default_factory=threading.Lock)

    def settle(self) -> None:
        """Wait until the search index of the last quick update is written."""
        while True:
            with self.lock:
                thread = self.indexing
            if thread is None:
                return
            thread.join()

    def _index_later(self, settings: dict) -> None:
        """Rebuild the search index in the background, once more if a save comes meanwhile.

        Saves in quick succession never wait for Pagefind: a save during a run asks for
        one more run after it (the last one sees every page as written). A failure is one
        German line.
        """
        with self.lock:
            self.reindex = settings
            if self.indexing is None:
                self.indexing = threading.Thread(target=self._index, name="suchindex", daemon=True)
                self.indexing.start()

    def _index(self) -> None:
        while True:
            with self.lock:
                settings, self.reindex = self.reindex, None
                if settings is None:
                    self.indexing = None
                    return
            try:
                index_site(settings, self.output)
            except SearchIndexError as error:
                print(f"FEHLER: pagefind/: Der Suchindex ließ sich nicht erneuern ({error}).")

    def build(self, changed: Iterable[Path] | None = None) -> Outcome:
        """Build after a save; ``changed`` (the saved files) allows the quick path."""
        paths = [str(Path(p).resolve()) for p in changed] if changed is not None else None
        content = self.content.resolve()
        if paths and any(not Path(p).is_relative_to(content) for p in paths):
            # owner.yml (or another settings file): her facts are in many pages and in
            # what was read before; nothing of the last build is trusted
            self.cache, self.incremental = ReadCache(), Incremental()
            self.fields = {}
        if paths and self.ok:
            quick = self._quick(paths)
            if quick is not None:
                return quick
        self.settle()  # a full build writes the index itself: never two writers at once
        return self._full()

    def _full(self) -> Outcome:
        errors: list[str] = []
        overrides = {**self.overrides, READ_CACHE: self.cache, INCREMENTAL: self.incremental}
        start = time.perf_counter()
        code = run_build(
            self.settings_file,
            self.content,
            self.output,
            overrides,
            errors=errors,
            finished=self._remove_stale,  # before the build counts its pages
        )
        seconds = time.perf_counter() - start
        self.ok = code == 0
        if self.ok:
            self.incremental.succeeded()
            self.fields = {path: entry[1].fields for path, entry in self.cache.entries.items()}
        else:
            self.incremental.previous = {}  # the next build starts from nothing it trusts
            self.written = set()
        return Outcome(self.ok, seconds, errors, reused=self.incremental.reused)

    def _remove_stale(self) -> None:
        """Pages the last build wrote and this one did not (a deleted post) go."""
        written = set(self.incremental.written)
        root = self.output.resolve()
        for path in self.written - written:
            stale = Path(path)
            stale.unlink(missing_ok=True)
            for folder in stale.parents:  # and the folders that held only it
                if folder == root or not folder.is_relative_to(root) or any(folder.iterdir()):
                    break
                folder.rmdir()
        self.written = written

    # --- the quick path: only the text of published articles changed -------------------

    def _articles(self) -> dict[str, Article]:
        context = self.incremental.shared or {}
        return {a.source_path: a for a in context.get("articles", [])}

    def _quick(self, paths: list[str]) -> Outcome | None:
        articles = self._articles()
        if not all(p in articles and p in self.fields and Path(p).is_file() for p in paths):
            return None
        start = time.perf_counter()
        settings = self.incremental.generators[0].settings
        self.cache.preread(paths, settings["MARKDOWN"])  # a few files: in this process
        parsed = {path: self.cache.lookup(path) for path in paths}
        if any(
            p is None or p.error or p.fields != self.fields[path] for path, p in parsed.items()
        ):  # a field changed (or the file is broken): the full build decides
            return None
        if not all(_plain_text_edit(html_of(articles[path]), p.html) for path, p in parsed.items()):
            return None  # images, links or anchors: the full build checks and places them
        changed = [articles[path] for path in paths]
        for article in changed:
            self._update(article, parsed[article.source_path].html, settings)
        errors: list[str] = []
        with build_logging(errors=errors):
            try:
                rendered = self._render_affected(changed, settings)
            except RenderError as error:
                errors.append(f"FEHLER: {error}")
                self.ok = False
                return Outcome(False, time.perf_counter() - start, errors)
        seconds = time.perf_counter() - start
        self._index_later(settings)
        print(
            f"Aktualisiert in {seconds:.2f} s: {len(changed)} Beitrag/Beiträge, {rendered} Seiten"
        )
        return Outcome(True, seconds, errors, rendered=rendered, quick=True)

    def _update(self, article: Article, html: str, settings: dict) -> None:
        """The article's new text, with everything the build derives from it."""
        set_html(article, html)
        forget_rendered(article)
        text_changed.send(article)  # plugins update what they derive from the text
        self.incremental.forget(article)

    def _render_affected(self, changed: list[Article], settings: dict) -> int:
        """Render the pages that show a changed article, the site's pages, the feeds."""
        jobs = [job for job in self.incremental.jobs if _shows(job, changed)]
        render_share(jobs, 0, 1)
        for job in jobs:
            relative = job.context["output_file"]
            job.fingerprint = self.incremental.fingerprint(job.context)
            if job.fingerprint is not None:
                self.incremental.previous[relative] = job.fingerprint
        # The feeds show the articles' text too; their writer renders what it is given.
        writer = ProtectingWriter(str(self.output), settings={**settings, INCREMENTAL: None})
        for generator in self.incremental.generators:
            if isinstance(generator, FeedsGenerator):
                generator.generate_output(writer, changed)
        writer.queue.flush()
        return len(jobs)


LINK_MARKER = re.compile(r"\{(?:static|filename|attach|index|tag|category|author)\}")
ID = re.compile(r'\bid="([^"]*)"')
HREF = re.compile(r'\bhref="([^"]*)"')


def _plain_text_edit(before: str, after: str) -> bool:
    """Whether an article's new HTML needs none of the full build's work: no image (its
    variants), no link to another file (checked and resolved), the same link targets (a
    new one may lead nowhere) and the same anchors (checked for clashes with the theme's
    ids)."""
    return (
        "<img" not in after
        and not LINK_MARKER.search(after)
        and sorted(HREF.findall(before)) == sorted(HREF.findall(after))
        and sorted(ID.findall(before)) == sorted(ID.findall(after))
    )


def _shows(job, changed: list[Article]) -> bool:
    """Whether a page shows one of the changed articles (or is a page always rendered)."""
    if job.fingerprint is None:
        return True
    context = job.context
    if any(context.get("article") is article for article in changed):
        return True
    for key in ("articles_page", "dates_page"):
        page = context.get(key)
        items = getattr(page, "object_list", []) or []
        if any(item is article for item in items for article in changed):
            return True
    return False


#: Saving one of these means new code: the preview starts again as a new process.
CODE_SUFFIXES = (".py",)


def explain(outcome: Outcome) -> None:
    if not outcome.ok:
        print("Build fehlgeschlagen – die Vorschau zeigt die Meldungen, bis die Datei stimmt.")


def live(preview: WarmPreview, reloader, watched: list[Path], restart, stop=None) -> None:
    """Build after every save; show errors in the browser; reload it either way.

    ``stop``: a ``threading.Event`` that ends the loop (tests); Ctrl+C ends it otherwise.
    """
    from watchfiles import watch  # noqa: PLC0415 - only the live preview needs it

    for changes in watch(*watched, stop_event=stop):
        paths = {Path(path) for _, path in changes}
        if any(path.suffix in CODE_SUFFIXES for path in paths):
            print("Code geändert – die Vorschau startet neu.")
            restart()
        outcome = preview.build(paths)
        explain(outcome)
        reloader.errors = [] if outcome.ok else outcome.errors or ["Der Build ist gescheitert."]
        reloader.notify()
