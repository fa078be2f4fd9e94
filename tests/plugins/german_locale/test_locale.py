"""German dates through Babel and theme strings through gettext catalogues."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

from helpers import DEMO_CONTENT, ROOT, build_site, read

from plugins.german_locale.locale import german_date, iso_date, load_translations
from plugins.questionnaire.script_data import script_texts


def test_german_dates_need_no_system_locale():
    assert german_date(dt.date(2026, 3, 14)) == "14. März 2026"
    assert german_date(dt.date(2026, 12, 1), "medium") == "01.12.2026"
    assert german_date(None) == ""
    summer = dt.datetime(2026, 8, 20, 10, 15, tzinfo=ZoneInfo("Europe/Berlin"))
    assert iso_date(summer) == "2026-08-20T10:15:00+02:00"


def test_missing_catalogue_falls_back_to_the_german_source_strings(tmp_path):
    assert load_translations(str(tmp_path), "de").gettext("Blog") == "Blog"


HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def english_theme(tmp_path) -> tuple[Path, Path]:
    """A copy of the theme with an (empty) English catalogue: the theme and the .po file."""
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    po = theme / "translations" / "en" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    return theme, po


def build_in_english(theme: Path, out: Path, *extra: str):
    return build_site(
        DEMO_CONTENT, out, "pelicanconf.py", "-e", f'THEME="{theme}"', 'DEFAULT_LANG="en"', *extra
    )


def test_another_language_is_one_catalogue(tmp_path):
    """A .po file in theme/translations/<lang>/ translates the theme; nothing else changes."""
    theme, po = english_theme(tmp_path)
    po.write_text(
        HEADER + 'msgid "Zum Inhalt springen"\nmsgstr "Skip to content"\n\n'
        'msgid "Hauptnavigation"\nmsgstr "Main navigation"\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    build = build_in_english(theme, out)
    assert build.ok, build.output
    home = read(out, "/")
    assert '<a class="skip-link" href="#inhalt">Skip to content</a>' in home
    assert 'aria-label="Main navigation"' in home
    assert '<html lang="en">' in home


def test_an_edited_catalogue_reaches_pages_built_with_a_warm_cache(tmp_path):
    """Theme texts are translated into the compiled templates, which the build cache
    keeps: a changed catalogue must still show on the next build."""
    theme, po = english_theme(tmp_path)
    cache = tmp_path / "cache"
    for wording in ("Skip to content", "Jump to the content"):
        po.write_text(f'{HEADER}msgid "Zum Inhalt springen"\nmsgstr "{wording}"\n', "utf-8")
        out = tmp_path / "out"
        build = build_in_english(theme, out, f"CACHE_PATH={cache}")
        assert build.ok, build.output
        assert f'href="#inhalt">{wording}</a>' in read(out, "/")
    assert list((cache / "vorlagen").iterdir())  # the second build had compiled templates


def test_every_theme_string_is_in_the_catalogue_template():
    pot = (ROOT / "theme" / "translations" / "messages.pot").read_text(encoding="utf-8")
    for text in (
        "Zum Inhalt springen",
        "Hauptnavigation",
        "Neu im Blog",
        "Angaben gemäß §\u00a05 DDG",
    ):
        assert f'msgid "{text}"' in pot


def test_catalogue_names_files_relative_to_the_project():
    catalogue = (ROOT / "theme/translations/messages.pot").read_text(encoding="utf-8")
    locations = [line for line in catalogue.splitlines() if line.startswith("#: ")]
    assert locations, "the catalogue lists where each text comes from"
    assert not [line for line in locations if str(ROOT) in line or " /" in line]
    assert any(line.startswith("#: plugins/questionnaire/script_data.py") for line in locations)


def questionnaire_code() -> str:
    """The questionnaire's script, the entry module and every module it is made of,
    without comment lines."""
    scripts = [
        ROOT / "theme/static/js/questionnaire.js",
        *sorted((ROOT / "theme/static/js/questionnaire").glob("*.js")),
    ]
    assert len(scripts) > 1
    return "\n".join(
        line
        for script in scripts
        for line in script.read_text(encoding="utf-8").splitlines()
        if not line.strip().startswith(("/*", "*", "//"))
    )


def test_questionnaire_script_holds_no_wording():
    """All German text of the form comes from the catalogue, through the page data."""
    code = questionnaire_code()
    strings = re.findall(r'"([^"\\]*(?:\\.[^"\\]*)*)"', code)
    german = [
        s
        for s in strings
        if re.search(r"[A-Za-zÄÖÜäöüß]{3,} [A-Za-zäöüß]{3,}", s) and s != "use strict"
    ]
    assert german == []


def test_questionnaire_script_names_only_texts_of_the_catalogue():
    """Every T("key") of the script's modules is a text the page data carries."""
    used = set(re.findall(r'\bT\("(\w+)"', questionnaire_code()))
    assert {"next", "sent", "draftRestored"} <= used
    assert used <= set(script_texts(lambda text: text))
