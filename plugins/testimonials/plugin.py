"""Client testimonials from Markdown, shown only with the client's recorded consent.

Each file in ``content/stimmen/`` (``TESTIMONIALS_PATH``) is one testimonial: the
quote as Markdown, and front matter with ``name`` (how the client is named), an
optional ``detail`` (business, place), optional ``services`` (file names in
``content/services/`` without ``.md``) and ``consent``: the date on which the client
agreed to publication. A file without consent stops the build. Templates get
``testimonials`` (all, newest consent first); each service page gets its own in
``page.testimonials``. ``demo: true`` marks an invented demo quote, which
``invoke publish`` refuses like every other demo file.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from plugins.front_matter_reader.parse import Converter
from plugins.site_settings import Setting, apply
from plugins.site_settings.paths import display_path
from plugins.site_settings.schema import integer, text

logger = logging.getLogger(__name__)

FIELDS = {"name", "detail", "services", "consent", "demo", "order"}
SCHEMA = (
    Setting(
        "TESTIMONIALS_PATH",
        "stimmen",
        text(required=True, pattern=r"[^/\s][^\s]*", allowed="ein Ordner in content/"),
        "einen Ordner in content/ wie stimmen",
    ),
    Setting("TESTIMONIALS_ON_HOME", 3, integer(minimum=0), "eine ganze Zahl ab 0"),
)


def check_settings(pelican) -> None:
    """Fill in defaults and reject unusable values once, at start-up."""
    apply(pelican.settings, SCHEMA)


@dataclass
class Testimonial:
    source: str  # relative path for messages
    name: str
    quote: Markup
    consent: dt.date
    detail: str = ""
    services: list[str] = field(default_factory=list)
    demo: bool = False
    order: int = 0


def problems_in(data: dict, body: str) -> list[str]:
    """What is wrong with one testimonial's fields (German, field first)."""
    problems = [
        f"Feld '{key}': unbekannt – möglich sind {', '.join(sorted(FIELDS))}."
        for key in data
        if key not in FIELDS
    ]
    if not str(data.get("name") or "").strip():
        problems.append(
            "Feld 'name': fehlt – bitte eintragen, wie die Person genannt werden "
            "möchte (z. B. „Anna M., Praxis in Potsdam“)."
        )
    consent = data.get("consent")
    if not isinstance(consent, dt.date):
        problems.append(
            "Feld 'consent': "
            + ("fehlt" if consent in (None, "") else f"{consent!r} ist kein Datum")
            + " – eine Kundenstimme erscheint nur mit Einwilligung: bitte das Datum "
            "eintragen, an dem die Person zugestimmt hat (z. B. 2026-03-02)."
        )
    services = data.get("services", [])
    if not isinstance(services, list) or not all(isinstance(s, str) for s in services):
        problems.append("Feld 'services': bitte als Liste schreiben, z. B. [kundenservice].")
    if not isinstance(data.get("order", 0), int):
        problems.append("Feld 'order': bitte eine ganze Zahl eintragen (kleinere zuerst).")
    if not body.strip():
        problems.append("Der Text der Kundenstimme fehlt – bitte unter die Metadaten schreiben.")
    return problems


def read_testimonial(path: Path, converter: Converter) -> Testimonial | list[str]:
    """One file as a Testimonial, or the German lines that say what is wrong."""
    source = display_path(str(path))
    text = path.read_text(encoding="utf-8-sig")
    if not text.startswith("---"):
        return [f"{source}: Die Metadaten fehlen – die Datei muss mit einer Zeile '---' beginnen."]
    parsed = converter.parse(text, source)
    if parsed.error:
        return [parsed.error]
    data = parsed.fields
    problems = problems_in(data, parsed.html)
    if problems:
        return [f"{source}: {problem}" for problem in problems]
    consent = data["consent"]
    return Testimonial(
        source=source,
        name=converter.title(str(data["name"])),
        quote=Markup(parsed.html),
        consent=consent.date() if isinstance(consent, dt.datetime) else consent,
        detail=converter.title(str(data["detail"])) if data.get("detail") else "",
        services=list(data.get("services") or []),
        demo=bool(data.get("demo")),
        order=int(data.get("order") or 0),
    )


def read_all(folder: Path, markdown: dict) -> tuple[list[Testimonial], list[str]]:
    """Every testimonial in ``folder`` and every problem found, file by file."""
    converter = Converter(markdown)
    found, problems = [], []
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        result = read_testimonial(path, converter)
        if isinstance(result, list):
            problems += result
        else:
            found.append(result)
    found.sort(key=lambda t: (t.order, -t.consent.toordinal(), t.source))
    return found, problems


def service_key(page) -> str:
    return Path(page.source_path).stem


class TestimonialsGenerator(Generator):
    """Reads the testimonials and hands them to the templates and the service pages."""

    def generate_context(self) -> None:
        folder = Path(self.settings["PATH"]) / self.settings["TESTIMONIALS_PATH"]
        found, problems = read_all(folder, self.settings["MARKDOWN"])
        services = {service_key(page): page for page in self.context.get("services", [])}
        for testimonial in found:
            for name in testimonial.services:
                if name not in services:
                    problems.append(
                        f"{testimonial.source}: Feld 'services': Die Leistung „{name}“ gibt es "
                        f"nicht – möglich sind {', '.join(sorted(services)) or 'keine'}."
                    )
        for problem in problems:
            logger.error("%s", problem)
        for key, page in services.items():
            page.testimonials = [t for t in found if key in t.services]
        self.context["testimonials"] = found
        self.context["testimonials_on_home"] = found[: self.settings["TESTIMONIALS_ON_HOME"]]


def add_generator(pelican):
    return TestimonialsGenerator


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.get_generators.connect(add_generator)
