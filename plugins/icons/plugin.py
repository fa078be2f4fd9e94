"""Icons from one open-licence set (Lucide, vendored by ``invoke vendor``), inlined as SVG.

Templates call ``icon("ordner")``; a service names its icon in its front matter
(``icon: ordner``). The names are German (sitekit/vendor.py maps them to Lucide's); an
unknown name is an error naming the file and line. Inline SVG costs no request and
follows the text colour (``currentColor``).
"""

from __future__ import annotations

import difflib
import logging
import re
from functools import cache
from pathlib import Path

from jinja2 import pass_context
from markupsafe import Markup
from pelican import signals

from plugins.content_checks.links import line_of, source_lines
from plugins.site_settings.paths import display_path

logger = logging.getLogger(__name__)

ICONS = Path("static") / "icons"  # below the theme
COMMENT = re.compile(r"<!--.*?-->\s*", re.DOTALL)
OPENING = re.compile(r"<svg\b[^>]*>", re.DOTALL)


def known_icons(theme: str) -> list[str]:
    return sorted(path.stem for path in (Path(theme) / ICONS).glob("*.svg"))


@cache
def icon_svg(theme: str, name: str) -> str:
    """The icon as inline SVG, hidden from screen readers (its meaning is in the text)."""
    text = (Path(theme) / ICONS / f"{name}.svg").read_text(encoding="utf-8")
    text = COMMENT.sub("", text).strip()
    opening = (
        '<svg class="icon" xmlns="http://www.w3.org/2000/svg" width="24" height="24" '
        'viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" '
        'stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">'
    )
    return " ".join(OPENING.sub(opening, text, count=1).split())


@pass_context
def icon(context, name: str) -> Markup:
    """Template global: ``{{ icon('ordner') }}``."""
    return Markup(icon_svg(str(context["THEME"]), name))


def check_icons(generator) -> None:
    """Every page that names an icon names one of the set."""
    known = known_icons(generator.settings["THEME"])
    for page in [*generator.pages, *generator.hidden_pages, *generator.draft_pages]:
        name = page.metadata.get("icon")
        if name is None or str(name) in known:
            continue
        close = difflib.get_close_matches(str(name), known, n=1)
        guess = f"meinten Sie {close[0]}? Sonst " if close else ""
        logger.error(
            "%s%s: Feld 'icon': „%s“ gibt es nicht – %sbitte eines dieser Symbole eintragen: %s.",
            display_path(page.source_path),
            line_of(source_lines(page), "icon:"),
            name,
            guess,
            ", ".join(known),
        )


def install(generator) -> None:
    generator.env.globals["icon"] = icon


def register() -> None:
    signals.generator_init.connect(install)
    signals.page_generator_finalized.connect(check_icons)
