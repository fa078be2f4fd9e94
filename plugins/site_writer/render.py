"""Render the site's pages at the end of the build, on every core.

Pelican asks its writer for one page after another. The writer records each request
(template and the page's context) and writes an empty file; when every generator is
done, ``RenderQueue.flush`` renders all pages, in forked worker processes when there
are many (each worker renders every n-th page and writes it), passes each HTML page
through the filters of ``HTML_PAGE_FILTERS`` and protects the addresses in each. A
template error is reported as one German line naming the template and its line.

The pages of articles and pages come first, the lists (blog pages, tags, categories,
archives) after them. Once the first are all written, ``flush`` calls ``halfway`` with
their paths while the workers go on with the lists: the search index, made from those
pages only, is built meanwhile instead of after the last list page.

A template renders a fragment that is the same wherever it appears (a post's card, on
every list page that shows the post) through the global ``once_per_render``: while
``render_share`` renders its pages, each such fragment is rendered once and then reused
(in a build of 1,000 posts, 7,800 cards on 780 list pages are about 1,000 renderings in
each render worker).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import TemplateError

from plugins.site_settings.forking import forking, report_outcome

from .incremental import link_or_copy
from .page_store import PageStore
from .protect import protect

PARALLEL_FROM = 200  # fewer pages are rendered in the build process itself
SETTING = "RENDER_QUEUE"
#: Setting: functions (str → str) applied to every HTML page before its addresses are
#: protected. A plugin adds its own at ``initialized`` (German line breaking does).
FILTERS = "HTML_PAGE_FILTERS"


class RenderError(RuntimeError):
    """A template failed; the message is one German line naming template and line."""


@dataclass(slots=True)  # thousands wait in the queue: no attribute table each
class Job:
    path: str  # absolute, as Pelican names it (a string: no parts kept per page)
    template: object
    own: dict  # the page's own context values (all of them when ``base`` is empty)
    protected: bool
    filters: tuple = ()  # HTML_PAGE_FILTERS, for .html pages
    reuse: Path | None = None  # the last build's identical file (warm preview)
    fingerprint: str | None = None  # what the page was rendered from (warm preview)
    store: PageStore | None = None  # ordinary builds: keep the page in the build cache
    relative: str = ""  # its path in the output
    #: The site's context when the page was written, shared by every job written while
    #: it stayed the same (a copy per page would be most of a large build's memory).
    base: dict = field(default_factory=dict)

    @property
    def context(self) -> dict:
        return {**self.base, **self.own} if self.base else self.own


@dataclass
class RenderQueue:
    jobs: list[Job] = field(default_factory=list)
    workers: int = 1
    written: set[str] = field(default_factory=set)  # set by the writer: every page path
    #: Documented: callables a plugin adds for work it began in the background; the
    #: writer calls them once every page is written and ``pages_written`` was sent,
    #: before the build is swapped in (share images are drawn while pages render).
    finishing: list = field(default_factory=list)
    #: Paths of every article's and page's file, rendered now or taken from the last build
    content: set[str] = field(default_factory=set)

    def add(self, job: Job) -> None:
        self.jobs.append(job)

    def flush(self, halfway: Callable[[list[str]], object] | None = None) -> None:
        """Render and write every recorded page; raise RenderError on the first failure.

        ``halfway`` is called with the paths of every article's and page's file once
        they are written (those taken from the last build included: ``content``),
        before the lists.
        """
        jobs, self.jobs = self.jobs, []
        for job in jobs:
            if job.reuse is not None:
                link_or_copy(job.reuse, Path(job.path))
        first = sorted(self.content | {job.path for job in jobs if is_content_page(job)})
        self.content = set()
        jobs = [job for job in jobs if job.reuse is None]
        content = [job for job in jobs if is_content_page(job)]
        lists = [job for job in jobs if not is_content_page(job)]
        reached = halfway or (lambda paths: None)
        if len(jobs) < PARALLEL_FROM or self.workers < 2:  # noqa: PLR2004 - one process
            render_share(content, 0, 1)
            reached(first)
            render_share(lists, 0, 1)
            return
        pipes, processes = [], []
        with forking() as context:  # workers share the built context
            for share in range(self.workers):
                receiver, sender = context.Pipe(duplex=False)
                process = context.Process(
                    target=_worker, args=(content, lists, share, self.workers, sender)
                )
                process.start()
                sender.close()
                pipes.append(receiver)
                processes.append(process)
            # Each worker first says it has written its share of the content pages
            # (HALFWAY), then how it ended; one that failed before says only the latter.
            said = [_heard(pipe) for pipe in pipes]
            if all(word == HALFWAY for word in said):
                reached(first)
            problems = [
                _heard(pipe) if word == HALFWAY else word
                for word, pipe in zip(said, pipes, strict=True)
            ]
            for process in processes:
                process.join()
        problems += [
            f"Ein Prozess zum Rendern endete mit Status {p.exitcode}."
            for p in processes
            if p.exitcode
        ]
        problems = [p for p in problems if p]
        if problems:
            raise RenderError(problems[0])


#: What a render worker sends once its share of the content pages is written.
HALFWAY = "halbzeit"


def _heard(pipe) -> str:
    """The worker's next word; "" when it ended without one (its exit status tells)."""
    try:
        return pipe.recv()
    except EOFError:
        return ""


def is_content_page(job: Job) -> bool:
    """Whether the job writes an article's or a page's own file (not a list)."""
    own = job.own
    return own.get("article") is not None or own.get("page") is not None


#: The fragments ``once_per_render`` keeps while ``render_share`` runs (else None).
_fragments: dict | None = None
#: At most this many: a card is about 1.5 KB, so a worker's memory stays bounded however
#: many posts a site has (all of them up to 2,000 posts, the first 2,000 beyond that).
FRAGMENTS_KEPT = 2000


def once_per_render(*key, caller) -> str:
    """Template global, for ``{% call once_per_render(key, …) %}…{% endcall %}``: the
    block, rendered the first time a key comes up while pages are rendered and reused
    after it. The key must name everything the block shows (a post's card: the post's
    file and the heading it is set under); the site's settings are the same for every
    page. Outside a render pass the block is rendered each time."""
    if _fragments is None:
        return caller()
    done = _fragments.get(key)
    if done is None:
        done = caller()
        if len(_fragments) < FRAGMENTS_KEPT:
            _fragments[key] = done
    return done


def render_share(jobs: list[Job], share: int, shares: int) -> None:
    """Render and write jobs share, share + shares, … (all of them when shares is 1)."""
    global _fragments  # noqa: PLW0603 - one render pass at a time per process
    _fragments = {}  # a new pass: the posts' text may have changed since the last one
    try:
        _render_jobs(jobs[share::shares])
    finally:
        _fragments = None


def _render_jobs(jobs: list[Job]) -> None:
    for job in jobs:
        try:
            text = job.template.render(job.context)
        except TemplateError as error:
            raise RenderError(describe(error, job)) from None
        for page_filter in job.filters:
            text = page_filter(text)
        if job.protected:
            text = protect(text)
        data = text.encode("utf-8")
        os.makedirs(os.path.dirname(job.path), exist_ok=True)
        with open(job.path, "wb") as page:
            page.write(data)
        if job.store is not None and job.fingerprint is not None:
            # no room in the cache: the next build renders the page again
            with contextlib.suppress(OSError):
                job.store.keep(Path(job.path), job.relative, job.fingerprint, data)


def describe(error: TemplateError, job: Job) -> str:
    name = getattr(error, "name", None) or getattr(job.template, "name", "?")
    line = getattr(error, "lineno", None)
    where = f"theme/templates/{name}" + (f", Zeile {line}" if line else "")
    return (
        f"{where}: Fehler in der Vorlage beim Schreiben von {os.path.basename(job.path)} "
        f"({type(error).__name__}: {error}) – bitte die Vorlage an dieser Stelle prüfen."
    )


def _worker(content: list[Job], lists: list[Job], share: int, shares: int, pipe) -> None:
    def work() -> None:
        render_share(content, share, shares)
        pipe.send(HALFWAY)
        render_share(lists, share, shares)

    report_outcome(pipe, work, as_is=(RenderError,))
