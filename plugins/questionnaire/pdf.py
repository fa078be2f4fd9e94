"""Fillable PDF of a questionnaire through WeasyPrint (PDF forms), made only when it changed.

The PDF is rendered from HTML; a PDF made from the same HTML by the same WeasyPrint is
kept in the build cache (``CACHE_PATH``) and copied, so an unchanged questionnaire costs
no WeasyPrint at all (loading it alone takes longer than a small site's build).
"""

from __future__ import annotations

import hashlib
import shutil
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

MISSING_HINT = (
    "WeasyPrint lässt sich nicht laden. Unter Debian/Ubuntu fehlen meist die "
    "Systembibliotheken: apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
)


def pdf_problem() -> str:
    """Why no PDF can be made here, or an empty string when WeasyPrint works."""
    try:
        import weasyprint  # noqa: F401, PLC0415 - loading it is the check (Pango may be missing)
    except (ImportError, OSError) as error:  # OSError: Pango/HarfBuzz not installed
        return f"{MISSING_HINT} ({error.__class__.__name__}: {error})"
    return ""


def write_pdf(html: str, target: Path, base_url: str) -> None:
    """Render ``html`` with form fields as a PDF at ``target``."""
    from weasyprint import HTML  # noqa: PLC0415 - only after pdf_problem() said it loads

    target.parent.mkdir(parents=True, exist_ok=True)
    HTML(string=html, base_url=base_url).write_pdf(target, pdf_forms=True)


def cache_file(cache_dir: Path, html: str) -> Path:
    """Where the PDF for exactly this HTML (and this WeasyPrint) is kept."""
    try:
        engine = version("weasyprint")
    except PackageNotFoundError:
        engine = "?"
    key = hashlib.sha256(f"{engine}\n{html}".encode()).hexdigest()[:32]
    return cache_dir / "fragebogen-pdf" / f"{key}.pdf"


def cached_pdf(html: str, cache_dir: Path) -> Path | None:
    cached = cache_file(cache_dir, html)
    return cached if cached.is_file() else None


def write_cached_pdf(html: str, target: Path, base_url: str, cache_dir: Path) -> None:
    """Copy the cached PDF for ``html``, or render it and keep a copy in the cache."""
    cached = cache_file(cache_dir, html)
    target.parent.mkdir(parents=True, exist_ok=True)
    if not cached.is_file():
        write_pdf(html, target, base_url)
        cached.parent.mkdir(parents=True, exist_ok=True)
        temporary = cached.with_suffix(f".{id(target)}.tmp")
        shutil.copyfile(target, temporary)
        temporary.replace(cached)
        return
    shutil.copyfile(cached, target)
