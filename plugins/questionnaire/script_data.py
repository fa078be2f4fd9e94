"""What the browser needs: the rules as data and every message in German.

The same definition drives the server-rendered form (HTML attributes), this JSON
for questionnaire.js and the build-time checks, so client-side validation cannot
drift from what the author wrote. Every text comes from the theme's catalogue
(``theme/translations``) through ``gettext``: the script itself holds no wording.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .definition import OTHER_VALUE, Question, Questionnaire

Gettext = Callable[[str], str]
#: The messages the script shows itself; the rest only the receiver needs.
SCRIPT_MESSAGES = ("required", "format", "range", "step", "length", "other")


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}".replace(".", ",")


def _range_message(question: Question, _: Gettext) -> str:
    low, high = _number(question.minimum), _number(question.maximum)
    unit = f" {question.unit}" if question.unit else ""
    if low and high:
        return _("Bitte geben Sie eine Zahl von %(low)s bis %(high)s%(unit)s an.") % {
            "low": low,
            "high": high,
            "unit": unit,
        }
    if low:
        return _("Bitte geben Sie eine Zahl ab %(low)s%(unit)s an.") % {"low": low, "unit": unit}
    if high:
        return _("Bitte geben Sie eine Zahl bis %(high)s%(unit)s an.") % {
            "high": high,
            "unit": unit,
        }
    return ""


def _required_message(question: Question, _: Gettext) -> str:
    label = f"„{question.label}“"
    if question.type in ("single", "scale", "yesno"):
        return _("Bitte wählen Sie bei %(label)s eine Antwort aus.") % {"label": label}
    if question.type == "multiple":
        return _("Bitte kreuzen Sie bei %(label)s mindestens eine Antwort an.") % {"label": label}
    if question.asks:
        return _("Bitte beantworten Sie die Frage %(label)s.") % {"label": label}
    return _("Bitte füllen Sie das Feld %(label)s aus.") % {"label": label}


def messages(question: Question, _: Gettext) -> dict[str, str]:
    """Error messages (GOV.UK style: say what to do) for one question.

    The one catalogue of these sentences: the script gets them as data, the receiver
    calls this function. A field (a label without „?“, like „Ihr Name“) is filled in,
    a question is answered.
    """
    texts = {"required": _required_message(question, _)}
    formats = {
        "email": _("Bitte geben Sie eine E-Mail-Adresse im Format name@beispiel.de an."),
        "tel": _(
            "Bitte geben Sie eine Telefonnummer an, nur mit Ziffern, Leerzeichen und + - / ( )."
        ),
        "date": _("Bitte geben Sie ein gültiges Datum an, zum Beispiel 14.03.2027."),
        "number": _("Bitte geben Sie eine Zahl an, zum Beispiel 12."),
    }
    if question.type in formats:
        texts["format"] = formats[question.type]
    if question.type == "number":
        if _range_message(question, _):
            texts["range"] = _range_message(question, _)
        if question.step:
            texts["step"] = _("Bitte geben Sie eine Zahl in Schritten von %(step)s an.") % {
                "step": _number(question.step)
            }
    if question.maxlength:
        texts["length"] = _("Bitte kürzen Sie Ihre Antwort auf höchstens %(max)d Zeichen.") % {
            "max": question.maxlength
        }
    if question.options:
        texts["option"] = _("Bitte wählen Sie bei %(label)s eine der angebotenen Antworten.") % {
            "label": f"„{question.label}“"
        }
    if question.type != "multiple":
        texts["single"] = _("Bitte geben Sie bei %(label)s nur eine Antwort an.") % {
            "label": f"„{question.label}“"
        }
    if question.other:
        texts["other"] = _(
            "Bitte beschreiben Sie bei %(label)s, was Sie mit „Sonstiges“ meinen."
        ) % {"label": f"„{question.label}“"}
    return texts


def script_texts(_: Gettext) -> dict[str, str]:
    """Every sentence questionnaire.js shows or writes, keyed by its use."""
    return {
        "next": _("Weiter zur Übersicht"),
        "answered": _("(%(answered)s von %(total)s Pflichtfragen beantwortet)"),
        "done": _("(fertig)"),
        "errorsOne": _("Eine Angabe fehlt oder stimmt noch nicht:"),
        "errorsMany": _("%(count)s Angaben fehlen oder stimmen noch nicht:"),
        "optional": _("(freiwillig)"),
        "noAnswer": _("keine Angabe"),
        "other": _("Sonstiges"),
        "scale": _("%(value)s von %(max)s"),
        "filledOn": _("Ausgefüllt am %(date)s"),
        "recommended": _("Passende Leistungen: %(list)s"),
        "notesHeading": _("Hinweise zu Ihren Angaben"),
        "shortened": _("[Gekürzt: Die vollständigen Angaben bitte als Textdatei anhängen.]"),
        "mailTooLong": _(
            "Der Text ist für E-Mail-Programme zu lang und wurde gekürzt. "
            "Bitte hängen Sie zusätzlich die Textdatei an."
        ),
        "mailTooLongShare": _(
            "Der Text ist für E-Mail-Programme zu lang. Am einfachsten teilen Sie die "
            "Textdatei mit allen Angaben direkt aus Ihrem Telefon (Knopf „Textdatei teilen“)."
        ),
        "mailOpensTitle": _("Ihr E-Mail-Programm sollte sich jetzt öffnen"),
        "mailOpensText": _(
            "Bitte senden Sie die vorbereitete E-Mail ab. Falls sich nichts geöffnet hat, "
            "nutzen Sie einen dieser Wege – Ihre Angaben stehen weiter auf dieser Seite:"
        ),
        "sending": _("Wird gesendet …"),
        "sent": _("Gesendet."),
        "serverError": _("Der Server hat mit dem Fehler %(status)s geantwortet."),
        "offline": _("Es besteht gerade keine Verbindung zum Server."),
        "noConfirmation": _(
            "Der Server hat den Empfang nicht bestätigt. Vielleicht besteht gerade keine "
            "Verbindung. Erneut senden ist sicher: Ihre Angaben kommen nur einmal an."
        ),
        "contactHeading": _("Kontakt"),
        "addressCopied": _("Die Adresse ist in der Zwischenablage."),
        "failedTitle": _("Das Senden hat nicht geklappt"),
        "notLost": _(
            "Ihre Angaben sind nicht verloren: Sie stehen weiter auf dieser Seite. "
            "So erreichen sie mich trotzdem:"
        ),
        "copied": _("Ihre Angaben sind in der Zwischenablage."),
        "copyFailed": _("Kopieren ging nicht. Bitte laden Sie die Textdatei herunter."),
        "draftRestored": _("Ihr gespeicherter Entwurf wurde wiederhergestellt."),
        "draftOn": _("Ihr Entwurf wird ab jetzt auf diesem Gerät gespeichert."),
        "draftOff": _("Der gespeicherte Entwurf wurde gelöscht; es wird nichts mehr gespeichert."),
        "draftCleared": _(
            "Der gespeicherte Entwurf wurde gelöscht. Ihre Angaben bleiben auf dieser Seite stehen."
        ),
    }


def question_data(question: Question, _: Gettext) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": question.id,
        "ids": {  # every id the script looks up comes from the question model
            "wrapper": question.wrapper_id,
            "error": question.part_id("fehler"),
            **({"other": question.other_id} if question.other else {}),
        },
        "type": question.type,
        "label": question.label,
        "section": question.section,
        "required": question.required,
        "messages": {
            key: text for key, text in messages(question, _).items() if key in SCRIPT_MESSAGES
        },
    }
    if question.show_if:
        data["showIf"] = question.show_if.as_data()
    if question.options:
        data["options"] = [
            {"value": o.value, "label": o.label, "recommends": o.recommends}
            for o in question.options
        ]
    if question.other:
        data["other"] = OTHER_VALUE
    for key, value in (
        ("min", question.minimum),
        ("max", question.maximum),
        ("step", question.step),
        ("maxlength", question.maxlength),
    ):
        if value is not None:
            data[key] = value
    if question.unit:
        data["unit"] = question.unit
    if question.autocomplete:
        data["autocomplete"] = question.autocomplete  # contact details come first in mails
    return data


def client_json(
    questionnaire: Questionnaire,
    services: dict[str, dict[str, str]],
    urls: dict[str, str],
    _: Gettext,
    mode: str = "email",
    endpoint: str = "",
) -> str:
    """JSON for <script type="application/json">, safe to embed (no '<' or '&')."""
    data = {
        "slug": questionnaire.slug,
        "title": questionnaire.title,
        "mode": mode,
        "endpoint": endpoint,
        "email": questionnaire.recipient.email,
        "subject": questionnaire.recipient.subject,
        "storageKey": f"fragebogen-entwurf:{questionnaire.slug}",
        "urls": urls,
        "sections": [
            {
                "id": s.id,
                "element": s.element_id,
                "title": s.title,
                **({"showIf": s.show_if.as_data()} if s.show_if else {}),
            }
            for s in questionnaire.sections
        ],
        "questions": [question_data(q, _) for q in questionnaire.questions],
        "rules": [rule.as_data() for rule in questionnaire.rules],
        "services": services,
        "texts": script_texts(_),
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char in "<>&@":  # markup-safe inside <script>; no address for harvesters
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text
