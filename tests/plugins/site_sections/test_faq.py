"""Unit tests of the FAQ structure built from rendered Markdown."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from plugins.site_sections.faq import FaqError, parse_faq
from plugins.structured_data import graph

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


def faq_json_ld(faq) -> str:
    """The FAQPage node as the page carries it (see plugins/structured_data)."""
    site = graph.Site({"ABSOLUTE_SITEURL": "https://www.beispiel.example"})
    page = SimpleNamespace(faq=faq, url="faq/")
    return graph.script_json(graph.faq_page(page, site))


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


# --- Draft questions: ### Frage? {#anker .entwurf} -----------------------------------

DRAFTS = """<h2 id="ablauf">Ablauf</h2>
<h3 id="start">Wie fangen wir an?</h3>
<p>Mit einem Gespräch.</p>
<h3 class="entwurf" id="wochenende">Arbeiten Sie am Wochenende?</h3>
<p>Hier steht die Antwort.</p>
<h2 id="neu">Neue Gruppe</h2>
<p>Nur Entwürfe.</p>
<h3 class="Entwurf" id="leer">Noch ohne Antwort?</h3>
"""


def test_draft_questions_are_marked_in_the_preview():
    faq = parse_faq(DRAFTS, "faq/")
    shown = [q for g in faq.groups for q in g.questions]
    assert [(q.anchor, q.draft) for q in shown] == [
        ("start", False),
        ("wochenende", True),
        ("leer", True),  # the class is not case-sensitive; a draft may lack its answer
    ]
    draft = shown[1]
    assert draft.answer_html.startswith('<p class="notice notice--draft" role="note">')
    assert "Entwurf:" in draft.answer_html and draft.answer_html.endswith(
        "<p>Hier steht die Antwort.</p>"
    )
    assert "notice" not in shown[0].answer_html


def test_draft_questions_are_never_in_json_ld_nor_in_questions():
    faq = parse_faq(DRAFTS, "faq/")
    assert [q.anchor for q in faq.questions] == ["start"]
    data = json.loads(faq_json_ld(faq))
    assert [q["name"] for q in data["mainEntity"]] == ["Wie fangen wir an?"]
    first_group = DRAFTS.partition('<h2 id="neu">')[0]
    only_drafts = parse_faq(first_group.replace("<h3 id", '<h3 class="entwurf" id'), "faq/")
    assert json.loads(faq_json_ld(only_drafts))["mainEntity"] == []


def test_published_faq_leaves_drafts_and_groups_of_drafts_out():
    faq = parse_faq(DRAFTS, "faq/", publish=True)
    assert [g.anchor for g in faq.groups] == ["ablauf"]
    assert [q.anchor for g in faq.groups for q in g.questions] == ["start"]
    assert "Hier steht die Antwort" not in repr(faq)


def test_placeholder_answer_is_refused_unless_the_question_is_a_draft():
    html = (
        '<h2 id="g">G</h2><h3 id="we">Arbeiten Sie am Wochenende?</h3>'
        "<p>Hier steht die Antwort.</p>"
    )
    for publish in (False, True):
        with pytest.raises(FaqError, match=r"Platzhalter-Antwort.*\{#we \.entwurf\}"):
            parse_faq(html, "faq/", publish=publish)
