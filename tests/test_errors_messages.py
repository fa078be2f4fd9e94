"""German one-line messages without a build: Pelican's words (sitekit/pelican_german.py), the
build's lines for Pelican's write-time exceptions (sitekit/build.py) and the YAML mistakes in
front matter (plugins/site_settings/yaml_errors.py).

The full lines a build prints are checked in test_bad_input.py; here each translation
and each YAML mistake is checked on its own, in milliseconds.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from jinja2 import Environment, FileSystemLoader
from pelican.generators import Generator, PelicanTemplateNotFound
from pelican.writers import FileOverwriteFailedError, Writer

from plugins.front_matter_reader.parse import ContentError, split_front_matter
from sitekit import pelican_german as messages
from sitekit.build import OneLine, pelican_failure
from sitekit.pelican_german import german

CWD = Path.cwd()


def record(name: str, message: str, *args, level: int = logging.ERROR) -> logging.LogRecord:
    return logging.LogRecord(name, level, __file__, 1, message, args, None)


def content(relative: str, **metadata) -> SimpleNamespace:
    """Enough of a Pelican content object for the translations (source path, metadata)."""
    return SimpleNamespace(source_path=str(CWD / relative), metadata=metadata, **metadata)


@pytest.mark.parametrize(
    ("logger", "message", "args", "expected"),
    [
        (
            "pelican.contents",
            "Skipping %s: could not find information about '%s'",
            (content("content/blog/x.md"), "title"),
            "content/blog/x.md: Feld 'title' fehlt – bitte eine Zeile title: … in die Metadaten "
            "schreiben.",
        ),
        (
            "pelican.contents",
            "Skipping %s: could not find information about '%s'",
            (content("content/blog/x.md"), "date"),
            "content/blog/x.md: Feld 'date' fehlt – Blogbeiträge brauchen ein Datum, bitte z. B. "
            "date: 2026-03-14 09:30 in die Metadaten schreiben.",
        ),
        (
            "pelican.contents",
            "Unknown status '%s' for file %s, skipping it. (Not in %s)",
            ("versteckt", content("content/pages/x.md"), ("published", "hidden", "draft")),
            "content/pages/x.md: Feld 'status': 'versteckt' gibt es nicht – für „versteckt“ bitte "
            "status: hidden schreiben (möglich: published, hidden, draft).",
        ),
        (
            "pelican.contents",
            "Unknown status '%s' for file %s, skipping it. (Not in %s)",
            ("bald", content("content/pages/x.md"), ("published", "draft")),
            "content/pages/x.md: Feld 'status': 'bald' gibt es nicht – bitte draft (Entwurf), "
            "hidden (versteckt) oder published (veröffentlicht) eintragen oder die Zeile löschen "
            "(möglich: published, draft).",
        ),
        (
            "pelican.contents",
            "Skipping %s: file %r would be written outside output path",
            (content("content/pages/x.md", slug="../x"), "../x/index.html"),
            "content/pages/x.md: Feld 'slug': '../x' ergibt den Pfad '../x/index.html' außerhalb "
            "des Ausgabeordners – bitte einen slug aus Buchstaben, Ziffern und Bindestrichen "
            "eintragen, z. B. slug: meine-seite.",
        ),
        (
            "pelican.readers",
            "Empty alt attribute for image %s in %s",
            ("bild.png", str(CWD / "content/blog/x.md")),
            "content/blog/x.md: Bild 'bild.png' hat keinen Alternativtext – bitte beschreiben, was "
            "es zeigt: ![Beschreibung]({static}/images/bild.png).",
        ),
        (
            "pelican.urlwrappers",
            'Unable to generate valid slug for %s "%s".',
            ("Tag", "???"),
            "aus dem Schlagwort '???' entsteht keine Adresse (keine Buchstaben oder Ziffern) – "
            "bitte ein Wort mit Buchstaben oder Ziffern verwenden.",
        ),
        (
            "pelican.utils",
            'There are %s items "%s" with lang %s: \n%s\n%s',
            (
                2,
                'with slug "x"',
                "de",
                str(CWD / "content/blog/b.md"),
                str(CWD / "content/blog/a.md"),
            ),
            "content/blog/a.md: slug 'x' hat auch content/blog/b.md (beide Sprache de) – jede "
            "Datei braucht einen eigenen slug.",
        ),
        (
            "pelican.log",
            "Other images have empty alt attributes",
            (),
            "Weitere Bilder ohne Alternativtext (weitere Meldungen dieser Art werden "
            "zusammengefasst) – bitte jedes Bild beschreiben: ![Beschreibung](…).",
        ),
        (
            "pelican.readers",
            "%s: Could not import 'markdown.Markdown'. Have you installed the 'markdown' package?",
            (),
            None,  # built below: the path is part of the message
        ),
    ],
)
def test_pelican_messages_in_german(logger, message, args, expected):
    if expected is None:
        message = f"{CWD}/content/blog/x.md: " + message.removeprefix("%s: ")
        expected = (
            "content/blog/x.md: diese Dateiart kann nicht gelesen werden, weil das Paket "
            "'markdown' fehlt – bitte die Umgebung neu einrichten (make) oder die Datei als .md "
            "speichern."
        )
    assert german(record(logger, message, *args)) == expected


def _written_twice(output: Path, name: str, *, override: bool = False) -> Exception:
    """What Pelican's own writer raises when a second page opens ``name``."""
    writer = Writer(str(output), settings={})
    writer._open_w(str(output / name), "utf-8", override=override).close()
    with pytest.raises(FileOverwriteFailedError) as raised:
        writer._open_w(str(output / name), "utf-8", override=override)
    return raised.value


def _template_not_found(folder: Path, name: str) -> Exception:
    """What Pelican's generator raises for a template the theme lacks (no generator is made:
    in the test process the plugins' signal handlers would run on it)."""
    stand_in = SimpleNamespace(
        _templates={},
        env=Environment(loader=FileSystemLoader(str(folder))),
        settings={"TEMPLATE_EXTENSIONS": [".html"]},
        _templates_path=[str(folder)],
    )
    with pytest.raises(PelicanTemplateNotFound) as raised:
        Generator.get_template(stand_in, name)
    return raised.value


@pytest.mark.parametrize("override", [False, True])
def test_a_file_written_twice_is_named_below_the_output_folder(tmp_path, override):
    """Should a collision slip past content_checks, Pelican's writer still fails: one line,
    the file named as the site has it, not in the build's temporary folder."""
    building = tmp_path / "output.building-42"
    (building / "blog" / "a").mkdir(parents=True)
    error = _written_twice(building, "blog/a/index.html", override=override)
    line = pelican_failure(error, {"OUTPUT_PATH": str(building)})
    assert line == (
        "Die Datei blog/a/index.html würde zweimal geschrieben (von zwei Seiten, oder einer "
        "Seite und einer Liste des Blogs) – bitte in content/ die Felder slug, save_as und url "
        "prüfen, die zur Adresse /blog/a/ führen. Die bisherige Ausgabe ist unverändert."
    )


def test_a_template_the_theme_lacks_is_named(tmp_path):
    error = _template_not_found(tmp_path, "kontakt-neu")
    assert pelican_failure(error, {"OUTPUT_PATH": str(tmp_path)}) == (
        "Die Vorlage kontakt-neu gibt es im Theme nicht (theme/templates/) – bitte das Feld "
        "template der Seite prüfen oder die Vorlage anlegen. Die bisherige Ausgabe ist "
        "unverändert."
    )


def test_other_exceptions_are_no_failure_of_pelicans_writing():
    assert pelican_failure(RuntimeError('Failed to overwrite "x"'), None) is None
    assert pelican_failure(FileOverwriteFailedError("anders formuliert"), None) is None


def test_other_messages_stay_as_they_are():
    assert german(record("plugins.x", "%s: schon deutsch", "a.md")) == "a.md: schon deutsch"
    # Only Pelican's own loggers are translated, even where the kit's text holds English.
    english = "x.md: Fehler in den Metadaten: '2026-13-45' is not a valid date"
    assert german(record("plugins.front_matter_reader.reader", "%s", english)) == english
    unexpected = "Unerwarteter Fehler beim Bauen (%s: %s)."
    args = ("FileOverwriteFailedError", 'Failed to overwrite "/x/output.building-1/a.html"')
    assert german(record("sitekit.build", unexpected, *args)) == unexpected % args
    assert german(record("pelican.settings", "Some %s setting", "NEW")) == "Some NEW setting"


def test_a_rule_that_does_not_fit_keeps_the_original(monkeypatch):
    monkeypatch.setitem(messages.RULES, "Boom %s", lambda value: 1 / 0)
    assert german(record("pelican.x", "Boom %s", "a")) == "Boom a"


def test_one_line_even_for_pelicans_multi_line_messages():
    line = OneLine().format(
        record("pelican.cache", "Cannot get modification stamp for %s\n\t%s", "/x/a.md", "kaputt")
    )
    assert "\n" not in line
    assert line == "FEHLER: /x/a.md: die Datei ist nicht lesbar (kaputt) – bitte prüfen."


# --- YAML ------------------------------------------------------------------------------

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


def _pelican_source() -> str:
    """Every Python file of the installed Pelican, as one text with its lines joined
    the way Python joins adjacent string literals (so a message split over lines is found)."""
    import pelican  # noqa: PLC0415 - only this helper needs the package's path

    texts = []
    for file in sorted(Path(pelican.__file__).parent.rglob("*.py")):
        text = file.read_text(encoding="utf-8")
        texts.append(re.sub(r"""(["'])\s*\n\s*(f?["'])""", "", text))  # "a" "b" → "ab"
    return "\n".join(texts)


def test_every_pelican_message_the_catalogue_translates_exists_in_the_installed_pelican():
    """An upgrade that rewords a message must fail here, not fall back to English."""
    source = _pelican_source()
    written = {key: key.replace("\n", "\\n").replace("\t", "\\t") for key in messages.RULES}
    missing = [key for key, literal in written.items() if literal not in source]
    missing += [key for key in messages.SUMMARIES if key not in source]
    for pattern in (messages.SAME_LANG, messages.ORIGINALS, messages.ALL_TRANSLATIONS):
        start = re.split(r"\(\?:|\\\(", pattern.pattern)[0].replace("\\", "")
        if start.split("%s")[0] not in source:
            missing.append(pattern.pattern)
    assert missing == []
