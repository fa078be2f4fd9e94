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

# --- Language, time, dates ---------------------------------------------------------
DEFAULT_LANG = "de"
LOCALE_BABEL = "de_DE"
TIMEZONE = "Europe/Berlin"
DEFAULT_DATE = None  # a post without a date is an error, not "now"
DEFAULT_PAGINATION = 6
READING_WORDS_PER_MINUTE = 200

# --- Paths and sources ---------------------------------------------------------------
PATH = "content"
ARTICLE_PATHS = ["blog"]
PAGE_PATHS = ["pages", "services", "faq", "questionnaires"]
STATIC_PATHS = ["images", "extra"]
EXTRA_PATH_METADATA = {}  # favicon.svg is drawn from owner.yml (plugins/site_settings)
IGNORE_FILES = [".#*", "*~", "*.swp", "README.md"]
# Build cache (PDFs made once per change); the tests point it at a temporary folder.
CACHE_PATH = os.environ.get("SITEKIT_CACHE", "cache")
THEME = "theme"
THEME_STATIC_PATHS = []  # theme files are served fingerprinted under /assets/ (plugins/assets)
# The kit's plugins live in the installed package `plugins` (see plugins/__init__.py);
# their order does not matter.
PLUGINS = [
    "plugins.site_settings",
    "plugins.brand",
    "plugins.safe_output",
    "plugins.site_writer",
    "plugins.assets",
    "plugins.front_matter_reader",
    "plugins.german_typography",
    "plugins.german_locale",
    "plugins.navigation",
    "plugins.site_sections",
    "plugins.questionnaire",
    "plugins.blog_extras",
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
DELETE_OUTPUT_DIRECTORY = True  # safe: safe_output builds into a fresh folder
OUTPUT_RETENTION = [".git", "CNAME", ".nojekyll"]
SLUGIFY_SOURCE = "title"  # German transliteration (ä→ae, ß→ss): plugins/german_typography

# --- Clean directory-style URLs -------------------------------------------------------
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
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
PAGINATION_PATTERNS = [
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/seite/{number}/", "{base_name}/seite/{number}/index.html"),
]
PAGINATED_TEMPLATES = {"index": None, "tag": None, "category": None}
DIRECT_TEMPLATES = ["index", "categories", "tags", "archives"]

# --- Feeds (plugins/feeds, python-feedgen); Pelican's own feeds are switched off -------
FEEDS_ALL_RSS = "feeds/all.rss.xml"
FEEDS_ALL_ATOM = "feeds/all.atom.xml"
FEEDS_CATEGORY_RSS = "feeds/{slug}.rss.xml"
FEEDS_CATEGORY_ATOM = "feeds/{slug}.atom.xml"
FEEDS_MAX_ITEMS = 20
FEEDS_ICON = "images/feed-icon.png"
# Entry ids are tag: URIs from the website's domain (owner.yml), this date and the file
# name. Never change them after launch, or every feed reader shows all posts as new again.
FEEDS_ID_SINCE = "2026-01-01"
WITH_FUTURE_DATES = False  # a post dated in the future stays a draft until its day
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# --- Markdown (German quotes, gender star and anchors are added by german_typography) ---
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

# --- Templates -------------------------------------------------------------------------
JINJA_ENVIRONMENT = {
    "autoescape": True,  # metadata is text; only rendered Markdown is marked safe
    "trim_blocks": True,
    "lstrip_blocks": True,
    "extensions": ["jinja2.ext.i18n"],
}
# Menus: (label, target). A target is a file under content/ or one of Pelican's list
# pages: index (the blog), archives, categories, tags. Labels are the owner's text.
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
# Where answers go: the project's own receiver (sitekit/receiver). The preview sends to
# the one that `invoke serve` and `invoke livereload` start next to it; publishconf.py
# sets the production address. "" (no receiver): the visitor's mail program is prepared
# instead, addressed to `recipient.email` of the questionnaire file.
QUESTIONNAIRE_RECEIVER = "http://127.0.0.1:8001"
QUESTIONNAIRE_RETENTION_DAYS = 180  # how long the receiver keeps answers (privacy text)
QUESTIONNAIRE_ENDPOINT = ""  # another form service instead (not recommended: a processor)
QUESTIONNAIRE_FORM_ATTRIBUTES = {}  # e.g. {"data-netlify": "true"} for Netlify Forms
QUESTIONNAIRE_PDF = True  # fillable PDF next to the form (needs WeasyPrint + Pango)

# --- Site search (plugins/search, Pagefind) ------------------------------------------------
# After every build Pagefind indexes the main content of published articles and pages
# into /pagefind/, with German stemming (DEFAULT_LANG). The search page is the page with
# `template: search` (content/pages/suche.md); the header's search field sends to it.
SEARCH_INDEX = True  # False: no index (the search page then says search is unavailable)

DISPLAY_PAGES_ON_MENU = False
DISPLAY_CATEGORIES_ON_MENU = False
RELATED_POSTS_MAX = 3
RELATIVE_URLS = False
PUBLISH = False
LIVERELOAD = False  # `invoke livereload` switches it on for its own builds

# --- Security and privacy ----------------------------------------------------------------
# The strict Content-Security-Policy (CSP, no 'unsafe-inline') and the other security
# headers (SECURITY_HEADERS) have their defaults in plugins/security/headers.py; set
# either here to change them. The build writes them into every page's <meta> tag,
# _headers and .htaccess, adding exactly the origins that forms send to.
