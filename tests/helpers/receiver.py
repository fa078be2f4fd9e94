"""The receiver in tests: its configuration for the demo, a complete valid answer set, and
what the questionnaire's script adds to a submission."""

from __future__ import annotations

import time

from sitekit.demo import DEMO_CONTENT
from sitekit.receiver import loadtest
from sitekit.receiver.config import ReceiverConfig

ORIGIN = "http://127.0.0.1:8000"
JSON = {"Origin": ORIGIN, "Accept": "application/json"}
PAGE = {"Origin": ORIGIN, "Accept": "text/html"}


def valid_answers(**changes) -> dict[str, list[str] | str]:
    """A complete, valid set of answers for the demo's Bedarfsanalyse."""
    answers = {
        **loadtest.answers(0),  # the same valid set the load test sends
        "bereiche": ["ablage", "sonstiges"],
        "bereiche-sonstiges": "Reisebuchungen",
        "name": "Jörg Müller",
        "email": "joerg@kunde.example",
    }
    answers.update(changes)
    return {k: v for k, v in answers.items() if v is not None}


def script_fields(key: str = "schluessel-0123456789", started_ago: float = 30.0) -> dict[str, str]:
    """What the script adds: the idempotency key and when the page was opened."""
    return {"_key": key, "_started": str(int((time.time() - started_ago) * 1000))}


def make_config(tmp_path, **env) -> ReceiverConfig:
    """The receiver's configuration on a database in ``tmp_path`` (``env`` overrides)."""
    base = {
        "RECEIVER_DB": str(tmp_path / "empfang.sqlite3"),
        "RECEIVER_SETTINGS": "pelicanconf.py",
        "RECEIVER_CONTENT": str(DEMO_CONTENT),  # the kit's demo, whatever content/ holds
        "RECEIVER_ALLOWED_ORIGINS": ORIGIN,
        "RECEIVER_NOTIFY_TO": "inhaberin@buero.example",
        "RECEIVER_MAIL_FROM": "fragebogen@buero.example",
        "RECEIVER_MIN_FILL_SECONDS": "3",
    }
    base.update(env)
    return ReceiverConfig.from_env(base)
