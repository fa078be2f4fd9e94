"""YAML mistakes in front matter, without a build: each is explained in one German line with
its fix (plugins/site_settings/yaml_errors.py, used by the reader), and the fix is valid YAML.

The full lines a build prints are checked in tests/plugins/content_checks/test_bad_input.py.
"""

from __future__ import annotations

import pytest

from plugins.front_matter_reader.parse import ContentError, split_front_matter

YAML = {
    "title: Preise: was kostet es\n": (
        "x.md, Zeile 2: YAML-Fehler in Feld 'title': der Wert enthält einen Doppelpunkt mit "
        "Leerzeichen („: “) – bitte den Wert in Anführungszeichen setzen: "
        'title: "Preise: was kostet es"'
    ),
    "title: X\nsummary: Ein langer\n  Text mit: Doppelpunkt\n": (
        "x.md, Zeile 4: YAML-Fehler in Feld 'summary': der Wert geht in dieser Zeile weiter und "
        "enthält einen Doppelpunkt mit Leerzeichen – bitte den ganzen Wert in eine Zeile und in "
        'Anführungszeichen setzen: summary: "Ein langer Text mit: Doppelpunkt"'
    ),
    "title: X\ndate: 2026-01-05\n  category: Organisation\n": (
        "x.md, Zeile 4: YAML-Fehler: die Zeile ist eingerückt, gehört aber zu keinem Feld "
        "darüber – bitte ohne Leerzeichen am Anfang schreiben: category: Organisation"
    ),
    " title: X\ndate: 2026-01-05\n": (
        "x.md, Zeile 2: YAML-Fehler: die Zeile ist eingerückt – Felder stehen ganz links, ohne "
        "Leerzeichen am Anfang: title: X"
    ),
    "title: X\ntags: [eins, zwei\ndate: 2026-01-05\nsummary: Kurz\n": (
        "x.md, Zeile 3: YAML-Fehler in Feld 'tags': die Liste wird mit '[' geöffnet, aber nicht "
        "mit ']' geschlossen – bitte so schreiben: tags: [eins, zwei]"
    ),
    "title: X\ntags: [eins, zwei\n": (
        "x.md, Zeile 3: YAML-Fehler in Feld 'tags': die Liste wird mit '[' geöffnet, aber nicht "
        "mit ']' geschlossen – bitte so schreiben: tags: [eins, zwei]"
    ),
    "title: X\nextra: {a: 1\ndate: 2026-01-05\n": (
        "x.md, Zeile 3: YAML-Fehler in Feld 'extra': die Angabe wird mit '{' geöffnet, aber "
        "nicht mit '}' geschlossen – bitte so schreiben: extra: {a: 1}"
    ),
    'title: "Offen\ndate: 2026-01-05\ncategory: "Orga"\n': (
        "x.md, Zeile 2: YAML-Fehler in Feld 'title': das Anführungszeichen \" vor dem Wert wird "
        'nicht geschlossen – bitte so schreiben: title: "Offen"'
    ),
    "title: 'Offen\n": (
        "x.md, Zeile 2: YAML-Fehler in Feld 'title': das Anführungszeichen ' vor dem Wert wird "
        "nicht geschlossen – bitte so schreiben: title: 'Offen'"
    ),
    'title: "Er sagte "Hallo" zu mir"\n': (
        "x.md, Zeile 2: YAML-Fehler in Feld 'title': nach dem schließenden Anführungszeichen \" "
        "geht der Wert weiter – bitte den ganzen Wert in Anführungszeichen setzen: "
        "title: 'Er sagte \"Hallo\" zu mir'"
    ),
    "title: [Entwurf] Mein Titel\n": (
        "x.md, Zeile 2: YAML-Fehler in Feld 'title': nach der schließenden Klammer ] geht der "
        "Wert weiter – bitte den ganzen Wert in Anführungszeichen setzen: "
        'title: "[Entwurf] Mein Titel"'
    ),
    "title: *Stern* Titel\n": (
        "x.md, Zeile 2: YAML-Fehler in Feld 'title': ein Wert, der mit * beginnt, hat in YAML "
        "eine besondere Bedeutung – bitte den Wert in Anführungszeichen setzen: "
        'title: "*Stern* Titel"'
    ),
    'title: "C:\\Users"\n': (
        "x.md, Zeile 2: YAML-Fehler in Feld 'title': ein Backslash (\\) in doppelten "
        "Anführungszeichen leitet ein Sonderzeichen ein – bitte einfache Anführungszeichen "
        "verwenden: title: 'C:\\Users'"
    ),
    "title: X\n- eins\n": (
        "x.md, Zeile 3: YAML-Fehler: ein Listeneintrag ohne Feld darüber – bitte unter das Feld "
        "schreiben, zu dem er gehört, z. B. tags: [eins, zwei]"
    ),
    "title:\tX\n": (
        "x.md, Zeile 2: YAML-Fehler: Tabulator in der Zeile – YAML erlaubt zum Einrücken und "
        "nach dem Doppelpunkt nur Leerzeichen; bitte den Tabulator durch Leerzeichen ersetzen: "
        "„title:  X“"
    ),
    "- a\n- b\n": (
        "x.md, Zeile 2: YAML-Fehler: die Metadaten sind eine Liste – sie bestehen aus Zeilen der "
        "Form feld: wert, z. B. title: Mein Titel"
    ),
    "title: X\ndate: 2026-13-45\n": (
        "x.md, Zeile 3: Feld 'date': ungültiges Datum '2026-13-45' (diesen Monat gibt es nicht) "
        "– bitte ein Datum eintragen, das es gibt, z. B. date: 2026-03-14 oder "
        "date: 2026-03-14 09:30:00+01:00"
    ),
}


@pytest.mark.parametrize("front_matter", list(YAML))
def test_yaml_mistake_is_explained_with_its_fix(front_matter):
    with pytest.raises(ContentError) as error:
        split_front_matter(f"---\n{front_matter}---\nText\n", "x.md")
    assert str(error.value) == YAML[front_matter]


#: What the messages above tell an author to write, and the value it gives.
FIXES = {
    'title: "Preise: was kostet es"': "Preise: was kostet es",
    'summary: "Ein langer Text mit: Doppelpunkt"': "Ein langer Text mit: Doppelpunkt",
    "tags: [eins, zwei]": ["eins", "zwei"],
    "title: 'Er sagte \"Hallo\" zu mir'": 'Er sagte "Hallo" zu mir',
    'title: "[Entwurf] Mein Titel"': "[Entwurf] Mein Titel",
    'title: "*Stern* Titel"': "*Stern* Titel",
    "title: 'C:\\Users'": "C:\\Users",
}


@pytest.mark.parametrize("fix", list(FIXES))
def test_the_suggested_fix_is_valid_yaml(fix):
    assert any(message.endswith(fix) for message in YAML.values())
    metadata, _ = split_front_matter(f"---\n{fix}\n---\nText\n", "x.md")
    assert next(iter(metadata.values())) == FIXES[fix]


def test_a_field_written_twice_is_refused_with_both_lines():
    text = "---\ntitle: Erst\ndate: 2026-01-01\ntitle: Dann\n---\nText.\n"
    with pytest.raises(ContentError) as refused:
        split_front_matter(text, "content/blog/doppelt.md")
    assert str(refused.value) == (
        "content/blog/doppelt.md, Zeile 4: Feld 'title' steht zweimal in den Metadaten "
        "(zuerst in Zeile 2) – bitte eine der beiden Zeilen löschen."
    )
    nested = "---\ntitle: T\nfragen:\n  - id: a\n    id: b\n---\n"
    with pytest.raises(ContentError, match="Zeile 5: Feld 'id' steht zweimal"):
        split_front_matter(nested, "content/questionnaires/q.md")
