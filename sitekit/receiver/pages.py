"""Pages for a browser without JavaScript, in the site's style.

The receiver renders them with the theme's own questionnaire macro and the site's
fingerprinted stylesheets (the same names the build gives them), so a visitor
without JavaScript sees the form again with every answer kept and each problem
next to its field, then a review step before anything is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape
from starlette.responses import HTMLResponse

from plugins.assets import fingerprinted
from plugins.questionnaire.rules import flagged

from .config import ReceiverConfig
from .mail import answer_text
from .site import Form, Site
from .validation import HONEYPOT, recommended

TEMPLATES = Path(__file__).with_name("templates")
STYLESHEETS = ("css/site.css", "css/questionnaire.css")


@dataclass(frozen=True)
class PageData:
    """What the theme's macro expects of ``page``."""

    question_map: dict


class Pages:
    def __init__(self, site: Site, config: ReceiverConfig) -> None:
        self.site = site
        self.config = config
        theme = Path(site.settings["THEME"])
        self.env = Environment(
            loader=ChoiceLoader(
                [FileSystemLoader(TEMPLATES), FileSystemLoader(theme / "templates")]
            ),
            autoescape=select_autoescape(default=True),
            extensions=["jinja2.ext.i18n"],
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.install_gettext_translations(site.translations, newstyle=True)
        self.env.globals["honeypot"] = HONEYPOT
        static = theme / "static"
        self.stylesheets = [
            f"{site.site_url}/{fingerprinted(static, path)}" for path in STYLESHEETS
        ]

    def headers(self) -> dict[str, str]:
        origin = self.site.origin
        policy = (
            f"default-src 'none'; style-src {origin}; img-src {origin} data:; "
            f"form-action 'self' {origin}; base-uri 'none'; frame-ancestors 'none'"
        )
        return {
            "Content-Security-Policy": policy,
            "Cache-Control": "no-store",
            "Referrer-Policy": "strict-origin-when-cross-origin",
            "X-Content-Type-Options": "nosniff",
        }

    def _render(self, name: str, status: int, **context) -> HTMLResponse:
        template = self.env.get_template(name)
        context.setdefault("values", {})
        html = template.render(
            lang=self.site.settings.get("DEFAULT_LANG", "de"),
            site_name=self.site.settings.get("SITENAME", ""),
            site_url=self.site.site_url,
            stylesheets=self.stylesheets,
            **context,
        )
        return HTMLResponse(html, status, headers=self.headers())

    def message(self, text: str, status: int, form_url: str = "") -> HTMLResponse:
        title = self.site.gettext("Das hat nicht geklappt")
        return self._render(
            "receiver_message.html", status, title=title, text=text, form_url=form_url
        )

    def form(self, form: Form, values: dict, errors: dict) -> HTMLResponse:
        questionnaire = form.questionnaire
        title = (
            self.site.gettext("Bitte prüfen Sie Ihre Angaben") if errors else questionnaire.title
        )
        return self._render(
            "receiver_form.html",
            422 if errors else 200,
            title=title,
            questionnaire=questionnaire,
            page=PageData(questionnaire.question_map()),
            values=values,
            errors=errors,
        )

    def review(self, form: Form, values: dict, answers: dict, ticket: str) -> HTMLResponse:
        questionnaire = form.questionnaire
        sections = []
        for section in questionnaire.sections:
            shown = [
                (q.label, answer_text(q, answers[q.id], answers, self.site.gettext))
                for q in section.questions
                if q.id in answers
            ]
            if shown:
                sections.append({"title": section.title, "answers": shown})
        # Only what will be stored travels on: answers to hidden questions are gone here.
        carried = {
            name: value if isinstance(value, list) else [value] for name, value in answers.items()
        }
        titles = [self.site.services.get(s, s) for s in recommended(questionnaire, answers)]
        return self._render(
            "receiver_review.html",
            200,
            title=self.site.gettext("Ihre Angaben im Überblick"),
            sections=sections,
            services=titles,
            notes=flagged(questionnaire.rules, answers),
            values=carried,
            ticket=ticket,
        )
