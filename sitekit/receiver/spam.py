"""Spam without third parties: honeypot, minimum fill time, rate limit, Origin check.

No captcha, no external service. A rejected request is counted (per day and reason)
and never stored.
"""

from __future__ import annotations

import re
import threading
import time
from collections import deque

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")
TICKET_MAX_AGE = 24 * 3600  # a review page stays usable for a day


class RateLimiter:
    """At most ``limit`` accepted submissions per address within ``window`` seconds."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self.seen: dict[str, deque[float]] = {}
        self.lock = threading.Lock()

    def allow(self, address: str, now: float | None = None) -> bool:
        if self.limit <= 0:
            return True
        now = time.monotonic() if now is None else now
        with self.lock:
            stamps = self.seen.setdefault(address, deque())
            while stamps and stamps[0] <= now - self.window:
                stamps.popleft()
            if len(stamps) >= self.limit:
                return False
            stamps.append(now)
            return True

    def retry_after(self, address: str, now: float | None = None) -> int:
        now = time.monotonic() if now is None else now
        with self.lock:
            stamps = self.seen.get(address)
            return int(stamps[0] + self.window - now) + 1 if stamps else 0


def filled_too_fast(started_ms: str, now: float, minimum: float) -> bool:
    """The form was sent less than ``minimum`` seconds after the page was opened."""
    try:
        started = float(started_ms) / 1000
    except ValueError:
        return True
    return now - started < minimum


class Tickets:
    """Signed tokens for the review step without JavaScript: key and issue time."""

    def __init__(self, secret: str) -> None:
        self.serializer = URLSafeTimedSerializer(secret, salt="fragebogen-ticket")

    def issue(self, key: str, slug: str) -> str:
        return self.serializer.dumps({"key": key, "slug": slug})

    def read(self, ticket: str, slug: str, minimum_age: float) -> str | None:
        """The idempotency key in a valid ticket for ``slug`` at least ``minimum_age`` old."""
        try:
            data, issued = self.serializer.loads(
                ticket, max_age=TICKET_MAX_AGE, return_timestamp=True
            )
        except (BadSignature, SignatureExpired):
            return None
        if data.get("slug") != slug or time.time() - issued.timestamp() < minimum_age:
            return None
        key = data.get("key", "")
        return key if KEY.fullmatch(key) else None
