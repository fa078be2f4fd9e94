"""Settings: every one has a default or a German one-line error naming it.

A bad setting stops the build with exit status 1 before anything is written, so an
earlier good output stays as it was; derived values follow every override.
"""

from __future__ import annotations

import json

import pytest
from helpers import DEMO_CONTENT, ROOT, build_site, read

BAD_SETTINGS = {
    "reading-speed-zero": (
        ["READING_WORDS_PER_MINUTE=0"],
        "pelicanconf.py: READING_WORDS_PER_MINUTE: 0 ist kleiner als 50",
    ),
    "csp-directive-injected": (
        ["CSP=" + json.dumps({"default-src": "'self'; script-src *"})],
        "pelicanconf.py: CSP: default-src: \"'self';\" ist keine gültige Quelle",
    ),
    "csp-not-a-dict": (["CSP=\"default-src 'self'\""], "pelicanconf.py: CSP: muss ein dict"),
    "security-header-newline": (
        ["SECURITY_HEADERS=" + json.dumps({"X-Test": "a\r\nSet-Cookie: b"})],
        "pelicanconf.py: SECURITY_HEADERS: Eintrag 'X-Test'",
    ),
    "siteurl-with-trailing-junk": (
        ['SITEURL="https://www.beispiel.de/ x"'],
        "pelicanconf.py: SITEURL:",
    ),
    "endpoint-plain-http": (
        ['QUESTIONNAIRE_ENDPOINT="http://formulare.beispiel.de/antworten"'],
        "pelicanconf.py: QUESTIONNAIRE_ENDPOINT: 'endpoint' muss mit https:// beginnen",
    ),
    "endpoint-injects-csp": (
        ['QUESTIONNAIRE_ENDPOINT="https://formulare.beispiel.de;script-src *"'],
        "pelicanconf.py: QUESTIONNAIRE_ENDPOINT: 'endpoint'",
    ),
    "feed-items-not-a-number": (
        ['FEEDS_MAX_ITEMS="viele"'],
        "pelicanconf.py: FEEDS_MAX_ITEMS: 'viele' ist keine ganze Zahl",
    ),
    "switch-written-as-python-on-the-command-line": (
        ["SEARCH_INDEX=False"],
        "pelicanconf.py: SEARCH_INDEX: 'False' ist Text, nicht True oder False (auf der "
        "Kommandozeile -e NAME=false klein geschrieben)",
    ),
    "menu-entry-not-a-pair": (
        ['MAIN_MENU=["pages/kontakt.md"]'],
        "pelicanconf.py: MAIN_MENU: Eintrag 1:",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_SETTINGS))
def test_bad_setting_is_one_german_line(case, earlier_output):
    overrides, expected = BAD_SETTINGS[case]
    extra = [item for override in overrides for item in ("-e", override)]
    build = build_site(DEMO_CONTENT, earlier_output, "pelicanconf.py", *extra)
    assert build.returncode == 1, build.output
    lines = build.output.strip().splitlines()
    assert len(lines) == 1, build.output
    assert lines[0].startswith(f"FEHLER: {expected}"), build.output
    assert " – bitte " in lines[0]
    assert "Traceback" not in build.output
    assert read(earlier_output, "/") == "frühere gute Ausgabe"


def test_missing_menu_target_names_the_entry(content_copy, earlier_output):
    (content_copy / "pages" / "kontakt.md").unlink()
    build = build_site(content_copy, earlier_output)
    assert build.returncode == 1
    assert (
        "FEHLER: pelicanconf.py: MAIN_MENU: Der Eintrag „Kontakt“ verweist auf "
        "pages/kontakt.md, das es nicht gibt"
    ) in build.output
    assert read(earlier_output, "/") == "frühere gute Ausgabe"


def test_settings_left_out_take_their_defaults(tmp_path):
    """A site without CSP, SECURITY_HEADERS or reading speed in its settings still builds."""
    settings = tmp_path / "minimal.py"
    settings.write_text(
        (ROOT / "pelicanconf.py").read_text(encoding="utf-8")
        + "\ndel READING_WORDS_PER_MINUTE, RELATED_POSTS_MAX, FEEDS_MAX_ITEMS\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    build = build_site(DEMO_CONTENT, out, str(settings))
    assert build.ok, build.output
    headers = (out / "_headers").read_text(encoding="utf-8")
    assert "Content-Security-Policy: default-src 'self'" in headers
    assert "X-Content-Type-Options: nosniff" in headers


def test_derived_values_follow_an_override(tmp_path):
    """SITEPATH and the page CSP are computed after `-e`, never stale."""
    out = tmp_path / "out"
    build = build_site(
        DEMO_CONTENT,
        out,
        "publishconf.py",
        "-e",
        'SITEURL="https://beispiel.example/unterordner"',
        "-e",
        'QUESTIONNAIRE_ENDPOINT="https://formulare.example/antworten"',
    )
    assert build.ok, build.output
    home = read(out, "/")
    assert 'href="/unterordner/faq/"' in home
    assert '<link rel="canonical" href="https://beispiel.example/unterordner/">' in home
    form = read(out, "fragebogen/")
    assert "form-action &#39;self&#39; https://formulare.example;" in form
    assert "connect-src &#39;self&#39; https://formulare.example;" in form
    assert "https://formulare.example" not in home  # only the form's page allows it
    headers = (out / "_headers").read_text(encoding="utf-8")
    assert "form-action 'self' https://formulare.example;" in headers
