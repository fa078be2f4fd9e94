"""Fillable PDF of a questionnaire through WeasyPrint (PDF forms)."""

from __future__ import annotations

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
