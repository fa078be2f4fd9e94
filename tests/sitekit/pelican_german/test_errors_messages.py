"""German one-line messages without a build: Pelican's words (sitekit/pelican_german.py) and
the build's lines for Pelican's write-time exceptions (sitekit/build.py).

The full lines a build prints are checked in tests/plugins/content_checks/test_bad_input.py,
the YAML mistakes in front matter in tests/plugins/front_matter_reader/test_yaml_errors.py;
here each translation is checked on its own, in milliseconds.
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
