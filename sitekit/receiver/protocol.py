"""uvicorn's HTTP/1.1 protocol with a deadline for a request's headers.

uvicorn closes idle kept-alive connections, and the app gives a body
RECEIVER_READ_TIMEOUT seconds, but a client that sends a request's first line and then
its headers a byte at a time would hold the connection for ever. Here every
connection must complete the headers of its next request within ``HEADER_SECONDS`` of
being opened or of its last answer; otherwise it is closed. (Behind Caddy or nginx the
proxy does this too; the receiver does not rely on it.) Uses uvicorn 0.54's
``H11Protocol`` hooks (``connection_made``, ``on_response_complete``,
``connection_lost``), pinned in requirements.lock and covered by a test.
"""

from __future__ import annotations

import asyncio

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_SECONDS = 10.0


class HeaderDeadlineProtocol(H11Protocol):
    header_seconds = HEADER_SECONDS

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._deadline: asyncio.TimerHandle | None = None
        self._arm()

    def _arm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        self._deadline = self.loop.call_later(self.header_seconds, self._headers_overdue)

    def _headers_overdue(self) -> None:
        """Still no complete request head: the client is too slow (or never meant to)."""
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()  # the next request's headers get their own deadline

    def connection_lost(self, exc: Exception | None) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        super().connection_lost(exc)
