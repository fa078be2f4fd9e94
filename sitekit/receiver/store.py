"""SQLite storage: submissions, the mail outbox and the spam counter.

Plain functions over one connection. The database runs in WAL mode with
``synchronous=FULL``: when ``add_submission`` returns, the row is on disk, and only
then does the visitor hear "ok". Each submission's mails are written into the outbox
in the same transaction, so a crash can never keep a submission without its mail.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS submissions (
    id INTEGER PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    idempotency_key TEXT NOT NULL UNIQUE,
    questionnaire TEXT NOT NULL,
    received TEXT NOT NULL,
    answers TEXT NOT NULL,
    recommended TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY,
    submission_id INTEGER NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    recipient TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt REAL NOT NULL,
    last_error TEXT NOT NULL DEFAULT '',
    sent TEXT
);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox(sent, next_attempt);
CREATE TABLE IF NOT EXISTS spam (
    day TEXT NOT NULL,
    reason TEXT NOT NULL,
    count INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, reason)
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
#: Reference numbers: no 0/O or 1/I/L, easy to read out on the phone.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


@dataclass(frozen=True)
class Stored:
    id: int
    reference: str
    questionnaire: str
    received: str
    answers: dict
    recommended: list[str]


@dataclass(frozen=True)
class NewSubmission:
    """What the receiver stores for one accepted submission."""

    key: str  # the idempotency key: the same key is stored once
    questionnaire: str
    received: dt.datetime
    answers: dict
    recommended: list[str]
    mails: list[tuple[str, str]]  # (kind, recipient) for the outbox


@dataclass(frozen=True)
class Mail:
    """One outbox entry that is due."""

    id: int
    submission_id: int
    kind: str  # "owner" or "client"
    recipient: str
    attempts: int


class Store:
    """One connection, used by one thread at a time (the app runs calls in a thread pool)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.connection = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.connection.row_factory = sqlite3.Row
        self.lock = threading.Lock()
        with self.lock:
            self.connection.execute("PRAGMA journal_mode=WAL")
            self.connection.execute("PRAGMA synchronous=FULL")
            self.connection.execute("PRAGMA foreign_keys=ON")
            self.connection.execute("PRAGMA busy_timeout=5000")
            self.connection.executescript(SCHEMA)

    def close(self) -> None:
        with self.lock:
            self.connection.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self.lock:
            self.connection.execute("BEGIN IMMEDIATE")
            try:
                yield self.connection
            except BaseException:
                self.connection.execute("ROLLBACK")
                raise
            self.connection.execute("COMMIT")

    # --- submissions ---------------------------------------------------------------

    def add_submission(self, new: NewSubmission) -> tuple[str, bool]:
        """Store once per idempotency key; return (reference, newly stored)."""
        with self.transaction() as db:
            row = db.execute(
                "SELECT reference FROM submissions WHERE idempotency_key = ?", (new.key,)
            ).fetchone()
            if row is not None:
                return row["reference"], False
            reference = self._new_reference(db)
            cursor = db.execute(
                "INSERT INTO submissions (reference, idempotency_key, questionnaire, received,"
                " answers, recommended) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    reference,
                    new.key,
                    new.questionnaire,
                    new.received.isoformat(),
                    json.dumps(new.answers, ensure_ascii=False),
                    json.dumps(new.recommended, ensure_ascii=False),
                ),
            )
            now = new.received.timestamp()
            db.executemany(
                "INSERT INTO outbox (submission_id, kind, recipient, next_attempt)"
                " VALUES (?, ?, ?, ?)",
                [(cursor.lastrowid, kind, recipient, now) for kind, recipient in new.mails],
            )
            return reference, True

    @staticmethod
    def _new_reference(db: sqlite3.Connection) -> str:
        while True:
            code = "".join(secrets.choice(ALPHABET) for _ in range(8))
            reference = f"{code[:4]}-{code[4:]}"
            if not db.execute(
                "SELECT 1 FROM submissions WHERE reference = ?", (reference,)
            ).fetchone():
                return reference

    def submissions(self) -> list[Stored]:
        with self.lock:
            rows = self.connection.execute("SELECT * FROM submissions ORDER BY id").fetchall()
        return [_stored(row) for row in rows]

    def submission(self, reference_or_id: str) -> Stored | None:
        with self.lock:
            row = self.connection.execute(
                "SELECT * FROM submissions WHERE reference = ? OR CAST(id AS TEXT) = ?",
                (reference_or_id.upper(), reference_or_id),
            ).fetchone()
        return _stored(row) if row else None

    def delete(self, reference_or_id: str) -> bool:
        found = self.submission(reference_or_id)
        if found is None:
            return False
        with self.transaction() as db:
            db.execute("DELETE FROM submissions WHERE id = ?", (found.id,))
        return True

    def delete_older_than(self, cutoff: dt.datetime) -> int:
        """Retention: remove submissions received before ``cutoff`` (and their mails)."""
        removed = 0
        with self.transaction() as db:
            for row in db.execute("SELECT id, received FROM submissions").fetchall():
                if dt.datetime.fromisoformat(row["received"]) < cutoff:
                    db.execute("DELETE FROM submissions WHERE id = ?", (row["id"],))
                    removed += 1
        return removed

    # --- outbox --------------------------------------------------------------------

    def due_mails(self, now: float, limit: int = 20) -> list[Mail]:
        with self.lock:
            rows = self.connection.execute(
                "SELECT id, submission_id, kind, recipient, attempts FROM outbox"
                " WHERE sent IS NULL AND next_attempt <= ? ORDER BY next_attempt LIMIT ?",
                (now, limit),
            ).fetchall()
        return [Mail(**dict(row)) for row in rows]

    def next_due(self) -> float | None:
        with self.lock:
            row = self.connection.execute(
                "SELECT MIN(next_attempt) AS due FROM outbox WHERE sent IS NULL"
            ).fetchone()
        return row["due"]

    def mark_sent(self, mail_id: int, when: dt.datetime) -> None:
        with self.transaction() as db:
            db.execute("UPDATE outbox SET sent = ? WHERE id = ?", (when.isoformat(), mail_id))

    def mark_failed(self, mail_id: int, error: str, retry_at: float) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt = ?"
                " WHERE id = ?",
                (error[:500], retry_at, mail_id),
            )

    def outbox_counts(self) -> dict[str, int]:
        with self.lock:
            row = self.connection.execute(
                "SELECT SUM(sent IS NULL) AS waiting, SUM(sent IS NOT NULL) AS sent FROM outbox"
            ).fetchone()
        return {"wartend": row["waiting"] or 0, "gesendet": row["sent"] or 0}

    # --- spam and secrets ----------------------------------------------------------

    def count_spam(self, day: str, reason: str) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO spam (day, reason, count) VALUES (?, ?, 1)"
                " ON CONFLICT(day, reason) DO UPDATE SET count = count + 1",
                (day, reason),
            )

    def spam_counts(self) -> dict[str, int]:
        with self.lock:
            rows = self.connection.execute(
                "SELECT reason, SUM(count) AS total FROM spam GROUP BY reason"
            ).fetchall()
        return {row["reason"]: row["total"] for row in rows}

    def secret(self) -> str:
        """A random secret for signed form tickets, created once and kept in the database."""
        with self.transaction() as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'secret'").fetchone()
            if row is not None:
                return row["value"]
            value = secrets.token_urlsafe(32)
            db.execute("INSERT INTO meta (key, value) VALUES ('secret', ?)", (value,))
            return value


def _stored(row: sqlite3.Row) -> Stored:
    return Stored(
        id=row["id"],
        reference=row["reference"],
        questionnaire=row["questionnaire"],
        received=row["received"],
        answers=json.loads(row["answers"]),
        recommended=json.loads(row["recommended"]),
    )
