"""The site's Content-Security-Policy, computed by one function for every place it appears.

The ``<meta>`` tag of each page, ``_headers`` and ``.htaccess`` all come from
``content_security_policy``: the ``CSP`` setting plus the sources that content
declares. A page that needs more than the site policy (a form that posts to the
receiver, say) sets ``csp_sources = {"form-action": ["https://…"]}``; its own
``<meta>`` policy adds exactly those, and the host headers add the union of all
pages' sources, so one header fits every page.

A source that only one page may have (the search page's ``'wasm-unsafe-eval'``) goes
into ``csp_page_sources`` instead: that page's ``<meta>`` policy adds it, and the host
files give the page's address a policy of its own rather than granting it site-wide.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

# Directives a browser ignores inside <meta http-equiv>; hosts send them as headers.
HEADER_ONLY = {"frame-ancestors", "report-uri", "report-to", "sandbox"}
# Directives that take no source list.
NO_SOURCES = {"upgrade-insecure-requests", "block-all-mixed-content"}
DIRECTIVE = re.compile(r"[a-z]+(?:-[a-z]+)*")
KEYWORD = (
    r"'(?:self|none|unsafe-inline|unsafe-eval|wasm-unsafe-eval|unsafe-hashes|strict-dynamic"
    r"|report-sample|inline-speculation-rules)'"
)
HASH_OR_NONCE = r"'(?:nonce|sha256|sha384|sha512)-[A-Za-z0-9+/_=-]+'"
SCHEME = r"[a-z][a-z0-9+.-]*:"
HOST = r"(?:[a-z][a-z0-9+.-]*://)?(?:\*\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*(?::(?:\d+|\*))?(?:/[^\s;,']*)?"
SOURCE = re.compile(rf"{KEYWORD}|{HASH_OR_NONCE}|{SCHEME}|{HOST}|\*")


def origin_of(url: str) -> str:
    """``https://forms.example/x`` → ``https://forms.example``."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def source_problem(source: str) -> str:
    """Why ``source`` is not a CSP source expression (``""`` when it is one)."""
    if SOURCE.fullmatch(source):
        return ""
    return f"{source!r} ist keine gültige Quelle (z. B. 'self', https://formular.beispiel.de)"


def directive_problem(directive: object, sources: object) -> str:
    """Why one ``directive: sources`` entry of a CSP cannot be used (``""``: it can)."""
    if not isinstance(directive, str) or not DIRECTIVE.fullmatch(directive):
        return f"{directive!r} ist kein CSP-Direktivenname"
    if not isinstance(sources, str):
        return f"{directive}: die Quellen müssen ein Text sein"
    if directive in NO_SOURCES:
        return f"{directive} nimmt keine Quellen" if sources.strip() else ""
    if not sources.split():
        return f"{directive}: keine Quelle angegeben"
    problems = [source_problem(source) for source in sources.split()]
    return next((f"{directive}: {p}" for p in problems if p), "")


def policy_problem(csp: object) -> str:
    """Why a CSP mapping cannot be used: unknown shape, bad directive or bad source."""
    if not isinstance(csp, Mapping) or not csp:
        return "muss ein dict wie {'default-src': \"'self'\", …} sein"
    problems = (directive_problem(name, sources) for name, sources in csp.items())
    return next((problem for problem in problems if problem), "")


def merge_sources(*declarations: Mapping[str, Iterable[str]] | None) -> dict[str, list[str]]:
    """Union of several ``{directive: [sources]}`` declarations, in first-seen order."""
    merged: dict[str, list[str]] = {}
    for declaration in declarations:
        for directive, sources in (declaration or {}).items():
            known = merged.setdefault(directive, [])
            known += [s for s in sources if s not in known]
    return merged


def content_security_policy(
    csp: Mapping[str, str], extra: Mapping[str, Iterable[str]] | None = None, *, header: bool
) -> str:
    """The policy text: ``csp`` plus ``extra`` sources; ``header=False`` for a <meta> tag."""
    directives = dict(csp)
    for name, sources in (extra or {}).items():
        for source in sources:
            problem = source_problem(source)
            if problem:
                raise ValueError(f"CSP-Quelle für {name}: {problem}")
        base = directives.get(name, directives.get("default-src", "")).split()
        directives[name] = " ".join(dict.fromkeys([*base, *sources]))
    return "; ".join(
        f"{name} {value}".strip()
        for name, value in directives.items()
        if header or name not in HEADER_ONLY
    )
