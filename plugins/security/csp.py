"""Content-Security-Policy strings built from the one ``CSP`` setting."""

from __future__ import annotations

from urllib.parse import urlsplit

# Directives a browser ignores inside <meta http-equiv>; hosts send them as headers.
HEADER_ONLY = {"frame-ancestors", "report-uri", "sandbox"}


def origin_of(url: str) -> str:
    """``https://forms.example/x`` → ``https://forms.example``."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _directives(csp: dict[str, str], extra: dict[str, list[str]] | None) -> dict[str, str]:
    directives = dict(csp)
    for name, sources in (extra or {}).items():
        current = directives.get(name, directives.get("default-src", "")).split()
        directives[name] = " ".join(dict.fromkeys(current + list(sources)))
    return directives


def meta_policy(csp: dict[str, str], extra: dict[str, list[str]] | None = None) -> str:
    """The policy for a <meta> tag, with sources added per directive (e.g. a form endpoint)."""
    directives = _directives(csp, extra)
    return "; ".join(f"{k} {v}" for k, v in directives.items() if k not in HEADER_ONLY)


def header_policy(csp: dict[str, str], extra: dict[str, list[str]] | None = None) -> str:
    """The policy for the HTTP header (all directives, frame-ancestors included)."""
    return "; ".join(f"{k} {v}" for k, v in _directives(csp, extra).items())
