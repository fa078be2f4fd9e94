"""HTTP headers for every host from one source: ``CSP`` and ``SECURITY_HEADERS``.

Each page's ``<meta>`` policy comes from the template global ``page_csp()``;
``_headers`` (Netlify, Cloudflare Pages), ``.htaccess`` (Apache, common at German
hosting companies) and ``_headers.nginx`` / ``_headers.caddy`` (included by
deploy/nginx.conf and deploy/Caddyfile) are written next to the site's files with the
same policy plus the union of every page's declared sources (see ``csp.py``). A page
that declares sources for itself alone (``csp_page_sources``) gets a rule for its own
address in each file, with the site policy plus exactly those sources.
"""

from __future__ import annotations

import logging
from pathlib import Path

from jinja2 import pass_context
from pelican import signals
from pelican.generators import Generator

from plugins.site_settings import Setting, apply, sitepath
from plugins.site_settings.planned import Planned, by_setting
from plugins.site_settings.schema import mapping, text

from .csp import content_security_policy, merge_sources, policy_problem

logger = logging.getLogger(__name__)

DEFAULT_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "form-action": "'self'",
    "base-uri": "'self'",
    "object-src": "'none'",
    "frame-ancestors": "'none'",
}
DEFAULT_SECURITY_HEADERS = {
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": (
        "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
        "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=(), "
        "browsing-topics=()"
    ),
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
HEADER_VALUE = r"[^\r\n]*"
SCHEMA = (
    Setting("CSP", DEFAULT_CSP, policy_problem, "ein dict aus Direktiven und Quellen"),
    Setting(
        "SECURITY_HEADERS",
        DEFAULT_SECURITY_HEADERS,
        mapping(
            text(pattern=HEADER_VALUE, allowed="eine Zeile"),
            keys=text(required=True, pattern=r"[A-Za-z0-9-]+", allowed="Buchstaben und -"),
        ),
        "ein dict aus Header-Namen und Werten",
    ),
)

#: path pattern → Cache-Control. HTML is left to the host's default (Netlify and
#: Cloudflare revalidate every time); .htaccess sets "no-cache" for it explicitly.
CACHE_RULES = {
    "/assets/*": "public, max-age=31536000, immutable",
    "/feeds/*": "public, max-age=3600",
    "/images/*": "public, max-age=86400",
}
HTML_CACHE = "no-cache"
GENERATED = "Erzeugt aus pelicanconf.py (CSP, SECURITY_HEADERS) – nicht von Hand ändern."
CONTENT_LISTS = ("articles", "drafts", "hidden_articles", "pages", "hidden_pages", "draft_pages")


def check_settings(pelican) -> None:
    """Declare CSP and SECURITY_HEADERS and check every directive and source."""
    apply(pelican.settings, SCHEMA)


def _content(context: dict) -> list:
    return [item for key in CONTENT_LISTS for item in context.get(key, [])]


def declared_sources(context: dict) -> dict[str, list[str]]:
    """Union of the ``csp_sources`` every content object of this build declares."""
    return merge_sources(*(getattr(item, "csp_sources", None) for item in _content(context)))


def own_sources(item) -> dict[str, list[str]]:
    """What one content object's <meta> policy adds: its site-wide and its own sources."""
    return merge_sources(
        getattr(item, "csp_sources", None), getattr(item, "csp_page_sources", None)
    )


def page_policies(context: dict, settings: dict) -> dict[str, str]:
    """Address pattern → header policy, for each page that declares sources for itself."""
    site = declared_sources(context)
    base = sitepath(settings)
    return {
        f"{base}/{item.url}*": content_security_policy(
            settings["CSP"], merge_sources(site, item.csp_page_sources), header=True
        )
        for item in _content(context)
        if getattr(item, "csp_page_sources", None) and getattr(item, "url", "")
    }


@pass_context
def page_csp(context) -> str:
    """Template global: the <meta> policy of the page being rendered (computed once each)."""
    item = context.get("page") or context.get("article")
    extra = own_sources(item) if item is not None else None
    key = tuple((name, tuple(sources)) for name, sources in (extra or {}).items())
    policies = context.get("meta_policies")
    if policies is None:  # a template rendered outside a build (tests)
        return content_security_policy(context["CSP"], extra, header=False)
    if key not in policies:
        policies[key] = content_security_policy(context["CSP"], extra, header=False)
    return policies[key]


def new_policy_cache(generators) -> None:
    """One cache of <meta> policies per build, shared by every template."""
    if generators:
        generators[0].context["meta_policies"] = {}


def site_headers(settings: dict, sources: dict[str, list[str]]) -> dict[str, str]:
    """Every security header, in order, for every page of the site."""
    headers = {
        "Content-Security-Policy": content_security_policy(settings["CSP"], sources, header=True)
    }
    headers.update(settings["SECURITY_HEADERS"])
    return headers


def _quoted(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')


CSP_HEADER = "Content-Security-Policy"


def netlify_headers(headers: dict[str, str], pages: dict[str, str]) -> str:
    """Netlify serves a later, more specific rule's value of a header (Cloudflare Pages
    joins both values, so there the site policy still applies: see README, „Suche“)."""
    lines = [f"# {GENERATED}", "/*"]
    lines += [f"  {name}: {value}" for name, value in headers.items()]
    for pattern, cache in CACHE_RULES.items():
        lines += ["", pattern, f"  Cache-Control: {cache}"]
    for pattern, policy in pages.items():
        lines += ["", pattern, f"  {CSP_HEADER}: {policy}"]
    return "\n".join(lines) + "\n"


def apache_config(headers: dict[str, str], pages: dict[str, str], not_found: str) -> str:
    lines = [
        f"# {GENERATED}",
        "Options -Indexes",
        "DirectoryIndex index.html",
        f"ErrorDocument 404 {not_found}",
        "AddDefaultCharset utf-8",
        "AddType application/xslt+xml .xsl",
        '<FilesMatch "^_headers">',
        "  Require all denied",
        "</FilesMatch>",
        "",
        "<IfModule mod_rewrite.c>",
        "  RewriteEngine On",
        "  RewriteCond %{HTTPS} !=on",
        "  RewriteRule ^ https://%{HTTP_HOST}%{REQUEST_URI} [L,R=301]",
        "</IfModule>",
        "",
        "<IfModule mod_headers.c>",
    ]
    lines += [f'  Header always set {name} "{_quoted(value)}"' for name, value in headers.items()]
    lines += [
        '  <FilesMatch "\\.html$">',
        f'    Header set Cache-Control "{HTML_CACHE}"',
        "  </FilesMatch>",
    ]
    for pattern, cache in CACHE_RULES.items():
        prefix = pattern.rstrip("*")
        lines += [
            f'  <If "%{{REQUEST_URI}} =~ m#^{prefix}#">',
            f'    Header set Cache-Control "{cache}"',
            "  </If>",
        ]
    for pattern, policy in pages.items():  # <If> is merged last: its value replaces the site's
        lines += [
            f'  <If "%{{REQUEST_URI}} =~ m#^{pattern.rstrip("*")}#">',
            f'    Header always set {CSP_HEADER} "{_quoted(policy)}"',
            "  </If>",
        ]
    lines.append("</IfModule>")
    return "\n".join(lines) + "\n"


def _nginx_add(headers: dict[str, str], indent: str = "") -> list[str]:
    return [
        f'{indent}add_header {name} "{_quoted(value)}" always;' for name, value in headers.items()
    ]


def nginx_headers(headers: dict[str, str], pages: dict[str, str]) -> str:
    """``add_header`` lines for deploy/nginx.conf to include (same values as _headers).

    A page with a policy of its own gets a nested location: nginx replaces inherited
    ``add_header`` lines as a whole, so it repeats every header (and ``try_files``).
    """
    lines = [f"# {GENERATED}", *_nginx_add(headers)]
    for pattern, policy in pages.items():
        lines += [f"location ^~ {pattern.rstrip('*')} {{", "    try_files $uri $uri/ =404;"]
        lines += _nginx_add({**headers, CSP_HEADER: policy, "Cache-Control": HTML_CACHE}, "    ")
        lines.append("}")
    return "\n".join(lines) + "\n"


def caddy_headers(headers: dict[str, str], pages: dict[str, str]) -> str:
    """A ``header`` block for deploy/Caddyfile to import (same values as _headers).

    A page's own policy is deferred: Caddy applies it last, over the site's value.
    """
    lines = [f"# {GENERATED}", "header {"]
    lines += [f'\t{name} "{_quoted(value)}"' for name, value in headers.items()]
    lines += ["\t-Server", "}"]
    for pattern, policy in pages.items():
        lines += [f"header {pattern} {{", f'\t{CSP_HEADER} "{_quoted(policy)}"', "\tdefer", "}"]
    return "\n".join(lines) + "\n"


#: Host configuration files the build writes, by the server that reads them.
HOST_FILES = {
    "_headers": netlify_headers,
    "_headers.nginx": nginx_headers,
    "_headers.caddy": caddy_headers,
}


class HostConfigs(Generator):
    """Writes ``_headers`` and ``.htaccess`` once every page has declared its sources."""

    def planned_outputs(self) -> list[Planned]:
        return [
            by_setting(name, f"die Server-Konfiguration {name}", "plugins/security")
            for name in [*HOST_FILES, ".htaccess"]
        ]

    def generate_output(self, writer) -> None:
        headers = site_headers(self.settings, declared_sources(self.context))
        pages = page_policies(self.context, self.settings)
        output = Path(self.output_path)
        output.mkdir(parents=True, exist_ok=True)
        not_found = f"{sitepath(self.settings)}/404.html"
        for name, render in HOST_FILES.items():
            (output / name).write_text(render(headers, pages), encoding="utf-8")
        (output / ".htaccess").write_text(
            apache_config(headers, pages, not_found), encoding="utf-8"
        )


def install(generator) -> None:
    """Offer ``page_csp()`` to every template."""
    generator.env.globals["page_csp"] = page_csp


def add_generator(pelican):
    """Register the writer of host configs."""
    return HostConfigs


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.generator_init.connect(install)
    signals.all_generators_finalized.connect(new_policy_cache)
    signals.get_generators.connect(add_generator)
