"""Files in the build cache that can be trusted: each is sealed with its digest.

A cache entry is used only while its bytes match the digest written next to it once it
was complete (``<name>.b2``). Anything else – no digest, a file cut off by a full disk,
emptied, garbled, or left by another version – counts as absent and is made again. So
a cache restored by a deploy host (GitHub Actions, Netlify) can make a build faster,
never different. The entries themselves are written atomically by their makers.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

SEAL = ".b2"


def _digest(path: Path) -> str:
    return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()


def _seal_of(path: Path) -> Path:
    return path.with_name(path.name + SEAL)


def usable(path: Path) -> bool:
    """Whether the cache entry ``path`` is whole: present, sealed, and unchanged since."""
    try:
        return _seal_of(path).read_text(encoding="ascii").strip() == _digest(path)
    except (OSError, UnicodeDecodeError):
        return False


def seal(path: Path) -> None:
    """Record the digest of the completely written cache entry ``path`` (atomically)."""
    stamp = _seal_of(path)
    partial = stamp.with_name(f".{stamp.name}.{os.getpid()}.part")
    partial.write_text(_digest(path), encoding="ascii")
    partial.replace(stamp)
