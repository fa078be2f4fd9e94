"""The receiver as a real process under load: every acknowledged submission is in the
database, also when the process is killed with SIGKILL in the middle of the load.

Both tests wait for conditions (with generous deadlines), never for fixed times."""

from __future__ import annotations

import signal
import sqlite3
import threading

import pytest
from helpers import DEMO_CONTENT, wait_for

from sitekit.receiver.loadtest import (
    LoadResult,
    run_load,
    start_receiver,
    status,
    stop_receiver,
    stored_references,
    submit,
)

SUBMISSIONS = 1000
CLIENTS = 20
KILL_AFTER = 150  # acknowledged submissions before the SIGKILL
DEADLINE = 120.0  # seconds; far beyond what a busy two-core machine needs


@pytest.fixture
def start(tmp_path):
    """Start receivers on a database; every one still running is stopped afterwards."""
    started = []

    def start(db=tmp_path / "empfang.sqlite3"):
        receiver = start_receiver(db, {"RECEIVER_CONTENT": str(DEMO_CONTENT)})
        started.append(receiver)
        return receiver

    yield start
    for receiver in started:
        if receiver.process.poll() is None:
            stop_receiver(receiver, kill=True)


def stored_keys(db) -> dict[str, str]:
    """Idempotency key → reference of every stored submission."""
    connection = sqlite3.connect(db)
    try:
        return dict(connection.execute("SELECT idempotency_key, reference FROM submissions"))
    finally:
        connection.close()


def test_concurrent_submissions_are_all_stored(start, tmp_path):
    receiver = start()
    result = run_load(receiver.base_url, SUBMISSIONS, CLIENTS)

    assert result.failures == 0
    assert len(result.keys) == len(set(result.keys)) == SUBMISSIONS
    assert result.acknowledged == SUBMISSIONS
    assert len(set(result.references)) == SUBMISSIONS
    # Read while the receiver still runs: it commits before it answers.
    stored = stored_references(tmp_path / "empfang.sqlite3")
    assert len(stored) == result.acknowledged
    assert set(result.references) == set(stored)
    assert set(stored_keys(tmp_path / "empfang.sqlite3")) == set(result.keys)


def test_sigkill_mid_load_loses_no_acknowledged_submission(start, tmp_path):
    db = tmp_path / "empfang.sqlite3"
    first = start(db)
    result = LoadResult()
    load = threading.Thread(
        target=run_load, args=(first.base_url, SUBMISSIONS, CLIENTS, result), daemon=True
    )
    load.start()
    wait_for(
        lambda: result.acknowledged >= KILL_AFTER or not load.is_alive(),
        f"{KILL_AFTER} bestätigte Einsendungen",
        timeout=DEADLINE,
    )
    assert load.is_alive(), "the load ended before the kill"

    assert stop_receiver(first, kill=True) == -signal.SIGKILL
    load.join(timeout=DEADLINE)  # the remaining requests fail fast: nobody listens
    assert not load.is_alive()
    # Only the killed receiver ever answered, so every acknowledgement came from it.
    acknowledged = set(result.references)
    assert len(acknowledged) == result.acknowledged >= KILL_AFTER
    assert result.failures > 0
    assert result.acknowledged + result.failures == len(result.keys) == SUBMISSIONS

    second = start(db)
    answer = status(second.base_url)
    assert answer is not None
    assert answer["ok"] is True

    stored = stored_references(db)
    assert acknowledged <= set(stored), f"lost: {sorted(acknowledged - set(stored))}"
    # Some submissions may be committed whose answer the kill cut off.
    assert result.acknowledged <= len(stored) <= len(result.keys)

    # A client retrying after the crash gets its reference again, nothing is stored twice.
    keys = stored_keys(db)
    retried = [key for key, reference in keys.items() if reference in acknowledged][:5]
    for index, key in enumerate(retried):
        assert submit(second.base_url, key, index) == keys[key]
    assert len(stored_references(db)) == len(stored)
