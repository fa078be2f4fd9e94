"""``python -m sitekit.receiver``: serve the receiver with uvicorn (one process).

Configuration comes from ``RECEIVER_*`` environment variables (see ``config.py`` and
the README). Behind Caddy or nginx, pass ``--proxy-headers`` so the rate limit sees
the visitor's address rather than the proxy's.

Slow or hostile connections: a request body must arrive within RECEIVER_READ_TIMEOUT
(the app answers 408), its headers within 10 s (``protocol.py``), an idle connection is
closed after 5 s, and beyond ``--max-connections`` uvicorn answers 503 instead of
taking more file handles. The receiver listens on 127.0.0.1 only, so nobody reaches it
around the proxy.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

import uvicorn

from .app import create_app
from .config import ConfigError, ReceiverConfig, obsolete_settings
from .protocol import HeaderDeadlineProtocol

MAX_CONNECTIONS = 500  # well below the usual limit of 1024 open files (see README)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitekit.receiver")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--proxy-headers", action="store_true", help="hinter Caddy/nginx")
    parser.add_argument("--max-connections", type=int, default=MAX_CONNECTIONS, help="darüber: 503")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(message)s")
    for warning in obsolete_settings(os.environ):
        logging.getLogger("sitekit.receiver").warning(warning)
    try:
        app = create_app(ReceiverConfig.from_env())
    except ConfigError as error:
        print(f"FEHLER: {error}", file=sys.stderr)
        return 1
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        proxy_headers=args.proxy_headers,
        forwarded_allow_ips=None,  # FORWARDED_ALLOW_IPS, else 127.0.0.1 (the local proxy)
        log_level="warning",
        access_log=False,  # no log of visitors' addresses
        server_header=False,
        limit_concurrency=args.max_connections,
        timeout_keep_alive=5,
        http=HeaderDeadlineProtocol,  # a request's headers within 10 s
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
