"""schema.org data for every page, built from the same objects the page shows.

``page_graph(context)`` returns the JSON-LD of the page being rendered: the business
(``Organization`` with its owner as ``Person`` and contact points) and the
``WebSite`` on every page, plus what the page is: ``Service`` with its ``Offer``, the
``OfferCatalog`` of all services, ``FAQPage``, ``BlogPosting``, ``AboutPage``,
``ContactPage``, and a ``BreadcrumbList`` on every page but the home page.
``script_json`` makes the text safe inside ``<script>``: no value can end the element.
"""

from __future__ import annotations

import json
import re
from typing import Any

from markupsafe import Markup

ADDRESS_AT = re.compile(r"(?<=[\w.+-])@(?=[\w-])")  # the @ of name@domain, not of "@type"
PRICE = re.compile(r"(\d+(?:[.,]\d+)?)\s*€(?:\s*(?:pro|je|/)\s*(\w+))?")


def script_json(data: Any) -> str:
    """JSON that cannot close its script element or start markup (no < > & at all), and
    whose e-mail addresses a harvester scanning the bytes does not find (``\\u0040``)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char in "<>&":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return ADDRESS_AT.sub(r"\\u0040", text)


def text(value: Any) -> str:
    """Plain text of HTML (a summary): tags removed, entities decoded."""
    return " ".join(Markup(str(value or "")).striptags().split())


def title(value: Any) -> str:
    """A title is already text: whatever it holds is kept as written."""
    return " ".join(str(value or "").split())


class Site:
    """Absolute addresses and the ids of the site-wide nodes."""

    def __init__(self, context) -> None:
        self.context = context
        self.base = context["ABSOLUTE_SITEURL"]
        self.owner = context.get("OWNER", {})

    def url(self, relative: str) -> str:
        return f"{self.base}/{relative}"

    def id(self, name: str) -> str:
        return f"{self.base}/#{name}"

    def organization(self) -> dict:
        owner = self.owner
        node = {
            "@type": "Organization",
            "@id": self.id("organisation"),
            "name": owner.get("firma") or self.context.get("SITENAME"),
            "url": self.url(""),
            "founder": {"@id": self.id("person")},
            "contactPoint": self.contact_points(),
        }
        if owner.get("email"):
            node["email"] = owner["email"]
        if owner.get("telefon_link"):
            node["telephone"] = owner["telefon_link"].removeprefix("tel:")
        parts = {"streetAddress": "strasse", "postalCode": "plz", "addressLocality": "ort"}
        address = {name: owner[key] for name, key in parts.items() if owner.get(key)}
        if address:
            node["address"] = {"@type": "PostalAddress", **address, "addressCountry": "DE"}
        logo = self.context.get("STRUCTURED_DATA_LOGO")
        if logo:
            node["logo"] = self.url(logo)
        return node

    def contact_points(self) -> list[dict]:
        owner = self.owner
        point = {
            "@type": "ContactPoint",
            "contactType": "customer service",
            "availableLanguage": "de",
        }
        if owner.get("email"):
            point["email"] = owner["email"]
        if owner.get("telefon_link"):
            point["telephone"] = owner["telefon_link"].removeprefix("tel:")
        if owner.get("zeiten"):
            point["hoursAvailable"] = owner["zeiten"]
        return [point]

    def person(self) -> dict:
        node = {
            "@type": "Person",
            "@id": self.id("person"),
            "name": self.owner.get("name") or self.context.get("AUTHOR"),
            "worksFor": {"@id": self.id("organisation")},
        }
        if self.owner.get("taetigkeit"):
            node["jobTitle"] = self.owner["taetigkeit"]
        portrait = self.context.get("OWNER_PORTRAIT_URL")
        if portrait:
            node["image"] = portrait
        return node

    def website(self) -> dict:
        node = {
            "@type": "WebSite",
            "@id": self.id("website"),
            "url": self.url(""),
            "name": self.context.get("SITENAME"),
            "inLanguage": self.context.get("DEFAULT_LANG", "de"),
            "publisher": {"@id": self.id("organisation")},
        }
        search = self.context.get("SEARCH_PAGE_URL")
        if search:
            node["potentialAction"] = {
                "@type": "SearchAction",
                "target": f"{self.url(search)}?q={{suchbegriff}}",
                "query-input": "required name=suchbegriff",
            }
        return node


def offer(service, site: Site) -> dict:
    """The service's price as an Offer; a figure like „ab 48 € pro Stunde“ is parsed."""
    node = {"@type": "Offer", "description": text(service.metadata.get("price", ""))}
    match = PRICE.search(node["description"])
    if match:
        amount = match.group(1).replace(".", "").replace(",", ".")
        node["priceSpecification"] = {
            "@type": "UnitPriceSpecification",
            "price": amount,
            "priceCurrency": "EUR",
            "valueAddedTaxIncluded": "netto" not in node["description"],
        }
        if match.group(2):
            node["priceSpecification"]["unitText"] = match.group(2)
    node["url"] = site.url(service.url)
    return node


def service(page, site: Site) -> dict:
    return {
        "@type": "Service",
        "@id": site.url(page.url) + "#leistung",
        "name": title(page.title),
        "description": text(page.metadata.get("summary", "")),
        "provider": {"@id": site.id("organisation")},
        "areaServed": {"@type": "Country", "name": "Deutschland"},
        "audience": {"@type": "Audience", "audienceType": text(page.metadata.get("audience", ""))},
        "url": site.url(page.url),
        "offers": offer(page, site),
    }


def catalog(page, services: list, site: Site) -> dict:
    return {
        "@type": "OfferCatalog",
        "@id": site.url(page.url) + "#katalog",
        "name": title(page.title),
        "url": site.url(page.url),
        "itemListElement": [
            {
                **offer(item, site),
                "itemOffered": {
                    "@id": site.url(item.url) + "#leistung",
                    "@type": "Service",
                    "name": title(item.title),
                },
            }
            for item in services
        ],
    }


def faq_page(page, site: Site) -> dict:
    faq = getattr(page, "faq", None)
    questions = faq.questions if faq is not None else []
    return {
        "@type": "FAQPage",
        "@id": site.url(page.url) + "#faq",
        "url": site.url(page.url),
        "mainEntity": [
            {
                "@type": "Question",
                "name": q.question,
                "acceptedAnswer": {"@type": "Answer", "text": q.answer_text},
            }
            for q in questions
        ],
    }


def blog_posting(article, site: Site, image: str = "") -> dict:
    node = {
        "@type": "BlogPosting",
        "@id": site.url(article.url) + "#beitrag",
        "headline": title(article.title),
        "description": text(article.summary),
        "url": site.url(article.url),
        "mainEntityOfPage": site.url(article.url),
        "datePublished": article.date.isoformat(),
        "dateModified": (getattr(article, "modified", None) or article.date).isoformat(),
        "author": {"@id": site.id("person")},
        "publisher": {"@id": site.id("organisation")},
        "inLanguage": site.context.get("DEFAULT_LANG", "de"),
        "articleSection": str(article.category),
        "keywords": [str(tag) for tag in getattr(article, "tags", []) or []],
    }
    if image:
        node["image"] = image
    return node


def breadcrumbs(trail: list[tuple[str, str]], site: Site) -> dict:
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": site.url(url)}
            for n, (name, url) in enumerate(trail, start=1)
        ],
    }
