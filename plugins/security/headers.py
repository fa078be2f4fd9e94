"""HTTP headers for every host from one source: ``CSP`` and ``SECURITY_HEADERS``.

Writes ``_headers`` (Netlify, Cloudflare Pages) and ``.htaccess`` (Apache, common
at German hosting companies) into the output. The Content-Security-Policy header
is the site policy plus exactly the origins the questionnaires send to.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals

from .csp import header_policy, origin_of

logger = logging.getLogger(__name__)

#: path pattern → Cache-Control. HTML is left to the host's default (Netlify and
#: Cloudflare revalidate every time); .htaccess sets "no-cache" for it explicitly.
CACHE_RULES = {
    "/assets/*": "public, max-age=31536000, immutable",
    "/feeds/*": "public, max-age=3600",
    "/images/*": "public, max-age=86400",
}
HTML_CACHE = "no-cache"
GENERATED = "Erzeugt aus pelicanconf.py (CSP, SECURITY_HEADERS) – nicht von Hand ändern."


def form_targets(questionnaires) -> list[str]:
    """Where the site's forms send: endpoint origins, or mailto: for the e-mail way."""
    targets = []
    for page in questionnaires:
        endpoint = page.questionnaire.recipient.endpoint
        target = origin_of(endpoint) if endpoint else "mailto:"
        if target not in targets:
            targets.append(target)
    return targets


def site_headers(settings: dict, questionnaires) -> dict[str, str]:
    """Every security header, in order, for every page of the site."""
    targets = form_targets(questionnaires)
    extra = {"form-action": targets}
    origins = [t for t in targets if t != "mailto:"]
    if origins:
        extra["connect-src"] = origins
    headers = {"Content-Security-Policy": header_policy(settings["CSP"], extra)}
    headers.update(settings["SECURITY_HEADERS"])
    return headers


def netlify_headers(headers: dict[str, str]) -> str:
    lines = [f"# {GENERATED}", "/*"]
    lines += [f"  {name}: {value}" for name, value in headers.items()]
    for pattern, cache in CACHE_RULES.items():
        lines += ["", pattern, f"  Cache-Control: {cache}"]
    return "\n".join(lines) + "\n"


def apache_config(headers: dict[str, str]) -> str:
    def quoted(value: str) -> str:
        return value.replace("\\", "\\\\").replace('"', '\\"')

    lines = [
        f"# {GENERATED}",
        "Options -Indexes",
        "DirectoryIndex index.html",
        "ErrorDocument 404 /404.html",
        "AddDefaultCharset utf-8",
        "AddType application/xslt+xml .xsl",
        "",
        "<IfModule mod_rewrite.c>",
        "  RewriteEngine On",
        "  RewriteCond %{HTTPS} !=on",
        "  RewriteRule ^ https://%{HTTP_HOST}%{REQUEST_URI} [L,R=301]",
        "</IfModule>",
        "",
        "<IfModule mod_headers.c>",
    ]
    lines += [f'  Header always set {name} "{quoted(value)}"' for name, value in headers.items()]
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
    lines.append("</IfModule>")
    return "\n".join(lines) + "\n"


def write_host_configs(pelican) -> None:
    """Write _headers and .htaccess next to the site's files."""
    settings = pelican.settings
    questionnaires = _questionnaires.get("pages", [])
    headers = site_headers(settings, questionnaires)
    output = Path(pelican.output_path)
    output.mkdir(parents=True, exist_ok=True)
    (output / "_headers").write_text(netlify_headers(headers), encoding="utf-8")
    (output / ".htaccess").write_text(apache_config(headers), encoding="utf-8")


_questionnaires: dict[str, list] = {}


def remember_questionnaires(generators) -> None:
    """Keep the parsed questionnaires of this run (their endpoints shape the CSP)."""
    for generator in generators:
        if "questionnaires" in getattr(generator, "context", {}):
            _questionnaires["pages"] = generator.context["questionnaires"]
            return
    _questionnaires["pages"] = []


def register() -> None:
    signals.all_generators_finalized.connect(remember_questionnaires)
    signals.finalized.connect(write_host_configs)
