"""The questionnaire (Bedarfsanalyse): its page, its script's data and its PDF.

Its modules load only when Pelican registers the plugin: the PDF program
(``python -m plugins.questionnaire.pdf_maker``) lives in this package and loads
WeasyPrint alone, without Pelican.
"""


def register() -> None:
    """Pelican's entry point for the plugin (see ``plugin.register``)."""
    from .plugin import register as register_plugin  # noqa: PLC0415 - see above

    register_plugin()
