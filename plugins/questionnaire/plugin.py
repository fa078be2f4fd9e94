"""Client questionnaire (Bedarfsanalyse) generated from a Markdown definition.

- Files in ``content/questionnaires/`` are pages with template ``questionnaire``.
- Their front matter is parsed and checked once (``definition.py``); a bad
  definition fails the build with file, question id and problem.
- Each questionnaire gets the rules and texts as JSON for ``questionnaire.js``,
  declares the one origin its form sends to (``csp_sources``, see the security
  plugin), and gets a success page (noindex, never in the sitemap) and, unless its
  definition says ``pdf: false``, a fillable PDF with its advice rules as a checklist.
"""

from __future__ import annotations

import functools
import logging
import shutil
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from plugins.german_locale import translations_for
from plugins.security import origin_of
from plugins.site_sections import services_of
from plugins.site_settings import Setting, absolute_siteurl, apply, sitepath
from plugins.site_settings.cache_files import usable
from plugins.site_settings.paths import display_path
from plugins.site_settings.planned import Planned
from plugins.site_settings.schema import boolean, integer, mapping, text

from .definition import HONEYPOT, DefinitionError, endpoint_problem, parse_questionnaire
from .pdf import PdfJob, cache_file, end_spare, pdf_groups, start_ahead
from .script_data import client_json

logger = logging.getLogger(__name__)

QUESTIONNAIRE_DIR = "questionnaires"
SUCCESS_PATH = "danke/"


def _endpoint(value: object) -> str:
    if not isinstance(value, str):
        return f"{value!r} ist kein Text"
    return endpoint_problem(value) if value else ""


SCHEMA = (
    Setting(
        "QUESTIONNAIRE_RECEIVER",
        "",
        _endpoint,
        'die Adresse des eigenen Empfängers wie "https://www.beispiel.de/api" oder ""',
    ),
    Setting(
        "QUESTIONNAIRE_ENDPOINT",
        "",
        _endpoint,
        'eine https://-Adresse eines anderen Formulardienstes oder ""',
    ),
    Setting(
        "QUESTIONNAIRE_RETENTION_DAYS",
        180,
        integer(minimum=1, maximum=3650),
        "die Zahl der Tage, die der Empfänger Antworten aufbewahrt (die Datenschutzerklärung"
        " nennt denselben Wert)",
    ),
    Setting(
        "QUESTIONNAIRE_FORM_ATTRIBUTES",
        {},
        mapping(text(), keys=text(required=True, pattern=r"[a-z][a-z0-9-]*", allowed="a–z, -")),
        'ein dict wie {"data-netlify": "true"}',
    ),
    Setting("QUESTIONNAIRE_PDF", True, boolean, "True oder False"),
)


def is_questionnaire(content) -> bool:
    path = (getattr(content, "relative_source_path", "") or "").replace("\\", "/")
    return path.startswith(f"{QUESTIONNAIRE_DIR}/")


def check_settings(pelican) -> None:
    """Declare the plugin's settings once, with their defaults."""
    apply(pelican.settings, SCHEMA)


def use_template(content) -> None:
    """Questionnaire files render with the questionnaire template unless told otherwise."""
    if is_questionnaire(content) and "template" not in content.metadata:
        content.template = "questionnaire"


def form_endpoint(questionnaire, settings: dict) -> tuple[str, str]:
    """(mode, address): where this form sends, by precedence.

    ``endpoint``: the definition's own ``recipient.endpoint`` or QUESTIONNAIRE_ENDPOINT
    (another form service); ``receiver``: the project's own receiver; ``email``: none,
    the visitor's mail program is prepared instead.
    """
    if questionnaire.recipient.endpoint:
        return "endpoint", questionnaire.recipient.endpoint
    if settings["QUESTIONNAIRE_RECEIVER"]:
        base = settings["QUESTIONNAIRE_RECEIVER"].rstrip("/")
        return "receiver", f"{base}/antworten/{questionnaire.slug}"
    return "email", ""


def form_sources(endpoint: str, site_origin: str) -> dict[str, list[str]]:
    """What the form's page must allow beyond the site policy: exactly where it sends.

    A receiver under the site's own domain needs nothing: 'self' already names it.
    """
    if not endpoint:
        return {"form-action": ["mailto:"]}
    origin = origin_of(endpoint)
    if origin == site_origin:
        return {}
    return {"form-action": [origin], "connect-src": [origin]}


def owner_email(settings: dict) -> str | None:
    """owner.yml's address for the questionnaires; None while a preview's owner.yml leaves
    it empty (the build has warned; a production build refuses it, so does its receiver)."""
    owner = settings.get("OWNER") or {}
    if "email" in (owner.get("leer") or {}) and not settings.get("PUBLISH"):
        return None
    return owner.get("email", "")


def _service_links(generator) -> dict[str, dict[str, str]]:
    base = sitepath(generator.settings)
    return {
        page.slug: {"title": page.title, "url": f"{base}/{page.url}"}
        for page in services_of(generator)
    }


def _pdf(page, generator) -> None:
    """Render the PDF's HTML; take the PDF from the cache or start making it now."""
    settings = generator.settings
    page.pdf_url, page.pdf_html, page.pdf_job = "", "", None
    if not (settings["QUESTIONNAIRE_PDF"] and page.questionnaire.pdf):
        return
    questions = page.question_map
    # A blank form has no answers to judge: the PDF lists what the rules look at.
    page.advice_checklist = [
        (rule.describe(questions), rule.blank_text()) for rule in page.questionnaire.rules
    ]
    template = generator.get_template("questionnaire_pdf")
    page.pdf_html = template.render({**generator.context, "page": page})
    page.pdf_url = f"{page.url}{page.slug}.pdf"
    cached = cache_file(Path(settings["CACHE_PATH"]), page.pdf_html)
    if not usable(cached):  # WeasyPrint loads and renders in the background meanwhile
        groups = pdf_groups(page.questionnaire)
        page.pdf_job = PdfJob(page.pdf_html, cached, str(generator.output_path), groups, settings)


def settle_pdf(generator, content) -> None:
    """Just before a questionnaire page is written: link its PDF only if one is made."""
    job = getattr(content, "pdf_job", None)
    if job is None or not job.problem():
        return
    logger.warning("%s: Kein PDF erzeugt: %s", display_path(content.source_path), job.problem())
    content.pdf_url, content.pdf_job = "", None


def _attach(page, questionnaire, generator, services) -> None:
    """Give a questionnaire page everything its templates and the script need."""
    settings = generator.settings
    base = sitepath(settings)
    mode, endpoint = form_endpoint(questionnaire, settings)
    page.questionnaire = questionnaire
    page.form_mode = mode
    page.form_endpoint = endpoint
    page.success_url = f"{page.url}{SUCCESS_PATH}"
    page.csp_sources = form_sources(endpoint, origin_of(absolute_siteurl(settings)))
    page.endpoint_host = origin_of(endpoint).split("://", 1)[1] if endpoint else ""
    page.privacy_anchor = (
        page.slug if page.slug.startswith("fragebogen") else f"fragebogen-{page.slug}"
    )
    page.honeypot = HONEYPOT
    page.form_attributes = dict(settings["QUESTIONNAIRE_FORM_ATTRIBUTES"])
    if "data-netlify" in page.form_attributes:  # Netlify Forms: its own honeypot check
        page.form_attributes.setdefault("netlify-honeypot", HONEYPOT)
    page.question_map = questionnaire.question_map()
    urls = {"success": f"{base}/{page.success_url}", "page": f"{base}/{page.url}"}
    gettext = translations_for(generator.context).gettext
    page.client_json = client_json(questionnaire, services, urls, gettext, mode, endpoint)
    _pdf(page, generator)


def prepare(generator) -> None:
    """Parse every questionnaire page; share the results with templates and the writer."""
    settings = generator.settings
    services = _service_links(generator)
    prepared = []
    for page in generator.pages + generator.hidden_pages + generator.draft_pages:
        if not is_questionnaire(page):
            continue
        try:
            questionnaire = parse_questionnaire(
                page.metadata,
                display_path(page.source_path),
                set(services),
                settings["QUESTIONNAIRE_ENDPOINT"],
                owner_email(settings),
            )
        except DefinitionError as error:
            for line in error.problems:
                logger.error("%s", line)
            continue
        _attach(page, questionnaire, generator, services)
        prepared.append(page)
    generator.context["questionnaires"] = prepared


class QuestionnaireOutputs(Generator):
    """Writes each questionnaire's success page and fillable PDF."""

    def planned_outputs(self) -> list[Planned]:
        found = []
        for page in self.context.get("questionnaires", []):
            shown = display_path(page.source_path)
            where, fix = f"{shown}: Feld 'slug'", "bitte einen anderen slug eintragen"
            for path, owner in (
                (f"{page.success_url}index.html", f"die Dankeseite von {shown}"),
                (getattr(page, "pdf_url", ""), f"das PDF von {shown}"),
            ):
                if path:
                    found.append(Planned(path, owner, where, fix, 0.2, page.source_path))
        return found

    def generate_output(self, writer) -> None:
        for page in self.context.get("questionnaires", []):
            writer.write_file(
                page.success_url + "index.html",
                self.get_template("questionnaire_success"),
                self.context,
                form_page=page,  # not `page`: that would make it the form's own page
                noindex=True,  # reached after sending, never from a search engine
                relative_urls=self.settings["RELATIVE_URLS"],
            )
            if not page.pdf_url:
                continue
            queue = getattr(writer, "queue", None)
            if queue is None:  # another writer: wait for the PDF here
                self._write_pdf(page)
            else:  # once the pages are written: the PDF is made meanwhile
                queue.finishing.append(functools.partial(self._write_pdf, page))

    def _write_pdf(self, page) -> None:
        target = Path(self.output_path) / page.pdf_url
        if page.pdf_job is None:  # taken from the cache
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(cache_file(Path(self.settings["CACHE_PATH"]), page.pdf_html), target)
        else:
            page.pdf_job.finish(target, display_path(page.source_path))


def add_generator(pelican):
    """Register the writer of success pages and PDFs."""
    return QuestionnaireOutputs


def start_pdf_ahead(pelican) -> None:
    start_ahead(pelican.settings)


def end_pdf_spare(pelican) -> None:
    end_spare(pelican.settings)


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.initialized.connect(start_pdf_ahead)  # after the check: it reads CACHE_PATH
    signals.finalized.connect(end_pdf_spare)
    signals.content_object_init.connect(use_template)
    signals.page_generator_finalized.connect(prepare)
    signals.page_generator_write_page.connect(settle_pdf)
    signals.get_generators.connect(add_generator)
