"""Unit tests of the FAQ structure built from rendered Markdown."""

from __future__ import annotations

import json

import pytest

from plugins.site_sections.faq import FaqError, faq_json_ld, parse_faq

HTML = """<p>Einleitung.</p>
<h2 id="ablauf">Ablauf</h2>
<p>Zur Gruppe.</p>
<h3 id="start">Wie fangen wir an?</h3>
<p>Mit einem Gespräch.</p>
<ul><li>kurz</li></ul>
<h3 id="dauer">Wie lange dauert es?</h3>
<p>Eine Woche &amp; mehr.</p>
<h2 id="kosten">Kosten</h2>
<h3 id="preis">Was kostet es?</h3>
<p>Ab 48 € <em>netto</em>.</p>
"""


def test_groups_questions_and_answers():
    faq = parse_faq(HTML, "faq/")
    assert faq.intro_html == "<p>Einleitung.</p>"
    assert [g.title for g in faq.groups] == ["Ablauf", "Kosten"]
    assert faq.groups[0].intro_html == "<p>Zur Gruppe.</p>"
    assert [q.anchor for q in faq.questions] == ["start", "dauer", "preis"]
    assert faq.questions[0].answer_html == "<p>Mit einem Gespräch.</p><ul><li>kurz</li></ul>"
    assert faq.questions[1].answer_text == "Eine Woche & mehr."
    assert faq.questions[0].answer_text == "Mit einem Gespräch. kurz"
    assert faq.questions[2].answer_text == "Ab 48 € netto."


def test_json_ld_is_safe_inside_a_script_element():
    faq = parse_faq(HTML.replace("Ab 48 €", "&lt;/script&gt;&lt;script&gt;"), "faq/")
    text = faq_json_ld(faq)
    assert "</script" not in text and "<" not in text
    data = json.loads(text)
    assert data["mainEntity"][2]["acceptedAnswer"]["text"].startswith("</script>")


@pytest.mark.parametrize(
    "html, message",
    [
        ('<h3 id="a">Frage?</h3><p>A</p>', "vor der ersten Gruppenüberschrift"),
        ('<h2 id="g">G</h2><h3 id="a">Frage?</h3>', "hat keine Antwort"),
        ('<h2 id="g">G</h2><p>Nur Text</p>', "enthält keine Frage"),
        ('<h2 id="g">G</h2><h3 id="a">F?</h3><p>A</p><h3 id="a">F?</h3><p>B</p>', "zweimal"),
    ],
)
def test_structure_errors(html, message):
    with pytest.raises(FaqError, match=message):
        parse_faq(html, "faq/")
