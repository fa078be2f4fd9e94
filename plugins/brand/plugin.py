"""The owner's brand on every page: colours, favicon and logo, all from owner.yml.

The stylesheet ``css/brand.css`` sets the colour custom properties derived from ``farbe``
(plugins/site_settings/brand.py) and is served fingerprinted like every theme asset. The
favicon is drawn as SVG from the initials and the colour. A logo, when owner.yml names
one, must be a file under content/; otherwise the header shows the initials.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from plugins.site_settings import SettingsError
from plugins.site_settings.brand import css_of, favicon_svg
from plugins.site_settings.owner import is_removed_demo_image, removed_demo_image_note
from plugins.site_settings.planned import Planned, by_setting
from plugins.site_writer.writer import Rendered

logger = logging.getLogger(__name__)

#: Files that plugins generate for the assets registry (path under /assets/ → text).
GENERATED_ASSETS = "GENERATED_ASSETS"
FAVICON = "favicon.svg"


def prepare(pelican) -> None:
    """Put the brand stylesheet into the assets registry; check that a logo exists."""
    settings = pelican.settings
    owner = settings.get("OWNER") or {}
    colour = owner.get("farbe") or settings.get("BRAND_COLOUR") or "#0a5a4e"
    settings.setdefault(GENERATED_ASSETS, {})["css/brand.css"] = css_of(colour)
    logo = owner.get("logo") or ""
    if logo and is_removed_demo_image(logo, settings["PATH"]):  # right after make strip-demo
        logger.warning("%s", removed_demo_image_note("logo", logo, "mit Ihren Initialen"))
        settings["OWNER"] = {**owner, "logo": ""}
        return
    if logo and not (Path(settings["PATH"]) / logo).is_file():
        raise SettingsError(
            f"owner.yml: logo: content/{logo} gibt es nicht – bitte das Bild dort ablegen, "
            'den Pfad korrigieren oder logo: "" eintragen (dann zeigt die Seite Ihre Initialen).'
        )


class BrandFiles(Generator):
    """Writes favicon.svg in the owner's colour with her initials."""

    def planned_outputs(self) -> list[Planned]:
        return [by_setting(FAVICON, "das Favicon aus owner.yml", "plugins/brand")]

    def generate_output(self, writer) -> None:
        owner = self.settings.get("OWNER") or {}
        svg = favicon_svg(owner.get("initialen") or "?", owner.get("farbe") or "#0a5a4e")
        writer.write_file(FAVICON, Rendered(svg), self.context)


def add_generator(pelican):
    return BrandFiles


def register() -> None:
    signals.initialized.connect(prepare)
    signals.get_generators.connect(add_generator)
