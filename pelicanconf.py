"""Einstellungen der Website (Pelican). Ihre eigenen Angaben stehen in owner.yml, nicht hier.

Hier stehen Menüs, Adressen der Seiten, Feeds, Fragebogen und Suche. Werte, die daraus
folgen (Pfad der Website, Content-Security-Policy, deutsche Adressen), berechnen die
Plugins beim Start, damit ein ``-e SITEURL=…`` nichts veralten lässt. Jedes Plugin prüft
seine Einstellungen und nennt eine falsche auf Deutsch.
"""

from __future__ import annotations

import os
from pathlib import Path

from plugins.site_settings.owner import owner_settings

# --- Die Inhaberin: alles steht in owner.yml ------------------------------------------
# Name, Firma, Anschrift, Kontakt, Steuer, Zeiten, Farbe, Foto und Dienstleister stehen in
# owner.yml (mit Erklärungen). Daraus folgen SITENAME, AUTHOR, OWNER, PORTRAIT, die
# Buchung (BOOKING_*), die Feed-IDs und die Markenfarben; hier steht keine dieser Angaben.
# SITEKIT_OWNER_FILE=pfad/zu/owner.yml wählt eine andere Datei (die Tests tun das).
globals().update(owner_settings(Path(__file__).parent))
SITEURL = ""  # die Vorschau; publishconf.py nimmt die Adresse aus owner.yml (website)
# ---------------------------------------------------------------------------------------

# --- Sprache, Zeit, Datum -------------------------------------------------------------
DEFAULT_LANG = "de"
LOCALE_BABEL = "de_DE"
TIMEZONE = "Europe/Berlin"
DEFAULT_DATE = None  # ein Beitrag ohne Datum ist ein Fehler, nicht „jetzt“
DEFAULT_PAGINATION = 6
READING_WORDS_PER_MINUTE = 200

# --- Ordner und Quellen ----------------------------------------------------------------
PATH = "content"
ARTICLE_PATHS = ["blog"]
PAGE_PATHS = ["pages", "services", "faq", "questionnaires"]
STATIC_PATHS = ["images", "extra"]
EXTRA_PATH_METADATA = {}  # favicon.svg entsteht aus owner.yml (plugins/brand)
IGNORE_FILES = [".#*", "*~", "*.swp", "README.md"]
# Zwischenspeicher des Builds (z. B. PDFs nur nach Änderungen neu); die Tests nutzen einen
# eigenen.
CACHE_PATH = os.environ.get("SITEKIT_CACHE", "cache")
THEME = "theme"
THEME_STATIC_PATHS = []  # Theme-Dateien liegen mit Prüfsumme unter /assets/ (plugins/assets)
# Die Plugins des Baukastens liegen im Paket `plugins`; ihre Reihenfolge ist egal.
PLUGINS = [
    "plugins.site_settings",
    "plugins.brand",
    "plugins.icons",
    "plugins.safe_output",
    "plugins.site_writer",
    "plugins.assets",
    "plugins.front_matter_reader",
    "plugins.german_typography",
    "plugins.german_locale",
    "plugins.navigation",
    "plugins.site_sections",
    "plugins.questionnaire",
    "plugins.reading_and_related",
    "plugins.feeds",
    "plugins.sitemap",
    "plugins.structured_data",
    "plugins.search",
    "plugins.share_images",
    "plugins.images",
    "plugins.testimonials",
    "plugins.booking",
    "plugins.security",
    "plugins.content_checks",
    "pelican.plugins.neighbors",
]
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = "Allgemein"
DELETE_OUTPUT_DIRECTORY = True  # sicher: safe_output baut in einen frischen Ordner
OUTPUT_RETENTION = [".git", "CNAME", ".nojekyll"]
SLUGIFY_SOURCE = "title"  # deutsche Umschrift (ä→ae, ß→ss): plugins/german_typography

# --- Adressen der Seiten (Ordner-Stil, ohne .html) ---------------------------------------
ARTICLE_URL = "blog/{slug}/"
ARTICLE_SAVE_AS = "blog/{slug}/index.html"
DRAFT_URL = "entwuerfe/{slug}/"
DRAFT_SAVE_AS = "entwuerfe/{slug}/index.html"
DRAFT_PAGE_URL = "entwuerfe/seiten/{slug}/"
DRAFT_PAGE_SAVE_AS = "entwuerfe/seiten/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
SERVICE_URL = "leistungen/{slug}/"
SERVICE_SAVE_AS = "leistungen/{slug}/index.html"
INDEX_SAVE_AS = "blog/index.html"
CATEGORY_URL = "blog/kategorie/{slug}/"
CATEGORY_SAVE_AS = "blog/kategorie/{slug}/index.html"
CATEGORIES_URL = "blog/kategorien/"
CATEGORIES_SAVE_AS = "blog/kategorien/index.html"
TAG_URL = "blog/schlagwort/{slug}/"
TAG_SAVE_AS = "blog/schlagwort/{slug}/index.html"
TAGS_URL = "blog/schlagworte/"
TAGS_SAVE_AS = "blog/schlagworte/index.html"
ARCHIVES_URL = "blog/archiv/"
ARCHIVES_SAVE_AS = "blog/archiv/index.html"
YEAR_ARCHIVE_URL = "blog/archiv/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "blog/archiv/{date:%Y}/index.html"
# Bis zu so vielen Beiträgen listet das Archiv alle auf, darüber je Jahr eine Zeile mit Link
ARCHIVE_LIST_MAX = 300
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
PAGINATION_PATTERNS = [
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/seite/{number}/", "{base_name}/seite/{number}/index.html"),
]
PAGINATED_TEMPLATES = {"index": None, "tag": None, "category": None}
DIRECT_TEMPLATES = ["index", "categories", "tags", "archives"]

# --- Feeds (plugins/feeds, python-feedgen); Pelicans eigene Feeds sind abgeschaltet ------
FEEDS_ALL_RSS = "feeds/all.rss.xml"
FEEDS_ALL_ATOM = "feeds/all.atom.xml"
FEEDS_CATEGORY_RSS = "feeds/{slug}.rss.xml"
FEEDS_CATEGORY_ATOM = "feeds/{slug}.atom.xml"
FEEDS_MAX_ITEMS = 20
FEEDS_ICON = "images/feed-icon.png"
# Die Kennungen der Einträge bilden sich aus der Domain (owner.yml), diesem Datum und dem
# Dateinamen. Nach dem Start nie ändern, sonst zeigt jeder Feedreader alles als neu.
FEEDS_ID_SINCE = "2026-01-01"
WITH_FUTURE_DATES = False  # ein Beitrag mit Datum in der Zukunft wartet bis zu diesem Tag
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# --- Markdown (deutsche Anführungszeichen, Genderstern und Anker: german_typography) ---
MARKDOWN = {
    "extensions": [],
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {"permalink": False},
        "markdown.extensions.sane_lists": {},
        "pymdownx.betterem": {"smart_enable": "all"},
        "pymdownx.saneheaders": {},
    },
    "output_format": "html",
}

# --- Vorlagen ---------------------------------------------------------------------------
JINJA_ENVIRONMENT = {
    "autoescape": True,  # Metadaten sind Text; nur umgewandeltes Markdown gilt als HTML
    "trim_blocks": True,
    "lstrip_blocks": True,
    "extensions": ["jinja2.ext.i18n"],
}
# Menüs: (Beschriftung, Ziel). Ziel ist eine Datei unter content/ oder eine Listenseite:
# index (der Blog), archives, categories, tags. Ein Ziel, das noch Entwurf ist, erscheint
# erst, wenn es veröffentlicht ist; die Listenseiten des Blogs mit dem ersten Beitrag.
MAIN_MENU = [
    ("Leistungen", "pages/leistungen.md"),
    ("So funktioniert’s", "faq/faq.md"),
    ("Blog", "index"),
    ("Über mich", "pages/ueber-mich.md"),
    ("Kontakt", "pages/kontakt.md"),
]
FOOTER_MENU = [
    ("Impressum", "pages/impressum.md"),
    ("Datenschutz", "pages/datenschutz.md"),
    ("Archiv", "archives"),
]

# --- Questionnaire (plugins/questionnaire) -------------------------------------------
# Wohin die Antworten gehen: an den eigenen Empfänger (sitekit/receiver). Die Vorschau
# sendet an den, den `make serve` und `make livereload` daneben starten; publishconf.py
# setzt die Adresse im Betrieb. "" (kein Empfänger): Das E-Mail-Programm der Besucherin
# öffnet sich stattdessen, adressiert an die E-Mail aus owner.yml.
QUESTIONNAIRE_RECEIVER = "http://127.0.0.1:8001"
QUESTIONNAIRE_RETENTION_DAYS = 180  # so lange behält der Empfänger Antworten (Datenschutz)
QUESTIONNAIRE_ENDPOINT = ""  # ein fremder Formulardienst (nicht empfohlen: Auftragsverarb.)
QUESTIONNAIRE_FORM_ATTRIBUTES = {}  # z. B. {"data-netlify": "true"} für Netlify Forms
QUESTIONNAIRE_PDF = True  # ausfüllbares PDF zum Formular (braucht WeasyPrint und Pango)

# --- Suche (plugins/search, Pagefind) ---------------------------------------------------
# Nach jedem Build verzeichnet Pagefind alle veröffentlichten Seiten unter /pagefind/, mit
# deutscher Wortstammsuche. Die Suchseite ist die Seite mit `template: search`
# (content/pages/suche.md); das Suchfeld im Kopf führt dorthin.
SEARCH_INDEX = True  # False: keine Suche (die Suchseite sagt das dann)

DISPLAY_PAGES_ON_MENU = False
DISPLAY_CATEGORIES_ON_MENU = False
RELATED_POSTS_MAX = 3
RELATIVE_URLS = False
PUBLISH = False
LIVERELOAD = False  # `make livereload` schaltet es für seine Builds ein

# --- Sicherheit und Datenschutz ---------------------------------------------------------
# Die strenge Content-Security-Policy (CSP, ohne 'unsafe-inline') und die übrigen
# Sicherheits-Header (SECURITY_HEADERS) haben ihre Vorgaben in plugins/security/headers.py;
# hier gesetzt, ersetzen sie diese. Der Build schreibt sie in das <meta>-Tag jeder Seite,
# in _headers und .htaccess, mit genau den Adressen, an die Formulare senden.
