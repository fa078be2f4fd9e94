"""The questionnaire end to end: a real receiver process (uvicorn), a real SMTP server
(aiosmtpd), and the demo site with both its questionnaires (the needs analysis and the
callback form), built to send to it and served on the receiver's allowed origin."""

from __future__ import annotations

import json
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import DEMO_CONTENT, Mailbox, build_site, clean_env, free_port, wait_for

from sitekit.receiver import local
from sitekit.servers.static import serve


@dataclass
class Live:
    base: str  # the site
    receiver: str  # the receiver's base URL
    db: Path
    mailbox: Mailbox

    def rows(self) -> list[dict]:
        """Every stored submission, oldest first."""
        with sqlite3.connect(self.db) as db:
            db.row_factory = sqlite3.Row
            found = db.execute("SELECT * FROM submissions ORDER BY id").fetchall()
        return [{**dict(row), "answers": json.loads(row["answers"])} for row in found]

    def wait_for_mails(self, count: int) -> list:
        wait_for(lambda: len(self.mailbox.messages) >= count, f"{count} Mail(s) beim SMTP-Server")
        return self.mailbox.messages


def _receiver_env(
    root: Path, content: Path, site: str, mailbox: Mailbox, receiver: str
) -> dict[str, str]:
    """A receiver on its own address, as on a subdomain: the website and its own review
    page (without JavaScript) are the allowed origins."""
    return clean_env(
        RECEIVER_DB=str(root / "empfang.sqlite3"),
        RECEIVER_SETTINGS="pelicanconf.py",
        RECEIVER_CONTENT=str(content),
        RECEIVER_SITE_URL=site,
        RECEIVER_ALLOWED_ORIGINS=f"{site},{receiver}",
        RECEIVER_SMTP_HOST="127.0.0.1",
        RECEIVER_SMTP_PORT=str(mailbox.port),
        RECEIVER_NOTIFY_TO="inhaberin@buero-lindenblatt.example",
        RECEIVER_MAIL_FROM="fragebogen@buero-lindenblatt.example",
        RECEIVER_MIN_FILL_SECONDS="0",
        RECEIVER_RETRY_SECONDS="0.5",
        RECEIVER_RATE_LIMIT="0",  # every test comes from 127.0.0.1; the limit is tested alone
    )


def _site(tmp_path_factory, receiver: str, name: str = "site") -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp(name)
    content = root / "content"
    shutil.copytree(DEMO_CONTENT, content)
    build = build_site(
        content, root / "out", "pelicanconf.py", "-e", f'QUESTIONNAIRE_RECEIVER="{receiver}"'
    )
    assert build.ok, build.output
    return content, root / "out"


@pytest.fixture(scope="session")
def live(tmp_path_factory):
    site_port, receiver_port = free_port(), free_port()
    site = f"http://127.0.0.1:{site_port}"
    receiver = f"http://127.0.0.1:{receiver_port}"
    content, out = _site(tmp_path_factory, receiver, "live")
    mailbox = Mailbox()
    mailbox.controller.start()
    env = _receiver_env(out.parent, content, site, mailbox, receiver)
    receiver_process = local.start(receiver_port, env)
    server, base = serve(out, site_port)
    yield Live(base, receiver, out.parent / "empfang.sqlite3", mailbox)
    server.shutdown()
    receiver_process.stop()
    mailbox.controller.stop()


@pytest.fixture(scope="session")
def unreachable_site(tmp_path_factory):
    """The demo site whose receiver port has nobody listening."""
    _, out = _site(tmp_path_factory, f"http://127.0.0.1:{free_port()}", "unreachable")
    server, url = serve(out)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def email_site(tmp_path_factory):
    """The demo site without a receiver: the questionnaire prepares an e-mail."""
    out = tmp_path_factory.mktemp("email") / "out"
    build = build_site(DEMO_CONTENT, out, "pelicanconf.py", "-e", 'QUESTIONNAIRE_RECEIVER=""')
    assert build.ok, build.output
    server, url = serve(out)
    yield url
    server.shutdown()
