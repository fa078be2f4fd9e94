"""The site as the receiver sees it: the questionnaires the build publishes, their
addresses, the services they recommend, and the site's catalogue.

Everything comes from the project's own settings and content through the same code
the build uses (``read_site_settings``, the front-matter reader's ``split_front_matter``
with its refusal of a field written twice, ``parse_questionnaire``, the services folder
of ``site_sections``), so the receiver checks a submission against exactly the
definition the form was built from, or refuses what the build refuses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from babel.support import NullTranslations

from plugins.front_matter_reader.parse import ContentError, split_front_matter
from plugins.german_locale import load_translations
from plugins.german_typography import german_slugify
from plugins.questionnaire.definition import DefinitionError, Questionnaire, parse_questionnaire
from plugins.questionnaire.plugin import QUESTIONNAIRE_DIR, SUCCESS_PATH, owner_email
from plugins.questionnaire.plugin import SCHEMA as QUESTIONNAIRE_SETTINGS
from plugins.site_sections.services import SERVICE_DIR
from plugins.site_settings import SettingsError, absolute_siteurl, apply
from plugins.site_settings.facts import UnknownFactError, fact_values, line_of, substitute_all
from sitekit.build import read_site_settings
from sitekit.project import ROOT, shown

from .config import ConfigError, ReceiverConfig


@dataclass(frozen=True)
class Form:
    """One questionnaire the site publishes."""

    questionnaire: Questionnaire
    source: str  # content/questionnaires/…, for messages
    page_url: str  # absolute address of the form's page
    success_url: str  # absolute address of its thank-you page


@dataclass
class Site:
    settings: dict
    site_url: str  # absolute, with the sub-path if any
    forms: dict[str, Form]
    services: dict[str, str]  # slug -> title
    timezone: ZoneInfo
    translations: NullTranslations

    @property
    def origin(self) -> str:
        parts = urlsplit(self.site_url)
        return f"{parts.scheme}://{parts.netloc}"

    def now(self) -> dt.datetime:
        return dt.datetime.now(self.timezone).replace(microsecond=0)

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    @property
    def receiver_origin(self) -> str:
        """The receiver's own public origin (QUESTIONNAIRE_RECEIVER): its review page posts
        from there. Never taken from a request's Host header, which anyone can set."""
        parts = urlsplit(str(self.settings.get("QUESTIONNAIRE_RECEIVER") or ""))
        return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") else ""

    @property
    def retention_days(self) -> int:
        """How long answers are kept: the one setting the privacy page also states."""
        return int(self.settings["QUESTIONNAIRE_RETENTION_DAYS"])


def _front_matter(path: Path, facts: dict[str, str]) -> dict:
    """The file's metadata with owner facts ({{ zeiten }}) filled in, as the build does."""
    text = ""
    try:
        text = path.read_text(encoding="utf-8-sig")
        split = split_front_matter(text, shown(path))
        return substitute_all(dict(split[0]) if split else {}, facts)
    except UnknownFactError as unknown:
        line = line_of(text, unknown.name)
        where = f", Zeile {line}" if line else ""
        raise ConfigError(f"{shown(path)}{where}: {unknown.explain()}") from None
    except ContentError as error:  # the build's own German line, with file and line
        raise ConfigError(str(error)) from None
    except (OSError, ValueError) as error:
        raise ConfigError(
            f"{shown(path)}: Die Datei lässt sich nicht lesen ({error}) – bitte prüfen."
        ) from None


def _services(content: Path, facts: dict[str, str]) -> dict[str, str]:
    services = {}
    for path in sorted((content / SERVICE_DIR).glob("*.md")):
        meta = _front_matter(path, facts)
        title = str(meta.get("title", "")).strip()
        if str(meta.get("status", "published")) != "published":
            continue
        services[str(meta.get("slug") or german_slugify(title))] = title
    return services


def _page_url(settings: dict, meta: dict, slug: str) -> str:
    if meta.get("url"):
        return str(meta["url"])
    return settings["PAGE_URL"].format(slug=slug, lang=settings.get("DEFAULT_LANG", "de"))


def sources(config: ReceiverConfig, site: Site) -> tuple:
    """What the site is read from, as (file, mtime, size): it changes when a file does.

    The settings files, the services and the questionnaires; a running receiver compares
    this before each request and reads the site again when it differs, so a question the
    owner adds is accepted without a restart.
    """
    content = Path(site.settings["PATH"])
    files = [ROOT / config.settings_file, ROOT / "pelicanconf.py"]
    if site.settings.get("OWNER_FILE"):
        files.append(Path(site.settings["OWNER_FILE"]))
    files += sorted((content / QUESTIONNAIRE_DIR).glob("*.md"))
    files += sorted((content / SERVICE_DIR).glob("*.md"))
    stamps = []
    for path in dict.fromkeys(files):
        try:
            stat = path.stat()
        except OSError:
            stamps.append((str(path), 0, -1))
            continue
        stamps.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(stamps)


def load_site(config: ReceiverConfig) -> Site:
    """Read settings, services and questionnaires; a broken definition is a ConfigError."""
    try:
        settings = read_site_settings(config.settings_file, config.content)
        apply(settings, QUESTIONNAIRE_SETTINGS)  # checked and completed as the build does
    except SettingsError as error:  # owner.yml or a setting: the build's own German line
        raise ConfigError(str(error)) from None
    content = Path(settings["PATH"])
    site_url = config.site_url or absolute_siteurl(settings)
    owner = settings.get("OWNER") or {}
    facts = fact_values(owner)
    services = _services(content, facts)
    forms: dict[str, Form] = {}
    for path in sorted((content / QUESTIONNAIRE_DIR).glob("*.md")):
        meta = _front_matter(path, facts)
        if str(meta.get("status", "published")) == "draft":
            continue
        try:
            questionnaire = parse_questionnaire(
                meta, shown(path), set(services), default_email=owner_email(settings)
            )
        except DefinitionError as error:
            raise ConfigError(error.problems[0]) from None
        page = _page_url(settings, meta, questionnaire.slug)
        forms[questionnaire.slug] = Form(
            questionnaire,
            shown(path),
            f"{site_url}/{page}",
            f"{site_url}/{page}{SUCCESS_PATH}",
        )
    if not forms:
        raise ConfigError(f"{shown(content / QUESTIONNAIRE_DIR)}: Es gibt keinen Fragebogen.")
    translations = load_translations(settings["THEME"], settings.get("DEFAULT_LANG", "de"))
    timezone = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    return Site(settings, site_url, forms, services, timezone, translations)
