"""Theme texts folded when a template is compiled (plugins/german_locale/constant_text.py)
read exactly as Jinja's i18n extension gives them on every page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from babel.support import NullTranslations
from helpers import ROOT
from jinja2 import Environment, FileSystemLoader

from plugins.german_locale.constant_text import CATALOGUE, ConstantTexts
from plugins.german_locale.locale import german_date, load_translations

SNIPPETS = (
    "{{ _('Kategorien') }}",
    "{{ _('A & B: 19 %% <b>') }}",  # a catalogue text is safe: not escaped, %% is %
    "{{ _('x') ~ '<y>' }}",  # joined with a safe text, the other side is escaped
    "{{ _('Seite %(num)d', num=3) }}",  # variables: still a call
    "{{ (_('eins') ~ ' ' ~ _('zwei'))|upper }}",
    "{{ ngettext('%(num)d Minute', '%(num)d Minuten', 2) }}",
    '<a title="{{ _(\'Zitat "hier"\') }}">',
    "{% set t = _('Abonnieren') %}{{ t }}|{{ t|length }}",
    "{{ item._('nicht gefaltet') if item else '' }}",
)


class Upper(NullTranslations):
    """A catalogue that changes every text (as another language would)."""

    def gettext(self, message):
        return f"»{message}«"

    def ngettext(self, singular, plural, n):
        return f"»{singular if n == 1 else plural}«"

    ugettext, ungettext = gettext, ngettext  # Babel's names, which Jinja prefers


def environment(catalogue, *, folded: bool) -> Environment:
    env = Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    env.install_gettext_translations(catalogue, newstyle=True)
    if folded:
        setattr(env, CATALOGUE, catalogue)
        env.add_extension(ConstantTexts)
    return env


@pytest.mark.parametrize("catalogue", [NullTranslations(), Upper()], ids=["deutsch", "andere"])
@pytest.mark.parametrize("snippet", SNIPPETS)
def test_a_folded_text_reads_as_the_call_gave_it(catalogue, snippet):
    plain = environment(catalogue, folded=False).from_string(snippet).render(item=None)
    folded = environment(catalogue, folded=True).from_string(snippet).render(item=None)
    assert folded == plain


#: In compiled template code: a call of ``_`` whose only argument is a string
LITERAL_CALL = re.compile(r"l_\d+__\), '(?:[^'\\]|\\.)*'(?:, _block_vars=_block_vars)?\)")


@pytest.mark.parametrize(
    "name", ["base.html", "index.html", "article.html", "partials/footer.html"]
)
def test_the_theme_templates_keep_no_call_for_a_text_without_variables(name):
    catalogue = load_translations(str(ROOT / "theme"), "de")
    compiled = {}
    for folded in (False, True):
        env = environment(catalogue, folded=folded)
        env.loader = FileSystemLoader(ROOT / "theme" / "templates")
        compiled[folded] = env.compile(env.loader.get_source(env, name)[0], name, raw=True)
    assert LITERAL_CALL.search(compiled[False])  # the theme has such texts
    assert not LITERAL_CALL.search(compiled[True])


def test_a_date_is_formatted_by_its_own_day_in_any_time_zone():
    east = dt.timezone(dt.timedelta(hours=2))
    late = dt.datetime(2026, 3, 14, 23, 30, tzinfo=dt.UTC)
    early = late.astimezone(east)  # the same instant, already the 15th
    assert late == early
    assert german_date(late) == "14. März 2026"
    assert german_date(early) == "15. März 2026"
