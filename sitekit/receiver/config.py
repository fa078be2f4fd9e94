"""The receiver's settings, read once from the environment (``RECEIVER_*``)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from sitekit.project import ROOT

TLS_MODES = ("none", "starttls", "tls")


class ConfigError(ValueError):
    """An environment variable the receiver cannot use (the message is German)."""


def _int(env: Mapping[str, str], name: str, default: int, minimum: int = 0) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(
            f"{name}: {raw!r} ist keine ganze Zahl – bitte z. B. {default} setzen."
        ) from None
    if value < minimum:
        raise ConfigError(
            f"{name}: {value} ist kleiner als {minimum} – bitte z. B. {default} setzen."
        )
    return value


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError:
        raise ConfigError(
            f"{name}: {raw!r} ist keine Zahl – bitte z. B. {default} setzen."
        ) from None


def _origins(raw: str) -> tuple[str, ...]:
    origins = []
    for item in (part.strip().rstrip("/") for part in raw.split(",")):
        if not item:
            continue
        parts = urlsplit(item)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.path:
            raise ConfigError(
                f"RECEIVER_ALLOWED_ORIGINS: {item!r} ist kein Ursprung – bitte z. B. "
                "https://www.beispiel.de (ohne Pfad) angeben."
            )
        origins.append(f"{parts.scheme}://{parts.netloc}")
    return tuple(origins)


#: Variables earlier versions read, and where their job went.
OBSOLETE = {
    "RECEIVER_RETENTION_DAYS": "die Aufbewahrung steht jetzt nur in QUESTIONNAIRE_RETENTION_DAYS"
    " (pelicanconf.py), dem Wert, den auch die Datenschutzerklärung nennt",
    "RECEIVER_CLIENT_COPY": "Kopien per E-Mail gibt es nicht mehr; die Danke-Seite bietet die"
    " Angaben zum Speichern und Drucken an",
}


def obsolete_settings(env: Mapping[str, str]) -> list[str]:
    """One German line for each variable that is set but no longer read."""
    return [
        f"{name} wird nicht mehr gelesen: {why}." for name, why in OBSOLETE.items() if name in env
    ]


@dataclass(frozen=True)
class ReceiverConfig:
    """Everything the receiver needs; ``from_env`` documents every variable."""

    db: Path
    settings_file: str = "publishconf.py"
    content: Path | None = None  # instead of the settings' PATH (tests, other checkouts)
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_tls: str = "none"
    smtp_timeout: float = 10.0
    notify_to: str = ""
    mail_from: str = ""
    allowed_origins: tuple[str, ...] = ()
    site_url: str = ""
    rate_limit: int = 10  # submissions per address and rate window; 0: no limit
    rate_window: int = 3600  # seconds
    min_fill_seconds: float = 3.0
    max_body: int = 64 * 1024
    read_timeout: float = 20.0  # seconds for a whole request body
    retry_base: float = 30.0  # first retry after this many seconds, then doubling
    retry_max: float = 3600.0
    max_attempts: int = 24  # then the mail is set aside as undeliverable (about a day)
    secret: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> ReceiverConfig:
        """Read ``RECEIVER_*`` variables; a bad value raises ConfigError (German)."""
        env = os.environ if env is None else env
        tls = env.get("RECEIVER_SMTP_TLS", "none").strip().lower() or "none"
        if tls not in TLS_MODES:
            raise ConfigError(
                f"RECEIVER_SMTP_TLS: {tls!r} gibt es nicht – bitte none, starttls oder tls setzen."
            )
        default_port = {"none": 25, "starttls": 587, "tls": 465}[tls]
        return cls(
            db=Path(env.get("RECEIVER_DB", "") or ROOT / "receiver.sqlite3"),
            settings_file=env.get("RECEIVER_SETTINGS", "publishconf.py"),
            content=Path(env["RECEIVER_CONTENT"]) if env.get("RECEIVER_CONTENT") else None,
            smtp_host=env.get("RECEIVER_SMTP_HOST", "").strip(),
            smtp_port=_int(env, "RECEIVER_SMTP_PORT", default_port, 1),
            smtp_user=env.get("RECEIVER_SMTP_USER", ""),
            smtp_password=env.get("RECEIVER_SMTP_PASSWORD", ""),
            smtp_tls=tls,
            smtp_timeout=_float(env, "RECEIVER_SMTP_TIMEOUT", 10.0),
            notify_to=env.get("RECEIVER_NOTIFY_TO", "").strip(),
            mail_from=env.get("RECEIVER_MAIL_FROM", "").strip(),
            allowed_origins=_origins(env.get("RECEIVER_ALLOWED_ORIGINS", "")),
            site_url=env.get("RECEIVER_SITE_URL", "").strip().rstrip("/"),
            rate_limit=_int(env, "RECEIVER_RATE_LIMIT", 10),
            rate_window=_int(env, "RECEIVER_RATE_WINDOW", 3600, 1),
            min_fill_seconds=_float(env, "RECEIVER_MIN_FILL_SECONDS", 3.0),
            max_body=_int(env, "RECEIVER_MAX_BODY", 64 * 1024, 1024),
            read_timeout=_float(env, "RECEIVER_READ_TIMEOUT", 20.0),
            retry_base=_float(env, "RECEIVER_RETRY_SECONDS", 30.0),
            retry_max=_float(env, "RECEIVER_RETRY_MAX_SECONDS", 3600.0),
            max_attempts=_int(env, "RECEIVER_MAX_ATTEMPTS", 24, 1),
            secret=env.get("RECEIVER_SECRET", ""),
        )
