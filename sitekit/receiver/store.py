"""SQLite storage: submissions, the mail outbox and the spam counter.

Plain functions over one connection. The database runs in WAL mode with
``synchronous=FULL``: when ``add_submission`` returns, the row is on disk, and only
then does the visitor hear "ok". Each submission's mails are written into the outbox
in the same transaction, so a crash can never keep a submission without its mail.

An outbox entry is waiting, sent, or set aside: ``problem`` is "unzustellbar" (the
server refused it for good, or every attempt failed) or "unklar" (the connection broke
after the message was handed over, so it may have arrived; it is not sent again by
itself). Set-aside mails are named in ``invoke inbox`` and in a daily summary;
``retry`` queues them again. Deleting a submission overwrites its data in the file
(``secure_delete``) and checkpoints the log, so nothing of it stays readable.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import sqlite3
import threading
from collections.abc import Callable, Iterator
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
-- added columns (older databases get them in Store.__init__): see OUTBOX_COLUMNS
CREATE INDEX IF NOT EXISTS outbox_due ON outbox(sent, next_attempt);
CREATE TABLE IF NOT EXISTS spam (
    day TEXT NOT NULL,
    reason TEXT NOT NULL,
    count INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, reason)
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
#: Columns the outbox gained after its first version: name → definition.
OUTBOX_COLUMNS = {
    "message_id": "TEXT NOT NULL DEFAULT ''",  # the same Message-ID on every attempt
    "handing_over": "INTEGER NOT NULL DEFAULT 0",  # 1 while the server holds the message
    "problem": "TEXT NOT NULL DEFAULT ''",  # "", "unzustellbar" or "unklar"
    "reported": "INTEGER NOT NULL DEFAULT 0",  # named in a daily summary
}
UNDELIVERABLE, UNCLEAR = "unzustellbar", "unklar"
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
    message_id: str = ""


@dataclass(frozen=True)
class Problem:
    """A mail set aside: its submission's reference, the kind of problem and why."""

    reference: str
    kind: str
    problem: str
    error: str
    reported: bool


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
            self.connection.execute("PRAGMA secure_delete=ON")
            self.connection.executescript(SCHEMA)
            present = {row["name"] for row in self.connection.execute("PRAGMA table_info(outbox)")}
            for name, definition in OUTBOX_COLUMNS.items():
                if name not in present:
                    self.connection.execute(f"ALTER TABLE outbox ADD COLUMN {name} {definition}")

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

    def add_submission(
        self, new: NewSubmission, admit: Callable[[], bool] = lambda: True
    ) -> tuple[str | None, bool]:
        """Store once per idempotency key; return (reference, newly stored).

        A key stored before gets its reference back. A new submission is stored only if
        ``admit()`` (the rate limit) agrees; otherwise the answer is (None, False).
        """
        with self.transaction() as db:
            row = db.execute(
                "SELECT reference FROM submissions WHERE idempotency_key = ?", (new.key,)
            ).fetchone()
            if row is not None:
                return row["reference"], False
            if not admit():
                return None, False
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
        self.checkpoint()
        return True

    def checkpoint(self) -> None:
        """Write the log into the database file and empty it: deleted rows leave no copy."""
        with self.lock:
            self.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def delete_older_than(self, cutoff: dt.datetime) -> int:
        """Retention: remove submissions received before ``cutoff`` (and their mails)."""
        removed = 0
        with self.transaction() as db:
            for row in db.execute("SELECT id, received FROM submissions").fetchall():
                if dt.datetime.fromisoformat(row["received"]) < cutoff:
                    db.execute("DELETE FROM submissions WHERE id = ?", (row["id"],))
                    removed += 1
        if removed:
            self.checkpoint()
        return removed

    # --- outbox --------------------------------------------------------------------

    def due_mails(self, now: float, limit: int = 20) -> list[Mail]:
        """Waiting mails whose time has come. A mail that was being handed over when the
        receiver stopped may have arrived: it is set aside as unclear, not sent again."""
        with self.transaction() as db:
            db.execute(
                "UPDATE outbox SET problem = ?, handing_over = 0,"
                " last_error = 'Empfänger während der Übergabe beendet'"
                " WHERE handing_over = 1 AND sent IS NULL AND problem = ''",
                (UNCLEAR,),
            )
            rows = db.execute(
                "SELECT id, submission_id, kind, recipient, attempts, message_id FROM outbox"
                " WHERE sent IS NULL AND problem = '' AND next_attempt <= ?"
                " ORDER BY next_attempt LIMIT ?",
                (now, limit),
            ).fetchall()
        return [Mail(**dict(row)) for row in rows]

    def next_due(self) -> float | None:
        with self.lock:
            row = self.connection.execute(
                "SELECT MIN(next_attempt) AS due FROM outbox WHERE sent IS NULL AND problem = ''"
            ).fetchone()
        return row["due"]

    def set_message_id(self, mail_id: int, message_id: str) -> None:
        with self.transaction() as db:
            db.execute("UPDATE outbox SET message_id = ? WHERE id = ?", (message_id, mail_id))

    def handing_over(self, mail_id: int) -> None:
        """Recorded before the message goes to the server: from here on it may arrive."""
        with self.transaction() as db:
            db.execute("UPDATE outbox SET handing_over = 1 WHERE id = ?", (mail_id,))

    def mark_sent(self, mail_id: int, when: dt.datetime) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE outbox SET sent = ?, handing_over = 0 WHERE id = ?",
                (when.isoformat(), mail_id),
            )

    def mark_failed(self, mail_id: int, error: str, retry_at: float) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt = ?,"
                " handing_over = 0 WHERE id = ?",
                (error[:500], retry_at, mail_id),
            )

    def set_aside(self, mail_id: int, problem: str, error: str) -> None:
        """Take a mail out of the queue for good: undeliverable, or perhaps delivered."""
        with self.transaction() as db:
            db.execute(
                "UPDATE outbox SET attempts = attempts + 1, problem = ?, last_error = ?,"
                " handing_over = 0, reported = 0 WHERE id = ?",
                (problem, error[:500], mail_id),
            )

    def problems(self) -> list[Problem]:
        with self.lock:
            rows = self.connection.execute(
                "SELECT s.reference, o.kind, o.problem, o.last_error, o.reported FROM outbox o"
                " JOIN submissions s ON s.id = o.submission_id"
                " WHERE o.sent IS NULL AND o.problem != '' ORDER BY o.id"
            ).fetchall()
        return [Problem(r[0], r[1], r[2], r[3], bool(r[4])) for r in rows]

    def mark_reported(self) -> None:
        with self.transaction() as db:
            db.execute("UPDATE outbox SET reported = 1 WHERE problem != '' AND sent IS NULL")

    def retry(self, reference: str, now: float) -> int:
        """Queue the set-aside mails of one submission again; return how many."""
        found = self.submission(reference)
        if found is None:
            return 0
        with self.transaction() as db:
            cursor = db.execute(
                "UPDATE outbox SET problem = '', attempts = 0, next_attempt = ?, reported = 0"
                " WHERE submission_id = ? AND sent IS NULL AND problem != ''",
                (now, found.id),
            )
            return cursor.rowcount

    def outbox_counts(self) -> dict[str, int]:
        with self.lock:
            row = self.connection.execute(
                "SELECT SUM(sent IS NULL AND problem = '') AS waiting,"
                " SUM(sent IS NOT NULL) AS sent,"
                " SUM(sent IS NULL AND problem = ?) AS undeliverable,"
                " SUM(sent IS NULL AND problem = ?) AS unclear FROM outbox",
                (UNDELIVERABLE, UNCLEAR),
            ).fetchone()
        return {
            "wartend": row["waiting"] or 0,
            "gesendet": row["sent"] or 0,
            UNDELIVERABLE: row["undeliverable"] or 0,
            UNCLEAR: row["unclear"] or 0,
        }

    def writable(self) -> bool:
        """Whether the database takes a write now (disk full, read-only file: False)."""
        try:
            with self.transaction() as db:
                db.execute(
                    "INSERT INTO meta (key, value) VALUES ('probe', ?)"
                    " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    (secrets.token_hex(8),),
                )
        except sqlite3.Error:
            return False
        return True

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
