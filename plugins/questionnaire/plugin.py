"""Client questionnaire (Bedarfsanalyse) generated from a Markdown definition.

- Files in ``content/questionnaires/`` are pages with template ``questionnaire``.
- Their front matter is parsed and checked once (``definition.py``); a bad
  definition fails the build with file, question id and problem.
- Each questionnaire gets the rules as JSON for ``questionnaire.js``, a page CSP
  that allows exactly its endpoint, a success page and a fillable PDF.
"""

from __future__ import annotations

import logging
from pathlib import Path

from content_checks.paths import display_path
from pelican import signals
from pelican.generators import Generator
from security import meta_policy, origin_of

from .client import client_json
from .definition import DefinitionError, parse_questionnaire
from .pdf import pdf_problem, write_pdf

logger = logging.getLogger(__name__)

QUESTIONNAIRE_DIR = "questionnaires"
DEFAULTS = {
    "QUESTIONNAIRE_ENDPOINT": "",  # e.g. "https://formspree.io/f/abcd"; empty: e-mail
    "QUESTIONNAIRE_FORM_ATTRIBUTES": {},  # e.g. {"data-netlify": "true"}
    "QUESTIONNAIRE_PDF": True,
}


def _is_questionnaire(content) -> bool:
    path = (getattr(content, "relative_source_path", "") or "").replace("\\", "/")
    return path.startswith(f"{QUESTIONNAIRE_DIR}/")


def set_defaults(pelican) -> None:
    """Declare the plugin's settings once, with their defaults."""
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)
    if not isinstance(pelican.settings["QUESTIONNAIRE_FORM_ATTRIBUTES"], dict):
        raise ValueError("QUESTIONNAIRE_FORM_ATTRIBUTES muss ein dict sein.")


def use_template(content) -> None:
    """Questionnaire files render with the questionnaire template unless told otherwise."""
    if _is_questionnaire(content) and "template" not in content.metadata:
        content.template = "questionnaire"


def page_csp(settings: dict, endpoint: str) -> str:
    """The site policy plus exactly what this form sends to."""
    target = [origin_of(endpoint)] if endpoint else ["mailto:"]
    extra = {"form-action": target}
    if endpoint:
        extra["connect-src"] = target
    return meta_policy(settings["CSP"], extra)


def prepare(generator) -> None:
    """Parse every questionnaire page; share the results with templates and the writer."""
    settings = generator.settings
    services = {
        page.slug: {"title": page.title, "url": f"{settings.get('SITEPATH', '')}/{page.url}"}
        for page in generator.context.get("services", [])
    }
    prepared = []
    problem = pdf_problem() if settings["QUESTIONNAIRE_PDF"] else ""
    for page in generator.pages + generator.hidden_pages + generator.draft_pages:
        if not _is_questionnaire(page):
            continue
        try:
            questionnaire = parse_questionnaire(
                page.metadata,
                display_path(page.source_path),
                set(services),
                settings["QUESTIONNAIRE_ENDPOINT"],
            )
        except DefinitionError as error:
            for problem in error.problems:
                logger.error("%s", problem)
            continue
        base = page.url
        page.questionnaire = questionnaire
        page.success_url = f"{base}danke/"
        page.pdf_url = ""
        if settings["QUESTIONNAIRE_PDF"] and problem:
            logger.warning("%s: Kein PDF erzeugt: %s", display_path(page.source_path), problem)
        elif settings["QUESTIONNAIRE_PDF"]:
            page.pdf_url = f"{base}{page.slug}.pdf"
        page.form_csp = page_csp(settings, questionnaire.recipient.endpoint)
        page.endpoint_host = (
            origin_of(questionnaire.recipient.endpoint).split("://", 1)[1]
            if questionnaire.recipient.endpoint
            else ""
        )
        page.form_attributes = settings["QUESTIONNAIRE_FORM_ATTRIBUTES"]
        page.question_map = questionnaire.question_map()
        page.client_json = client_json(
            questionnaire,
            services,
            {
                "success": f"{settings.get('SITEPATH', '')}/{page.success_url}",
                "page": f"{settings.get('SITEPATH', '')}/{page.url}",
            },
        )
        prepared.append(page)
    generator.context["questionnaires"] = prepared


class QuestionnaireOutputs(Generator):
    """Writes each questionnaire's success page and fillable PDF."""

    def generate_output(self, writer) -> None:
        for page in self.context.get("questionnaires", []):
            writer.write_file(
                page.success_url + "index.html",
                self.get_template("questionnaire_success"),
                self.context,
                form_page=page,  # not `page`: the sitemap would list it under the form's URL
                relative_urls=self.settings["RELATIVE_URLS"],
            )
            if page.pdf_url:
                self._write_pdf(page)

    def _write_pdf(self, page) -> None:
        html = self.get_template("questionnaire_pdf").render({**self.context, "page": page})
        write_pdf(html, Path(self.output_path) / page.pdf_url, base_url=str(self.output_path))


def add_generator(pelican):
    """Register the writer of success pages and PDFs."""
    return QuestionnaireOutputs


def register() -> None:
    signals.initialized.connect(set_defaults)
    signals.content_object_init.connect(use_template)
    signals.page_generator_finalized.connect(prepare)
    signals.get_generators.connect(add_generator)
