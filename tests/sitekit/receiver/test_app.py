"""The receiver in-process: validation, spam defences, CORS, both ways of sending,
idempotency, the outbox and the owner's inbox. The process tests live in test_load.py and
test_local.py, the browser tests in tests/plugins/questionnaire/test_browser.py."""

from __future__ import annotations

import csv
import datetime as dt
import email
import email.policy
import html
import io
import json
import re
import shutil
import sqlite3
from urllib.parse import urlencode

import pytest
from helpers import DEMO_CONTENT, Mailbox, free_port, wait_for
from helpers.receiver import JSON, ORIGIN, PAGE, make_config, script_fields, valid_answers
from starlette.testclient import TestClient

from sitekit.receiver.app import create_app
from sitekit.receiver.inbox import Inbox

URL = "/antworten/fragebogen"


def rows(tmp_path) -> list[sqlite3.Row]:
    db = sqlite3.connect(tmp_path / "empfang.sqlite3")
    db.row_factory = sqlite3.Row
    return db.execute("SELECT * FROM submissions").fetchall()


def attempts(tmp_path) -> int:
    db = sqlite3.connect(tmp_path / "empfang.sqlite3")
    return db.execute("SELECT COALESCE(MAX(attempts), 0) FROM outbox").fetchone()[0]


def spam(tmp_path) -> dict[str, int]:
    db = sqlite3.connect(tmp_path / "empfang.sqlite3")
    return dict(db.execute("SELECT reason, SUM(count) FROM spam GROUP BY reason").fetchall())


# --- the script's way: JSON ---------------------------------------------------------


def test_valid_submission_is_stored_before_the_answer(receiver, tmp_path):
    response = receiver.post(URL, data={**valid_answers(), **script_fields()}, headers=JSON)
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", body["reference"])
    assert body["redirect"] == f"{ORIGIN}/fragebogen/danke/?referenz={body['reference']}"
    [row] = rows(tmp_path)
    assert row["reference"] == body["reference"]
    answers = json.loads(row["answers"])
    assert answers["bereiche"] == ["ablage", "sonstiges"]
    assert answers["bereiche-sonstiges"] == "Reisebuchungen"
    assert answers["name"] == "Jörg Müller"
    assert json.loads(row["recommended"]) == ["bueroorganisation"]
    assert dt.datetime.fromisoformat(row["received"]).utcoffset() is not None


def test_the_same_key_is_stored_once(receiver, tmp_path):
    data = {**valid_answers(), **script_fields("doppelklick-0123456789")}
    first = receiver.post(URL, data=data, headers=JSON).json()
    second = receiver.post(URL, data=data, headers=JSON).json()
    assert first["reference"] == second["reference"]
    assert len(rows(tmp_path)) == 1


def test_answers_to_hidden_questions_are_dropped(receiver, tmp_path):
    # "projekt" only shows for rhythmus=projekt, "nda" only for schutzbedarf 4 or 5.
    data = {**valid_answers(projekt="geheim", nda="ja"), **script_fields()}
    assert receiver.post(URL, data=data, headers=JSON).status_code == 200
    answers = json.loads(rows(tmp_path)[0]["answers"])
    assert "projekt" not in answers and "nda" not in answers


def test_a_hidden_required_question_is_not_required(receiver):
    # "projekt" is required but hidden unless rhythmus=projekt: fine without it.
    data = {**valid_answers(rhythmus="monatlich"), **script_fields()}
    assert receiver.post(URL, data=data, headers=JSON).status_code == 200
    shown = {
        **valid_answers(rhythmus="projekt", stunden=None),
        **script_fields("zweiter-1234567890"),
    }
    response = receiver.post(URL, data=shown, headers=JSON)
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"projekt"}


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"bereiche": None, "bereiche-sonstiges": None}, "bereiche", "mindestens eine Antwort"),
        ({"bereiche": ["ablage", "zaubern"]}, "bereiche", "eine der angebotenen Antworten"),
        ({"bereiche-sonstiges": ""}, "bereiche", "was Sie mit „Sonstiges“ meinen"),
        ({"stunden": "161"}, "stunden", "von 1 bis 160 Stunden pro Monat"),
        ({"stunden": "2,5"}, "stunden", "in Schritten von 1"),
        ({"stunden": "viele"}, "stunden", "zum Beispiel 12"),
        ({"email": "keine-adresse"}, "email", "name@beispiel.de"),
        ({"telefon": "ruf mich an"}, "telefon", "nur mit Ziffern"),
        ({"beginn": "2027-02-30"}, "beginn", "gültiges Datum"),
        ({"name": "x" * 201}, "name", "höchstens 200 Zeichen"),
        ({"kontaktweg": ["e-mail", "telefon"]}, "kontaktweg", "nur eine Antwort"),
        ({"name": ""}, "name", "Bitte füllen Sie das Feld „Ihr Name“ aus."),
        (
            {"rhythmus": "projekt", "stunden": None},
            "projekt",
            "Bitte beantworten Sie die Frage „Worum geht es in dem Projekt, und bis wann soll "
            "es fertig sein?“.",
        ),
    ],
)
def test_invalid_answers_are_named_per_field_in_german(receiver, tmp_path, changes, field, message):
    response = receiver.post(
        URL, data={**valid_answers(**changes), **script_fields()}, headers=JSON
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert list(errors) == [field]
    assert message in errors[field]
    assert rows(tmp_path) == []


def test_unknown_fields_are_rejected(receiver, tmp_path):
    data = {**valid_answers(), **script_fields(), "kontostand": "1000000"}
    response = receiver.post(URL, data=data, headers=JSON)
    assert response.status_code == 400
    assert response.json()["fields"] == ["kontostand"]
    assert rows(tmp_path) == []


def test_a_question_added_while_it_runs_is_accepted_without_a_restart(tmp_path):
    """The owner adds a question during `make livereload`: the running receiver reads it."""
    content = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, content)
    definition = content / "questionnaires" / "rueckruf.md"
    app = create_app(make_config(tmp_path, RECEIVER_CONTENT=str(content)))
    answers = {"name": "Jörg Müller", "telefon": "030 1234567", "zeit": "egal"}
    data = {**answers, **script_fields(), "anliegen": "Rechnungen"}
    with TestClient(app) as client:
        response = client.post("/antworten/rueckruf", data=data, headers=JSON)
        assert response.status_code == 400 and response.json()["fields"] == ["anliegen"]
        text = definition.read_text(encoding="utf-8")
        question = "      - id: anliegen\n        type: text\n        label: Worum geht es?\n---\n"
        definition.write_text(text.replace("\n---\n", "\n" + question, 1), encoding="utf-8")
        response = client.post("/antworten/rueckruf", data=data, headers=JSON)
        assert response.status_code == 200, response.text
        # A half-written edit (broken YAML) keeps the last good definition in force.
        definition.write_text(text.replace("title: Rückruf", "title: [Rückruf"), encoding="utf-8")
        again = {**data, **script_fields(key="schluessel-zweiter-versuch")}
        response = client.post("/antworten/rueckruf", data=again, headers=JSON)
        assert response.status_code == 200, response.text
    stored = [json.loads(row["answers"]) for row in rows(tmp_path)]
    assert [a.get("anliegen") for a in stored] == ["Rechnungen", "Rechnungen"]


def test_size_limit(receiver, tmp_path):
    data = {**valid_answers(anmerkungen="ä" * 40_000), **script_fields()}
    response = receiver.post(URL, data=data, headers=JSON)
    assert response.status_code == 413
    assert "zu umfangreich" in response.json()["message"]
    assert rows(tmp_path) == []


def test_unknown_questionnaire_and_wrong_body_type(receiver):
    assert receiver.post("/antworten/gibtsnicht", data={"a": "b"}, headers=JSON).status_code == 404
    response = receiver.post(URL, json=valid_answers(), headers=JSON)
    assert response.status_code == 415


# --- spam: counted, never stored ------------------------------------------------------


def test_honeypot(receiver, tmp_path):
    data = {**valid_answers(), **script_fields(), "homepage": "https://werbung.example"}
    response = receiver.post(URL, data=data, headers=JSON)
    assert response.status_code == 400
    assert response.json()["reason"] == "honeypot"
    assert rows(tmp_path) == [] and spam(tmp_path) == {"honeypot": 1}


def test_filled_faster_than_a_person_can(receiver, tmp_path):
    data = {**valid_answers(), **script_fields(started_ago=0.5)}
    response = receiver.post(URL, data=data, headers=JSON)
    assert response.status_code == 400
    assert response.json()["reason"] == "speed"
    assert rows(tmp_path) == [] and spam(tmp_path) == {"speed": 1}


def test_missing_or_foreign_origin(receiver, tmp_path):
    data = {**valid_answers(), **script_fields()}
    assert receiver.post(URL, data=data, headers={"Accept": "application/json"}).status_code == 403
    foreign = {"Origin": "https://fremd.example", "Accept": "application/json"}
    response = receiver.post(URL, data=data, headers=foreign)
    assert response.status_code == 403
    assert "access-control-allow-origin" not in response.headers
    assert rows(tmp_path) == [] and spam(tmp_path) == {"origin": 2}


def test_rate_limit_per_address(tmp_path):
    app = create_app(make_config(tmp_path, RECEIVER_RATE_LIMIT="2"))
    with TestClient(app) as client:
        codes = [
            client.post(
                URL, data={**valid_answers(), **script_fields(f"schluessel-{n:012d}")}, headers=JSON
            )
            for n in range(3)
        ]
    assert [r.status_code for r in codes] == [200, 200, 429]
    assert int(codes[2].headers["retry-after"]) > 0
    assert len(rows(tmp_path)) == 2 and spam(tmp_path) == {"rate": 1}


# --- CORS, exactly -----------------------------------------------------------------------


def test_preflight_for_the_site_and_nobody_else(receiver):
    asks = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "accept"}
    allowed = receiver.options(URL, headers={"Origin": ORIGIN, **asks})
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == ORIGIN
    assert "POST" in allowed.headers["access-control-allow-methods"]
    refused = receiver.options(URL, headers={"Origin": "https://fremd.example", **asks})
    assert refused.status_code == 400
    assert "access-control-allow-origin" not in refused.headers
    answer = receiver.post(URL, data={**valid_answers(), **script_fields()}, headers=JSON)
    assert answer.headers["access-control-allow-origin"] == ORIGIN


# --- without JavaScript: pages, review, 303 -------------------------------------------------


def test_without_script_errors_come_back_with_every_answer_kept(receiver, tmp_path):
    data = valid_answers(email="falsch", anmerkungen='<script>alert("x")</script> & Grüße 😀')
    response = receiver.post(URL, data=data, headers=PAGE)
    assert response.status_code == 422
    page = response.text
    assert "Bitte prüfen Sie Ihre Angaben" in page
    assert 'href="#frage-email"' in page and "name@beispiel.de" in page
    assert 'value="falsch"' in page and 'aria-invalid="true"' in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Grüße 😀</textarea>" in page
    assert 'value="ablage" checked' in page
    assert "<script>" not in page
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert rows(tmp_path) == []


def test_without_script_review_then_303_to_the_thank_you_page(tmp_path):
    """Review, then "Jetzt absenden" (the minimum reading time is 0 s here)."""
    app = create_app(make_config(tmp_path, RECEIVER_MIN_FILL_SECONDS="0"))
    with TestClient(app) as client:
        _review_and_send(client, tmp_path)


def _review_and_send(receiver, tmp_path):
    review = receiver.post(URL, data=valid_answers(projekt="versteckt"), headers=PAGE)
    assert review.status_code == 200
    assert "Ihre Angaben im Überblick" in review.text
    assert "Büroorganisation und digitale Ablage; Sonstiges: Reisebuchungen" in review.text
    assert 'name="projekt"' not in review.text  # hidden answers do not travel on
    assert rows(tmp_path) == []
    send_form = review.text.split('name="_edit" value="1">')[1]  # the "Jetzt absenden" form
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', send_form)
    data = [(name, html.unescape(value)) for name, value in fields]
    assert [name for name, _ in data].count("_ticket") == 1
    form = {"Content-Type": "application/x-www-form-urlencoded", **PAGE}
    done = receiver.post(URL, content=urlencode(data), headers=form, follow_redirects=False)
    assert done.status_code == 303
    [row] = rows(tmp_path)
    assert done.headers["location"] == f"{ORIGIN}/fragebogen/danke/?referenz={row['reference']}"
    again = receiver.post(URL, content=urlencode(data), headers=form, follow_redirects=False)
    assert again.headers["location"] == done.headers["location"]  # double click: one row
    assert len(rows(tmp_path)) == 1


def test_without_script_a_fast_ticket_is_refused(receiver, tmp_path):
    review = receiver.post(URL, data=valid_answers(), headers=PAGE)
    ticket = re.search(r'name="_ticket" value="([^"]+)"', review.text).group(1)
    done = receiver.post(URL, data={**valid_answers(), "_ticket": ticket}, headers=PAGE)
    assert done.status_code == 400
    assert "schneller abgeschickt, als ein Mensch" in done.text
    forged = receiver.post(
        URL, data={**valid_answers(), "_ticket": ticket[:-2] + "xx"}, headers=PAGE
    )
    assert forged.status_code == 400
    assert rows(tmp_path) == []


#: Answers two of the demo's advice rules flag: 8 hours (ongoing) and 300 € for 8 × 48 €.
MISMATCH = {"stunden": "8", "budget": "300"}
BUDGET_NOTE = "Für geschätzte 8 Std. im Monat kommen bei einem Stundensatz ab 48 € netto etwa 384 €"
HOURS_NOTE = "Ihre Schätzung liegt bei 8 Std. im Monat. Für eine laufende Betreuung"


def test_without_script_the_review_page_explains_mismatches(receiver, tmp_path):
    review = receiver.post(URL, data=valid_answers(**MISMATCH), headers=PAGE)
    assert review.status_code == 200
    page = html.unescape(review.text)
    assert "Hinweise zu Ihren Angaben" in page
    assert BUDGET_NOTE in page and HOURS_NOTE in page
    assert page.index(BUDGET_NOTE) < page.index(HOURS_NOTE)  # the definition's order
    calm = receiver.post(URL, data=valid_answers(budget="2000"), headers=PAGE)
    assert "Hinweise zu Ihren Angaben" not in calm.text
    assert rows(tmp_path) == []


def test_without_script_no_form_offers_a_copy_by_mail(receiver):
    """No mail ever goes to an address a visitor typed: nothing offers one."""
    callback = {"name": "Ali", "telefon": "030 1234567", "zeit": "egal", "_edit": "1"}
    page = receiver.post("/antworten/rueckruf", data=callback, headers=PAGE)
    assert page.status_code == 200
    assert 'value="030 1234567"' in page.text
    assert 'name="_copy"' not in page.text and "Abschnitt 1 von 1" not in page.text
    demo = receiver.post(URL, data={**valid_answers(), "_edit": "1"}, headers=PAGE)
    assert 'name="_copy"' not in demo.text and "Abschnitt 1 von 7" in demo.text
    review = receiver.post(URL, data=valid_answers(), headers=PAGE)
    assert "Drucken Sie diese Übersicht jetzt aus" in review.text


def test_without_script_the_form_can_be_edited_again(receiver):
    page = receiver.post(URL, data={**valid_answers(), "_edit": "1"}, headers=PAGE)
    assert page.status_code == 200
    assert "Nichts davon ist bisher gesendet" in page.text
    assert 'value="Jörg Müller"' in page.text


# --- mail: composed from the outbox -----------------------------------------------------------


def test_owner_mail_has_every_answer_in_order_and_reply_to_the_client(tmp_path, mailbox):
    config = make_config(
        tmp_path, RECEIVER_SMTP_HOST="127.0.0.1", RECEIVER_SMTP_PORT=str(mailbox.port)
    )
    app = create_app(config)
    receiver = app.state.receiver
    hostile = '=cmd|" /C calc"!A0\r\nBcc: opfer@fremd.example <b>fett</b>'
    # "_copy" is what pages built before copies were dropped still send: no copy goes out
    data = {**valid_answers(name=hostile), **script_fields(), "_copy": "ja"}
    with TestClient(app) as client:
        reference = client.post(URL, data=data, headers=JSON).json()["reference"]
        wait_for(lambda: receiver.store.outbox_counts()["gesendet"] == 1, "die Mail gesendet")
        shown = Inbox(receiver.store, receiver.site).show(reference)
    [owner] = mailbox.messages
    assert owner.rcpt_tos == ["inhaberin@buero.example"]
    message = email.message_from_bytes(owner.content, policy=email.policy.default)
    assert message["Reply-To"] == "joerg@kunde.example"
    assert message["Bcc"] is None  # what a visitor typed never becomes a header
    assert "\n" not in message["Subject"] and message["Subject"].endswith(f"({reference})")
    assert message.get_content_type() == "text/plain"
    body = message.get_content()
    assert 'Ihr Name\r\n  =cmd|" /C calc"!A0 Bcc: opfer@fremd.example <b>fett</b>' in body
    order = [line for line in shown.splitlines() if line.startswith("==")]
    assert order[0] == "== Welche Aufgaben? ==" and order[-1] == "== Wie erreiche ich Sie? =="


def test_the_owners_mail_carries_the_notes_and_the_forms_own_subject(tmp_path, mailbox):
    config = make_config(
        tmp_path, RECEIVER_SMTP_HOST="127.0.0.1", RECEIVER_SMTP_PORT=str(mailbox.port)
    )
    app = create_app(config)
    data = {**valid_answers(**MISMATCH), **script_fields()}
    with TestClient(app) as client:
        reference = client.post(URL, data=data, headers=JSON).json()["reference"]
        wait_for(lambda: len(mailbox.messages) == 1, "die Mail beim SMTP-Server")
        receiver = app.state.receiver
        shown = Inbox(receiver.store, receiver.site).show(reference)
    assert "== Hinweise, die der Fragebogen im Überblick gezeigt hat ==" in shown
    assert f"- {BUDGET_NOTE}" in shown and f"- {HOURS_NOTE}" in shown
    [envelope] = mailbox.messages
    owner = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert owner["Subject"] == f"Bedarfsanalyse über die Website: Jörg Müller ({reference})"
    body = owner.get_content()
    assert "== Hinweise, die der Fragebogen im Überblick gezeigt hat ==" in body
    assert f"- {BUDGET_NOTE}" in body and f"- {HOURS_NOTE}" in body


def test_smtp_outage_delays_mail_but_never_loses_it(tmp_path):
    port = free_port()  # nobody listens there yet
    config = make_config(
        tmp_path,
        RECEIVER_SMTP_HOST="127.0.0.1",
        RECEIVER_SMTP_PORT=str(port),
        RECEIVER_RETRY_SECONDS="0.2",
        RECEIVER_RETRY_MAX_SECONDS="0.5",
    )
    app = create_app(config)
    store = app.state.receiver.store
    with TestClient(app) as client:
        client.post(URL, data={**valid_answers(), **script_fields()}, headers=JSON)
        assert len(rows(tmp_path)) == 1  # stored while SMTP is down
        wait_for(lambda: attempts(tmp_path) >= 2, "zwei gescheiterte Zustellversuche")
        assert store.outbox_counts() == {
            "wartend": 1,
            "gesendet": 0,
            "unzustellbar": 0,
            "unklar": 0,
        }
        mailbox = Mailbox(port)
        mailbox.controller.start()
        try:
            wait_for(lambda: len(mailbox.messages) == 1, "die Mail nach dem Neustart von SMTP")
            wait_for(lambda: store.outbox_counts()["gesendet"] == 1, "Postausgang leer")
        finally:
            mailbox.controller.stop()


# --- the owner's inbox and retention ------------------------------------------------------------


def test_inbox_exports_json_and_csv(tmp_path, receiver):
    spreadsheet_attack = '=HYPERLINK("https://fremd.example")'
    data = {**valid_answers(firma=spreadsheet_attack), **script_fields()}
    reference = receiver.post(URL, data=data, headers=JSON).json()["reference"]
    app_receiver = receiver.app.state.receiver
    inbox = Inbox(app_receiver.store, app_receiver.site)
    [record] = json.loads(inbox.export("json"))
    assert record["id"] == reference and record["questionnaire"] == "fragebogen"
    assert record["answers"]["bereiche"] == ["ablage", "sonstiges"]
    assert record["answers"]["firma"] == spreadsheet_attack
    assert dt.datetime.fromisoformat(record["received"]).utcoffset() is not None
    [row] = list(csv.DictReader(io.StringIO(inbox.export("csv"))))
    assert row["id"] == reference and row["bereiche"] == "ablage; sonstiges"
    assert row["firma"] == "'" + spreadsheet_attack  # a spreadsheet shows it as text
    assert reference in inbox.listing()
    assert app_receiver.store.delete(reference) and json.loads(inbox.export("json")) == []


def test_retention_deletes_old_submissions(tmp_path, receiver):
    receiver.post(URL, data={**valid_answers(), **script_fields()}, headers=JSON)
    store = receiver.app.state.receiver.store
    now = dt.datetime.now(dt.UTC)
    assert store.delete_older_than(now - dt.timedelta(days=180)) == 0
    assert store.delete_older_than(now + dt.timedelta(seconds=1)) == 1
    assert rows(tmp_path) == []
