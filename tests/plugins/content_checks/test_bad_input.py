"""Bad content fails the build with exactly the German lines an author needs, and leaves an
earlier output alone.

Every case is a small content folder (one good post plus the bad files) built in a
subprocess, as ``invoke build`` does. The whole output is compared line by line, with the
temporary folder removed from paths (``content/blog/x.md``). Each expected line was read
and checked by eye: file first, then field or line, what is wrong, " – ", what to do.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pytest
from helpers import DEMO_OWNER, INVOKE, ROOT, build_site, new_content, page, post, read

from plugins.site_settings.owner import OWNER_FILE_ENV
from sitekit.build import read_site_settings

SETTINGS = read_site_settings("pelicanconf.py")
#: Pelican's English, and parser jargon: none of it may reach an author.
ENGLISH = re.compile(
    r"Traceback|Skipping|could not|Could not|Unable|would be written|Failed|Unknown status"
    r"|expected|while scanning|while parsing|mapping values|not allowed|codec|Error\b"
)
NO_PDF = ("-e", "QUESTIONNAIRE_PDF=false")  # the PDF's own warning depends on the machine
#: The line after a reader's error: the file is left out.
READ_FAILED = (
    "FEHLER: content/{}: die Datei wurde nicht gelesen – bitte den Fehler aus der Meldung "
    "darüber beheben."
)
#: Builds at a time: each is a subprocess that spends half its time starting up.
PARALLEL_BUILDS = min(8, 2 * (os.cpu_count() or 1))

SERVICE = page(
    "Kundenservice",
    "slug: kundenservice\nsummary: Anfragen beantworten.\norder: 1\nprice: ab 48 €\n"
    "audience: Kleine Shops.\n",
)
QUESTIONNAIRE = page(
    "Fragebogen",
    "slug: fragebogen\nrecipient:\n  email: hallo@buero-lindenblatt.example\n"
    "sections:\n  - id: aufgaben\n    title: Aufgaben\n    questions:\n"
    "      - id: bereiche\n        type: text\n        label: Was soll ich übernehmen?\n",
)
FAQ = """---
title: Häufige Fragen
slug: faq
template: faq
---
Einleitung.

## Zusammenarbeit {#zusammenarbeit}

### Wie läuft es ab? {#ablauf}

So.

### Wie beginnt es? {#zusammenarbeit}

Mit einem Gespräch.
"""


@dataclass
class Bad:
    files: dict[str, str]  # path below content/ → text
    lines: list[str]  # what the build says, without its last line (the summary)
    extra: tuple[str, ...] = field(default=())


BAD = {
    # --- front matter: YAML --------------------------------------------------------------
    "yaml-unclosed-bracket": Bad(
        {"blog/kaputt.md": post("Kaputt", "tags: [eins, zwei\nsummary: Kurz.\n")},
        [
            "FEHLER: content/blog/kaputt.md, Zeile 5: YAML-Fehler in Feld 'tags': die Liste "
            "wird mit '[' geöffnet, aber nicht mit ']' geschlossen – bitte so schreiben: "
            "tags: [eins, zwei]",
            "FEHLER: content/blog/kaputt.md: die Datei wurde nicht gelesen – bitte den Fehler "
            "aus der Meldung darüber beheben.",
        ],
    ),
    "yaml-colon-in-title": Bad(
        {"blog/preise.md": post("Preise: was kostet es")},
        [
            "FEHLER: content/blog/preise.md, Zeile 2: YAML-Fehler in Feld 'title': der Wert "
            "enthält einen Doppelpunkt mit Leerzeichen („: “) – bitte den Wert in "
            'Anführungszeichen setzen: title: "Preise: was kostet es"',
            "FEHLER: content/blog/preise.md: die Datei wurde nicht gelesen – bitte den Fehler "
            "aus der Meldung darüber beheben.",
        ],
    ),
    "yaml-indented-field": Bad(
        {"blog/eingerueckt.md": post("Eingerückt", "  summary: Kurz.\n")},
        [
            "FEHLER: content/blog/eingerueckt.md, Zeile 5: YAML-Fehler: die Zeile ist "
            "eingerückt, gehört aber zu keinem Feld darüber – bitte ohne Leerzeichen am "
            "Anfang schreiben: summary: Kurz.",
            "FEHLER: content/blog/eingerueckt.md: die Datei wurde nicht gelesen – bitte den "
            "Fehler aus der Meldung darüber beheben.",
        ],
    ),
    "yaml-list-indent": Bad(
        {"blog/liste.md": post("Liste", "tags:\n  - eins\n - zwei\n")},
        [
            "FEHLER: content/blog/liste.md, Zeile 7: YAML-Fehler: der Listeneintrag ist anders "
            "eingerückt als der darüber – alle Einträge einer Liste brauchen gleich viele "
            "Leerzeichen am Anfang: „  - zwei“",
            "FEHLER: content/blog/liste.md: die Datei wurde nicht gelesen – bitte den Fehler "
            "aus der Meldung darüber beheben.",
        ],
    ),
    "yaml-unclosed-quote": Bad(
        {"blog/zitat.md": post('"Offenes Zitat', 'summary: "Kurz"\n')},
        [
            "FEHLER: content/blog/zitat.md, Zeile 2: YAML-Fehler in Feld 'title': das "
            'Anführungszeichen " vor dem Wert wird nicht geschlossen – bitte so schreiben: '
            'title: "Offenes Zitat"',
            "FEHLER: content/blog/zitat.md: die Datei wurde nicht gelesen – bitte den Fehler "
            "aus der Meldung darüber beheben.",
        ],
    ),
    "yaml-quote-in-quotes": Bad(
        {"blog/apostroph.md": post("'Geht's los'")},
        [
            "FEHLER: content/blog/apostroph.md, Zeile 2: YAML-Fehler in Feld 'title': nach dem "
            "schließenden Anführungszeichen ' geht der Wert weiter – bitte den ganzen Wert in "
            'Anführungszeichen setzen: title: "Geht\'s los"',
            "FEHLER: content/blog/apostroph.md: die Datei wurde nicht gelesen – bitte den "
            "Fehler aus der Meldung darüber beheben.",
        ],
    ),
    "yaml-tab": Bad(
        {"blog/tab.md": post("Tab", "tags:\n\t- eins\n")},
        [
            "FEHLER: content/blog/tab.md, Zeile 6: YAML-Fehler: Tabulator in der Zeile – YAML "
            "erlaubt zum Einrücken und nach dem Doppelpunkt nur Leerzeichen; bitte den "
            "Tabulator durch Leerzeichen ersetzen: „  - eins“",
            "FEHLER: content/blog/tab.md: die Datei wurde nicht gelesen – bitte den Fehler aus "
            "der Meldung darüber beheben.",
        ],
    ),
    "yaml-reserved-character": Bad(
        {"blog/at.md": post("@home im Büro")},
        [
            "FEHLER: content/blog/at.md, Zeile 2: YAML-Fehler in Feld 'title': ein Wert, der "
            "mit @ beginnt, hat in YAML eine besondere Bedeutung – bitte den Wert in "
            'Anführungszeichen setzen: title: "@home im Büro"',
            "FEHLER: content/blog/at.md: die Datei wurde nicht gelesen – bitte den Fehler aus "
            "der Meldung darüber beheben.",
        ],
    ),
    "yaml-line-without-field": Bad(
        {"blog/text.md": post("Text", "Hier beginnt schon der Text\n")},
        [
            "FEHLER: content/blog/text.md, Zeile 5: YAML-Fehler: „Hier beginnt schon der Text“ "
            "ist kein Feld – jede Zeile der Metadaten hat die Form feld: wert; Fließtext "
            "gehört unter die schließende Zeile '---'.",
            "FEHLER: content/blog/text.md: die Datei wurde nicht gelesen – bitte den Fehler "
            "aus der Meldung darüber beheben.",
        ],
    ),
    "yaml-no-space-after-colon": Bad(
        {"blog/leerzeichen.md": "---\ntitle:Ohne Leerzeichen\n---\nText.\n"},
        [
            "FEHLER: content/blog/leerzeichen.md, Zeile 2: YAML-Fehler: „title:Ohne "
            "Leerzeichen“ – nach dem Doppelpunkt fehlt ein Leerzeichen; bitte so schreiben: "
            "title: Ohne Leerzeichen",
            "FEHLER: content/blog/leerzeichen.md: die Datei wurde nicht gelesen – bitte den "
            "Fehler aus der Meldung darüber beheben.",
        ],
    ),
    "yaml-invalid-date": Bad(
        {"blog/datum.md": "---\ntitle: Falsches Datum\ndate: 2026-02-30\n---\nText.\n"},
        [
            "FEHLER: content/blog/datum.md, Zeile 3: Feld 'date': ungültiges Datum "
            "'2026-02-30' (diesen Tag gibt es in dem Monat nicht) – bitte ein Datum eintragen, "
            "das es gibt, z. B. date: 2026-03-14 oder date: 2026-03-14 09:30:00+01:00",
            "FEHLER: content/blog/datum.md: die Datei wurde nicht gelesen – bitte den Fehler "
            "aus der Meldung darüber beheben.",
        ],
    ),
    "unclosed-front-matter": Bad(
        {"blog/offen.md": "---\ntitle: Offen\ndate: 2026-01-05\n\nText ohne Ende.\n"},
        [
            "FEHLER: content/blog/offen.md, Zeile 1: Die Metadaten beginnen mit '---', aber "
            "die schließende Zeile '---' fehlt – bitte nach der letzten Zeile der Metadaten "
            "eine Zeile '---' einfügen.",
            "FEHLER: content/blog/offen.md: die Datei wurde nicht gelesen – bitte den Fehler "
            "aus der Meldung darüber beheben.",
        ],
    ),
    # --- metadata --------------------------------------------------------------------------
    "invalid-text-date": Bad(
        {"blog/morgen.md": post("Text").replace("2026-01-05 10:00:00+01:00", "nächsten Dienstag")},
        [
            "FEHLER: content/blog/morgen.md: Feld 'date': 'nächsten Dienstag' ist kein gültiges "
            "Datum (erwartet z. B. 2026-03-14 oder 2026-03-14 09:30 +01:00).",
            READ_FAILED.format("blog/morgen.md"),
        ],
    ),
    "invalid-native-date": Bad(
        {"blog/nativ.md": "Title: Nativ\nDate: 2026-13-45\nCategory: Organisation\n\nText.\n"},
        [
            "FEHLER: content/blog/nativ.md, Zeile 2: Feld 'Date': '2026-13-45' ist kein gültiges "
            "Datum – bitte ein Datum eintragen, das es gibt, z. B. Date: 2026-03-14 09:30",
            READ_FAILED.format("blog/nativ.md"),
        ],
    ),
    "empty-title": Bad(
        {"pages/leer.md": page("''")},
        [
            "FEHLER: content/pages/leer.md: Feld 'title' ist leer; jede Seite braucht einen Titel.",
            READ_FAILED.format("pages/leer.md"),
        ],
    ),
    "service-without-price": Bad(
        {"services/ohne-preis.md": page("Teuer", "summary: Etwas.\norder: 9\naudience: Alle.\n")},
        [
            "FEHLER: content/services/ohne-preis.md: Feld 'price' fehlt (die Preisangabe, z. B. "
            "„ab 48 € pro Stunde“).",
        ],
    ),
    "missing-title": Bad(
        {"blog/ohne-titel.md": "---\ndate: 2026-01-05\ncategory: Organisation\n---\nText.\n"},
        [
            "FEHLER: content/blog/ohne-titel.md: Feld 'title' fehlt – bitte eine Zeile "
            "title: … in die Metadaten schreiben.",
        ],
    ),
    "article-without-date": Bad(
        {"blog/ohne-datum.md": "---\ntitle: Ohne Datum\ncategory: Organisation\n---\nText.\n"},
        [
            "FEHLER: content/blog/ohne-datum.md: Feld 'date' fehlt – Blogbeiträge brauchen "
            "ein Datum, bitte z. B. date: 2026-03-14 09:30 in die Metadaten schreiben.",
        ],
    ),
    "unknown-status": Bad(
        {"blog/status.md": post("Status", "status: entwurf\n")},
        [
            "FEHLER: content/blog/status.md: Feld 'status': 'entwurf' gibt es nicht – für "
            "„entwurf“ bitte status: draft schreiben (möglich: published, hidden, draft, skip).",
        ],
    ),
    "save-as-outside-output": Bad(
        {"pages/draussen.md": page("Draußen", "save_as: ../../draussen.html\n")},
        [
            "FEHLER: content/pages/draussen.md: Feld 'save_as': '../../draussen.html' läge "
            "außerhalb des Ausgabeordners – bitte einen Pfad innerhalb der Website eintragen "
            "(z. B. save_as: seite/index.html) oder die Zeile löschen.",
        ],
    ),
    "html-page-without-title": Bad(
        {"pages/seite.html": "<html><head></head><body><p>Text</p></body></html>\n"},
        [
            "FEHLER: content/pages/seite.html: Feld 'title' fehlt – bitte <title>…</title> in "
            "den <head> der Datei schreiben.",
            "FEHLER: content/pages/seite.html: ohne Titel entsteht keine Adresse für die Seite "
            "– bitte einen Titel eintragen (siehe die Meldung zu 'title').",
        ],
    ),
    "missing-template": Bad(
        {"pages/vorlage.md": page("Tippfehler", "template: kontakt-neu\n")},
        [],  # filled in below: the message lists the theme's templates
    ),
    "empty-template": Bad(
        {"pages/leer.md": page("Leere Vorlage", "template: ''\n")},
        [
            "FEHLER: content/pages/leer.md: Feld 'template' ist leer – bitte den Namen einer "
            "Vorlage eintragen (z. B. page) oder die Zeile löschen.",
        ],
    ),
    "title-without-slug": Bad(
        {"blog/fragezeichen.md": post("'???'")},
        [
            "FEHLER: content/blog/fragezeichen.md: Feld 'title': aus „???“ entsteht keine "
            "Adresse (keine Buchstaben oder Ziffern) – bitte einen slug eintragen, z. B. "
            "slug: mein-beitrag.",
        ],
    ),
    "tag-without-slug": Bad(
        {"blog/schlagwort.md": post("Schlagwort", "tags: ['???']\n")},
        [
            "FEHLER: content/blog/schlagwort.md: Feld 'tags': aus dem Schlagwort '???' "
            "entsteht keine Adresse (keine Buchstaben oder Ziffern) – bitte ein Wort mit "
            "Buchstaben oder Ziffern verwenden.",
        ],
    ),
    "category-without-slug": Bad(
        {"blog/kategorie.md": post("Kategorie").replace("Organisation", "'!!!'")},
        [
            "FEHLER: content/blog/kategorie.md: Feld 'category': aus der Kategorie '!!!' "
            "entsteht keine Adresse (keine Buchstaben oder Ziffern) – bitte ein Wort mit "
            "Buchstaben oder Ziffern verwenden.",
        ],
    ),
    # --- two outputs, one file or address ---------------------------------------------------
    "same-slug-two-posts": Bad(
        {"blog/a.md": post("Gleicher Titel"), "blog/b.md": post("Gleicher Titel")},
        [
            "WARNUNG: content/blog/a.md: slug 'gleicher-titel' hat auch content/blog/b.md "
            "(beide Sprache de) – jede Datei braucht einen eigenen slug.",
            "WARNUNG: content/blog/a.md: slug 'gleicher-titel' hat auch content/blog/b.md, und "
            "keine der Dateien ist als Übersetzung markiert – bitte eigene slugs vergeben "
            "(oder bei einer Übersetzung lang: … und translation: true eintragen).",
            "FEHLER: content/blog/b.md: Feld 'title' (daraus der slug 'gleicher-titel'): die "
            "Adresse /blog/gleicher-titel/ hat schon content/blog/a.md – bitte einen eigenen "
            "slug eintragen, z. B. slug: gleicher-titel-2.",
        ],
    ),
    "same-slug-two-pages": Bad(
        {"pages/a.md": page("Über uns"), "pages/b.md": page("Anders", "slug: ueber-uns\n")},
        [
            "WARNUNG: content/pages/a.md: slug 'ueber-uns' hat auch content/pages/b.md (beide "
            "Sprache de) – jede Datei braucht einen eigenen slug.",
            "WARNUNG: content/pages/a.md: slug 'ueber-uns' hat auch content/pages/b.md, und "
            "keine der Dateien ist als Übersetzung markiert – bitte eigene slugs vergeben "
            "(oder bei einer Übersetzung lang: … und translation: true eintragen).",
            "FEHLER: content/pages/b.md: Feld 'slug': die Adresse /ueber-uns/ hat schon "
            "content/pages/a.md – bitte einen anderen slug eintragen, z. B. slug: ueber-uns-2.",
        ],
    ),
    "same-slug-two-drafts": Bad(
        {
            "blog/a.md": post("Entwurf", "status: draft\n"),
            "blog/b.md": post("Entwurf", "status: draft\n"),
        },
        [
            "WARNUNG: content/blog/a.md: slug 'entwurf' hat auch content/blog/b.md (beide "
            "Sprache de) – jede Datei braucht einen eigenen slug.",
            "WARNUNG: content/blog/a.md: slug 'entwurf' hat auch content/blog/b.md, und keine "
            "der Dateien ist als Übersetzung markiert – bitte eigene slugs vergeben (oder bei "
            "einer Übersetzung lang: … und translation: true eintragen).",
            "FEHLER: content/blog/b.md: Feld 'title' (daraus der slug 'entwurf'): die Adresse "
            "/entwuerfe/entwurf/ hat schon content/blog/a.md – bitte einen eigenen slug "
            "eintragen, z. B. slug: entwurf-2.",
        ],
    ),
    "post-save-as-replaces-impressum": Bad(
        {
            "pages/impressum.md": page("Impressum", "slug: impressum\n"),
            "blog/neu.md": post("Neu", "save_as: impressum/index.html\n"),
        },
        [
            "FEHLER: content/blog/neu.md: Feld 'save_as': die Adresse /impressum/ hat schon "
            "content/pages/impressum.md – bitte save_as löschen oder einen freien Pfad "
            "eintragen.",
        ],
    ),
    "page-url-of-impressum": Bad(
        {
            "pages/impressum.md": page("Impressum", "slug: impressum\n"),
            "pages/kontakt.md": page("Kontakt", "url: impressum/\n"),
        },
        [
            "FEHLER: content/pages/kontakt.md: Feld 'url': die Adresse /impressum/ hat schon "
            "content/pages/impressum.md – bitte url löschen oder eine freie Adresse eintragen.",
        ],
    ),
    "page-slug-of-service": Bad(
        {
            "services/kundenservice.md": SERVICE,
            "pages/kundenservice.md": page("Service", "slug: leistungen/kundenservice\n"),
        },
        [
            "FEHLER: content/pages/kundenservice.md: Feld 'slug': die Adresse "
            "/leistungen/kundenservice/ hat schon content/services/kundenservice.md – bitte "
            "einen anderen slug eintragen, z. B. slug: leistungen-kundenservice.",
        ],
    ),
    "page-slug-of-blog": Bad(
        {"pages/blog.md": page("Blog", "slug: blog\n")},
        [
            "FEHLER: content/pages/blog.md: Feld 'slug': die Adresse /blog/ hat schon die "
            "Blog-Übersicht (INDEX_SAVE_AS) – bitte einen anderen slug eintragen, z. B. "
            "slug: blog-2.",
        ],
    ),
    "page-slug-of-tag-page": Bad(
        {
            "blog/getaggt.md": post("Getaggt", "tags: [Termine]\n"),
            "pages/termine.md": page("Termine", "slug: blog/schlagwort/termine\n"),
        },
        [
            "FEHLER: content/pages/termine.md: Feld 'slug': die Adresse "
            "/blog/schlagwort/termine/ hat schon die Schlagwortseite „Termine“ (TAG_SAVE_AS) "
            "– bitte einen anderen slug eintragen, z. B. slug: blog-schlagwort-termine.",
        ],
    ),
    "page-slug-of-second-blog-page": Bad(
        {
            **{f"blog/beitrag-{n}.md": post(f"Beitrag {n}") for n in range(1, 7)},
            "pages/seite.md": page("Seite", "slug: blog/seite/2\n"),
        },
        [
            "FEHLER: content/pages/seite.md: Feld 'slug': die Adresse /blog/seite/2/ hat schon "
            "die Blog-Übersicht, Seite 2 (PAGINATION_PATTERNS) – bitte einen anderen slug "
            "eintragen, z. B. slug: blog-seite-2.",
        ],
    ),
    "category-feed-of-all-posts": Bad(
        {"blog/alle.md": post("Alle").replace("Organisation", "All")},
        [
            "FEHLER: content/blog/alle.md: Feld 'category': die Adresse /feeds/all.rss.xml hat "
            "schon der Feed aller Beiträge (FEEDS_ALL_RSS) – bitte die Kategorie „All“ "
            "umbenennen.",
        ],
    ),
    "page-save-as-robots": Bad(
        {"pages/robots.md": page("Robots", "save_as: robots.txt\n")},
        [
            "FEHLER: content/pages/robots.md: Feld 'save_as': die Adresse /robots.txt hat "
            "schon robots.txt (ROBOTS_SAVE_AS) – bitte save_as löschen oder einen freien Pfad "
            "eintragen.",
        ],
    ),
    "page-save-as-of-static-file": Bad(
        {"pages/foto.md": page("Foto", "save_as: images/feed-icon.png\n")},
        [
            "FEHLER: content/pages/foto.md: Feld 'save_as': die Adresse /images/feed-icon.png hat "
            "schon die Datei content/images/feed-icon.png – bitte save_as löschen oder einen "
            "freien Pfad eintragen.",
        ],
    ),
    "page-slug-of-thank-you-page": Bad(
        {
            "questionnaires/fragebogen.md": QUESTIONNAIRE,
            "pages/danke.md": page("Danke", "slug: fragebogen/danke\n"),
        },
        [
            "FEHLER: content/pages/danke.md: Feld 'slug': die Adresse /fragebogen/danke/ hat "
            "schon die Dankeseite von content/questionnaires/fragebogen.md – bitte einen "
            "anderen slug eintragen, z. B. slug: fragebogen-danke.",
        ],
        NO_PDF,
    ),
    "file-where-a-folder-is-needed": Bad(
        {"pages/blog.md": page("Blog als Datei", "save_as: blog\n")},
        [
            "FEHLER: content/pages/blog.md: Feld 'save_as': die Datei /blog steht im Weg, dort "
            "braucht content/blog/gut.md einen Ordner für /blog/ein-guter-beitrag/ – bitte "
            "save_as löschen oder einen freien Pfad eintragen.",
        ],
    ),
    # --- ids on a page ----------------------------------------------------------------------
    "duplicate-anchor": Bad(
        {"blog/anker.md": post("Anker", body="## Eins {#abschnitt}\n\n## Zwei {#abschnitt}\n")},
        [
            "FEHLER: content/blog/anker.md, Zeile 8: Anker '#abschnitt' gibt es auf dieser "
            "Seite schon (Zeile 6) – bitte einen anderen Anker wählen, z. B. {#abschnitt-2}.",
        ],
    ),
    "heading-takes-theme-id": Bad(
        {"blog/inhalt.md": post("Inhalt", body="## Inhalt\n\nText.\n")},
        [
            "FEHLER: content/blog/inhalt.md, Zeile 6: die Überschrift „Inhalt“ bekommt den "
            "Anker '#inhalt', den auf dieser Seite schon das Theme "
            "(theme/templates/base.html) verwendet – bitte einen eigenen Anker anhängen: "
            "## Inhalt {#inhalt-2}",
        ],
    ),
    "faq-group-anchor-twice": Bad(
        {"faq/faq.md": FAQ},
        [
            "FEHLER: content/faq/faq.md, Zeile 14: Anker '#zusammenarbeit' gibt es auf dieser "
            "Seite schon (Zeile 8) – bitte einen anderen Anker wählen, z. B. "
            "{#zusammenarbeit-2}.",
        ],
    ),
    "faq-anchor-of-theme": Bad(
        {"faq/faq.md": FAQ.replace("{#ablauf}", "{#inhalt}").replace("beginnt es? {#zus", "x {#b")},
        [
            "FEHLER: content/faq/faq.md, Zeile 10: Anker '#inhalt' verwendet auf dieser Seite "
            "schon das Theme (theme/templates/base.html) – bitte einen anderen Anker wählen, "
            "z. B. {#inhalt-2}.",
        ],
    ),
    "questionnaire-anchor-of-form": Bad(
        {"questionnaires/fragebogen.md": QUESTIONNAIRE + "\n## Ihre Aufgaben {#frage-bereiche}\n"},
        [
            "FEHLER: content/questionnaires/fragebogen.md, Zeile 16: Anker '#frage-bereiche' "
            "verwendet auf dieser Seite schon der Fragebogen (Frage 'bereiche') – bitte einen "
            "anderen Anker wählen, z. B. {#frage-bereiche-2}.",
        ],
        NO_PDF,
    ),
    # --- links and images -------------------------------------------------------------------
    "link-to-missing-post": Bad(
        {"blog/link.md": post("Link", body="Siehe [hier]({filename}/blog/fehlt.md).\n")},
        [
            "FEHLER: content/blog/link.md, Zeile 6: Verweis '{filename}/blog/fehlt.md': die "
            "Datei content/blog/fehlt.md gibt es nicht – bitte den Pfad ab content/ angeben, "
            "z. B. [Text]({filename}/blog/beitrag.md).",
        ],
    ),
    "link-to-missing-file": Bad(
        {"blog/pdf.md": post("PDF", body="Die [Preisliste]({static}/images/preise.pdf).\n")},
        [
            "FEHLER: content/blog/pdf.md, Zeile 6: Verweis '{static}/images/preise.pdf': die "
            "Datei content/images/preise.pdf gibt es nicht – bitte die Datei dort ablegen oder "
            "den Pfad ab content/ korrigieren, z. B. [Preisliste]({static}/images/preise.pdf).",
        ],
    ),
    "static-link-without-slash": Bad(
        {"pages/bild.md": page("Bild", body="[Symbol]({static}images/feed-icon.png)\n")},
        [
            "FEHLER: content/pages/bild.md, Zeile 4: Verweis '{static}images/feed-icon.png': "
            "die Datei content/pages/images/feed-icon.png gibt es nicht – bitte die Datei dort "
            "ablegen oder den Namen korrigieren, z. B. ![Beschreibung]({static}/images/bild.png)"
            "; gemeint ist wohl {static}/images/feed-icon.png.",
        ],
    ),
    "unknown-link-marker": Bad(
        {"blog/statik.md": post("Statik", body="[PDF]({statik}/images/preise.pdf)\n")},
        [
            "FEHLER: content/blog/statik.md, Zeile 6: Verweis '{statik}/images/preise.pdf': "
            "{statik} gibt es nicht – bitte {static} (Bilder, Dateien) oder {filename} "
            "(Seiten, Beiträge) schreiben.",
        ],
    ),
    "missing-image": Bad(
        {"blog/bild.md": post("Bild", body="![Ein Diagramm]({static}/images/fehlt.png)\n")},
        [],  # the images plugin's message: filled in below, if it runs
    ),
}

IMAGES_PLUGIN = "plugins.images" in SETTINGS["PLUGINS"]
if IMAGES_PLUGIN:
    BAD["missing-image"].lines = [
        "FEHLER: content/blog/bild.md, Zeile 6: Das Bild {static}/images/fehlt.png gibt es nicht "
        "– bitte die Datei in content/images/ ablegen und mit "
        "![Beschreibung]({static}/images/name.jpg) einbinden.",
    ]
else:
    BAD["missing-image"].lines = [
        "FEHLER: content/blog/bild.md, Zeile 6: Verweis '{static}/images/fehlt.png': die Datei "
        "content/images/fehlt.png gibt es nicht – bitte die Datei dort ablegen oder den Namen "
        "korrigieren, z. B. ![Beschreibung]({static}/images/bild.png).",
    ]
# Without the images plugin, content_checks itself compares <img> with the build's files.
BAD["image-without-file"] = Bad(
    {"blog/bild.md": post("Bild", body='<img src="/images/fehlt.png" alt="Diagramm">\n')},
    [
        "FEHLER: content/blog/bild.md, Zeile 6: Bild '/images/fehlt.png': die Datei "
        "content/images/fehlt.png gibt es nicht – Bilder in content/images/ ablegen und so "
        "einbinden: ![Beschreibung]({static}/images/bild.png).",
    ],
    ("-e", "PLUGINS=" + json.dumps([p for p in SETTINGS["PLUGINS"] if p != "plugins.images"])),
)


def _theme_templates() -> str:
    names = sorted(
        path.relative_to(ROOT / "theme" / "templates").as_posix().removesuffix(".html")
        for path in (ROOT / "theme" / "templates").rglob("*.html")
    )
    parts = ("base", "partials/", "macros/")
    lists = {"index", "archives", "period_archives", "categories", "category", "tags", "tag"}
    return ", ".join(n for n in names if not n.startswith(parts) and n not in lists)


BAD["missing-template"].lines = [
    "FEHLER: content/pages/vorlage.md: Feld 'template': die Vorlage 'kontakt-neu' gibt es im "
    "Theme nicht (gesucht: theme/templates/kontakt-neu.html) – bitte eine vorhandene eintragen "
    f"({_theme_templates()}) oder die Zeile löschen.",
]


def said(build_output: str, folder) -> list[str]:
    """The build's lines, with the temporary folder taken out of paths."""
    text = build_output.replace(f"{folder}/", "")
    return [line for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def outcomes(request, tmp_path_factory) -> dict[str, tuple]:
    """Build the selected cases, several at a time: (folder, earlier output, build) each."""
    test = "test_bad_input_fails_with_exactly_these_lines"
    selected = [
        item.callspec.params["case"]
        for item in request.session.items
        if item.originalname == test and hasattr(item, "callspec")
    ]
    prepared = {}
    for case in selected:
        folder = tmp_path_factory.mktemp(case)
        content = new_content(folder)
        for relative, text in BAD[case].files.items():
            (content / relative).parent.mkdir(parents=True, exist_ok=True)
            (content / relative).write_text(text, encoding="utf-8")
        out = folder / "output"
        out.mkdir()
        (out / "index.html").write_text("frühere gute Ausgabe", encoding="utf-8")
        prepared[case] = (folder, content, out)

    def run(case: str):
        folder, content, out = prepared[case]
        return folder, out, build_site(content, out, "pelicanconf.py", *BAD[case].extra)

    with ThreadPoolExecutor(max_workers=PARALLEL_BUILDS) as pool:
        return dict(zip(prepared, pool.map(run, prepared), strict=True))


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_fails_with_exactly_these_lines(case, outcomes):
    folder, earlier_output, build = outcomes[case]
    bad = BAD[case]
    errors = sum(line.startswith("FEHLER: ") for line in bad.lines)
    summary = f"FEHLER: Build abgebrochen: {errors} Fehler (siehe oben). output blieb unverändert."
    assert build.returncode == 1, build.output
    assert said(build.output, folder) == [*bad.lines, summary]
    assert not ENGLISH.search(build.output), build.output
    assert read(earlier_output, "/") == "frühere gute Ausgabe"
    assert sorted(p.name for p in earlier_output.iterdir()) == ["index.html"]
    assert not list(folder.glob("output.building-*"))


#: Without content_checks, which reports these first (with the content file), Pelican's
#: writer fails by itself; the build's last resort (sitekit/build.py) still says one line.
WITHOUT_CONTENT_CHECKS = (
    "-e",
    "PLUGINS=" + json.dumps([p for p in SETTINGS["PLUGINS"] if p != "plugins.content_checks"]),
)
LAST_RESORT = {
    "file-written-twice": (
        {
            "pages/a.md": page("A", "save_as: doppelt/index.html\n"),
            "pages/b.md": page("B", "save_as: doppelt/index.html\n"),
        },
        "FEHLER: Die Datei doppelt/index.html würde zweimal geschrieben (von zwei Seiten, oder "
        "einer Seite und einer Liste des Blogs) – bitte in content/ die Felder slug, save_as und "
        "url prüfen, die zur Adresse /doppelt/ führen. Die bisherige Ausgabe ist unverändert.",
    ),
    "missing-template": (
        {"pages/vorlage.md": page("Tippfehler", "template: kontakt-neu\n")},
        "FEHLER: Die Vorlage kontakt-neu gibt es im Theme nicht (theme/templates/) – bitte das "
        "Feld template der Seite prüfen oder die Vorlage anlegen. Die bisherige Ausgabe ist "
        "unverändert.",
    ),
}


@pytest.mark.parametrize("case", sorted(LAST_RESORT))
def test_pelicans_own_failure_while_writing_is_one_german_line(case, tmp_path, earlier_output):
    files, line = LAST_RESORT[case]
    content = new_content(tmp_path)
    for relative, text in files.items():
        (content / relative).write_text(text, encoding="utf-8")

    build = build_site(content, earlier_output, "pelicanconf.py", *WITHOUT_CONTENT_CHECKS)

    assert build.returncode == 1, build.output
    assert said(build.output, tmp_path) == [line]
    assert not ENGLISH.search(build.output), build.output
    assert read(earlier_output, "/") == "frühere gute Ausgabe"
    assert sorted(p.name for p in earlier_output.iterdir()) == ["index.html"]
    assert not list(tmp_path.glob("output.building-*"))


def test_invoke_build_fails_the_same_way(tmp_path, earlier_output, content_copy):
    text = BAD["yaml-unclosed-bracket"].files["blog/kaputt.md"]
    (content_copy / "blog" / "kaputt.md").write_text(text, encoding="utf-8")
    proc = subprocess.run(
        [
            str(INVOKE),
            "build",
            "--content",
            str(content_copy),
            "--output",
            str(earlier_output),
        ],
        cwd=ROOT,
        check=False,
        capture_output=True,
        text=True,
        env={"COLUMNS": "250", "PATH": "/usr/bin:/bin", OWNER_FILE_ENV: str(DEMO_OWNER)},
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert BAD["yaml-unclosed-bracket"].lines[0] in said(output, tmp_path)
    assert "Traceback" not in output
    assert "unverändert" in output
    assert read(earlier_output, "/") == "frühere gute Ausgabe"


def test_good_build_replaces_earlier_output_and_keeps_retained_files(tmp_path, earlier_output):
    content = new_content(tmp_path)
    (earlier_output / "CNAME").write_text("www.buero-lindenblatt.example")
    (earlier_output / "veraltet.html").write_text("alt")

    build = build_site(content, earlier_output)

    assert build.ok, build.output
    assert (earlier_output / "blog/ein-guter-beitrag/index.html").exists()
    assert (earlier_output / "CNAME").read_text() == "www.buero-lindenblatt.example"
    assert not (earlier_output / "veraltet.html").exists()


def test_hostile_title_is_text_everywhere(site_with_hostile_title):
    out, slug = site_with_hostile_title
    page = read(out, f"blog/{slug}/")
    escaped = "Preise &amp; „Pakete“ &lt;b&gt;"  # German quotes, as everywhere; markup as text
    assert f"<title>{escaped} · " in page
    assert f"<h1>{escaped}</h1>" in page
    assert f'<meta property="og:title" content="{escaped} · ' in page
    assert "<b>" not in page
    listing = read(out, "blog/")
    assert f'<a class="card__link" href="/blog/{slug}/">{escaped}</a>' in listing
    assert "<b>" not in listing


@pytest.fixture
def site_with_hostile_title(tmp_path):
    content = new_content(tmp_path)
    (content / "blog" / "gut.md").unlink()
    (content / "blog" / "preise.md").write_text(
        '---\ntitle: Preise & "Pakete" <b>\ndate: 2026-01-05 10:00:00+01:00\n'
        "category: Organisation\nsummary: Preise & Pakete\n---\nText.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    build = build_site(content, out)
    assert build.ok, build.output
    return out, "preise-und-pakete"
