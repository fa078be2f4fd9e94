"""Reading time for blog articles (German reading speed, whole minutes)."""

from __future__ import annotations

import math
import re

from markupsafe import Markup
from pelican import signals

_WORD = re.compile(r"\w+", re.UNICODE)


def reading_minutes(html: str, words_per_minute: int = 200) -> int:
    """Minutes needed to read ``html``, at least one."""
    words = len(_WORD.findall(Markup(html).striptags()))
    return max(1, math.ceil(words / words_per_minute))


def add_reading_time(generator) -> None:
    """Set ``reading_minutes`` on every article and draft."""
    wpm = int(generator.settings.get("READING_WORDS_PER_MINUTE", 200))
    for article in generator.articles + generator.drafts + generator.hidden_articles:
        article.reading_minutes = reading_minutes(article.content, wpm)


def register() -> None:
    signals.article_generator_finalized.connect(add_reading_time)
