"""Unit tests of the questionnaire definition: every author error gets a precise message."""

from __future__ import annotations

import copy
import json

import frontmatter
import pytest
from helpers import ROOT

from plugins.german_locale import load_translations
from plugins.questionnaire.client import client_json, messages
from plugins.questionnaire.definition import TYPES, DefinitionError, parse_questionnaire

SERVICES = {"bueroorganisation", "kundenservice"}
SOURCE = "content/questionnaires/test.md"

VALID = {
    "title": "Test",
    "slug": "test",
    "recipient": {"email": "hallo@buero.example"},
    "sections": [
        {
            "id": "eins",
            "title": "Eins",
            "questions": [
                {"id": "name", "type": "text", "label": "Name", "required": True},
                {"id": "mail", "type": "email", "label": "E-Mail"},
                {"id": "tel", "type": "tel", "label": "Telefon"},
                {"id": "text", "type": "textarea", "label": "Text"},
                {
                    "id": "zahl",
                    "type": "number",
                    "label": "Zahl",
                    "min": 1,
                    "max": 9,
                    "step": 2,
                    "unit": "Stunden",
                },
                {"id": "tag", "type": "date", "label": "Tag"},
                {
                    "id": "art",
                    "type": "single",
                    "label": "Art",
                    "widget": "select",
                    "options": ["Klein", "Groß"],
                },
                {
                    "id": "wahl",
                    "type": "single",
                    "label": "Wahl",
                    "options": [{"value": "a", "label": "A", "recommends": ["kundenservice"]}, "B"],
                },
                {
                    "id": "viele",
                    "type": "multiple",
                    "label": "Viele",
                    "other": True,
                    "options": [{"value": "x", "label": "X", "recommends": ["bueroorganisation"]}],
                },
                {
                    "id": "skala",
                    "type": "scale",
                    "label": "Skala",
                    "min": 1,
                    "max": 5,
                    "labels": {"min": "wenig", "max": "viel"},
                },
                {"id": "janein", "type": "yesno", "label": "Ja oder nein?"},
            ],
        },
        {
            "id": "zwei",
            "title": "Zwei",
            "show_if": {"question": "janein", "equals": "ja"},
            "questions": [
                {
                    "id": "warum",
                    "type": "textarea",
                    "label": "Warum?",
                    "show_if": {"question": "viele", "includes": ["x", "sonstiges"]},
                },
                {
                    "id": "stark",
                    "type": "text",
                    "label": "Stark?",
                    "show_if": {"question": "skala", "equals": [4, 5]},
                },
            ],
        },
    ],
}


GERMAN = load_translations(str(ROOT / "theme"), "de").gettext  # the site's catalogue


def parse(data):
    return parse_questionnaire(data, SOURCE, SERVICES)


def broken(change):
    data = copy.deepcopy(VALID)
    change(data)
    with pytest.raises(DefinitionError) as error:
        parse(data)
    return str(error.value)


def test_complete_valid_definition_builds_every_type():
    questionnaire = parse(VALID)
    types = {q.type for q in questionnaire.questions}
    assert types == set(TYPES)
    art = questionnaire.question_map()["art"]
    assert [o.value for o in art.options] == ["klein", "gross"]
    viele = questionnaire.question_map()["viele"]
    assert [o.value for o in viele.options] == ["x", "sonstiges"]
    skala = questionnaire.question_map()["skala"]
    assert [o.value for o in skala.options] == ["1", "2", "3", "4", "5"]
    condition = questionnaire.question_map()["stark"].show_if
    assert condition.values == ["4", "5"]
    assert condition.describe(questionnaire.question_map()) == (
        "Nur ausfüllen, wenn Sie bei „Skala“ „4“ oder „5“ gewählt haben."
    )


def test_the_demo_questionnaire_is_valid():
    post = frontmatter.load(ROOT / "content/questionnaires/bedarfsanalyse.md")
    services = {p.stem for p in (ROOT / "content/services").glob("*.md")}
    questionnaire = parse_questionnaire(post.metadata, "bedarfsanalyse.md", services)
    assert len(questionnaire.sections) >= 6
    assert {q.type for q in questionnaire.questions} == set(TYPES)


@pytest.mark.parametrize(
    "change, expected",
    [
        (
            lambda d: d["sections"][0]["questions"][0].update(type="datei"),
            "Frage 'name': Unbekannter Typ 'datei'",
        ),
        (
            lambda d: d["sections"][0]["questions"][1].update(id="name"),
            "Frage 'name': Diese id gibt es zweimal",
        ),
        (
            lambda d: d["sections"][1]["questions"][0]["show_if"].update(question="gibtsnicht"),
            "Frage 'warum': 'show_if' verweist auf die Frage 'gibtsnicht'",
        ),
        (
            lambda d: d["sections"][1]["questions"][0]["show_if"].update(includes=["y"]),
            "Frage 'warum': 'show_if' nennt den Wert 'y', den die Frage 'viele' nicht hat",
        ),
        (
            lambda d: d["sections"][1]["show_if"].update(equals="vielleicht"),
            "Abschnitt 'zwei': 'show_if' nennt den Wert 'vielleicht'",
        ),
        (
            lambda d: d["sections"][0]["questions"][7]["options"][0].update(recommends=["yoga"]),
            "Frage 'wahl': Antwort 'a' empfiehlt die Leistung 'yoga', die es nicht gibt",
        ),
        (
            lambda d: d["sections"][0]["questions"][6].pop("options"),
            "Frage 'art': Eine Auswahlfrage braucht Antwortmöglichkeiten",
        ),
        (
            lambda d: d["sections"][0]["questions"][8].update(options=[]),
            "Frage 'viele': Eine Auswahlfrage braucht Antwortmöglichkeiten",
        ),
        (
            lambda d: d["sections"][0]["questions"][0].pop("label"),
            "Frage 'name': 'label' (der Fragetext) fehlt",
        ),
        (
            lambda d: d["sections"][0]["questions"][4].update(min=10),
            "Frage 'zahl': 'min' ist größer als 'max'",
        ),
        (
            lambda d: d["sections"][0]["questions"][0].update(id="Name mit Leerzeichen"),
            "'id' fehlt oder ist ungültig",
        ),
        (lambda d: d["recipient"].pop("email"), "Feld 'recipient': 'email' fehlt"),
        (
            lambda d: d["sections"][1]["questions"][0]["show_if"].pop("includes"),
            "genau eins von 'equals' oder 'includes'",
        ),
        (
            lambda d: d["sections"][1]["questions"][1]["show_if"].update(question="stark"),
            "Frage 'stark': 'show_if' verweist auf die Frage 'stark', die es davor nicht gibt",
        ),
        (
            lambda d: d["sections"][0]["questions"].append(
                {
                    "id": "frueh",
                    "type": "text",
                    "label": "F",
                    "show_if": {"question": "spaet", "equals": "x"},
                }
            ),
            "Frage 'frueh': 'show_if' verweist auf die Frage 'spaet', die es davor nicht gibt",
        ),
        (
            lambda d: d["sections"][0]["questions"][8].update(widget="select"),
            "Mehrfachauswahl gibt es nur als Kästchen",
        ),
        (lambda d: d.update(sections=[]), "mindestens einen Abschnitt"),
    ],
)
def test_each_error_names_file_question_and_problem(change, expected):
    message = broken(change)
    assert message.startswith(f"{SOURCE}: ")
    assert expected in message


def test_all_problems_are_reported_at_once():
    def two_errors(d):
        d["sections"][0]["questions"][0]["type"] = "datei"
        d["sections"][0]["questions"][6].pop("options")

    assert len(broken(two_errors).splitlines()) == 2


def test_includes_only_for_multiple_choice():
    def includes_on_yes_no(d):
        d["sections"][1]["show_if"] = {"question": "janein", "includes": "ja"}

    assert "'includes' geht nur bei Mehrfachauswahl" in broken(includes_on_yes_no)


def test_client_json_is_safe_and_complete():
    questionnaire = parse(VALID)
    text = client_json(
        questionnaire,
        {"kundenservice": {"title": "K & <b>", "url": "/x/"}},
        {"success": "/test/danke/"},
        GERMAN,
    )
    assert "<" not in text and "&" not in text
    data = json.loads(text)
    assert data["services"]["kundenservice"]["title"] == "K & <b>"
    assert [q["id"] for q in data["questions"]][:3] == ["name", "mail", "tel"]
    zahl = next(q for q in data["questions"] if q["id"] == "zahl")
    assert (zahl["min"], zahl["max"], zahl["step"]) == (1, 9, 2)
    assert zahl["messages"]["range"] == "Bitte geben Sie eine Zahl von 1 bis 9 Stunden an."


def test_messages_say_what_to_do():
    questionnaire = parse(VALID)
    q = questionnaire.question_map()
    assert messages(q["name"], GERMAN)["required"] == "Bitte füllen Sie das Feld „Name“ aus."
    assert messages(q["viele"], GERMAN)["required"].startswith("Bitte kreuzen Sie bei „Viele“")
    assert "name@beispiel.de" in messages(q["mail"], GERMAN)["format"]
