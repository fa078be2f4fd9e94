"""The receiver's ASGI app: ``create_app(config)``.

Routes:
- ``POST /antworten/{slug}``: a submission. The script sends it with
  ``Accept: application/json`` and gets JSON; a browser without JavaScript gets
  pages: errors with the form to correct, a review step, then a 303 redirect to
  the thank-you page.
- ``GET /status``: a health check without any personal data.

Order of work for a submission: Origin, size, honeypot, fill time, validation, then
the rate limit (only a new submission counts: a retry with the same key, the review
step and a round with errors do not), then one SQLite transaction (submission and its
mails), then the answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import secrets
import time
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qsl, quote

from anyio import to_thread
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from sitekit.project import ROOT

from .config import ConfigError, ReceiverConfig
from .mail import ThrottledLog, deliver_due, send_summary
from .pages import Pages
from .site import Form, Site, load_site, sources
from .spam import KEY, RateLimiter, Tickets, fill_seconds
from .store import NewSubmission, Store
from .validation import HONEYPOT, check_submission, recommended

logger = logging.getLogger("sitekit.receiver")
MAX_FIELDS = 400


@dataclass
class Receiver:
    """Everything one running app holds: no module-level state."""

    config: ReceiverConfig
    site: Site
    store: Store
    limiter: RateLimiter
    tickets: Tickets
    pages: Pages
    wake: asyncio.Event | None = None
    log: ThrottledLog = field(default_factory=ThrottledLog)  # the outbox's log, throttled
    read_from: tuple | None = None  # sources() of the site; None: a site given from outside

    def texts(self, key: str) -> str:
        return self.site.gettext(RESPONSES[key])

    def refresh(self) -> None:
        """Read the site again if a questionnaire, service or setting changed on disk.

        A broken definition keeps the last good one (and says so in the log), so a typo
        the owner is still fixing never turns visitors away.
        """
        if self.read_from is None:
            return
        now = sources(self.config, self.site)
        if now == self.read_from:
            return
        self.read_from = now
        try:
            site = load_site(self.config)
        except ConfigError as error:
            logger.warning("Fragebögen nicht neu gelesen, es gilt der letzte Stand: %s", error)
            return
        self.site, self.pages = site, Pages(site, self.config)
        logger.info("Fragebögen neu gelesen: %s", ", ".join(sorted(site.forms)))


def N_(message: str) -> str:  # noqa: N802 - the usual name of gettext_noop
    """Mark a text for the catalogue; it is translated when shown."""
    return message


#: Answers the visitor sees when the receiver refuses (German, from the catalogue).
RESPONSES = {
    "too_large": N_("Ihre Angaben sind zu umfangreich. Bitte kürzen Sie lange Texte."),
    "slow": N_(
        "Ihre Angaben kamen zu langsam an; die Verbindung wurde getrennt. "
        "Bitte senden Sie sie noch einmal."
    ),
    "type": N_("Die Angaben kamen in einer unerwarteten Form an."),
    "origin": N_(
        "Diese Anfrage kam nicht von der Website. "
        "Bitte senden Sie den Fragebogen von der Website aus."
    ),
    "unknown_form": N_("Diesen Fragebogen gibt es nicht (mehr)."),
    "honeypot": N_(
        "Ihre Angaben wurden nicht angenommen, weil ein verstecktes Feld ausgefüllt war."
    ),
    "rate": N_(
        "Von Ihrem Anschluss kamen gerade sehr viele Fragebögen. "
        "Bitte versuchen Sie es später noch einmal."
    ),
    "speed": N_(
        "Der Fragebogen wurde schneller abgeschickt, als ein Mensch ihn ausfüllen kann. "
        "Bitte prüfen Sie Ihre Angaben und senden Sie erneut."
    ),
    "unknown_field": N_("Die Angaben enthalten Felder, die dieser Fragebogen nicht kennt."),
    "key": N_("Die Angaben kamen ohne Kennung an. Bitte laden Sie die Seite neu."),
    "invalid": N_("Bitte prüfen Sie Ihre Angaben."),
}


def _wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


def _refuse(receiver: Receiver, request: Request, status: int, reason: str, **extra) -> Response:
    message = receiver.texts(reason)
    if _wants_json(request):
        return JSONResponse({"ok": False, "reason": reason, "message": message, **extra}, status)
    return receiver.pages.message(message, status)


def _count_spam(receiver: Receiver, reason: str) -> None:
    receiver.store.count_spam(receiver.site.now().date().isoformat(), reason)


async def _read_body(request: Request, limit: int) -> bytes | None:
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return None
    return body


async def _read_form(request: Request, limit: int, seconds: float) -> dict[str, list[str]] | None:
    """The urlencoded body as field → values; None when it is larger than ``limit`` or has
    more than MAX_FIELDS fields. A body that takes longer than ``seconds`` raises
    TimeoutError (a slow sender must not hold a connection open for ever)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        return None
    try:
        async with asyncio.timeout(seconds):
            body = await _read_body(request, limit)
    except ClientDisconnect:  # the visitor's browser gave up; nothing to store
        return {}
    if body is None:
        return None
    form: dict[str, list[str]] = {}
    try:
        pairs = parse_qsl(
            body.decode("utf-8", "replace"), keep_blank_values=True, max_num_fields=MAX_FIELDS
        )
    except ValueError:  # more fields than any questionnaire has
        return None
    for name, value in pairs:
        form.setdefault(name, []).append(value)
    return form


def _first(form: dict[str, list[str]], name: str) -> str:
    return (form.get(name) or [""])[0].strip()


def _mails(receiver: Receiver) -> list[tuple[str, str]]:
    """The outbox entries of a new submission: the owner's notification.

    No mail goes to an address a visitor typed in: a copy "for the client" could be
    sent by anyone to anyone, in the business's name. The visitor keeps a copy from
    the thank-you page (file or print) instead.
    """
    return [("owner", receiver.config.notify_to)] if receiver.config.notify_to else []


def _address(request: Request) -> str:
    return request.client.host if request.client else "unbekannt"


async def _screen(receiver: Receiver, request: Request, form_def: Form, form) -> Response | None:
    """Spam checks; a Response refuses the request, None lets it through.

    The fill time comes from the script (``_started`` when the page was opened, ``_sent``
    when it was sent, both by the visitor's clock): a script request without a readable
    time counts as too fast. Without JavaScript there is no time to read; the review
    step's signed ticket measures it instead.
    """
    if _first(form, HONEYPOT):
        await to_thread.run_sync(_count_spam, receiver, "honeypot")
        return _refuse(receiver, request, 400, "honeypot")
    if _wants_json(request):
        took = fill_seconds(_first(form, "_started"), _first(form, "_sent"), time.time())
        if took is None or took < receiver.config.min_fill_seconds:
            await to_thread.run_sync(_count_spam, receiver, "speed")
            return _refuse(receiver, request, 400, "speed")
    return None


async def _admit(receiver: Receiver, request: Request):
    """(form definition, form fields) of an acceptable request, or the refusal."""
    origin = request.headers.get("origin", "")
    own = receiver.site.receiver_origin  # the review page without script
    if not origin or origin not in (*receiver.config.allowed_origins, own):
        await to_thread.run_sync(_count_spam, receiver, "origin")
        return _refuse(receiver, request, 403, "origin")
    if "application/x-www-form-urlencoded" not in request.headers.get("content-type", ""):
        return _refuse(receiver, request, 415, "type")
    await to_thread.run_sync(receiver.refresh)
    form_def = receiver.site.forms.get(request.path_params["slug"])
    if form_def is None:
        return _refuse(receiver, request, 404, "unknown_form")
    try:
        form = await _read_form(request, receiver.config.max_body, receiver.config.read_timeout)
    except TimeoutError:
        return _refuse(receiver, request, 408, "slow")
    if form is None:
        return _refuse(receiver, request, 413, "too_large")
    return await _screen(receiver, request, form_def, form) or (form_def, form)


async def submit(request: Request) -> Response:
    receiver: Receiver = request.app.state.receiver
    admitted = await _admit(receiver, request)
    if isinstance(admitted, Response):
        return admitted
    form_def, form = admitted
    checked = check_submission(form_def.questionnaire, form, receiver.site.gettext)
    if checked.unknown:
        return _refuse(receiver, request, 400, "unknown_field", fields=checked.unknown)
    if not _wants_json(request):
        return await _without_script(receiver, request, form_def, form, checked)
    return await _with_script(receiver, request, form_def, form, checked)


async def _with_script(
    receiver: Receiver, request: Request, form_def: Form, form, checked
) -> Response:
    """The script's way: errors as JSON per field, or the reference and where to go."""
    if checked.errors:
        body = {"ok": False, "reason": "invalid", "message": receiver.texts("invalid")}
        return JSONResponse({**body, "errors": checked.errors}, 422)
    key = _first(form, "_key")
    if not KEY.fullmatch(key):
        return _refuse(receiver, request, 400, "key")
    reference = await _store(receiver, request, form_def, checked.answers, key)
    if isinstance(reference, Response):
        return reference
    redirect = _thanks(form_def, reference)
    return JSONResponse({"ok": True, "reference": reference, "redirect": redirect})


async def _without_script(
    receiver: Receiver, request: Request, form_def: Form, form, checked
) -> Response:
    """No JavaScript: errors → the form again; first valid post → review; ticket → store."""
    if checked.errors or _first(form, "_edit"):
        return receiver.pages.form(form_def, form, checked.errors)
    ticket = _first(form, "_ticket")
    if not ticket:
        key = secrets.token_urlsafe(24)
        return receiver.pages.review(
            form_def,
            form,
            checked.answers,
            receiver.tickets.issue(key, form_def.questionnaire.slug),
        )
    key = receiver.tickets.read(
        ticket, form_def.questionnaire.slug, receiver.config.min_fill_seconds
    )
    if key is None:
        await to_thread.run_sync(_count_spam, receiver, "speed")
        return _refuse(receiver, request, 400, "speed")
    reference = await _store(receiver, request, form_def, checked.answers, key)
    if isinstance(reference, Response):
        return reference
    return RedirectResponse(_thanks(form_def, reference), status_code=303)


def _thanks(form_def: Form, reference: str) -> str:
    return f"{form_def.success_url}?referenz={quote(reference)}"


async def _store(
    receiver: Receiver, request: Request, form_def: Form, answers: dict, key: str
) -> str | Response:
    """Commit the submission and its mails; wake the outbox. Returns the reference.

    The same key again (a double click, "Erneut senden", a lost answer) gets the
    reference it already has, without counting against the rate limit; a new
    submission over the limit is refused with 429.
    """
    address = _address(request)
    new = NewSubmission(
        key=key,
        questionnaire=form_def.questionnaire.slug,
        received=receiver.site.now(),
        answers=answers,
        recommended=recommended(form_def.questionnaire, answers),
        mails=_mails(receiver),
    )
    reference, created = await to_thread.run_sync(
        receiver.store.add_submission, new, lambda: receiver.limiter.allow(address)
    )
    if reference is None:  # a new submission over the limit
        await to_thread.run_sync(_count_spam, receiver, "rate")
        response = _refuse(receiver, request, 429, "rate")
        response.headers["Retry-After"] = str(receiver.limiter.retry_after(address))
        return response
    if created and receiver.wake is not None:
        receiver.wake.set()
    return reference


async def status(request: Request) -> Response:
    """Health without personal data: which project, which database, can it write."""
    receiver: Receiver = request.app.state.receiver
    await to_thread.run_sync(receiver.refresh)
    counts = await to_thread.run_sync(receiver.store.outbox_counts)
    writable = await to_thread.run_sync(receiver.store.writable)
    body = {
        "ok": writable,
        "projekt": str(ROOT),
        "datenbank": str(receiver.config.db),
        "ursprünge": list(receiver.config.allowed_origins),
        "speichern": "ok" if writable else "nicht möglich",
        "fragebögen": sorted(receiver.site.forms),
        "postausgang": counts,
    }
    return JSONResponse(body, 200 if writable else 503)


IDLE = 60.0  # seconds between looks at the outbox when nothing is due
OUTBOX_PAUSE = (5.0, 300.0)  # after a fault of the outbox itself: first and longest pause


async def outbox_worker(receiver: Receiver) -> None:
    """Send due mails; sleep until the next is due or a new submission arrives.

    A fault of the outbox itself (the database cannot be read) pauses it with a
    doubling delay instead of trying again at once, and is logged once per pause.
    """
    config = receiver.config
    pause = OUTBOX_PAUSE[0]
    while True:
        try:
            if config.smtp_host:
                await to_thread.run_sync(
                    deliver_due, receiver.store, receiver.site, config, receiver.log
                )
            due = await to_thread.run_sync(receiver.store.next_due)
        except Exception as error:  # never let the outbox stop; never spin on a fault
            logger.warning(
                "Postausgang pausiert %.0f s: %s: %s", pause, type(error).__name__, error
            )
            await asyncio.sleep(pause)
            pause = min(pause * 2, OUTBOX_PAUSE[1])
            continue
        pause = OUTBOX_PAUSE[0]
        now = receiver.site.now().timestamp()
        # Idle, it looks again every minute: ``invoke inbox --retry`` (another process)
        # queues a mail without waking it.
        wait = IDLE if due is None or not config.smtp_host else max(due - now, 0.05)
        receiver.wake.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(receiver.wake.wait(), timeout=min(wait, IDLE))


async def daily_worker(receiver: Receiver) -> None:
    """Once a day: delete submissions past the retention period, and tell the owner
    about notification mails the outbox had to set aside."""
    while True:
        days = receiver.site.retention_days
        try:
            cutoff = receiver.site.now() - dt.timedelta(days=days)
            removed = await to_thread.run_sync(receiver.store.delete_older_than, cutoff)
            if removed:
                logger.info("%d Einsendungen nach %d Tagen gelöscht.", removed, days)
            await to_thread.run_sync(
                send_summary, receiver.store, receiver.site, receiver.config, receiver.log
            )
        except Exception as error:  # tomorrow again
            logger.warning("Tagesarbeit nicht erledigt: %s: %s", type(error).__name__, error)
        await asyncio.sleep(24 * 3600)


@contextlib.asynccontextmanager
async def lifespan(app: Starlette):
    receiver: Receiver = app.state.receiver
    receiver.wake = asyncio.Event()
    tasks = [
        asyncio.create_task(outbox_worker(receiver)),
        asyncio.create_task(daily_worker(receiver)),
    ]
    try:
        yield
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        receiver.store.close()


def create_app(config: ReceiverConfig, site: Site | None = None) -> Starlette:
    """The receiver for ``config``; reads the site's questionnaires unless given.

    A site it reads itself it reads again whenever its files change (``refresh``).
    """
    given = site is not None
    site = site or load_site(config)
    if not config.allowed_origins:
        config = _with_origins(config, (site.origin,))
    store = Store(config.db)
    receiver = Receiver(
        config=config,
        site=site,
        store=store,
        limiter=RateLimiter(config.rate_limit, config.rate_window),
        tickets=Tickets(config.secret or store.secret()),
        pages=Pages(site, config),
        read_from=None if given else sources(config, site),
    )
    app = Starlette(
        routes=[
            Route("/antworten/{slug}", submit, methods=["POST"]),
            Route("/status", status, methods=["GET"]),
        ],
        middleware=[
            Middleware(
                CORSMiddleware,
                allow_origins=list(config.allowed_origins),
                allow_methods=["POST"],
                allow_headers=["Accept", "Content-Type"],
                max_age=600,
            )
        ],
        lifespan=lifespan,
    )
    app.state.receiver = receiver
    return app


def _with_origins(config: ReceiverConfig, origins: tuple[str, ...]) -> ReceiverConfig:
    return replace(config, allowed_origins=origins)
