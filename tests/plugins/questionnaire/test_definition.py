"""Unit tests of the questionnaire definition: every author error gets a precise message."""

from __future__ import annotations

import copy
import json

import pytest
from helpers import ROOT, demo_questionnaire

from plugins.german_locale import load_translations
from plugins.questionnaire.definition import TYPES, DefinitionError, parse_questionnaire
from plugins.questionnaire.rules import flagged, german_number
from plugins.questionnaire.script_data import client_json, messages

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
    questionnaire = demo_questionnaire()
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


# --- wording: a field is filled in, a question is answered ---------------------------------


def test_required_wording_says_field_or_question():
    q = parse(VALID).question_map()
    assert messages(q["text"], GERMAN)["required"] == "Bitte füllen Sie das Feld „Text“ aus."
    assert messages(q["warum"], GERMAN)["required"] == ("Bitte beantworten Sie die Frage „Warum?“.")
    assert messages(q["janein"], GERMAN)["required"].startswith("Bitte wählen Sie bei")


# --- honest advice: rules ----------------------------------------------------------------------

WITH_RULES = {
    **VALID,
    "werte": {"satz": 48},
    "regeln": [
        {"wenn": "art ist klein und janein ist ja", "hinweis": "Klein und ja."},
        {
            "wenn": ["zahl kleiner als skala × satz", "viele enthält x oder sonstiges"],
            "hinweis": "Nur {zahl} statt {skala × satz} – bei {satz} € je Stunde.",
        },
        {"wenn": "skala größer als 3", "hinweis": "Viel."},
    ],
}


def rules_of(data):
    return parse(data).rules


def test_rules_read_like_sentences_and_become_data():
    first, second, third = rules_of(WITH_RULES)
    assert first.as_data() == {
        "when": [
            {"question": "art", "op": "equals", "values": ["klein"]},
            {"question": "janein", "op": "equals", "values": ["ja"]},
        ],
        "note": ["Klein und ja."],
    }
    assert second.as_data()["when"] == [
        {"question": "zahl", "op": "lt", "than": {"op": "*", "a": {"q": "skala"}, "b": 48}},
        {"question": "viele", "op": "includes", "values": ["x", "sonstiges"]},
    ]
    assert second.as_data()["note"][0] == "Nur "
    assert third.as_data()["when"] == [
        {"question": "skala", "op": "gt", "than": 3},
    ]
    data = json.loads(client_json(parse(WITH_RULES), {}, {}, GERMAN))
    assert [rule["note"][0] for rule in data["rules"]] == ["Klein und ja.", "Nur ", "Viel."]


def test_rules_flag_exactly_the_answers_that_meet_them():
    rules = rules_of(WITH_RULES)
    assert flagged(rules, {}) == []
    assert flagged(rules, {"art": "klein", "janein": "ja"}) == ["Klein und ja."]
    assert flagged(rules, {"art": "klein", "janein": "nein"}) == []
    answers = {"zahl": "3", "skala": "5", "viele": ["sonstiges"]}
    assert flagged(rules, answers) == ["Nur 3 statt 240 – bei 48 € je Stunde.", "Viel."]
    assert flagged(rules, {**answers, "zahl": "300"}) == ["Viel."]  # 300 is not below 240
    assert flagged(rules, {**answers, "viele": ["x"], "zahl": "2,5"})[0].startswith("Nur 2,5 ")
    assert flagged(rules, {"zahl": "3", "viele": ["x"]}) == []  # no scale answer: nothing known


def test_numbers_are_written_the_german_way():
    cases = [(960, "960"), (1440, "1.440"), (2.5, "2,5"), (1234567.891, "1.234.567,89")]
    cases += [(0.005, "0,01"), (-12.5, "-12,5"), (0, "0"), (48.1, "48,1")]
    for value, text in cases:
        assert german_number(value) == text


def test_the_blank_form_names_conditions_and_leaves_gaps():
    questionnaire = parse(WITH_RULES)
    first, second, _ = questionnaire.rules
    questions = questionnaire.question_map()
    assert first.describe(questions) == (
        "Sie bei „Art“ „Klein“ gewählt haben und Sie bei „Ja oder nein?“ „Ja“ gewählt haben"
    )
    assert second.describe(questions).startswith(
        "Ihre Angabe bei „Zahl“ kleiner ist als „Skala“ × 48"
    )
    assert second.blank_text() == "Nur … statt … – bei 48 € je Stunde."


def with_rules(regeln, werte=None):
    data = copy.deepcopy(VALID)
    data["regeln"] = regeln
    if werte is not None:
        data["werte"] = werte
    return data


@pytest.mark.parametrize(
    "regeln, werte, expected",
    [
        (
            [
                {"wenn": "janein ist ja", "hinweis": "a"},
                {"wenn": "zahll kleiner als 3", "hinweis": "b"},
            ],
            None,
            "regeln[2].wenn: Frage „zahll“ gibt es nicht – meinten Sie „zahl“?",
        ),
        (
            [{"wenn": "budget kleiner als 3", "hinweis": "b"}],
            None,
            "regeln[1].wenn: Frage „budget“ gibt es nicht – vorhanden sind: name, mail,",
        ),
        (
            [{"wenn": "janein gleich ja", "hinweis": "b"}],
            None,
            "regeln[1].wenn: „janein gleich ja“ ist keine Bedingung – erlaubt sind",
        ),
        (
            [{"wenn": "viele ist x", "hinweis": "b"}],
            None,
            "regeln[1].wenn: „viele“ ist eine Mehrfachauswahl – dafür heißt es „enthält“",
        ),
        (
            [{"wenn": "art enthält klein", "hinweis": "b"}],
            None,
            "regeln[1].wenn: „enthält“ geht nur bei Mehrfachauswahl; „art“ ist Einfachauswahl",
        ),
        (
            [{"wenn": "name ist anna", "hinweis": "b"}],
            None,
            "regeln[1].wenn: „ist“ geht nur bei Auswahlfragen; „name“ ist kurzer Text",
        ),
        (
            [{"wenn": "art ist riesig", "hinweis": "b"}],
            None,
            "regeln[1].wenn: Frage „art“ hat keine Antwort „riesig“ – vorhanden: klein, gross.",
        ),
        (
            [{"wenn": "art kleiner als 3", "hinweis": "b"}],
            None,
            "regeln[1].wenn: „kleiner als“ geht nur bei Zahlen und Skalen; „art“ ist "
            "Einfachauswahl",
        ),
        (
            [{"wenn": "zahl kleiner als zahl × stundensatz", "hinweis": "b"}],
            None,
            "regeln[1].wenn: „stundensatz“ ist weder eine Zahl noch eine Zahl-Frage noch ein "
            "Eintrag aus „werte“.",
        ),
        (
            [{"wenn": "zahl kleiner als skal × 2", "hinweis": "b"}],
            None,
            "regeln[1].wenn: „skal“ ist weder eine Zahl noch eine Zahl-Frage noch ein "
            "Eintrag aus „werte“ – meinten Sie „skala“?",
        ),
        (
            [{"wenn": "zahl kleiner als zahl×2", "hinweis": "b"}],
            None,
            "Rechenzeichen brauchen ein Leerzeichen davor und danach.",
        ),
        (
            [{"wenn": "zahl kleiner als 2.5", "hinweis": "b"}],
            None,
            "Kommazahlen bitte mit Komma: 2,5.",
        ),
        (
            [{"wenn": "zahl kleiner als skala ×", "hinweis": "b"}],
            None,
            "regeln[1].wenn: Die Rechnung „skala ×“ ist unvollständig.",
        ),
        (
            [{"wenn": "zahl kleiner als 3 4", "hinweis": "b"}],
            None,
            "regeln[1].wenn: In „3 4“ fehlt vor „4“ ein Rechenzeichen",
        ),
        ([{"wenn": "janein ist ja"}], None, "regeln[1].hinweis: Der Hinweis fehlt"),
        ([{"hinweis": "b"}], None, "regeln[1].wenn: „wenn“ fehlt"),
        (
            [{"wenn": "janein ist ja", "hinweis": "Sie sagen {zahl}."}],
            None,
            "regeln[1].hinweis: {zahl} zeigt die Frage „zahl“, die in „wenn“ nicht mit "
            "„kleiner als“ oder „größer als“ verglichen wird",
        ),
        (
            [{"wenn": "zahl größer als 3", "hinweis": "Sie sagen {zahl."}],
            None,
            "regeln[1].hinweis: Eine geschweifte Klammer ist nicht geschlossen",
        ),
        (
            [{"wenn": "janein ist ja", "hinweis": "b", "dann": "c"}],
            None,
            "regeln[1]: Unbekanntes Feld „dann“ – erlaubt sind „wenn“ und „hinweis“.",
        ),
        (["janein ist ja"], None, "regeln[1]: Eine Regel besteht aus „wenn:“ und „hinweis:“."),
        ({"wenn": "janein ist ja"}, None, "Feld 'regeln': muss eine Liste sein"),
        ([], {"satz": "48 €"}, "Feld 'werte': „satz“ muss eine Zahl sein, nicht '48 €'."),
        ([], {"zahl": 3}, "Feld 'werte': „zahl“ ist schon die id einer Frage"),
    ],
)
def test_each_bad_rule_is_one_german_line(regeln, werte, expected):
    with pytest.raises(DefinitionError) as error:
        parse(with_rules(regeln, werte))
    [line] = error.value.problems
    assert line.startswith(f"{SOURCE}: ")
    assert expected in line
    assert "\n" not in line


def test_pdf_can_be_switched_off_per_definition():
    assert parse(VALID).pdf is True
    assert parse({**VALID, "pdf": False}).pdf is False
    with pytest.raises(DefinitionError, match="Feld 'pdf': muss true oder false sein"):
        parse({**VALID, "pdf": "nein"})


def test_the_demo_rules_and_the_callback_form():
    demo = demo_questionnaire()
    assert len(demo.rules) >= 3 and demo.pdf
    assert demo.email_question.id == "email" and demo.name_question.id == "name"
    callback = demo_questionnaire("rueckruf")
    assert [q.id for q in callback.questions] == ["name", "telefon", "zeit"]
    assert len(callback.sections) == 1 and not callback.pdf and callback.email_question is None
    assert callback.purpose and callback.recipient.subject != demo.recipient.subject


def test_the_visitors_name_and_address_are_found_by_type_not_by_id():
    """The receiver's Reply-To and the inbox's names come from the question of type
    email and the one marked ``autocomplete: name``, whatever their ids are."""
    raw = {
        **VALID,
        "sections": [
            {
                "id": "kontakt",
                "title": "Kontakt",
                "questions": [
                    {"id": "wer", "type": "text", "label": "Name", "autocomplete": "name"},
                    {"id": "e-mail", "type": "email", "label": "Adresse"},
                ],
            }
        ],
    }
    questionnaire = parse(raw)
    answers = {"wer": "Ada Muster", "e-mail": "ada@kunde.example"}
    assert questionnaire.contact_of(answers) == ("Ada Muster", "ada@kunde.example")
    assert questionnaire.contact_of({}) == ("", "")
