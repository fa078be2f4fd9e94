"""German dates through Babel and gettext catalogues for the theme.

Dates never depend on a system locale (a fresh machine has none): templates use
the ``datum`` filters, which format with Babel's CLDR data. Theme strings are
written in German inside ``_()``; a catalogue in ``theme/translations`` can
translate them into another language.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import logging
from pathlib import Path

from babel.dates import format_date
from babel.support import NullTranslations, Translations
from pelican import signals

from plugins.site_settings import Setting, apply
from plugins.site_settings.cache_files import COMPILE_KEY
from plugins.site_settings.forking import result_apart
from plugins.site_settings.schema import text

from .constant_text import CATALOGUE, ConstantTexts

logger = logging.getLogger(__name__)

LOCALE = r"[a-z]{2,3}(_[A-Z]{2})?"
SCHEMA = (
    Setting(
        "DEFAULT_LANG",
        "de",
        text(pattern=r"[a-z]{2,3}", allowed="z. B. de"),
        "einen Sprachcode wie de",
    ),
    Setting(
        "LOCALE_BABEL",
        "de_DE",
        text(pattern=LOCALE, allowed="z. B. de_DE"),
        "eine Locale wie de_DE",
    ),
)


def german_date(value: dt.date | None, fmt: str = "long", locale: str = "de_DE") -> str:
    """14. März 2026 (``long``), 14.03.2026 (``medium``/``short``) or any CLDR pattern."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):  # what Babel formats of it (equal instants in other
        value = value.date()  # time zones would share an entry otherwise)
    return _formatted(value, fmt, locale)


@functools.lru_cache(maxsize=8192)
def _formatted(value: dt.date, fmt: str, locale: str) -> str:
    """Each date once per build process: a post's date is shown on its page, in every
    list and in its feeds (Babel takes 80 µs a date)."""
    return format_date(value, format=fmt, locale=locale)


def iso_date(value: dt.date | None) -> str:
    """Machine-readable date for ``<time datetime>`` (with offset when known)."""
    return "" if value is None else value.isoformat()


def catalogue_file(theme: str, lang: str) -> Path:
    return Path(theme) / "translations" / lang / "LC_MESSAGES" / "messages.po"


def catalogue_key(theme: str, lang: str) -> str:
    """Which catalogue a build translates with: its language and the bytes of its file."""
    po_path = catalogue_file(theme, lang)
    data = po_path.read_bytes() if po_path.is_file() else b""
    return f"{lang}:{hashlib.blake2b(data, digest_size=12).hexdigest()}"


def load_translations(theme: str, lang: str) -> NullTranslations:
    """Compile ``theme/translations/<lang>/LC_MESSAGES/messages.po`` in memory.

    Compiled in a process of its own (``result_apart``): Babel's catalogue modules (1 MB)
    stay out of the build process, which only reads the compiled bytes.
    """
    po_path = catalogue_file(theme, lang)
    if not po_path.exists():
        return NullTranslations()
    compiled = result_apart(functools.partial(_compiled, po_path, lang))
    return Translations(io.BytesIO(compiled))


def _compiled(po_path: Path, lang: str) -> bytes:
    from babel.messages.mofile import write_mo  # noqa: PLC0415 - see load_translations
    from babel.messages.pofile import read_po  # noqa: PLC0415 - see load_translations

    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def translations_for(context: dict) -> NullTranslations:
    """The theme catalogue of this build's language, compiled once per build."""
    if "theme_translations" not in context:
        context["theme_translations"] = load_translations(context["THEME"], context["DEFAULT_LANG"])
    return context["theme_translations"]


def check_settings(pelican) -> None:
    """Declare the language settings."""
    apply(pelican.settings, SCHEMA)


def install(generator) -> None:
    """Give every generator's Jinja environment the date filters and the catalogue."""
    locale = generator.settings["LOCALE_BABEL"]
    env = generator.env
    env.filters["datum"] = lambda value, fmt="long": german_date(value, fmt, locale)
    env.filters["iso_datum"] = iso_date
    catalogue = translations_for(generator.context)
    env.install_gettext_translations(catalogue, newstyle=True)
    setattr(env, CATALOGUE, catalogue)
    env.add_extension(ConstantTexts)  # texts go into compiled code: cached by catalogue
    context = generator.context
    setattr(env, COMPILE_KEY, catalogue_key(context["THEME"], context["DEFAULT_LANG"]))


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.generator_init.connect(install)
