"""The one writer every output goes through; it hides e-mail addresses from harvesters.

Every file the build writes through Pelican's writer (pages, feeds, the sitemap,
anything a plugin renders) passes ``protect``: each address (link target and visible
text) becomes character references. Browsers, screen readers and feed readers decode
them as usual; a program that searches the raw bytes for ``name@domain`` finds
nothing. Pages rendered from templates are rendered at the end of the build, on
every core (``render.py``).

Documented signal: ``pages_written`` is sent (sender: the Pelican object) once every
page of the build is on disk, before ``safe_output`` swaps the build in. A plugin that
reads the finished HTML (the search index) listens to it instead of ``finalized``,
whose receivers run in no guaranteed order. ``content_pages_written`` comes before it,
once the files of all articles and pages are written (keyword ``pages``: their paths),
while the list pages still render: work that needs only those pages (the search index)
starts there and ends at ``pages_written``.

Documented setting: ``HTML_PAGE_FILTERS`` holds functions (str → str) that every HTML
page passes before its addresses are protected; a plugin appends its own at
``initialized`` (``german_typography`` adds German line breaking).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from blinker import signal
from jinja2 import FileSystemBytecodeCache
from pelican import signals
from pelican.writers import FileOverwriteFailedError, Writer

from plugins.site_settings import build_workers
from plugins.site_settings.cache_files import COMPILE_KEY
from plugins.site_settings.pelican_internals import written_files

from .incremental import SETTING as INCREMENTAL
from .incremental import Incremental, link_or_copy
from .page_store import FOLDER, PageStore
from .protect import protect
from .render import FILTERS, SETTING, Job, RenderQueue, is_content_page, once_per_render

PROTECTED_SUFFIXES = (".html", ".xml", ".xsl")
#: Sent with the Pelican object when every page of the build is written (see above).
pages_written = signal("site_writer.pages_written")
#: Sent with the Pelican object and ``pages`` (their paths) once the file of every
#: article and page is written, while the lists are still rendering (see above).
content_pages_written = signal("site_writer.content_pages_written")


class TemplateCache(FileSystemBytecodeCache):
    """Compiled templates in the build cache: a build compiles only what changed.

    Jinja keys each entry by the template's name and checks its source's hash, so an
    edited template is compiled again; a damaged entry is compiled again too. The key
    also holds the environment's ``COMPILE_KEY``: theme texts are translated into the
    compiled code, so another catalogue or language compiles anew. The repr
    is stable because the warm preview compares settings by their repr.
    """

    def __repr__(self) -> str:
        return f"TemplateCache({self.directory!r})"

    def get_bucket(self, environment, name, filename, source):
        """Jinja's entry for the template, also keyed by what the environment's
        extensions write into compiled code (``COMPILE_KEY``: the theme's catalogue)."""
        extra = getattr(environment, COMPILE_KEY, "")
        return super().get_bucket(environment, f"{name}\0{extra}", filename, source)

    def load_bytecode(self, bucket) -> None:
        """A damaged entry (cut off, garbled) is compiled again, never an error: Jinja
        itself reads the stored source checksum without looking."""
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - whatever is wrong with it, it is only a cache
            bucket.reset()


def cache_templates(pelican) -> None:
    """Give every Jinja environment of the build the template cache in CACHE_PATH, and
    have it load each template once: a build's templates do not change while it runs
    (Jinja would otherwise look at the file of every template, included and imported
    ones too, each time a page uses it; a changed theme takes a new build, with new
    environments, in the preview too)."""
    environment = dict(pelican.settings.get("JINJA_ENVIRONMENT") or {})
    environment.setdefault("auto_reload", False)
    folder = Path(pelican.settings["CACHE_PATH"]) / "vorlagen"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass  # no cache folder: templates are compiled as usual
    else:
        environment.setdefault("bytecode_cache", TemplateCache(str(folder)))
    pelican.settings["JINJA_ENVIRONMENT"] = environment


class Rendered:
    """A finished document (a feed, the sitemap) handed to the writer like a template."""

    def __init__(self, text: str) -> None:
        self.text = text

    def render(self, *args, **kwargs) -> str:
        return self.text


class Deferred:
    """Stands in for a template: records the page for ``RenderQueue.flush``."""

    def __init__(self, template, writer: ProtectingWriter, protected: bool) -> None:
        self.template, self.writer, self.protected = template, writer, protected

    def render(self, context: dict) -> str:
        relative = context["output_file"]
        base, own = self.writer.split(context)
        path = os.path.abspath(os.path.join(self.writer.output_path, relative))  # Pelican's
        job = Job(path, self.template, own, self.protected, base=base)
        if is_content_page(job):  # also when taken from the last build below
            self.writer.queue.content.add(path)
        if relative.endswith(".html"):
            job.filters = self.writer.filters
        incremental = self.writer.settings.get(INCREMENTAL)
        if isinstance(incremental, Incremental):
            job.fingerprint = incremental.fingerprint(context)
            job.reuse = incremental.reusable(relative, job.fingerprint)
            if incremental.store is not None and job.fingerprint is not None:
                job.store, job.relative = incremental.store, relative
            incremental.reused += job.reuse is not None
            if incremental.store is None:  # the warm preview renders some of them again
                incremental.jobs.append(job)
            elif job.reuse is not None:  # nothing to keep: in place now, not at the end
                link_or_copy(job.reuse, Path(job.path))
                self.writer.untouched.add(job.path)  # Pelican must not open it again
                return ""
        if job.reuse is not None and job.reuse.resolve() == Path(job.path).resolve():
            self.writer.untouched.add(job.path)  # built in place: the file is already right
            return ""
        self.writer.queue.add(job)
        self.writer.queued.add(job.path)
        return ""  # written for real when the queue is flushed


class ProtectingWriter(Writer):
    """Pelican's writer: finished documents are written (and protected) at once, templates
    are rendered at the end of the build, in parallel, with every address protected."""

    def __init__(self, output_path, settings=None) -> None:
        super().__init__(output_path, settings=settings)
        self.queue = RenderQueue(workers=build_workers(settings or {}))
        self.untouched: set[str] = set()  # pages a warm preview left as they were
        self.queued: set[str] = set()  # pages the render queue writes when flushed
        self.filters = tuple((settings or {}).get(FILTERS, ()))
        self._snapshot: dict = {}  # the site's context as the last page saw it
        self.dates_paged = theme_pages_dates(settings or {})
        if settings is not None:
            settings[SETTING] = self.queue

    def split(self, local: dict) -> tuple[dict, dict]:
        """A page's context as (the site's context then, shared; the page's own values).

        Pelican hands every page a copy of the site's context; a job keeps only what the
        page adds or changes, and one snapshot of the rest while it stays the same.
        """
        incremental = self.settings.get(INCREMENTAL)
        shared = incremental.shared if isinstance(incremental, Incremental) else None
        if shared is None:
            return {}, local
        snapshot = self._snapshot
        if len(snapshot) != len(shared) or any(
            snapshot.get(key, _MISSING) is not value for key, value in shared.items()
        ):
            snapshot = self._snapshot = dict(shared)
        own = {
            key: value for key, value in local.items() if snapshot.get(key, _MISSING) is not value
        }
        overridden = sum(1 for key in own if key in snapshot)
        if len(local) - len(own) + overridden != len(snapshot):  # lacks a key of the site's
            return {}, local
        return snapshot, own

    def _open_w(self, filename, encoding, override=False):
        """Pelican opens each page to write it; an untouched page is not opened at all,
        nor one the render queue writes at the end (no empty file first)."""
        self.queue.written.add(filename)
        files = written_files(self)
        if filename in self.untouched and filename not in files:
            files.add(filename)
            return open(os.devnull, "w", encoding=encoding)  # noqa: SIM115 - Pelican closes it
        if filename in self.queued and not override:
            if filename in files:  # Pelican's own check and words (sitekit.build names it)
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" as Pelican has already written to it '
                    "previously (set `override=True` if intended)"
                )
            files.add(filename)
            return open(os.devnull, "w", encoding=encoding)  # noqa: SIM115 - Pelican closes it
        return super()._open_w(filename, encoding, override)

    def write_file(self, name, template, context, *args, **kwargs):
        paginated = kwargs.get("paginated")
        if not self.dates_paged and isinstance(paginated, dict) and "dates" in paginated:
            # Pelican pages "dates" beside "articles" (the same posts); no template reads
            # those pages, so they are not made: fewer objects per list page, queued
            kwargs["paginated"] = {k: v for k, v in paginated.items() if k != "dates"}
        protected = bool(name) and name.endswith(PROTECTED_SUFFIXES)
        if isinstance(template, Rendered):
            text = template.text
            if name.endswith(".html"):
                for page_filter in self.filters:
                    text = page_filter(text)
            template = Rendered(protect(text) if protected else text)
        else:
            template = Deferred(template, self, protected)
        return super().write_file(name, template, context, *args, **kwargs)


_MISSING = object()
#: The variables of Pelican's pagination of ``dates`` (see ``theme_pages_dates``).
DATES_PAGES = re.compile(r"\bdates_(?:paginator|page|previous_page|next_page)\b")


def theme_pages_dates(settings: dict) -> bool:
    """Whether a template of the theme (or of its overrides) reads the pages of ``dates``;
    a theme built on Pelican's own (``!simple/``) counts as one that does."""
    folders = [Path(settings.get("THEME") or "theme") / "templates"]
    folders += [Path(folder) for folder in settings.get("THEME_TEMPLATES_OVERRIDES") or []]
    for folder in folders:
        for template in folder.rglob("*") if folder.is_dir() else []:
            if template.is_file():
                text = template.read_text(encoding="utf-8", errors="replace")
                if "!simple/" in text or DATES_PAGES.search(text):
                    return True
    return False


def flush(pelican) -> None:
    """Render every recorded page (before the finished build is swapped in)."""
    queue = pelican.settings.get(SETTING)
    if isinstance(queue, RenderQueue):
        queue.flush(lambda paths: content_pages_written.send(pelican, pages=paths))
    incremental = pelican.settings.get(INCREMENTAL)
    if isinstance(incremental, Incremental) and isinstance(queue, RenderQueue):
        incremental.written = set(queue.written)
        if incremental.store is not None:
            incremental.store.prune()
    pages_written.send(pelican)
    if isinstance(queue, RenderQueue):
        finishing, queue.finishing = queue.finishing, []
        for finish in finishing:
            finish()


CONTENT_LISTS = ("articles", "drafts", "hidden_articles", "pages", "hidden_pages", "draft_pages")


def freeze_urls(generators) -> None:
    """Every content object's address is final now: keep it, instead of formatting it
    from the URL settings at each of the thousands of times templates ask for it.

    That is the last attribute a post gets, so its attribute table is made anew here, at
    its size: Python grew it with room for more (1,584 bytes for a post's 33 attributes,
    832 when made at once; 3.6 MB at 5,000 posts).
    """
    if not generators:
        return
    context = generators[0].context
    for key in CONTENT_LISTS:
        for content in context.get(key, []):
            if not hasattr(content, "override_url"):
                content.override_url = content.url
            content.__dict__ = dict(content.__dict__)


def start_incremental(generators) -> None:
    """The warm preview's incremental state learns this build's context."""
    if not generators:
        return
    settings = generators[0].settings
    incremental = settings.get(INCREMENTAL)
    if isinstance(incremental, Incremental):
        safe = settings.get("SAFE_OUTPUT_RUN")
        final = getattr(safe, "final", None) or Path(settings["OUTPUT_PATH"])
        incremental.start(generators, Path(final))


def use_page_store(pelican) -> None:
    """Ordinary builds keep rendered pages in CACHE_PATH (the warm preview brings its own
    incremental state, and PAGE_STORE = False turns the store off)."""
    settings = pelican.settings
    if INCREMENTAL in settings or not settings.get("PAGE_STORE", True):
        return
    folder = Path(settings["CACHE_PATH"]) / FOLDER
    settings[INCREMENTAL] = Incremental(store=PageStore(folder))


def add_globals(generator) -> None:
    """``once_per_render`` for every template (see ``render.py``)."""
    generator.env.globals["once_per_render"] = once_per_render


def use_writer(pelican):
    """Every output goes through the protecting writer."""
    return ProtectingWriter


def register() -> None:
    signals.initialized.connect(cache_templates)
    signals.initialized.connect(use_page_store)
    signals.get_writer.connect(use_writer)
    signals.generator_init.connect(add_globals)
    signals.finalized.connect(flush)
    signals.all_generators_finalized.connect(freeze_urls)
    signals.all_generators_finalized.connect(start_incremental)
