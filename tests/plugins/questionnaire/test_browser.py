"""The questionnaire in Debian's Chromium: every question type, conditions, errors,
drafts, sending to a real local endpoint, failures with fallbacks, no JavaScript."""

from __future__ import annotations

import email
import email.policy
import json
from pathlib import Path
from urllib.parse import unquote

import pytest
from axe_playwright_python.sync_playwright import Axe
from helpers import demo_questionnaire, wait_for
from playwright.sync_api import expect

from plugins.questionnaire.rules import flagged

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
HOSTILE = '<script>alert("x")</script> \'Zitat\' "doppelt" Ärger über Öl & Größe 😀'
REQUIRED_COUNT = 9  # required questions that are not behind a condition


def open_form(page, base):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(base + "/fragebogen/")
    return dialogs


def shown(page, qid):
    return page.locator(f"#frage-{qid}").is_visible()


def fill_required(page, name="Erika Beispiel"):
    page.check("#q-bereiche-ablage")
    page.select_option("#q-rhythmus", "laufend")
    page.check("#q-antwortzeit-ein-werktag")
    page.check("#q-ausserhalb-nein")
    page.check("#q-schutzbedarf-2")
    page.check("#q-person-egal")
    page.fill("#q-name", name)
    page.fill("#q-email", "erika@beispiel.example")
    page.check("#q-kontaktweg-e-mail")


def to_review(page):
    page.click("[data-submit]")
    assert page.locator("[data-review]").is_visible()


def owner_mail(live, reference: str):
    """The owner's notification for ``reference``, parsed (waits until it arrived)."""

    def found():
        for envelope in live.mailbox.messages:
            message = email.message_from_bytes(envelope.content, policy=email.policy.default)
            if reference in message["Subject"] and "inhaberin" in envelope.rcpt_tos[0]:
                return message
        return None

    wait_for(lambda: found() is not None, f"die Mail zu {reference}")
    return found()


def sent_and_stored(page, live, slug: str = "fragebogen") -> dict:
    """Wait for the thank-you page; return the stored row its reference names."""
    page.wait_for_url(f"**/{slug}/danke/?referenz=*")
    reference = page.url.rsplit("referenz=", 1)[1]
    expect(page.locator("[data-reference-value]")).to_have_text(reference)
    [row] = [row for row in live.rows() if row["reference"] == reference]
    return row


def axe_clean(page):
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, results.generate_report()


def test_every_type_conditions_and_send_only_visible_answers(page, live):
    open_form(page, live.base)
    assert not shown(page, "stunden") and not shown(page, "projekt")
    page.select_option("#q-rhythmus", "projekt")
    assert shown(page, "projekt") and not shown(page, "stunden")
    page.fill("#q-projekt", "Dieser Text darf nicht gesendet werden")
    page.select_option("#q-rhythmus", "laufend")
    assert shown(page, "stunden") and not shown(page, "projekt")

    page.check("#q-bereiche-ablage")
    page.check("#q-bereiche-postfach")
    assert not page.locator("#q-bereiche-sonstiges-text").is_visible()
    page.check("#q-bereiche-sonstiges")
    page.fill("#q-bereiche-sonstiges-text", "Reiseplanung")
    page.fill("#q-beispiel", "Jeden Montag Belege sortieren.\nUnd ablegen.")
    page.fill("#q-stunden", "20")
    page.fill("#q-beginn", "2027-01-15")
    page.check("#q-antwortzeit-ein-werktag")
    assert not shown(page, "ausserhalb-beispiel")
    page.check("#q-ausserhalb-ja")
    assert shown(page, "ausserhalb-beispiel")
    page.fill("#q-ausserhalb-beispiel", "Terminabsagen am Abend")
    assert not shown(page, "nda")
    page.check("#q-schutzbedarf-4")
    assert shown(page, "nda")
    page.check("#q-nda-ja")
    page.check("#q-datenarten-finanzen")
    page.check("#q-programme-microsoft-365")
    page.check("#q-zugang-passwortmanager")
    page.check("#q-person-vertretung-ok")
    page.fill("#q-budget", "1200")
    page.fill("#q-name", "Erika Beispiel")
    page.fill("#q-firma", "Praxis Beispiel")
    page.fill("#q-email", "erika@beispiel.example")
    page.fill("#q-telefon", "+49 30 123456")
    page.check("#q-kontaktweg-video")
    page.fill("#q-anmerkungen", "Danke!")

    to_review(page)
    assert page.evaluate("document.activeElement.id") == "ueberblick"
    recommended = page.locator("[data-recommendation-list] a").all_inner_texts()
    assert recommended == [
        "Büroorganisation und digitale Ablage",
        "E-Mail- und Terminmanagement",
        "Buchhaltungsvorbereitung",
    ]
    review = page.locator("[data-review-answers]").inner_text()
    assert "Sonstiges: Reiseplanung" in review and "20 Stunden pro Monat" in review
    assert "15.01.2027" in review and "4 von 5" in review
    assert "Dieser Text darf nicht" not in review

    page.click("[data-action=send]")
    row = sent_and_stored(page, live)
    assert row["answers"] == {
        "bereiche": ["ablage", "postfach", "sonstiges"],
        "bereiche-sonstiges": "Reiseplanung",
        "beispiel": "Jeden Montag Belege sortieren.\nUnd ablegen.",
        "rhythmus": "laufend",
        "stunden": "20",
        "beginn": "2027-01-15",
        "antwortzeit": "ein-werktag",
        "ausserhalb": "ja",
        "ausserhalb-beispiel": "Terminabsagen am Abend",
        "schutzbedarf": "4",
        "datenarten": ["finanzen"],
        "nda": "ja",
        "programme": ["microsoft-365"],
        "zugang": "passwortmanager",
        "person": "vertretung-ok",
        "budget": "1200",
        "name": "Erika Beispiel",
        "firma": "Praxis Beispiel",
        "email": "erika@beispiel.example",
        "telefon": "+49 30 123456",
        "kontaktweg": "video",
        "anmerkungen": "Danke!",
    }
    assert json.loads(row["recommended"]) == [
        "bueroorganisation",
        "e-mail-und-terminmanagement",
        "buchhaltungsvorbereitung",
    ]
    mail = owner_mail(live, row["reference"])
    assert mail["Reply-To"] == "erika@beispiel.example"
    body = mail.get_content()
    assert (
        "Büroorganisation und digitale Ablage; E-Mails und Termine; Sonstiges: Reiseplanung" in body
    )
    assert "Dieser Text darf nicht" not in body and "15.01.2027" in body


def test_required_errors_summary_takes_focus_and_links_to_fields(page, served):
    open_form(page, served)
    page.click("[data-submit]")
    summary = page.locator("[data-error-summary]")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    links = page.locator("[data-error-list] a")
    assert links.count() == REQUIRED_COUNT
    expect(page.locator("#fehler-titel")).to_have_text(
        f"{REQUIRED_COUNT} Angaben fehlen oder stimmen noch nicht:"
    )
    assert links.first.inner_text() == "Welche Aufgaben möchten Sie abgeben?"  # short
    assert page.locator("#q-bereiche-fehler").inner_text() == (
        "Bitte kreuzen Sie bei „Welche Aufgaben möchten Sie abgeben?“ mindestens eine Antwort an."
    )
    links.nth(6).click()
    assert page.evaluate("document.activeElement.id") == "q-name"
    assert page.get_attribute("#q-name", "aria-invalid") == "true"
    assert "q-name-fehler" in page.get_attribute("#q-name", "aria-describedby")
    assert (
        page.locator("#q-name-fehler").inner_text() == "Bitte füllen Sie das Feld „Ihr Name“ aus."
    )
    assert "Bitte beantworten Sie die Frage" not in page.inner_text("[data-error-list]")
    group = page.locator("#frage-bereiche .q-group")
    assert "q-bereiche-fehler" in group.get_attribute("aria-describedby")
    axe_clean(page)


def test_format_and_range_rules_match_the_definition(page, served):
    open_form(page, served)
    fill_required(page)
    page.fill("#q-email", "keine-adresse")
    page.fill("#q-stunden", "500")
    page.fill("#q-telefon", "abc")
    page.check("#q-programme-sonstiges")
    page.click("[data-submit]")
    wrong = page.locator("[data-error-list] a").all_inner_texts()  # the questions, short
    assert wrong == [
        "Wie viele Stunden pro Monat schätzen Sie?",
        "Welche Programme nutzen Sie schon?",
        "Ihre E-Mail-Adresse",
        "Telefonnummer",
    ]
    messages = page.locator(".q-error:not([hidden])").all_inner_texts()  # at the fields
    assert messages == [
        "Bitte geben Sie eine Zahl von 1 bis 160 Stunden pro Monat an.",
        "Bitte beschreiben Sie bei „Welche Programme nutzen Sie schon?“, was Sie mit "
        "„Sonstiges“ meinen.",
        "Bitte geben Sie eine E-Mail-Adresse im Format name@beispiel.de an.",
        "Bitte geben Sie eine Telefonnummer an, nur mit Ziffern, Leerzeichen und + - / ( ).",
    ]


def test_draft_only_with_opt_in_survives_reload_and_closed_tab(context, served):
    page = context.new_page()
    open_form(page, served)
    assert page.locator("[data-draft]").is_visible()
    page.fill("#q-name", "Ohne Zustimmung")
    page.reload()
    assert page.input_value("#q-name") == ""
    assert page.evaluate("localStorage.length") == 0

    page.check("#entwurf-speichern")
    page.fill("#q-name", "Mit Zustimmung")
    page.check("#q-bereiche-belege")
    page.select_option("#q-rhythmus", "projekt")
    page.fill("#q-projekt", "Umzug der Ablage")
    page.close()

    page = context.new_page()
    open_form(page, served)
    assert page.input_value("#q-name") == "Mit Zustimmung"
    assert page.is_checked("#q-bereiche-belege")
    assert page.is_checked("#entwurf-speichern")
    assert shown(page, "projekt") and page.input_value("#q-projekt") == "Umzug der Ablage"
    assert "wiederhergestellt" in page.inner_text("[data-draft-status]")

    page.click("[data-action=delete-draft]")
    assert page.evaluate("localStorage.length") == 0
    assert not page.is_checked("#entwurf-speichern")
    assert page.input_value("#q-name") == "Mit Zustimmung"  # still on the page
    page.reload()
    assert page.input_value("#q-name") == ""


def test_server_error_keeps_answers_and_offers_every_fallback(context, live):
    """A receiver that fails (here: answers 500) never looks like success."""
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    before = len(live.rows())
    page.route(f"{live.receiver}/**", lambda route: route.fulfill(status=500, body="kaputt"))
    dialogs = open_form(page, live.base)
    page.check("#entwurf-speichern")
    fill_required(page, name=HOSTILE)
    to_review(page)
    page.click("[data-review] [data-action=send]")
    fallback = page.locator("[data-fallback]")
    fallback.wait_for(state="visible")
    assert "500" in page.inner_text("[data-fallback-reason]")
    assert page.evaluate("document.activeElement.id") == "alternativen"
    assert HOSTILE in page.inner_text("[data-review-answers]")
    assert page.evaluate("localStorage.length") == 1  # the draft is kept until a send works
    assert page.url.endswith("/fragebogen/") and len(live.rows()) == before
    assert page.locator("[data-fallback] [data-action=send]").is_visible()  # retry

    mail = page.get_attribute("[data-fallback-mail]", "href")
    assert mail.startswith("mailto:hallo@buero-lindenblatt.example?subject=")
    assert "%3Cscript%3E" in mail and "%C3%84rger" in mail and "<" not in mail
    assert page.inner_text("[data-mail-note]") == ""  # short enough, nothing cut
    assert page.inner_text("[data-recipient]") == "hallo@buero-lindenblatt.example"

    with page.expect_download() as download:
        page.click("[data-fallback] [data-action=download]")
    saved = Path(download.value.path()).read_text(encoding="utf-8")
    assert HOSTILE in saved and "Bedarfsanalyse" in saved

    page.click("[data-fallback] [data-action=copy]")
    expect(page.locator("[data-fallback-status]")).to_contain_text("Zwischenablage")
    assert HOSTILE in page.evaluate("navigator.clipboard.readText()")
    page.click("[data-fallback] [data-action=copy-address]")
    expect(page.locator("[data-fallback-status]")).to_contain_text("Adresse")
    assert page.evaluate("navigator.clipboard.readText()") == "hallo@buero-lindenblatt.example"
    assert page.locator("[data-fallback] [data-action=print]").is_visible()
    axe_clean(page)

    page.unroute(f"{live.receiver}/**")  # the receiver works again: the retry arrives
    page.click("[data-fallback] [data-action=send]")
    row = sent_and_stored(page, live)
    assert row["answers"]["name"] == HOSTILE
    assert dialogs == []


def test_unreachable_receiver_keeps_answers_and_claims_nothing(page, unreachable_site):
    open_form(page, unreachable_site)
    fill_required(page)
    to_review(page)
    page.click("[data-review] [data-action=send]")
    page.locator("[data-fallback]").wait_for(state="visible")
    assert "nicht bestätigt" in page.inner_text("[data-fallback-reason]")
    assert "/danke/" not in page.url
    page.click("[data-action=edit]")
    assert page.input_value("#q-name") == "Erika Beispiel"


def test_a_retried_request_is_stored_once(page, live):
    """The network repeats the POST (same key): one row, one reference."""

    def twice(route):
        route.fetch()
        route.fulfill(response=route.fetch())

    page.route(f"{live.receiver}/**", twice)
    open_form(page, live.base)
    fill_required(page, name="Zweimal Gesendet")
    to_review(page)
    page.click("[data-review] [data-action=send]")
    row = sent_and_stored(page, live)
    assert [r["answers"]["name"] for r in live.rows()].count("Zweimal Gesendet") == 1
    assert row["answers"]["name"] == "Zweimal Gesendet"


def test_the_receivers_own_check_shows_at_the_field(page, live):
    """A value the script would not catch (a forged option) is named by the receiver."""
    open_form(page, live.base)
    fill_required(page)
    page.evaluate("document.getElementById('q-person-egal').value = 'zaubern'")
    to_review(page)
    page.click("[data-review] [data-action=send]")
    summary = page.locator("[data-error-summary]")
    summary.wait_for(state="visible")
    assert "Wie wichtig ist Ihnen, dass immer dieselbe Person arbeitet?" in summary.inner_text()
    assert page.locator("#frage-person.q--invalid").is_visible()
    assert "eine der angebotenen Antworten" in page.locator("#q-person-fehler").inner_text()
    assert "/danke/" not in page.url


def test_hostile_answer_round_trips_exactly_and_runs_nothing(page, live):
    dialogs = open_form(page, live.base)
    fill_required(page, name=HOSTILE)
    page.fill("#q-beispiel", HOSTILE + "\n</textarea><img src=x onerror=alert(1)>")
    to_review(page)
    names = page.locator("[data-review-answers] dd").all_inner_texts()
    assert HOSTILE in names
    assert page.locator("[data-review-answers] script, [data-review-answers] img").count() == 0
    page.click("[data-review] [data-action=send]")
    row = sent_and_stored(page, live)
    assert row["answers"]["name"] == HOSTILE
    assert row["answers"]["beispiel"] == HOSTILE + "\n</textarea><img src=x onerror=alert(1)>"
    message = owner_mail(live, row["reference"])
    assert message.get_content_type() == "text/plain"  # nothing in it can render or run
    body = message.get_content()
    assert HOSTILE in body and "</textarea><img src=x onerror=alert(1)>" in body
    assert "\n" not in message["Subject"]
    assert dialogs == []


def test_successful_send_clears_the_draft(page, live):
    open_form(page, live.base)
    page.check("#entwurf-speichern")
    fill_required(page)
    assert page.evaluate("localStorage.length") == 1
    to_review(page)
    page.click("[data-review] [data-action=send]")
    sent_and_stored(page, live)
    assert page.evaluate("localStorage.length") == 0


def test_the_thank_you_page_offers_the_visitor_her_own_copy_and_mails_none(page, live):
    """The copy a visitor keeps: a file, print, or delete, from this tab only; no mail to
    the address she typed (that would let anyone use the business to mail anyone)."""
    dialogs = open_form(page, live.base)
    fill_required(page, name=HOSTILE)
    page.fill("#q-beispiel", "Zeile eins\n</pre><img src=x onerror=alert(1)>")
    to_review(page)
    page.click("[data-review] [data-action=send]")
    row = sent_and_stored(page, live)
    copy = page.locator("[data-copy]")
    expect(copy).to_be_visible()
    page.click("[data-copy] summary")
    text = page.inner_text("[data-copy-text]")
    assert f"Ihre Referenznummer: {row['reference']}" in text
    assert HOSTILE in text and "</pre><img src=x onerror=alert(1)>" in text
    assert page.locator("[data-copy] img, [data-copy] script").count() == 0
    with page.expect_download() as download:
        page.click("[data-copy-file]")
    assert download.value.suggested_filename == f"fragebogen-{row['reference']}.txt"
    saved = Path(download.value.path()).read_text(encoding="utf-8")
    assert saved.strip() == text.strip()
    axe_clean(page)
    page.reload()  # the same tab keeps it until it is closed ...
    expect(copy).to_be_visible()
    page.click("[data-copy-delete]")  # ... or until she deletes it
    expect(copy).to_be_hidden()
    expect(page.locator("[data-copy-deleted]")).to_be_focused()
    assert page.evaluate("sessionStorage.length") == 0
    page.reload()
    expect(copy).to_be_hidden()
    owner_mail(live, row["reference"])  # the owner heard of it; nobody else did
    assert not [m for m in live.mailbox.messages if "erika@beispiel.example" in m.rcpt_tos]
    assert dialogs == []


def test_without_javascript_review_then_thank_you_page(browser, live):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live.base + "/fragebogen/")
    assert page.inner_text("[data-submit]") == "Absenden"
    assert page.locator("#frage-projekt").is_visible()  # conditions are explained instead
    assert "Nur ausfüllen, wenn" in page.inner_text("#frage-projekt")
    fill_required(page, name=HOSTILE)
    page.fill("#q-projekt", "bleibt versteckt: rhythmus ist laufend")
    assert page.locator("#q-kopie").count() == 0  # no mail to an address a visitor typed
    page.click("[data-submit]")
    page.wait_for_url(f"{live.receiver}/antworten/fragebogen")
    assert page.locator("h1").inner_text() == "Ihre Angaben im Überblick"
    assert HOSTILE in page.inner_text("main")
    assert "bleibt versteckt" not in page.inner_text("main")
    page.click("button:has-text('Jetzt absenden')")
    page.wait_for_url("**/fragebogen/danke/?referenz=*")
    reference = page.url.rsplit("=", 1)[1]
    [row] = [r for r in live.rows() if r["reference"] == reference]
    assert row["answers"]["name"] == HOSTILE and "projekt" not in row["answers"]
    wait_for(
        lambda: any(reference in m.content.decode() for m in live.mailbox.messages),
        "die Benachrichtigung der Inhaberin",
    )
    assert not [m for m in live.mailbox.messages if "erika@beispiel.example" in m.rcpt_tos]
    context.close()


def test_without_javascript_errors_keep_every_answer(browser, live):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live.base + "/fragebogen/")
    fill_required(page, name="Ohne Skript")
    # A required multiple choice left empty: no browser checks that, the receiver does.
    page.uncheck("#q-bereiche-ablage")
    page.check("#q-programme-sonstiges")  # "Sonstiges" ticked, but not said what
    page.click("[data-submit]")
    page.wait_for_url(f"{live.receiver}/antworten/fragebogen")
    summary = page.locator(".error-summary")
    assert "mindestens eine Antwort" in summary.inner_text()
    assert "was Sie mit „Sonstiges“ meinen" in summary.inner_text()
    assert page.input_value("#q-name") == "Ohne Skript"
    assert page.is_checked("#q-person-egal") and page.is_checked("#q-programme-sonstiges")
    page.check("#q-bereiche-ablage")
    page.fill("#q-programme-sonstiges-text", "Eigene Kundenkartei")
    page.click("button[type=submit]")
    page.click("button:has-text('Jetzt absenden')")
    page.wait_for_url("**/fragebogen/danke/?referenz=*")
    context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_callback_form_end_to_end(browser, live, javascript):
    """The short "Rückruf anfordern" form: stored, and mailed with its own subject."""
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(live.base + "/rueckruf/")
    if javascript:  # without it, the browser itself asks for the required fields first
        page.click("[data-submit]")
        expect(page.locator("[data-error-list]")).to_contain_text("Ihre Telefonnummer")
        expect(page.locator("#q-telefon-fehler")).to_have_text(
            "Bitte füllen Sie das Feld „Ihre Telefonnummer“ aus."
        )
    page.fill("#q-name", "Özlem Çelik 🌷")
    page.fill("#q-telefon", "+49 30 9876543")
    page.check("#q-zeit-nachmittags")
    page.click("[data-submit]")
    if javascript:
        page.click("[data-review] [data-action=send]")
    else:
        page.click("button:has-text('Jetzt absenden')")
    page.wait_for_url("**/rueckruf/danke/?referenz=*")
    expect(page.locator("h1")).to_have_text("Danke – ich rufe Sie zurück")
    reference = page.url.rsplit("=", 1)[1]
    [row] = [r for r in live.rows() if r["reference"] == reference]
    assert row["questionnaire"] == "rueckruf"
    expected = {"name": "Özlem Çelik 🌷", "telefon": "+49 30 9876543", "zeit": "nachmittags"}
    assert row["answers"] == expected
    mail = owner_mail(live, reference)
    assert mail["Subject"] == f"Rückrufbitte über die Website: Özlem Çelik 🌷 ({reference})"
    assert "Nachmittags" in mail.get_content()
    context.close()


# --- honest advice: the script and the receiver apply the same rules ----------------------

DEMO = demo_questionnaire()
BASE = {
    "bereiche": ["ablage"],
    "rhythmus": "laufend",
    "stunden": "20",
    "antwortzeit": "ein-werktag",
    "ausserhalb": "nein",
    "schutzbedarf": "2",
    "person": "egal",
    "name": "Erika Beispiel",
    "email": "erika@beispiel.example",
    "kontaktweg": "e-mail",
}
#: Answer sets (changes to BASE) and how many notes each must raise.
RULE_CASES = {
    "nichts fällt auf": ({}, 0),
    "selber Tag und außerhalb der Bürozeiten": (
        {"antwortzeit": "selber-tag", "ausserhalb": "ja"},
        1,
    ),
    "Budget unter Stunden × Satz": ({"budget": "500"}, 1),
    "wenige Stunden und knappes Budget": ({"stunden": "8", "budget": "300"}, 2),
    "wenige Stunden, aber gebündelt": ({"rhythmus": "monatlich", "stunden": "8"}, 0),
    "Betrag über tausend": ({"stunden": "25", "budget": "1000"}, 1),
    "Projekt ohne Stunden": (
        {"rhythmus": "projekt", "stunden": None, "projekt": "Umzug der Ablage", "budget": "100"},
        0,
    ),
}


def answers_for(case: str) -> dict:
    changes, _ = RULE_CASES[case]
    return {k: v for k, v in {**BASE, **changes}.items() if v is not None}


def fill_answers(page, answers: dict) -> None:
    """Answer as a visitor would, in the questionnaire's order (conditions open on the way)."""
    for q in DEMO.questions:
        value = answers.get(q.id)
        if value is None:
            continue
        if q.type == "multiple":
            for item in value:
                page.check(f"#q-{q.id}-{item}")
        elif q.options and q.widget == "select":
            page.select_option(f"#q-{q.id}", value)
        elif q.options:
            page.check(f"#q-{q.id}-{value}")
        else:
            page.fill(f"#q-{q.id}", value)


def review_notes(page) -> list[str]:
    to_review(page)
    return page.locator("[data-note-list] li").all_inner_texts()


@pytest.mark.parametrize("case", list(RULE_CASES))
def test_script_and_python_flag_the_same_notes(page, served, case):
    """The same answers through questionnaire.js (review step) and rules.flagged (receiver)."""
    answers = answers_for(case)
    expected = flagged(DEMO.rules, answers)
    assert len(expected) == RULE_CASES[case][1], expected
    open_form(page, served)
    fill_answers(page, answers)
    assert review_notes(page) == expected
    assert page.locator("[data-notes]").is_visible() == bool(expected)


def test_review_step_explains_a_mismatch_kindly(page, served):
    open_form(page, served)
    fill_answers(page, answers_for("wenige Stunden und knappes Budget"))
    notes = review_notes(page)
    assert notes[0].startswith(
        "Für geschätzte 8 Std. im Monat kommen bei einem Stundensatz ab 48 €"
    )
    assert "etwa 384 € zusammen – Ihr Budget von 300 € liegt darunter." in notes[0]
    assert notes[1].startswith("Ihre Schätzung liegt bei 8 Std. im Monat.")
    assert "Hinweise zu Ihren Angaben" in page.inner_text("[data-notes]")
    page.click("[data-action=edit]")
    page.fill("#q-budget", "2000")
    page.fill("#q-stunden", "12")
    assert review_notes(page) == []  # changed answers, no note left
    assert not page.locator("[data-notes]").is_visible()
    axe_clean(page)


def test_owner_mail_carries_the_notes(page, live):
    """Sent through the real receiver process: the owner reads what the visitor was told."""
    answers = answers_for("wenige Stunden und knappes Budget")
    open_form(page, live.base)
    fill_answers(page, answers)
    shown_notes = review_notes(page)
    page.click("[data-review] [data-action=send]")
    row = sent_and_stored(page, live)
    body = " ".join(owner_mail(live, row["reference"]).get_content().split())
    assert "== Hinweise, die der Fragebogen im Überblick gezeigt hat ==" in body
    for note in shown_notes:
        assert f"- {note}" in body


def test_email_mode_puts_contact_first_and_never_cuts_it(page, email_site):
    open_form(page, email_site)
    assert page.inner_text("[data-submit]") == "Weiter zur Übersicht"
    fill_required(page)
    page.fill("#q-telefon", "+49 30 555 0000")
    page.fill("#q-anmerkungen", ("Sehr ausführlich 😀 " * 200).strip())
    to_review(page)
    assert page.inner_text("[data-review] [data-action=send]") == "E-Mail vorbereiten"
    page.click("[data-review] [data-action=send]")
    page.locator("[data-fallback]").wait_for(state="visible")
    mail = page.get_attribute("[data-fallback-mail]", "href")
    assert len(mail) <= 1900
    body = unquote(mail.split("&body=", 1)[1])
    head = body.split("== Welche Aufgaben? ==")[0]
    for contact in ("Erika Beispiel", "erika@beispiel.example", "+49 30 555 0000"):
        assert contact in head
    assert body.endswith("[Gekürzt: Die vollständigen Angaben bitte als Textdatei anhängen.]")
    assert "zu lang" in page.inner_text("[data-mail-note]")
    assert page.inner_text("[data-recipient]") == "hallo@buero-lindenblatt.example"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_on_form_and_review(page, served, scheme):
    page.emulate_media(color_scheme=scheme)
    open_form(page, served)
    axe_clean(page)
    fill_required(page)
    page.check("#q-bereiche-postfach")
    to_review(page)
    axe_clean(page)


def test_keyboard_only_fill_and_review(page, served):
    open_form(page, served)
    page.focus("#q-bereiche-ablage")
    page.keyboard.press("Space")
    assert page.is_checked("#q-bereiche-ablage")
    page.focus("#q-antwortzeit-selber-tag")
    page.keyboard.press("ArrowDown")
    assert page.is_checked("#q-antwortzeit-ein-werktag")
    page.focus("[data-submit]")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")


def test_print_shows_a_clean_paper_questionnaire(page, served):
    open_form(page, served)
    page.emulate_media(media="print")
    assert not page.locator(".q-progress").is_visible()
    assert not page.locator("[data-submit]").is_visible()
    assert page.locator("#frage-projekt").is_visible()
    assert page.locator("#q-name").is_visible()


def test_progress_counts_required_questions_and_says_fertig(page, served):
    open_form(page, served)
    state = page.locator('[data-progress="aufgaben"] [data-progress-state]')
    expect(state).to_have_text("(0 von 1 Pflichtfragen beantwortet)")
    page.check("#q-bereiche-ablage")
    page.locator("#q-beispiel").focus()  # an optional question stays optional
    expect(state).to_have_text("(fertig)")
    fill_required(page)
    expect(page.locator('[data-progress="kontakt"] [data-progress-state]')).to_have_text("(fertig)")
    tools = page.locator('[data-progress="werkzeuge"] [data-progress-state]')
    expect(tools).to_have_text("(freiwillig)")  # no required question: never "unfinished"


def test_error_summary_fits_one_phone_screen_with_its_heading_in_view(page, served):
    page.set_viewport_size({"width": 390, "height": 844})
    open_form(page, served)
    page.click("[data-submit]")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    assert summary.evaluate("el => el.getBoundingClientRect().height") <= 844
    expect(page.locator("#fehler-titel")).to_be_in_viewport()


SHARE_SHEET = """
Object.defineProperty(navigator, "canShare", {value: (data) => Boolean(data.files)});
Object.defineProperty(navigator, "share", {value: (data) => data.files[0].text()
  .then((text) => { window.__shared = {name: data.files[0].name, text: text}; })});
"""


def test_on_a_phone_a_too_long_mail_offers_sharing_the_whole_text_file(page, email_site):
    """Where the Web Share API takes files (phones), the fallback offers it instead of an
    attachment; Chromium on a desktop has no share sheet, so the test gives it one."""
    page.add_init_script(SHARE_SHEET)
    open_form(page, email_site)
    fill_required(page)
    long_note = ("Sehr ausführlich 😀 " * 200).strip()
    page.fill("#q-anmerkungen", long_note)
    to_review(page)
    page.click("[data-review] [data-action=send]")
    page.locator("[data-fallback]").wait_for(state="visible")
    expect(page.locator("[data-mail-note]")).to_contain_text("Textdatei teilen")
    share = page.get_by_role("button", name="Textdatei teilen (z. B. per E-Mail)")
    expect(share).to_be_visible()
    share.click()
    page.wait_for_function("window.__shared !== undefined")
    shared = page.evaluate("window.__shared")
    assert shared["name"].startswith("fragebogen-") and shared["name"].endswith(".txt")
    assert long_note in shared["text"] and "erika@beispiel.example" in shared["text"]


def test_without_a_share_sheet_the_share_button_stays_hidden(page, email_site):
    open_form(page, email_site)
    fill_required(page)
    page.fill("#q-anmerkungen", ("Sehr ausführlich 😀 " * 200).strip())
    to_review(page)
    page.click("[data-review] [data-action=send]")
    page.locator("[data-fallback]").wait_for(state="visible")
    expect(page.locator("[data-share]")).to_be_hidden()
    expect(page.locator("[data-mail-note]")).to_contain_text("Bitte hängen Sie zusätzlich")
