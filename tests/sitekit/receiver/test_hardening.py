"""The receiver against an attacker and an unlucky owner: each test reproduces one defect
the review of issue 16 found, and checks what a visitor, the owner or her mail server
now sees. Mail goes to real aiosmtpd servers that answer slowly, refuse for now,
refuse for good or drop the line; every wait is for a condition, never a fixed time."""

from __future__ import annotations

import asyncio
import csv
import email
import email.policy
import io
import json
import logging
import shutil
import socket
import sqlite3
import threading
import time

import pytest
from helpers import DEMO_CONTENT, DEMO_OWNER, Mailbox, wait_for
from helpers.receiver import JSON, PAGE, make_config, script_fields, valid_answers
from starlette.testclient import TestClient

from plugins.questionnaire.definition import HONEYPOT, RESERVED_IDS
from plugins.site_settings.owner import OWNER_FILE_ENV
from sitekit.receiver.app import create_app
from sitekit.receiver.config import ConfigError
from sitekit.receiver.inbox import Inbox
from sitekit.receiver.loadtest import ORIGIN as LOAD_ORIGIN
from sitekit.receiver.loadtest import start_receiver, stop_receiver
from sitekit.receiver.mail import send_summary
from sitekit.receiver.spam import RateLimiter
from sitekit.receiver.store import NewSubmission
from sitekit.receiver.validation import META_FIELDS

URL = "/antworten/fragebogen"
CALLBACK = "/antworten/rueckruf"
OWNER = "inhaberin@buero.example"


def smtp_env(port: int, **extra) -> dict[str, str]:
    return {
        "RECEIVER_SMTP_HOST": "127.0.0.1",
        "RECEIVER_SMTP_PORT": str(port),
        "RECEIVER_RETRY_SECONDS": "0.1",
        "RECEIVER_RETRY_MAX_SECONDS": "0.2",
        **extra,
    }


def send(client, key: str, **changes):
    data = {**valid_answers(**changes), **script_fields(key)}
    return client.post(URL, data=data, headers=JSON)


def parsed(envelope) -> email.message.EmailMessage:
    return email.message_from_bytes(envelope.content, policy=email.policy.default)


class Refusing(Mailbox):
    """Answers DATA with ``answer`` the first ``times`` times (all times: None), then 250."""

    def __init__(self, answer: str, times: int | None = None) -> None:
        super().__init__()
        self.answer, self.times, self.refused = answer, times, 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's API
        if self.times is None or self.refused < self.times:
            self.refused += 1
            return self.answer
        return await super().handle_DATA(server, session, envelope)


class Slow(Mailbox):
    """Takes the message, but answers only after ``seconds`` (beyond the client's timeout)."""

    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.seconds = seconds

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's API
        self.messages.append(envelope)
        await asyncio.sleep(self.seconds)
        return "250 OK"


class HangingUp(Mailbox):
    """Takes the message, then drops the line instead of answering (a crash, a proxy)."""

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's API
        self.messages.append(envelope)
        server.transport.close()
        return "250 OK"  # never reaches the client


@pytest.fixture
def servers():
    started = []

    def start(box):
        box.controller.start()
        started.append(box)
        return box

    yield start
    for box in started:
        box.controller.stop()


# --- 1. an outbox that never stalls ---------------------------------------------------------


def test_a_hostile_name_neither_stops_later_mails_nor_reaches_a_header(tmp_path, mailbox):
    """Before: a name with U+2028 raised in compose() and blocked every later mail."""
    app = create_app(make_config(tmp_path, **smtp_env(mailbox.port)))
    store = app.state.receiver.store
    with TestClient(app) as client:
        callback = {"name": "Eva\u2028Bcc: x@fremd.example\x85", "telefon": "030 1234567"}
        callback |= {"zeit": "egal", **script_fields("rueckruf-0123456789")}
        assert client.post(CALLBACK, data=callback, headers=JSON).status_code == 200
        for n in range(3):
            assert send(client, f"normal-{n:014d}").status_code == 200
        wait_for(lambda: store.outbox_counts()["gesendet"] == 4, "vier Mails zugestellt")
    subjects = [parsed(m)["Subject"] for m in mailbox.messages]
    assert any(s.startswith("Rückruf") and "Eva Bcc: x@fremd.example (" in s for s in subjects)
    assert all(parsed(m)["Bcc"] is None for m in mailbox.messages)


def test_a_mail_that_cannot_be_composed_is_set_aside_and_the_rest_go_out(tmp_path, mailbox):
    """Any error while composing one mail concerns that mail only (here: a stored answer
    the current definition cannot read, as after an edit of the questionnaire)."""
    app = create_app(make_config(tmp_path, **smtp_env(mailbox.port)))
    store = app.state.receiver.store
    unreadable = {**valid_answers(), "rhythmus": "projekt", "beginn": "kein Datum"}
    first, _ = store.add_submission(
        NewSubmission(
            "verdorben-0123456789",
            "fragebogen",
            app.state.receiver.site.now(),
            unreadable,
            [],
            [("owner", OWNER)],
        )
    )
    with TestClient(app) as client:
        wait_for(lambda: store.outbox_counts()["unzustellbar"] == 1, "die Mail beiseitegelegt")
        second = send(client, "danach-00123456789").json()["reference"]
        wait_for(lambda: store.outbox_counts()["gesendet"] == 1, "die nächste Mail")
        listing = Inbox(store, app.state.receiver.site).listing()
    assert f"Benachrichtigung zu {first}: unzustellbar (nicht erstellbar" in listing
    assert f"invoke inbox --retry {first}" in listing
    notices = [m for m in mailbox.messages if not parsed(m)["Subject"].startswith("Postausgang")]
    assert [second in m.content.decode() for m in notices] == [True]


def test_a_server_that_answers_late_gets_the_mail_once(tmp_path, servers):
    """Before: the same mail again on every retry (4 copies in 25 s, without end)."""
    slow = servers(Slow(seconds=3))
    env = smtp_env(slow.port, RECEIVER_SMTP_TIMEOUT="1")
    app = create_app(make_config(tmp_path, **env))
    store = app.state.receiver.store
    with TestClient(app) as client:
        reference = send(client, "langsam-0123456789").json()["reference"]
        wait_for(lambda: store.outbox_counts()["unklar"] == 1, "die Mail als unklar vermerkt")
        wait_for(lambda: len(slow.messages) == 1, "der Server hat sie genommen")
        assert store.next_due() is None  # nothing left to try: it is never sent again
        listing = Inbox(store, app.state.receiver.site).listing()
    assert len(slow.messages) == 1
    assert f"Benachrichtigung zu {reference}: vielleicht angekommen" in listing


def test_a_line_dropped_after_the_message_is_never_followed_by_a_second_copy(tmp_path, servers):
    hanging = servers(HangingUp())
    app = create_app(make_config(tmp_path, **smtp_env(hanging.port)))
    store = app.state.receiver.store
    with TestClient(app) as client:
        send(client, "aufgelegt-nach-daten-01")
        wait_for(lambda: store.outbox_counts()["unklar"] == 1, "als unklar vermerkt")
        assert store.next_due() is None
    assert len(hanging.messages) == 1


def test_a_permanent_refusal_is_set_aside_at_once_and_can_be_sent_again(tmp_path, servers):
    """Before: a 5xx was retried every hour for ever and the owner never heard of it."""
    refusing = servers(Refusing("554 5.7.1 Nicht angenommen"))
    app = create_app(make_config(tmp_path, **smtp_env(refusing.port)))
    store = app.state.receiver.store
    with TestClient(app) as client:
        reference = send(client, "abgelehnt-0123456789").json()["reference"]
        wait_for(lambda: store.outbox_counts()["unzustellbar"] == 1, "beiseitegelegt")
        assert refusing.refused == 1 and store.next_due() is None
        refusing.times = 1  # the owner fixed her mail server
        told = Inbox(store, app.state.receiver.site).retry(reference)
        assert told.endswith("wartet wieder im Postausgang.")
        client.portal.call(app.state.receiver.wake.set)  # as its next look at the outbox
        wait_for(lambda: len(refusing.messages) == 1, "erneut gesendet")
        wait_for(lambda: store.outbox_counts()["gesendet"] == 1, "als gesendet vermerkt")


def test_a_temporary_refusal_is_retried_until_it_goes_out_once(tmp_path, servers):
    busy = servers(Refusing("451 4.3.0 Bitte später", times=3))
    app = create_app(make_config(tmp_path, **smtp_env(busy.port)))
    store = app.state.receiver.store
    with TestClient(app) as client:
        send(client, "spaeter-00123456789")
        wait_for(lambda: store.outbox_counts()["gesendet"] == 1, "nach drei Absagen gesendet")
    assert busy.refused == 3 and len(busy.messages) == 1


def test_a_dropped_connection_is_retried_and_after_the_last_attempt_set_aside(tmp_path):
    """A server that accepts the connection and hangs up at once: no endless loop."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    port = listener.getsockname()[1]
    stop = False

    def hang_up():
        while not stop:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            connection.close()

    thread = threading.Thread(target=hang_up, daemon=True)
    thread.start()
    env = smtp_env(port, RECEIVER_MAX_ATTEMPTS="3")
    app = create_app(make_config(tmp_path, **env))
    store = app.state.receiver.store
    try:
        with TestClient(app) as client:
            send(client, "aufgelegt-0123456789")
            wait_for(lambda: store.outbox_counts()["unzustellbar"] == 1, "nach 3 Versuchen")
            [problem] = store.problems()
    finally:
        stop = True
        listener.close()
    assert "SMTPServerDisconnected" in problem.error or "Connection" in problem.error


def test_the_outbox_logs_a_failing_server_once_not_twenty_times_a_second(tmp_path, servers, caplog):
    busy = servers(Refusing("451 4.3.0 Bitte später"))
    env = smtp_env(busy.port, RECEIVER_RETRY_SECONDS="0.01", RECEIVER_RETRY_MAX_SECONDS="0.01")
    env["RECEIVER_MAX_ATTEMPTS"] = "1000"
    app = create_app(make_config(tmp_path, **env))
    with (
        caplog.at_level(logging.WARNING, logger="sitekit.receiver.mail"),
        TestClient(app) as client,
    ):
        send(client, "protokoll-0123456789")
        wait_for(lambda: busy.refused >= 20, "zwanzig Absagen")
    lines = [r for r in caplog.records if r.name == "sitekit.receiver.mail"]
    assert 1 <= len(lines) <= 2, [r.getMessage() for r in lines]


def test_the_daily_summary_names_every_mail_set_aside(tmp_path, servers, mailbox):
    refusing = servers(Refusing("550 5.1.1 Unbekannt"))
    app = create_app(make_config(tmp_path, **smtp_env(refusing.port)))
    receiver = app.state.receiver
    with TestClient(app) as client:
        reference = send(client, "zusammen-0123456789").json()["reference"]
        wait_for(lambda: receiver.store.outbox_counts()["unzustellbar"] == 1, "beiseitegelegt")
        # the owner's own mail works (her address is not the refused one)
        working = make_config(tmp_path, **smtp_env(mailbox.port))
        assert send_summary(receiver.store, receiver.site, working)
        assert not send_summary(receiver.store, receiver.site, working)  # once, not daily
    [summary] = mailbox.messages
    body = parsed(summary).get_content()
    assert summary.rcpt_tos == [OWNER]
    assert f"- {reference}: unzustellbar" in body and "invoke inbox --retry" in body


# --- 2. clean text at the door --------------------------------------------------------------


def test_every_answer_is_normalised_before_it_is_stored(receiver, tmp_path):
    long_text = "Erste Zeile\r\nZweite\u2028Dritte\tmit Tab\x1b[31m\u202eumgedreht"
    response = receiver.post(
        URL,
        data={
            **valid_answers(
                name="Jo\u0308rg\x1b]0;Titel\x07 Mu\u0308ller\u200b",
                firma="Büro\nGmbH",
                anmerkungen=long_text,
            ),
            **script_fields(),
        },
        headers=JSON,
    )
    assert response.status_code == 200
    stored = json.loads(
        sqlite3.connect(tmp_path / "empfang.sqlite3")
        .execute("SELECT answers FROM submissions")
        .fetchone()[0]
    )
    assert " ".join(stored["name"].split()) == "Jörg ]0;Titel Müller"  # NFC, no escape
    assert "\x1b" not in stored["name"] and "\u200b" not in stored["name"]
    assert stored["firma"] == "Büro GmbH"
    assert stored["anmerkungen"] == "Erste Zeile\nZweite\nDritte\tmit Tab [31mumgedreht"


@pytest.mark.parametrize(
    "address",
    [
        "=?utf-8?q?kunde=40firma.de=2C?=<attacker@evil.example>",
        "kunde@firma.de, attacker@evil.example",
        '"kunde@firma.de"@evil.example',
        "Kunde <kunde@firma.de>",
        "kunde@firma.de\r\nBcc: attacker@evil.example",
        "a" * 2000 + "@firma.example",  # before: accepted, then refused by SMTP every hour
    ],
)
def test_an_address_with_a_hidden_second_one_is_refused_in_german(receiver, tmp_path, address):
    response = send(receiver, "adresse-0123456789", email=address)
    assert response.status_code == 422
    assert "E-Mail-Adresse" in response.json()["errors"]["email"]


def test_an_international_domain_becomes_idna_in_reply_to(tmp_path, mailbox):
    app = create_app(make_config(tmp_path, **smtp_env(mailbox.port)))
    with TestClient(app) as client:
        assert send(client, "umlaut-00123456789", email="info@müller.example").status_code == 200
        wait_for(lambda: len(mailbox.messages) == 1, "die Mail")
    assert parsed(mailbox.messages[0])["Reply-To"] == "info@xn--mller-kva.example"


def test_the_reply_to_is_the_answer_to_the_email_question_whatever_its_id(tmp_path, mailbox):
    content = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, content)
    definition = content / "questionnaires" / "bedarfsanalyse.md"
    text = definition.read_text(encoding="utf-8")
    definition.write_text(text.replace("- id: email\n", "- id: e-mail\n"), encoding="utf-8")
    app = create_app(make_config(tmp_path, RECEIVER_CONTENT=str(content), **smtp_env(mailbox.port)))
    answers = valid_answers(email=None)
    answers["e-mail"] = "kundin@firma.example"
    with TestClient(app) as client:
        data = {**answers, **script_fields()}
        assert client.post(URL, data=data, headers=JSON).status_code == 200
        wait_for(lambda: len(mailbox.messages) == 1, "die Mail")
    assert parsed(mailbox.messages[0])["Reply-To"] == "kundin@firma.example"


def test_more_fields_than_allowed_get_413_not_500(receiver):
    data = {**valid_answers(), **script_fields()}
    data |= {f"feld{n}": "x" for n in range(500)}
    response = receiver.post(URL, data=data, headers=JSON)
    assert response.status_code == 413
    assert response.json()["reason"] == "too_large"


# --- 3. no relay ---------------------------------------------------------------------------


def test_no_mail_ever_goes_to_an_address_a_visitor_typed(tmp_path, mailbox):
    """Before: "send me a copy" mailed a stranger's text to any address, in the
    business's name. Now only the owner is written to, whatever a request asks for."""
    app = create_app(make_config(tmp_path, **smtp_env(mailbox.port)))
    phishing = "Ihr Konto wird gesperrt: https://fremd.example/anmelden"
    with TestClient(app) as client:
        for n in range(3):
            data = {
                **valid_answers(email=f"opfer{n}@fremd.example", anmerkungen=phishing),
                **script_fields(f"relay-{n:014d}"),
                "_copy": "ja",
            }
            assert client.post(URL, data=data, headers=JSON).status_code == 200
        wait_for(lambda: app.state.receiver.store.outbox_counts()["gesendet"] == 3, "drei Mails")
    assert [m.rcpt_tos for m in mailbox.messages] == [[OWNER]] * 3


# --- 4. the owner's tools are safe --------------------------------------------------------


def test_the_inbox_shows_escape_sequences_instead_of_obeying_them(receiver, tmp_path):
    send(receiver, "terminal-0123456789")
    store = receiver.app.state.receiver.store
    fake = "\x1b[2J\x1b[H1 Einsendung(en):\x1b]52;c;ZWNobyBoYWNr\x07\x1b]0;Titel\x07\u2028"
    with store.transaction() as db:  # stored before cleaning at the door existed
        row = db.execute("SELECT answers FROM submissions").fetchone()
        answers = {**json.loads(row[0]), "name": fake, "anmerkungen": "Zeile 1\nZeile 2\x9b31m"}
        db.execute("UPDATE submissions SET answers = ?", (json.dumps(answers),))
    inbox = Inbox(store, receiver.app.state.receiver.site)
    [reference] = [r for r in inbox.listing().split() if "-" in r and len(r) == 9]
    shown = inbox.listing() + inbox.show(reference)
    assert "\x1b" not in shown and "\x07" not in shown and "\u2028" not in shown
    assert "\x9b" not in shown
    assert "\\x1b[2J" in shown and "\\x1b]52;c;" in shown and "\\u2028" in shown
    assert "Zeile 1\n" in shown  # a long answer keeps its lines


LIVE = ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_the_csv_export_has_no_live_cell_whatever_the_separator(receiver, separator):
    """Before: "Gern;=1+1;ok" stayed unquoted and became a live formula in LibreOffice."""
    hostile = {
        "firma": "Gern;=1+1;ok",
        "anmerkungen": 'Tab\t=HYPERLINK("https://fremd.example","hier")\n-2+3\n @SUMME(1)',
        "name": "+49 30 1234567, =cmd|' /C calc'!A0",
    }
    send(receiver, "tabelle-0123456789", **hostile)
    app_receiver = receiver.app.state.receiver
    export = Inbox(app_receiver.store, app_receiver.site).export("csv")
    for reader in (
        csv.reader(io.StringIO(export), delimiter=separator),  # as a spreadsheet parses it
        ([cell for cell in line.split(separator)] for line in export.splitlines()),  # naively
    ):
        for row in reader:
            for cell in row:
                text = cell.strip(' "\u00a0')
                assert not text.startswith(LIVE), (separator, cell)
    [row] = list(csv.DictReader(io.StringIO(export)))
    assert row["firma"] == "Gern;'=1+1;ok"  # still readable for a person


# --- 5. rate limit by submission ------------------------------------------------------------


def test_retries_of_one_submission_do_not_count_against_the_limit(tmp_path):
    """5 retries of one submission plus 3 new ones pass a limit of 4."""
    app = create_app(make_config(tmp_path, RECEIVER_RATE_LIMIT="4"))
    with TestClient(app) as client:
        first = [send(client, "doppelklick-012345678") for _ in range(6)]
        others = [send(client, f"neu-{n:016d}") for n in range(3)]
        fifth = send(client, "zu-viel-0123456789")
    assert {r.status_code for r in first + others} == {200}
    assert len({r.json()["reference"] for r in first}) == 1
    assert fifth.status_code == 429


def test_five_people_in_one_office_without_javascript_each_send_once(tmp_path):
    """Before: every request counted, so the 4th person was blocked at "Jetzt absenden"."""
    app = create_app(make_config(tmp_path, RECEIVER_MIN_FILL_SECONDS="0"))
    with TestClient(app) as client:
        for person in range(5):
            answers = valid_answers(name=f"Person {person}")
            broken = client.post(URL, data={**answers, "email": "kaputt"}, headers=PAGE)
            assert broken.status_code == 422  # a round with an error does not count
            review = client.post(URL, data=answers, headers=PAGE)
            ticket = review.text.split('name="_ticket" value="')[1].split('"')[0]
            sent = client.post(
                URL, data={**answers, "_ticket": ticket}, headers=PAGE, follow_redirects=False
            )
            assert sent.status_code == 303, (person, sent.text[:300])


def test_the_limiter_forgets_addresses_and_counts_an_ipv6_network_once():
    limiter = RateLimiter(limit=2, window=60, max_addresses=1000)
    for n in range(40_000):
        limiter.allow(f"2001:db8:{n:x}::1", now=0)  # 40,000 networks
    assert len(limiter.seen) <= 1000
    assert limiter.allow("2001:db8:ffff::1", now=100)  # the window has passed: forgotten
    assert len(limiter.seen) == 1
    office = [f"2001:db8:1:2::{n:x}" for n in range(5)]  # one /64: one connection
    assert [limiter.allow(a, now=200) for a in office] == [True, True, False, False, False]


def test_a_script_request_without_a_readable_start_time_counts_as_too_fast(receiver):
    for started in (None, "gestern", "nan"):
        fields = script_fields()
        if started is None:
            del fields["_started"]
        else:
            fields["_started"] = started
        response = receiver.post(URL, data={**valid_answers(), **fields}, headers=JSON)
        assert response.status_code == 400 and response.json()["reason"] == "speed", started


def test_a_visitors_clock_that_runs_ahead_does_not_make_her_too_fast(receiver):
    ahead = time.time() + 600  # her phone is ten minutes ahead
    fields = {
        "_key": "uhr-vorgestellt-0123",
        "_started": str(int((ahead - 60) * 1000)),
        "_sent": str(int(ahead * 1000)),
    }
    response = receiver.post(URL, data={**valid_answers(), **fields}, headers=JSON)
    assert response.status_code == 200


# --- 7. facts once: deletion leaves nothing readable ---------------------------------------


def test_a_deleted_answer_leaves_no_readable_trace_in_the_database_files(receiver, tmp_path):
    marker = "Geheimnis-4711-Vertraulich"
    reference = send(receiver, "loeschen-0123456789", anmerkungen=marker).json()["reference"]
    store = receiver.app.state.receiver.store
    assert store.delete(reference)
    for path in tmp_path.glob("empfang.sqlite3*"):
        assert marker.encode() not in path.read_bytes(), path.name


# --- 8. production ---------------------------------------------------------------------------


def test_status_reports_a_database_that_cannot_be_written(receiver):
    assert receiver.get("/status").json()["speichern"] == "ok"
    store = receiver.app.state.receiver.store
    with store.lock:
        store.connection.execute("PRAGMA query_only = ON")  # as a full disk or a read-only file
    response = receiver.get("/status")
    assert response.status_code == 503
    assert response.json()["ok"] is False and response.json()["speichern"] == "nicht möglich"


def test_a_slow_sender_is_cut_off_after_the_read_timeout(tmp_path):
    """Before: no read timeout; 1,100 slow sockets exhausted the file limit."""
    receiver = start_receiver(
        tmp_path / "empfang.sqlite3",
        {"RECEIVER_CONTENT": str(DEMO_CONTENT), "RECEIVER_READ_TIMEOUT": "1"},
    )
    try:
        port = int(receiver.base_url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=30) as slow:
            head = (
                f"POST {URL} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                f"Origin: {LOAD_ORIGIN}\r\nAccept: application/json\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 500\r\n\r\n"
            )
            slow.sendall(head.encode() + b"name=Lang")  # and then nothing more
            answer = slow.recv(4096).decode("utf-8", "replace")
        assert answer.startswith("HTTP/1.1 408"), answer[:200]
    finally:
        stop_receiver(receiver)


def test_a_field_written_twice_is_refused_by_the_receiver_as_by_the_build(tmp_path):
    """Before: the build refused it, the receiver silently took the second value."""
    content = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, content)
    definition = content / "questionnaires" / "rueckruf.md"
    text = definition.read_text(encoding="utf-8")
    definition.write_text(text.replace("\ntitle:", "\nslug: zweimal\ntitle:", 1), encoding="utf-8")
    lines = definition.read_text(encoding="utf-8").splitlines()
    assert sum(line.startswith("slug:") for line in lines) == 2
    with pytest.raises(ConfigError) as refused:
        create_app(make_config(tmp_path, RECEIVER_CONTENT=str(content)))
    assert "Feld 'slug' steht zweimal in den Metadaten" in str(refused.value)
    assert "rueckruf.md, Zeile 4:" in str(refused.value)


def test_a_host_header_that_equals_the_origin_does_not_make_a_request_same_origin(receiver):
    """Before: Host: evil.example with Origin: http://evil.example counted as the receiver's
    own review page."""
    data = {**valid_answers(), **script_fields()}
    headers = {
        "Origin": "http://evil.example",
        "Host": "evil.example",
        "Accept": "application/json",
    }
    response = receiver.post(URL, data=data, headers=headers)
    assert response.status_code == 403 and response.json()["reason"] == "origin"


def test_retention_comes_from_the_one_setting_the_privacy_page_states(tmp_path, receiver):
    """Before: the privacy page promised QUESTIONNAIRE_RETENTION_DAYS while the receiver
    deleted by RECEIVER_RETENTION_DAYS."""
    site = receiver.app.state.receiver.site
    assert site.retention_days == site.settings["QUESTIONNAIRE_RETENTION_DAYS"] == 180
    app = create_app(make_config(tmp_path, RECEIVER_RETENTION_DAYS="3"))  # no longer read
    assert app.state.receiver.site.retention_days == 180


def test_the_honeypot_has_one_name_in_the_page_the_receiver_and_the_definition(site):
    page = (site / "fragebogen" / "index.html").read_text(encoding="utf-8")
    assert f'name="{HONEYPOT}" tabindex="-1"' in page
    assert HONEYPOT in META_FIELDS and HONEYPOT in RESERVED_IDS


def test_a_client_that_never_finishes_its_headers_is_cut_off(tmp_path):
    """Before: a first line and then nothing held a connection for ever (slowloris)."""
    receiver = start_receiver(tmp_path / "empfang.sqlite3", {"RECEIVER_CONTENT": str(DEMO_CONTENT)})
    try:
        port = int(receiver.base_url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=60) as slow:
            slow.sendall(f"POST {URL} HTTP/1.1\r\nHost: 127.0.0.1\r\nAcc".encode())
            started = time.monotonic()
            assert slow.recv(4096) == b""  # closed by the receiver, without an answer
            assert time.monotonic() - started < 30
        with socket.create_connection(("127.0.0.1", port), timeout=30) as fine:
            fine.sendall(b"GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert fine.recv(4096).startswith(b"HTTP/1.1 200")  # others are served as ever
    finally:
        stop_receiver(receiver)


def test_the_preview_receiver_starts_before_her_email_is_filled_in_a_production_one_not(
    tmp_path, monkeypatch
):
    """Right after strip-demo owner.yml's email is empty: the preview's receiver (with
    pelicanconf.py) still takes answers; one with publishconf.py refuses to start, in
    German, since its pages would name no address to write to."""
    owner = tmp_path / "owner.yml"
    text = DEMO_OWNER.read_text(encoding="utf-8")
    owner.write_text(
        text.replace("email: hallo@buero-lindenblatt.example", 'email: ""', 1), encoding="utf-8"
    )
    monkeypatch.setenv(OWNER_FILE_ENV, str(owner))
    with TestClient(create_app(make_config(tmp_path))) as client:
        assert client.get("/status").status_code == 200
    with pytest.raises(ConfigError) as refused:
        create_app(make_config(tmp_path, RECEIVER_SETTINGS="publishconf.py"))
    assert "bedarfsanalyse.md: Feld 'recipient': 'email' fehlt und owner.yml nennt keine" in str(
        refused.value
    )
