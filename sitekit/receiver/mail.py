"""Mails from the outbox: to the owner (Reply-To: the client) and, if asked, a copy.

Both carry the honest notes the questionnaire's rules raise for these answers
(``plugins.questionnaire.rules.flagged``, the same rules the review step showed).

Plain text only, so nothing a visitor typed can run or render as markup. Headers
are built by the standard library's ``EmailMessage``; visitor text that reaches a
header (the name in the subject) is stripped of control characters first. A failed
delivery stays in the outbox and is retried with a doubling delay, so an SMTP
outage delays mail but never loses it.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from babel.dates import format_datetime

from plugins.questionnaire.definition import OTHER_VALUE, Question, Questionnaire
from plugins.questionnaire.rules import flagged

from .config import ReceiverConfig
from .site import Site
from .store import Mail, Store, Stored

logger = logging.getLogger("sitekit.receiver.mail")
CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
SUBJECT_NAME_LENGTH = 60


def _one_line(text: str, limit: int = SUBJECT_NAME_LENGTH) -> str:
    return CONTROL.sub(" ", text).strip()[:limit]


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
    """The message for one outbox entry."""
    _ = site.gettext
    form = site.forms.get(stored.questionnaire)
    questionnaire = form.questionnaire if form else None
    client = str(stored.answers.get("email", "") or "")
    name = _one_line(str(stored.answers.get("name", "") or client))
    message = EmailMessage()
    message["From"] = formataddr((site.settings.get("SITENAME", ""), config.mail_from))
    message["To"] = mail.recipient
    message["Message-ID"] = make_msgid(domain=config.mail_from.partition("@")[2] or None)
    title = questionnaire.title if questionnaire else stored.questionnaire
    body = answers_text(questionnaire, stored, site) if questionnaire else str(stored.answers)
    head = [
        _("Referenz: %(reference)s") % {"reference": stored.reference},
        _("Eingegangen: %(when)s") % {"when": _received(stored, site)},
        "",
    ]
    if mail.kind == "owner":
        subject = questionnaire.recipient.subject if questionnaire else title
        message["Subject"] = _one_line(f"{subject}: {name} ({stored.reference})", 150)
        if client:
            message["Reply-To"] = client
        intro = [_("Neue Antworten auf „%(title)s“.") % {"title": title}]
        notes = owner_notes(questionnaire, stored.answers, site) if questionnaire else []
        outro = (
            [
                _("Antworten Sie auf diese E-Mail, um direkt an %(name)s zu schreiben.")
                % {"name": name}
            ]
            if client
            else []
        )
    else:
        message["Subject"] = _one_line(_("Ihre Angaben: %(title)s") % {"title": title}, 150)
        message["Reply-To"] = config.notify_to
        intro = [_("Vielen Dank! Diese Angaben sind bei mir angekommen:")]
        heading = _("Hinweise zu Ihren Angaben")
        notes = notes_text(questionnaire, stored.answers, heading) if questionnaire else []
        outro = [_("Sie können auf diese E-Mail antworten, wenn Sie etwas ergänzen möchten.")]
    text = "\n".join([*intro, "", *head, *notes, body, *outro]).rstrip() + "\n"
    message.set_content(text, charset="utf-8")
    return message


def send(message: EmailMessage, config: ReceiverConfig) -> None:
    """Deliver one message over SMTP (blocking; called in a worker thread)."""
    context = ssl.create_default_context()
    if config.smtp_tls == "tls":
        client = smtplib.SMTP_SSL(
            config.smtp_host, config.smtp_port, timeout=config.smtp_timeout, context=context
        )
    else:
        client = smtplib.SMTP(config.smtp_host, config.smtp_port, timeout=config.smtp_timeout)
    with client:
        if config.smtp_tls == "starttls":
            client.starttls(context=context)
        if config.smtp_user:
            client.login(config.smtp_user, config.smtp_password)
        client.send_message(message)


def retry_delay(attempts: int, config: ReceiverConfig) -> float:
    """Seconds until the next attempt after ``attempts`` failures (doubling, capped)."""
    return min(config.retry_base * (2 ** max(attempts - 1, 0)), config.retry_max)


def deliver_due(store: Store, site: Site, config: ReceiverConfig) -> int:
    """Try every due outbox entry once; return how many were sent."""
    sent = 0
    for mail in store.due_mails(site.now().timestamp()):
        stored = store.submission(str(mail.submission_id))
        if stored is None:
            continue
        try:
            send(compose(mail, stored, site, config), config)
        except (OSError, smtplib.SMTPException) as error:
            delay = retry_delay(mail.attempts + 1, config)
            store.mark_failed(
                mail.id, f"{type(error).__name__}: {error}", site.now().timestamp() + delay
            )
            logger.warning(
                "Mail %s für %s nicht zugestellt (%s); neuer Versuch in %.0f s.",
                mail.kind,
                stored.reference,
                error,
                delay,
            )
            continue
        store.mark_sent(mail.id, site.now())
        sent += 1
    return sent
