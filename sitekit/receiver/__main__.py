"""``python -m sitekit.receiver``: serve the receiver with uvicorn (one process).

Configuration comes from ``RECEIVER_*`` environment variables (see ``config.py`` and
the README). Behind Caddy or nginx, pass ``--proxy-headers`` so the rate limit sees
the visitor's address rather than the proxy's.
"""

from __future__ import annotations

import argparse
import logging
import sys

import uvicorn

from .app import create_app
from .config import ConfigError, ReceiverConfig


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitekit.receiver")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--proxy-headers", action="store_true", help="hinter Caddy/nginx")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(message)s")
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
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
