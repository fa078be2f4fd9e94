"""What the browser needs: the rules as data and every message in German.

The same definition drives the server-rendered form (HTML attributes), this JSON
for questionnaire.js and the build-time checks, so client-side validation cannot
drift from what the author wrote.
"""

from __future__ import annotations

import json
from typing import Any

from .definition import OTHER_VALUE, Question, Questionnaire


def _number(value: float | None) -> str:
    if value is None:
        return ""
    text = f"{value:g}"
    return text.replace(".", ",")


def messages(question: Question) -> dict[str, str]:
    """Error messages (GOV.UK style: say what to do) for one question."""
    label = f"„{question.label}“"
    texts = {}
    if question.type in ("single", "scale", "yesno"):
        texts["required"] = f"Bitte wählen Sie bei {label} eine Antwort aus."
    elif question.type == "multiple":
        texts["required"] = f"Bitte kreuzen Sie bei {label} mindestens eine Antwort an."
    else:
        texts["required"] = f"Bitte beantworten Sie die Frage {label}."
    if question.type == "email":
        texts["format"] = "Bitte geben Sie eine E-Mail-Adresse im Format name@beispiel.de an."
    if question.type == "tel":
        texts["format"] = (
            "Bitte geben Sie eine Telefonnummer an, nur mit Ziffern, Leerzeichen und + - / ( )."
        )
    if question.type == "date":
        texts["format"] = "Bitte geben Sie ein gültiges Datum an, zum Beispiel 14.03.2027."
    if question.type == "number":
        low, high = _number(question.minimum), _number(question.maximum)
        unit = f" {question.unit}" if question.unit else ""
        if low and high:
            texts["range"] = f"Bitte geben Sie eine Zahl von {low} bis {high}{unit} an."
        elif low:
            texts["range"] = f"Bitte geben Sie eine Zahl ab {low}{unit} an."
        elif high:
            texts["range"] = f"Bitte geben Sie eine Zahl bis {high}{unit} an."
        texts["format"] = "Bitte geben Sie eine Zahl an, zum Beispiel 12."
        if question.step:
            texts["step"] = (
                f"Bitte geben Sie eine Zahl in Schritten von {_number(question.step)} an."
            )
    if question.maxlength:
        texts["length"] = (
            f"Bitte kürzen Sie Ihre Antwort auf höchstens {question.maxlength} Zeichen."
        )
    if question.other:
        texts["other"] = f"Bitte beschreiben Sie bei {label}, was Sie mit „Sonstiges“ meinen."
    return texts


def question_data(question: Question) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": question.id,
        "type": question.type,
        "label": question.label,
        "section": question.section,
        "required": question.required,
        "messages": messages(question),
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
    return data


def client_json(
    questionnaire: Questionnaire, services: dict[str, dict[str, str]], urls: dict[str, str]
) -> str:
    """JSON for <script type="application/json">, safe to embed (no '<' or '&')."""
    data = {
        "slug": questionnaire.slug,
        "title": questionnaire.title,
        "endpoint": questionnaire.recipient.endpoint,
        "email": questionnaire.recipient.email,
        "subject": questionnaire.recipient.subject,
        "storageKey": f"fragebogen-entwurf:{questionnaire.slug}",
        "urls": urls,
        "sections": [
            {
                "id": s.id,
                "title": s.title,
                **({"showIf": s.show_if.as_data()} if s.show_if else {}),
            }
            for s in questionnaire.sections
        ],
        "questions": [question_data(q) for q in questionnaire.questions],
        "services": services,
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char in "<>&@":  # markup-safe inside <script>; no address for harvesters
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text
