"""Every id on a page once: the content's anchors, the theme's and the questionnaire's.

A page's ids come from three places: the rendered Markdown (heading anchors, generated
from the text or written as ``{#anker}``, raw HTML), the templates the page is rendered
with (fixed ids like ``inhalt`` for the skip link) and, on a questionnaire page, the
form. Two equal ids make links to ``#anker`` land on the wrong element and break the
skip link. The FAQ page is rendered from the same headings (``page.faq``), so its group
and question anchors are checked as part of its content.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from jinja2 import meta
from jinja2.exceptions import TemplateError
from markdown.extensions.toc import slugify as markdown_slugify

from plugins.site_settings.paths import display_path
from plugins.site_settings.pelican_internals import html_of

CONTENT_ID = re.compile(r"""<[a-zA-Z][^>]*?\sid\s*=\s*(["'])(.*?)\1""", re.DOTALL)
TEMPLATE_ID = re.compile(r"""(?<![\w-])id\s*=\s*"([^"{}]+)\"""")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
ATTRIBUTES = re.compile(r"\s*\{[^}]*\}\s*$")
INLINE_MARKUP = re.compile(r"[*_`]|\[([^\]]*)\]\([^)]*\)")


def content_ids(html: str) -> list[str]:
    return [value for _, value in CONTENT_ID.findall(html or "")]


class ThemeIds:
    """The fixed ids each template of the theme writes (with what it extends and includes)."""

    def __init__(self, generator) -> None:
        self.generator = generator
        self.by_name: dict[str, dict[str, str]] = {}

    def __call__(self, template: str) -> dict[str, str]:
        """id → the template file that writes it, for pages rendered with ``template``."""
        try:
            name = self.generator.get_template(template).name
        except Exception:  # a missing template is reported by check_templates
            return {}
        return self._collect(name, set())

    def _collect(self, name: str, seen: set[str]) -> dict[str, str]:
        if name in self.by_name:
            return self.by_name[name]
        seen.add(name)
        env = self.generator.env
        try:
            source, filename, _ = env.loader.get_source(env, name)
            references = list(meta.find_referenced_templates(env.parse(source)))
        except TemplateError:
            return {}
        shown = display_path(filename) if filename else name
        found = dict.fromkeys(TEMPLATE_ID.findall(source), shown)
        for reference in references:
            if reference and reference not in seen:
                for anchor, where in self._collect(reference, seen).items():
                    found.setdefault(anchor, where)
        self.by_name[name] = found
        return found


def questionnaire_ids(page) -> dict[str, str]:
    """The ids the questionnaire form writes for its sections and questions."""
    questionnaire = getattr(page, "questionnaire", None)
    found: dict[str, str] = {}
    for section in getattr(questionnaire, "sections", None) or []:
        found[section.element_id] = f"der Fragebogen (Abschnitt '{section.id}')"
        for question in section.questions:
            owner = f"der Fragebogen (Frage '{question.id}')"
            for element in question.element_ids():
                found[element] = owner
    return found


def _toc_slugify(settings: dict) -> Callable[[str, str], str]:
    configs = (settings.get("MARKDOWN") or {}).get("extension_configs", {})
    slugify = configs.get("markdown.extensions.toc", {}).get("slugify")
    return slugify if callable(slugify) else markdown_slugify


class Source:
    """Where an anchor stands in the source file (for ``Zeile N`` in messages)."""

    def __init__(self, lines: list[str], settings: dict) -> None:
        self.lines = lines
        self.slugify = _toc_slugify(settings)

    def written(self, anchor: str) -> list[int]:
        """Lines that set ``anchor`` explicitly: ``{#anker}``, ``{: #anker}``, ``id="anker"``."""
        pattern = re.compile(
            r"\{[^}\n]*#" + re.escape(anchor) + r"(?![\w-])[^}\n]*\}"
            r"|(?<![\w-])id\s*=\s*[\"']" + re.escape(anchor) + r"[\"']"
        )
        return [n for n, line in enumerate(self.lines, start=1) if pattern.search(line)]

    def heading(self, anchor: str) -> tuple[int, str, str] | None:
        """(line, heading text, hashes) of the heading whose generated anchor is ``anchor``."""
        for number, line in enumerate(self.lines, start=1):
            match = HEADING.match(line)
            if not match:
                continue
            text = ATTRIBUTES.sub("", match[2])
            plain = INLINE_MARKUP.sub(lambda m: m[1] or "", text)
            if self.slugify(plain, "-") == anchor:
                return number, text, match[1]
        return None


def check_page(item, theme: dict[str, str], lines: Callable[[], list[str]], report) -> None:
    """Report each id of ``item``'s content that is already on the page."""
    ids = content_ids(html_of(item))
    counts: dict[str, int] = {}
    for anchor in ids:
        counts[anchor] = counts.get(anchor, 0) + 1
    clashes = [a for a in dict.fromkeys(ids) if counts[a] > 1 or a in theme]
    if not clashes:
        return
    source = Source(lines(), item.settings)
    path = display_path(item.source_path)
    for anchor in clashes:
        written = source.written(anchor)
        if anchor in theme:
            report(_theme_clash(path, anchor, theme[anchor], written, source))
            continue
        first = f" (Zeile {written[0]})" if written else ""
        for number in written[1:] or [None] * (counts[anchor] - 1):
            where = f", Zeile {number}" if number else ""
            report(
                f"{path}{where}: Anker '#{anchor}' gibt es auf dieser Seite schon{first} – "
                f"bitte einen anderen Anker wählen, z. B. {{#{anchor}-2}}."
            )


def _theme_clash(path: str, anchor: str, owner: str, written: list[int], source: Source) -> str:
    if not owner.startswith("der Fragebogen"):
        owner = f"das Theme ({owner})"
    if written:
        return (
            f"{path}, Zeile {written[0]}: Anker '#{anchor}' verwendet auf dieser Seite schon "
            f"{owner} – bitte einen anderen Anker wählen, z. B. {{#{anchor}-2}}."
        )
    heading = source.heading(anchor)
    if heading is None:
        return (
            f"{path}: Anker '#{anchor}' verwendet auf dieser Seite schon {owner} – bitte "
            f"einen anderen Anker wählen, z. B. {{#{anchor}-2}}."
        )
    number, text, hashes = heading
    return (
        f"{path}, Zeile {number}: die Überschrift „{text}“ bekommt den Anker '#{anchor}', den "
        f"auf dieser Seite schon {owner} verwendet – bitte einen eigenen Anker anhängen: "
        f"{hashes} {text} {{#{anchor}-2}}"
    )
