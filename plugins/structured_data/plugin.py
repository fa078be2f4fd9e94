"""JSON-LD on every page (see ``graph.py``): templates write ``{{ structured_data() }}``.

What a page is comes from its template (``service``, ``services``, ``faq``, ``about``,
``contact``) or from being an article; the breadcrumb trail from the site's own
pages, so nothing here knows an address of the demo.
"""

from __future__ import annotations

from jinja2 import pass_context
from markupsafe import Markup
from pelican import signals
from pelican.contents import Article

from plugins.german_locale import translations_for
from plugins.navigation import page_for
from plugins.share_images import share_for

from . import graph

PAGE_TYPES = {"about": "AboutPage", "contact": "ContactPage"}


def _index_url(context) -> str:
    return context["INDEX_SAVE_AS"].removesuffix("index.html")


def trail(context, item, site: graph.Site) -> list[tuple[str, str]]:
    """(name, relative url) from the home page to the page being rendered."""
    _ = translations_for(context).gettext
    steps = [(_("Startseite"), "")]
    blog = (_("Blog"), _index_url(context))
    if isinstance(item, Article):
        return [*steps, blog, (graph.title(item.title), item.url)]
    if item is not None:
        if not item.url:  # the home page is where every trail starts
            return []
        if getattr(item, "template", "") == "service":
            overview = page_for(context, "services")
            if overview is not None:
                steps.append((graph.title(overview.title), overview.url))
        return [*steps, (graph.title(item.title), item.url)]
    for key, label in (("tag", _("Schlagwort")), ("category", _("Kategorie"))):
        if context.get(key) is not None:
            wrapper = context[key]
            return [*steps, blog, (f"{label}: {wrapper.name}", wrapper.url)]
    output = context.get("output_file", "")
    if output.startswith(_index_url(context)) and output != "index.html":
        return [*steps, blog]
    return []


def nodes_for(context, item, site: graph.Site) -> list[dict]:
    """The nodes that describe what this page is."""
    if isinstance(item, Article):
        published = item.status == "published"
        return [graph.blog_posting(item, site, share_for(context, item).url)] if published else []
    template = getattr(item, "template", "") if item is not None else ""
    if template == "service":
        return [graph.service(item, site)]
    if template == "services":
        return [graph.catalog(item, context.get("services", []), site)]
    if template == "faq":
        return [graph.faq_page(item, site)]
    if template in PAGE_TYPES:
        node = {
            "@type": PAGE_TYPES[template],
            "url": site.url(item.url),
            "name": graph.title(item.title),
            "about": {"@id": site.id("organisation")},
        }
        if template == "about":
            node["mainEntity"] = {"@id": site.id("person")}
        return [node]
    return []


@pass_context
def structured_data(context) -> Markup:
    """Template global: the page's JSON-LD, safe inside <script type="application/ld+json">."""
    site = graph.Site(context)
    item = context.get("article") or context.get("page")
    nodes = [site.organization(), site.person(), site.website(), *nodes_for(context, item, site)]
    steps = trail(context, item, site)
    if len(steps) > 1:
        nodes.append(graph.breadcrumbs(steps, site))
    return Markup(graph.script_json({"@context": "https://schema.org", "@graph": nodes}))


def install(generator) -> None:
    """Offer ``structured_data()`` to every template."""
    generator.env.globals["structured_data"] = structured_data


def register() -> None:
    signals.generator_init.connect(install)
