"""Mails from the outbox: to the owner, with Reply-To: the client.

They carry the honest notes the questionnaire's rules raise for these answers
(``plugins.questionnaire.rules.flagged``, the same rules the review step showed).

Plain text only, so nothing a visitor typed can run or render as markup. Headers are
built by the standard library's ``EmailMessage``; visitor text that reaches a header
(the name in the subject) is one cleaned line, and the Reply-To is the address the
visitor gave for the questionnaire's e-mail question, checked by email-validator and
written in ASCII (IDNA).

Each mail is on its own: whatever goes wrong while composing or sending it affects
that mail only. A temporary failure (4xx, no connection) is retried with a doubling,
capped delay; a permanent one (5xx, a message that cannot be built, too many
attempts) sets the mail aside as undeliverable. Once the message is handed to the
server, a broken connection means it may have arrived: it is set aside as unclear and
never sent again by itself, so a server that answers late never gets it twice. Every
attempt uses the same Message-ID. Set-aside mails are named in ``invoke inbox`` and in
a daily summary to the owner.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import logging
import smtplib
import ssl
import time
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from babel.dates import format_datetime

from plugins.questionnaire.definition import OTHER_VALUE, Question, Questionnaire
from plugins.questionnaire.rules import flagged

from .config import ReceiverConfig
from .site import Site
from .store import UNCLEAR, UNDELIVERABLE, Mail, Problem, Store, Stored
from .text import clean_line
from .validation import reply_address

logger = logging.getLogger("sitekit.receiver.mail")
SUBJECT_NAME_LENGTH = 60
PERMANENT = 500  # SMTP codes from here on: the server will never take this message
WIRE = email.policy.SMTP  # CRLF line ends, as SMTP wants them


def _one_line(text: str, limit: int = SUBJECT_NAME_LENGTH) -> str:
    return clean_line(text)[:limit]


class ThrottledLog:
    """At most one log line per kind of trouble and ``seconds``; the rest are counted and
    named in the next line, so a failing server never fills the disk with logs."""

    def __init__(self, seconds: float = 300.0) -> None:
        self.seconds = seconds
        self.last: dict[str, float] = {}
        self.quiet: dict[str, int] = {}

    def note(self, kind: str, message: str, *args) -> None:
        now = time.monotonic()
        if now - self.last.get(kind, -self.seconds) < self.seconds:
            self.quiet[kind] = self.quiet.get(kind, 0) + 1
            return
        suppressed = self.quiet.pop(kind, 0)
        self.last[kind] = now
        if suppressed:
            message += f" (dazu {suppressed} gleiche Meldungen seit der letzten)"
        logger.warning(message, *args)


def answer_text(question: Question, value: str | list[str], answers: dict, _) -> str:
    """An answer as the owner reads it: option labels, units, German dates."""
    values = value if isinstance(value, list) else [value]
    if question.type == "scale":
        return _("%(value)s von %(max)s") % {"value": values[0], "max": int(question.maximum)}
    if question.options:
        labels = []
        for item in values:
            label = next((o.label for o in question.options if o.value == item), item)
            if item == OTHER_VALUE and question.other:
                label = f"{label}: {answers.get(f'{question.id}-{OTHER_VALUE}', '')}"
            labels.append(label)
        return "; ".join(labels)
    if question.type == "date":
        return dt.date.fromisoformat(values[0]).strftime("%d.%m.%Y")
    if question.type == "number" and question.unit:
        return f"{values[0]} {question.unit}"
    return values[0]


def answers_text(questionnaire: Questionnaire, stored: Stored, site: Site) -> str:
    """All answers in the definition's order, by section; unanswered ones are named."""
    _ = site.gettext
    lines = []
    for section in questionnaire.sections:
        lines.append(f"== {section.title} ==")
        for question in section.questions:
            value = stored.answers.get(question.id)
            if value in (None, "", []):
                continue
            text = answer_text(question, value, stored.answers, _)
            lines += [question.label, "  " + text.replace("\n", "\n  ")]
        lines.append("")
    titles = [site.services.get(slug, slug) for slug in stored.recommended]
    if titles:
        lines.append(_("Passende Leistungen: %(list)s") % {"list": ", ".join(titles)})
    return "\n".join(lines).rstrip() + "\n"


def notes_text(questionnaire: Questionnaire, answers: dict, heading: str) -> list[str]:
    """The rules' notes for ``answers`` under ``heading``; no lines when none applies."""
    notes = flagged(questionnaire.rules, answers)
    if not notes:
        return []
    return [f"== {heading} ==", *(f"- {note}" for note in notes), ""]


def owner_notes(questionnaire: Questionnaire, answers: dict, site: Site) -> list[str]:
    """The rules' notes as the owner reads them (her mail and ``invoke inbox --show``)."""
    _ = site.gettext
    return notes_text(
        questionnaire, answers, _("Hinweise, die der Fragebogen im Überblick gezeigt hat")
    )


def _received(stored: Stored, site: Site) -> str:
    moment = dt.datetime.fromisoformat(stored.received)
    return format_datetime(moment, "d. MMMM y, HH:mm 'Uhr'", locale="de_DE", tzinfo=site.timezone)


def compose(mail: Mail, stored: Stored, site: Site, config: ReceiverConfig) -> EmailMessage:
    """The owner's message for one outbox entry."""
    _ = site.gettext
    form = site.forms.get(stored.questionnaire)
    questionnaire = form.questionnaire if form else None
    if questionnaire:
        name, client = questionnaire.contact_of(stored.answers)
    else:
        name, client = "", ""
    reply_to = reply_address(client) if client else ""
    name = _one_line(name or client)
    message = EmailMessage()
    message["From"] = formataddr(
        (_one_line(site.settings.get("SITENAME", ""), 150), config.mail_from)
    )
    message["To"] = mail.recipient
    message["Message-ID"] = mail.message_id or make_msgid(
        domain=config.mail_from.partition("@")[2] or None
    )
    title = questionnaire.title if questionnaire else stored.questionnaire
    body = answers_text(questionnaire, stored, site) if questionnaire else str(stored.answers)
    head = [
        _("Referenz: %(reference)s") % {"reference": stored.reference},
        _("Eingegangen: %(when)s") % {"when": _received(stored, site)},
        "",
    ]
    subject = questionnaire.recipient.subject if questionnaire else title
    message["Subject"] = _one_line(
        f"{subject}: {name} ({stored.reference})" if name else f"{subject} ({stored.reference})",
        150,
    )
    if reply_to:
        message["Reply-To"] = reply_to
    intro = [_("Neue Antworten auf „%(title)s“.") % {"title": title}]
    notes = owner_notes(questionnaire, stored.answers, site) if questionnaire else []
    outro = (
        [_("Antworten Sie auf diese E-Mail, um direkt an %(name)s zu schreiben.") % {"name": name}]
        if reply_to
        else []
    )
    text = "\n".join([*intro, "", *head, *notes, body, *outro]).rstrip() + "\n"
    message.set_content(text, charset="utf-8", cte="quoted-printable")  # 7 bit on the wire
    return message


def _connect(config: ReceiverConfig) -> smtplib.SMTP:
    context = ssl.create_default_context()
    if config.smtp_tls == "tls":
        return smtplib.SMTP_SSL(
            config.smtp_host, config.smtp_port, timeout=config.smtp_timeout, context=context
        )
    client = smtplib.SMTP(config.smtp_host, config.smtp_port, timeout=config.smtp_timeout)
    if config.smtp_tls == "starttls":
        client.starttls(context=context)
    return client


class HandedOver(Exception):  # noqa: N818 - a state, not a failure of ours
    """The connection broke after the message was handed to the server."""


def send(message: EmailMessage, config: ReceiverConfig, handing_over=lambda: None) -> None:
    """Deliver one message over SMTP (blocking; called in a worker thread).

    ``handing_over`` is called right before the message itself goes to the server; an
    error after that raises HandedOver (the server may have taken it).
    """
    with _connect(config) as client:
        if config.smtp_user:
            client.login(config.smtp_user, config.smtp_password)
        client.ehlo_or_helo_if_needed()
        sender = message["From"].addresses[0].addr_spec if message["From"] else config.mail_from
        code, reply = client.mail(sender)
        if code != 250:  # noqa: PLR2004
            raise smtplib.SMTPSenderRefused(code, reply, sender)
        recipients = [a.addr_spec for a in message["To"].addresses]
        for recipient in recipients:
            code, reply = client.rcpt(recipient)
            if code not in (250, 251):  # noqa: PLR2004
                raise smtplib.SMTPRecipientsRefused({recipient: (code, reply)})
        handing_over()
        try:
            code, reply = client.data(message.as_bytes(policy=WIRE))
        except smtplib.SMTPResponseException:
            raise  # the server answered: it did not take the message
        except (OSError, smtplib.SMTPException) as error:
            raise HandedOver(f"{type(error).__name__}: {error}") from error
        if code != 250:  # noqa: PLR2004 - the server answered, and refused
            raise smtplib.SMTPDataError(code, reply)


def retry_delay(attempts: int, config: ReceiverConfig) -> float:
    """Seconds until the next attempt after ``attempts`` failures (doubling, capped)."""
    return min(config.retry_base * (2 ** max(attempts - 1, 0)), config.retry_max)


def _permanent(error: Exception) -> bool:
    """Whether the server refused this message for good (a 5xx answer)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= PERMANENT for code, _ in error.recipients.values())
    code = getattr(error, "smtp_code", None)
    return isinstance(code, int) and code >= PERMANENT


def _deliver_one(
    mail: Mail, store: Store, site: Site, config: ReceiverConfig, log: ThrottledLog
) -> bool:
    """Compose and send one mail; record what happened. True when it was sent."""
    stored = store.submission(str(mail.submission_id))
    if stored is None:
        return False
    try:
        message = compose(mail, stored, site, config)
        if not mail.message_id:
            store.set_message_id(mail.id, str(message["Message-ID"]))
        message.as_bytes()  # a header that cannot be encoded fails here, not half-way
    except Exception as error:  # noqa: BLE001 - whatever it is, it concerns this mail only
        store.set_aside(
            mail.id, UNDELIVERABLE, f"nicht erstellbar: {type(error).__name__}: {error}"
        )
        log.note(
            "compose",
            "Mail für %s lässt sich nicht erstellen (%s); beiseitegelegt.",
            stored.reference,
            error,
        )
        return False
    try:
        send(message, config, lambda: store.handing_over(mail.id))
    except HandedOver as error:
        store.set_aside(mail.id, UNCLEAR, str(error))
        log.note(
            "unclear",
            "Mail für %s vielleicht zugestellt (%s); nicht erneut gesendet.",
            stored.reference,
            error,
        )
        return False
    except Exception as error:  # noqa: BLE001 - a failed attempt, never the outbox
        reason = f"{type(error).__name__}: {error}"
        if _permanent(error) or mail.attempts + 1 >= config.max_attempts:
            store.set_aside(mail.id, UNDELIVERABLE, reason)
            log.note(
                "undeliverable",
                "Mail für %s unzustellbar (%s); beiseitegelegt.",
                stored.reference,
                reason,
            )
            return False
        delay = retry_delay(mail.attempts + 1, config)
        store.mark_failed(mail.id, reason, site.now().timestamp() + delay)
        log.note(
            "retry",
            "Mail für %s nicht zugestellt (%s); neuer Versuch in %.0f s.",
            stored.reference,
            reason,
            delay,
        )
        return False
    store.mark_sent(mail.id, site.now())
    return True


def deliver_due(
    store: Store, site: Site, config: ReceiverConfig, log: ThrottledLog | None = None
) -> int:
    """Try every due outbox entry once; return how many were sent."""
    log = log or ThrottledLog()
    due = store.due_mails(site.now().timestamp())
    return sum(_deliver_one(mail, store, site, config, log) for mail in due)


def summary(problems: list[Problem], site: Site) -> str:
    """The daily summary's text: every set-aside mail, and what to do."""
    lines = [
        "Diese Benachrichtigungen über neue Einsendungen konnten nicht zugestellt werden.",
        "Die Antworten selbst sind gespeichert: invoke inbox --show REFERENZ zeigt sie,",
        "invoke inbox --retry REFERENZ versucht den Versand noch einmal.",
        "",
    ]
    for problem in problems:
        state = (
            "vielleicht angekommen – bitte im Posteingang nachsehen"
            if problem.problem == UNCLEAR
            else "unzustellbar"
        )
        lines.append(f"- {problem.reference}: {state} ({problem.error})")
    return "\n".join(lines) + "\n"


def send_summary(
    store: Store, site: Site, config: ReceiverConfig, log: ThrottledLog | None = None
) -> bool:
    """Once a day: tell the owner about mails set aside since the last summary."""
    problems = [p for p in store.problems() if not p.reported]
    if not problems or not config.notify_to or not config.smtp_host:
        return False
    message = EmailMessage()
    message["From"] = formataddr(
        (_one_line(site.settings.get("SITENAME", ""), 150), config.mail_from)
    )
    message["To"] = config.notify_to
    message["Subject"] = f"Postausgang: {len(problems)} Benachrichtigung(en) nicht zugestellt"
    message["Message-ID"] = make_msgid(domain=config.mail_from.partition("@")[2] or None)
    message.set_content(summary(problems, site), charset="utf-8", cte="quoted-printable")
    try:
        send(message, config)
    except Exception as error:  # noqa: BLE001 - tried again tomorrow
        (log or ThrottledLog()).note(
            "summary", "Tageszusammenfassung nicht zugestellt (%s).", error
        )
        return False
    store.mark_reported()
    return True
