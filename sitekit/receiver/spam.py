"""Spam without third parties: honeypot, minimum fill time, rate limit, Origin check.

No captcha, no external service. A rejected request is counted (per day and reason)
and never stored.
"""

from __future__ import annotations

import ipaddress
import math
import re
import threading
import time
from collections import OrderedDict, deque

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")
TICKET_MAX_AGE = 24 * 3600  # a review page stays usable for a day


#: The limiter forgets an address once its window has passed, and never holds more
#: than this many addresses (the oldest go first): its memory is bounded.
MAX_ADDRESSES = 10_000
IPV6_PREFIX = 64  # one connection (a household, an office) gets a /64 network


def address_key(address: str) -> str:
    """What the limit counts by: the IPv4 address, or the /64 network of an IPv6 one."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv4Address):
        return str(ip)
    if ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network(f"{ip}/{IPV6_PREFIX}", strict=False))


class RateLimiter:
    """At most ``limit`` new submissions per address within ``window`` seconds."""

    def __init__(self, limit: int, window: float, max_addresses: int = MAX_ADDRESSES) -> None:
        self.limit = limit
        self.window = window
        self.max_addresses = max_addresses
        self.seen: OrderedDict[str, deque[float]] = OrderedDict()  # least recently used first
        self.lock = threading.Lock()

    def _forget_old(self, now: float) -> None:
        while self.seen:
            oldest = next(iter(self.seen.values()))
            if oldest and oldest[-1] > now - self.window and len(self.seen) < self.max_addresses:
                return
            self.seen.popitem(last=False)

    def allow(self, address: str, now: float | None = None) -> bool:
        if self.limit <= 0:
            return True
        now = time.monotonic() if now is None else now
        key = address_key(address)
        with self.lock:
            self._forget_old(now)
            stamps = self.seen.pop(key, None) or deque()
            while stamps and stamps[0] <= now - self.window:
                stamps.popleft()
            allowed = len(stamps) < self.limit
            if allowed:
                stamps.append(now)
            if stamps:
                self.seen[key] = stamps  # now the most recently used
            return allowed

    def retry_after(self, address: str, now: float | None = None) -> int:
        now = time.monotonic() if now is None else now
        with self.lock:
            stamps = self.seen.get(address_key(address))
            return int(stamps[0] + self.window - now) + 1 if stamps else 0


def fill_seconds(started_ms: str, sent_ms: str, now: float) -> float | None:
    """How long the form was open, from the script's times; None when they are unreadable.

    With ``sent_ms`` both times come from the visitor's clock, so a clock that is wrong
    does not matter; without it the server's clock ends the span.
    """
    try:
        started = float(started_ms) / 1000
        end = float(sent_ms) / 1000 if sent_ms else now
    except ValueError:
        return None
    if not (math.isfinite(started) and math.isfinite(end)):
        return None
    return end - started


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
