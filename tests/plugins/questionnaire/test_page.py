"""The generated questionnaire page, success page and PDF in the built site."""

from __future__ import annotations

import json

import frontmatter
from helpers import DEMO_CONTENT, build_site, demo_meta, demo_questionnaire, read
from lxml import html
from pypdf import PdfReader

from plugins.questionnaire.definition import HONEYPOT

DEFINITION = DEMO_CONTENT / "questionnaires/bedarfsanalyse.md"


def form_page(site):
    return html.fromstring(read(site, "fragebogen/"))


def test_one_fieldset_per_section_never_nested(site):
    page = form_page(site)
    sections = frontmatter.load(DEFINITION)["sections"]
    fieldsets = page.xpath("//form//fieldset")
    assert len(fieldsets) == len(sections)
    assert not page.xpath("//fieldset//fieldset")
    assert [f.xpath("string(legend)").split(":", 1)[1].strip() for f in fieldsets] == [
        s["title"] for s in sections
    ]
    assert "Abschnitt 1 von 7" in fieldsets[0].xpath("string(legend)")


def test_every_control_has_a_label_and_help_is_described(site):
    page = form_page(site)
    controls = page.xpath("//form//input[not(@type='hidden')] | //form//select | //form//textarea")
    assert len(controls) > 40
    for control in controls:
        assert page.xpath(f"//label[@for='{control.get('id')}']"), control.get("id")
    for help_text in page.xpath("//form//p[@class='q-help']"):
        hid = help_text.get("id")
        assert page.xpath(f"//*[contains(concat(' ', @aria-describedby, ' '), ' {hid} ')]"), hid
    for group in page.xpath("//div[@role='radiogroup' or @role='group']"):
        assert page.xpath(f"//*[@id='{group.get('aria-labelledby')}']")


def test_required_is_marked_in_text(site):
    page = form_page(site)
    required = [
        q["id"]
        for s in frontmatter.load(DEFINITION)["sections"]
        for q in s["questions"]
        if q.get("required")
    ]
    for qid in required:
        box = page.xpath(f"//div[@id='frage-{qid}']")[0]
        assert "(Pflichtangabe)" in box.text_content(), qid


def test_without_receiver_the_form_is_a_mailto_form_the_csp_allows(tmp_path):
    out = tmp_path / "out"
    assert build_site(DEMO_CONTENT, out, "pelicanconf.py", "-e", 'QUESTIONNAIRE_RECEIVER=""').ok
    page = form_page(out)
    form = page.xpath("//form[@data-questionnaire]")[0]
    assert form.get("action").startswith("mailto:hallo@buero-lindenblatt.example?subject=")
    assert form.get("enctype") == "text/plain"
    csp = page.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert "form-action 'self' mailto:" in csp
    assert "unsafe-inline" not in csp


def test_with_endpoint_exactly_that_origin_is_allowed(tmp_path):
    out = tmp_path / "out"
    build = build_site(
        DEMO_CONTENT,
        out,
        "pelicanconf.py",
        "-e",
        'QUESTIONNAIRE_ENDPOINT="https://forms.example/f/abc"',
    )
    assert build.ok, build.output
    page = form_page(out)
    assert page.xpath("//form[@data-questionnaire]/@action") == ["https://forms.example/f/abc"]
    csp = page.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert "form-action 'self' https://forms.example;" in csp
    assert "connect-src 'self' https://forms.example;" in csp
    assert "werden sie an forms.example übertragen" in page.xpath("string(//p[@class='q-privacy'])")
    home_csp = html.fromstring(read(out, "/")).xpath(
        "//meta[@http-equiv='Content-Security-Policy']/@content"
    )[0]
    assert "forms.example" not in home_csp
    privacy = html.fromstring(read(out, "datenschutz/")).xpath("string(//main)")
    assert "an forms.example übertragen" in privacy
    assert "Übermittlung in Drittländer" in privacy and "Art.\u00a044 ff. DSGVO" in privacy


def test_privacy_note_pdf_and_success_page(site):
    page = form_page(site)
    assert page.xpath("//p[@class='q-privacy']/a[@href='/datenschutz/#fragebogen']")
    assert 'id="fragebogen"' in read(site, "datenschutz/")
    assert page.xpath("//a[@href='/fragebogen/fragebogen.pdf']")
    success = html.fromstring(read(site, "fragebogen/danke/"))
    assert "Vielen Dank" in success.xpath("string(//h1)")


def questions_of():
    """The demo questionnaire's questions, owner facts filled in as the build does."""
    return [
        q for s in demo_meta("questionnaires/bedarfsanalyse.md")["sections"] for q in s["questions"]
    ]


def test_pdf_is_fillable_with_a_field_for_every_question(site):
    reader = PdfReader(site / "fragebogen/fragebogen.pdf")
    fields = reader.get_fields()
    for q in questions_of():
        if q["type"] == "multiple":
            assert any(name.startswith(q["id"] + "-") for name in fields), q["id"]
        else:
            assert q["id"] in fields, q["id"]
    assert "Bedarfsanalyse" in reader.pages[0].extract_text()


RADIO = 1 << 15  # field flag "Radio" (PDF 32000-1, table 226)


def test_pdf_single_choice_is_one_radio_group_per_question(site):
    reader = PdfReader(site / "fragebogen/fragebogen.pdf")
    acroform = reader.trailer["/Root"]["/AcroForm"]
    top_level = {}
    for reference in acroform["/Fields"]:
        field = reference.get_object()
        assert field["/T"] not in top_level, f"Feld {field['/T']} steht zweimal im Formular"
        top_level[field["/T"]] = field
    for q in questions_of():
        if q["type"] not in ("single", "scale", "yesno"):
            continue
        group = top_level[q["id"]]
        options = len(q.get("options", [])) + (1 if q.get("other") else 0)
        if q["type"] == "scale":
            options = q["max"] - q["min"] + 1
        if q["type"] == "yesno":
            options = 2
        assert group["/FT"] == "/Btn" and group["/Ff"] & RADIO, q["id"]
        assert len(group["/Kids"]) == options, q["id"]
        assert group["/TU"] == q["label"]  # a screen reader names the group by its question
        for kid in group["/Kids"]:
            widget = kid.get_object()
            assert widget["/Parent"].get_object() is group and "/T" not in widget
    for name, field in top_level.items():
        if not field.get("/Ff", 0) & RADIO:
            assert "/Kids" not in field, name  # checkboxes and text fields stand alone


def test_pdf_is_tagged_for_screen_readers(site):
    reader = PdfReader(site / "fragebogen/fragebogen.pdf")
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "de"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    widgets = [a.get_object() for page in reader.pages for a in page.get("/Annots", [])]
    assert widgets and all("/StructParent" in w for w in widgets)  # each field is in the tree


def test_pdf_lists_what_the_advice_rules_look_at(site):
    reader = PdfReader(site / "fragebogen/fragebogen.pdf")
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Worauf wir achten" in text
    assert "„Am selben Tag“ gewählt haben" in text
    assert "kleiner ist als „Wie viele Stunden pro Monat schätzen Sie?“ × 48:" in text
    assert "Für geschätzte … Std. im Monat" in text  # a blank form: the figures are gaps


def test_home_services_and_faq_link_to_the_questionnaire(site):
    for path in ("/", "leistungen/", "leistungen/kundenservice/", "faq/"):
        links = html.fromstring(read(site, path)).xpath("//main//a/@href")
        assert "/fragebogen/" in links, path


def test_callback_form_is_short_and_has_no_pdf(site):
    page = html.fromstring(read(site, "rueckruf/"))
    assert len(page.xpath("//form[@data-questionnaire]//fieldset")) == 1
    assert page.xpath("string(//form//legend)").strip() == "Wann darf ich Sie anrufen?"
    assert not page.xpath("//nav[contains(@class, 'q-progress')]")
    assert ".pdf" not in read(site, "rueckruf/") and not (site / "rueckruf/rueckruf.pdf").exists()
    assert not page.xpath("//input[@name='_copy']")  # no e-mail address to send a copy to
    privacy = page.xpath("string(//p[@class='q-privacy'])")
    assert "Sie wie gewünscht zurückzurufen" in privacy and "Angebots" not in privacy
    success = html.fromstring(read(site, "rueckruf/danke/"))
    assert success.xpath("string(//h1)") == "Danke – ich rufe Sie zurück"
    assert '<meta name="robots" content="noindex">' in read(site, "rueckruf/danke/")
    csp = "//meta[@http-equiv='Content-Security-Policy']/@content"
    assert page.xpath(csp) == form_page(site).xpath(csp)  # the same receiver, the same policy
    assert page.xpath("//p[@class='q-privacy']/a/@href") == ["/datenschutz/#fragebogen-rueckruf"]
    assert 'id="fragebogen-rueckruf"' in read(site, "datenschutz/")
    contact = html.fromstring(read(site, "kontakt/"))
    assert "/rueckruf/" in contact.xpath("//main//a/@href")
    assert html.fromstring(read(site, "/")).xpath("//main//a[@href='/fragebogen/']")


def broken_build(content_copy, tmp_path, old: str, new: str):
    """Build after changing the demo definition: it fails, and the earlier output stays."""
    definition = content_copy / "questionnaires/bedarfsanalyse.md"
    text = definition.read_text(encoding="utf-8")
    assert old in text
    definition.write_text(text.replace(old, new), encoding="utf-8")
    out = tmp_path / "output"
    out.mkdir()
    (out / "index.html").write_text("alt")
    build = build_site(content_copy, out)
    assert build.returncode != 0
    assert (out / "index.html").read_text() == "alt"
    return build


def test_a_bad_rule_fails_the_build_with_one_german_line(tmp_path, content_copy):
    rule = "budget kleiner als stunden × stundensatz"
    build = broken_build(content_copy, tmp_path, rule, "budget kleiner als stunde × 48")
    expected = (
        "content/questionnaires/bedarfsanalyse.md: regeln[2].wenn: „stunde“ ist weder eine "
        "Zahl noch eine Zahl-Frage noch ein Eintrag aus „werte“ – meinten Sie „stunden“?"
    )
    [line] = [line for line in build.output.splitlines() if "regeln[" in line]
    assert line.endswith(expected), line


def test_bad_definition_fails_the_build_and_keeps_output(tmp_path, content_copy):
    build = broken_build(
        content_copy, tmp_path, "recommends: [kundenservice]", "recommends: [kundenbetreuung]"
    )
    assert (
        "questionnaires/bedarfsanalyse.md: Frage 'bereiche': Antwort 'kundschaft' "
        "empfiehlt die Leistung 'kundenbetreuung', die es nicht gibt" in build.output
    )


def test_missing_pdf_libraries_are_reported_not_fatal(tmp_path):
    """Simulate a machine without Pango: WeasyPrint's import raises OSError."""
    fake = tmp_path / "fake"
    fake.mkdir()
    (fake / "weasyprint.py").write_text(
        "raise OSError(\"cannot load library 'libpango-1.0-0'\")\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    fresh = f'CACHE_PATH="{tmp_path / "leer"}"'  # no PDF made earlier to fall back on
    build = build_site(DEMO_CONTENT, out, "pelicanconf.py", "-e", fresh, pythonpath=str(fake))
    assert build.ok, build.output
    assert "Kein PDF erzeugt" in build.output
    assert "apt-get install libpango-1.0-0" in build.output
    assert "libpango-1.0-0'" in build.output
    assert not (out / "fragebogen/fragebogen.pdf").exists()
    assert ".pdf" not in read(out, "fragebogen/")
    assert (out / "fragebogen/danke/index.html").exists()


def test_a_machine_without_harfbuzz_subset_gets_one_german_line_and_the_pdf(tmp_path):
    """WeasyPrint then embeds fonts with fontTools and warns in English; the owner
    reads one German line with the package to install, and gets the whole PDF."""
    fake = tmp_path / "fake"
    fake.mkdir()
    (fake / "sitecustomize.py").write_text(
        "import weasyprint.pdf.fonts\nweasyprint.pdf.fonts.harfbuzz_subset = None\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    fresh = f'CACHE_PATH="{tmp_path / "leer"}"'
    build = build_site(DEMO_CONTENT, out, "pelicanconf.py", "-e", fresh, pythonpath=str(fake))
    assert build.ok, build.output
    assert "HarfBuzz-Subset fehlt" in build.output
    assert "apt-get install libharfbuzz-subset0" in build.output
    assert "Using fontTools" not in build.output
    fields = PdfReader(out / "fragebogen/fragebogen.pdf").get_fields()
    assert len(fields) > 10


def test_a_pdf_that_cannot_be_made_stops_the_build_and_keeps_the_output(tmp_path):
    """WeasyPrint loads but fails while the PDF is made in the background: one German
    line names the questionnaire, and the earlier output stays as it was."""
    fake = tmp_path / "fake"
    fake.mkdir()
    (fake / "weasyprint.py").write_text(
        "class HTML:\n"
        "    def __init__(self, **options):\n"
        "        pass\n"
        "    def write_pdf(self, *args, **options):\n"
        "        raise ValueError('Seite zu breit')\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert build_site(DEMO_CONTENT, out).ok
    before = read(out, "fragebogen/")
    fresh = f'CACHE_PATH="{tmp_path / "leer"}"'
    build = build_site(DEMO_CONTENT, out, "pelicanconf.py", "-e", fresh, pythonpath=str(fake))
    assert build.returncode == 1
    assert (
        "content/questionnaires/bedarfsanalyse.md: Das PDF des Fragebogens ließ sich nicht "
        "erzeugen (ValueError: Seite zu breit)."
    ) in build.output
    assert "Traceback" not in build.output
    assert read(out, "fragebogen/") == before
    assert (out / "fragebogen/fragebogen.pdf").exists()


def test_a_broken_second_questionnaire_does_not_confuse_the_first(content_copy, tmp_path):
    """Each problem is reported for its own file; the good one keeps its PDF."""
    (content_copy / "questionnaires/kaputt.md").write_text(
        "---\ntitle: Kaputt\nslug: kaputt\nrecipient:\n  email: hallo@buero.example\n"
        "sections: []\n---\nText.\n",
        encoding="utf-8",
    )
    build = build_site(content_copy, tmp_path / "out")
    assert build.returncode == 1
    assert "questionnaires/kaputt.md: Feld 'sections': Der Fragebogen braucht" in build.output
    assert "Kein PDF erzeugt" not in build.output
    assert "bedarfsanalyse.md" not in build.output


def test_endpoint_in_a_definition_must_be_https(content_copy, tmp_path):
    definition = content_copy / "questionnaires/bedarfsanalyse.md"
    text = definition.read_text(encoding="utf-8")
    definition.write_text(
        text.replace(
            "  subject: Bedarfsanalyse über die Website\n",
            "  subject: Bedarfsanalyse über die Website\n"
            "  endpoint: http://formulare.beispiel.de/a\n",
        ),
        encoding="utf-8",
    )
    build = build_site(content_copy, tmp_path / "out")
    assert build.returncode == 1
    assert (
        "content/questionnaires/bedarfsanalyse.md: Feld 'recipient': 'endpoint' muss mit "
        "https:// beginnen (http:// nur für 127.0.0.1 oder localhost)"
    ) in build.output


def test_two_questionnaires_side_by_side(content_copy, tmp_path):
    (content_copy / "questionnaires/kurzcheck.md").write_text(
        "---\ntitle: Kurzcheck\nslug: kurzcheck\nrecipient:\n  email: hallo@buero.example\n"
        "sections:\n  - id: eins\n    title: Eins\n    questions:\n"
        "      - id: name\n        type: text\n        label: Name\n        required: true\n"
        "---\nZwei Minuten.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    build = build_site(content_copy, out)
    assert build.ok, build.output
    short = html.fromstring(read(out, "kurzcheck/"))
    assert len(short.xpath("//form//fieldset")) == 1
    assert "kurzcheck" in short.xpath("string(//script[@id='fragebogen-daten'])")
    assert (out / "kurzcheck/danke/index.html").exists()
    assert (out / "kurzcheck/kurzcheck.pdf").exists()
    assert (out / "fragebogen/danke/index.html").exists()
    privacy = read(out, "datenschutz/")
    assert 'id="fragebogen"' in privacy and 'id="fragebogen-kurzcheck"' in privacy
    assert 'href="/datenschutz/#fragebogen-kurzcheck"' in read(out, "kurzcheck/")
    # Both thank-you pages: noindex, and neither is listed in the sitemap.
    for slug in ("kurzcheck", "fragebogen"):
        assert '<meta name="robots" content="noindex">' in read(out, f"{slug}/danke/")
    published = tmp_path / "published"
    assert build_site(content_copy, published, "publishconf.py").ok
    sitemap = (published / "sitemap.xml").read_text(encoding="utf-8")
    assert "/kurzcheck/</loc>" in sitemap and "/danke/" not in sitemap
    for slug in ("kurzcheck", "fragebogen"):
        assert '<meta name="robots" content="noindex">' in read(published, f"{slug}/danke/")
    assert '<meta name="robots"' not in read(published, "kurzcheck/")


def test_an_unchanged_questionnaire_reuses_its_pdf(tmp_path):
    """The second build needs no WeasyPrint at all: here it could not even load it."""
    cache = f'CACHE_PATH="{tmp_path / "cache"}"'
    first, second = tmp_path / "erst", tmp_path / "dann"
    assert build_site(DEMO_CONTENT, first, "pelicanconf.py", "-e", cache).ok
    broken = tmp_path / "fake"
    broken.mkdir()
    (broken / "weasyprint.py").write_text('raise OSError("keine Pango-Bibliothek")\n', "utf-8")
    build = build_site(DEMO_CONTENT, second, "pelicanconf.py", "-e", cache, pythonpath=str(broken))
    assert build.ok and "Kein PDF erzeugt" not in build.output, build.output
    pdf = "fragebogen/fragebogen.pdf"
    assert (second / pdf).read_bytes() == (first / pdf).read_bytes()


def test_every_id_of_the_form_comes_from_the_question_model(site):
    """One id scheme: the template writes, the anchor check reserves and the script looks
    up exactly the ids the model names (``element_ids``, ``Section.element_id``)."""
    questionnaire = demo_questionnaire()
    page = form_page(site)
    ids = (e.get("id") for e in page.xpath("//form//*[@id]"))
    written = {i for i in ids if i.startswith(("q-", "frage-", "abschnitt-"))}
    written.discard(f"q-{HONEYPOT}")  # the hidden field, not a question (a reserved id)
    named = {i for q in questionnaire.questions for i in q.element_ids()}
    named |= {s.element_id for s in questionnaire.sections}
    assert written and written <= named
    for question in questionnaire.questions:
        assert page.get_element_by_id(question.wrapper_id) is not None
    data = json.loads(page.get_element_by_id("fragebogen-daten").text)
    for entry, question in zip(data["questions"], questionnaire.questions, strict=True):
        assert entry["ids"]["wrapper"] == question.wrapper_id
        assert entry["ids"]["error"] == question.part_id("fehler")
        if question.other:
            other = page.get_element_by_id(entry["ids"]["other"])
            assert int(other.get("maxlength")) == question.other_maxlength
