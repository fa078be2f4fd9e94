"""Files in the build cache that can be trusted: each is sealed with its digest.

A cache entry is used only while its bytes match the digest recorded for it once it was
complete. Anything else – no digest, a file cut off by a full disk, emptied, garbled, or
left by another version – counts as absent and is made again. So a cache restored by a
deploy host (GitHub Actions, Netlify) can make a build faster, never different. The
entries themselves are written atomically by their makers.

The digests of a cache folder live in its ledger, ``.siegel/``: each process that seals
entries appends a line (name, digest, and the file's size, modification time and inode)
to a log of its own, so sealing costs no new file per entry (on a virtual machine,
creating a file costs more than hashing it). A line cut off or garbled matches no entry.
An entry whose size, time and inode are still the ones sealed is not read again, as git
trusts its index: whatever writes to a file changes its time (a cache restored by a
deploy host has new times and inodes: each entry is hashed once and sealed anew).
When a folder has many logs, the next process that reads them writes one log of the
digests of the entries still there and removes the logs it has read. A log removed
while another process still writes to it only costs that process's entries: they are
made again by a later build.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

LEDGER = ".siegel"
DIGEST = 32  # characters of a blake2b digest of 16 bytes
LOG = ".log"
#: More logs than this in one ledger: the next reader writes them into one.
COMPACT_FROM = 24


#: Larger entries are hashed piece by piece (the read cache of 5,000 posts is 40 MB)
PIECE = 1 << 20


def _digest(path: Path) -> str:
    hasher = hashlib.blake2b(digest_size=16)
    with path.open("rb") as file:
        if os.fstat(file.fileno()).st_size <= PIECE:
            hasher.update(file.read())
        else:
            while piece := file.read(PIECE):
                hasher.update(piece)
    return hasher.hexdigest()


@dataclass
class _Ledger:
    """The digests of one cache folder, as far as this process has read them."""

    folder: Path  # the cache folder; the logs are in folder/.siegel/
    #: name -> "digest stamp stamp … ": its digest, and the stamps (size:mtime:inode) its
    #: file had when it was sealed with it; one string per entry (a large site has tens
    #: of thousands of entries)
    seals: dict[str, str] = field(default_factory=dict)

    def digest(self, name: str) -> str | None:
        seal = self.seals.get(name)
        return seal[:DIGEST] if seal is not None else None

    def stamped(self, name: str, stamp: str) -> bool:
        return f" {stamp} " in self.seals.get(name, "")

    taken: dict[str, int] = field(default_factory=dict)  # a log's name -> bytes read
    log: IO[str] | None = None
    owner: int = 0  # the process that opened ``log`` (a forked child opens its own)

    @property
    def logs(self) -> Path:
        return self.folder / LEDGER

    def refresh(self, *, compact: bool = False) -> None:
        """Take in what other processes have sealed since the last look (and write the
        logs into one when there are many, or when asked to)."""
        try:
            entries = [e for e in os.scandir(self.logs) if e.name.endswith(LOG)]
        except OSError:  # no ledger yet
            return
        for entry in entries:
            try:
                self._take(entry)
            except OSError:  # removed meanwhile: its entries are made again if needed
                continue
        if compact or len(entries) > COMPACT_FROM:
            self._compact(entries)

    def _take(self, entry: os.DirEntry) -> None:
        size = entry.stat().st_size
        start = self.taken.get(entry.name, 0)  # names are never used twice
        if size <= start:
            return
        with open(entry.path, "rb") as handle:
            handle.seek(start)
            data = handle.read()
        whole = data[: data.rfind(b"\n") + 1]  # a line still being written waits
        for line in whole.decode("utf-8", errors="replace").splitlines():
            name, digest, stamp = (line.split("\t") + ["", ""])[:3]
            if name and len(digest) == DIGEST and " " not in stamp:
                self._note(name, digest, stamp)
        self.taken[entry.name] = start + len(whole)

    def _compact(self, entries: list[os.DirEntry]) -> None:
        """One log of the digests of the entries still there, instead of many logs."""
        alive = {n: seal for n, seal in self.seals.items() if (self.folder / n).is_file()}
        lines = "".join(
            f"{n}\t{seal[:DIGEST]}\t{stamp}\n"
            for n, seal in alive.items()
            for stamp in seal[DIGEST:].split() or [""]
        )
        partial = self.logs / f".{os.getpid()}.part"
        try:
            partial.write_text(lines, "utf-8")
            partial.replace(self.logs / f"{secrets.token_hex(8)}{LOG}")
        except OSError:  # no room: keep the logs as they are
            partial.unlink(missing_ok=True)
            return
        for entry in entries:
            Path(entry.path).unlink(missing_ok=True)
        self.seals, self.taken = alive, {}

    def record(self, name: str, digest: str, stamp: str) -> None:
        """Seal ``name``: one line in this process's log."""
        if self.log is None or self.owner != os.getpid() or _removed(self.log):
            self.logs.mkdir(parents=True, exist_ok=True)
            log = self.logs / f"{os.getpid()}-{secrets.token_hex(4)}{LOG}"
            self.log, self.owner = log.open("a", encoding="utf-8"), os.getpid()
        self.log.write(f"{name}\t{digest}\t{stamp}\n")
        self.log.flush()
        self._note(name, digest, stamp)

    def _note(self, name: str, digest: str, stamp: str) -> None:
        """A sealed state of ``name``; another digest replaces the ones known before."""
        seal = self.seals.get(name)
        if seal is None or seal[:DIGEST] != digest:
            seal = f"{digest} "
        if stamp and f" {stamp} " not in seal:
            seal += f"{stamp} "
        self.seals[name] = seal


def _removed(log: IO[str]) -> bool:
    """Whether the log was deleted under this process (a compaction, a cleared cache)."""
    try:
        return os.fstat(log.fileno()).st_nlink == 0
    except (OSError, ValueError):
        return True


_LEDGERS: dict[str, _Ledger] = {}


def _ledger(folder: Path) -> _Ledger:
    key = os.path.abspath(folder)
    if key not in _LEDGERS:
        _LEDGERS[key] = _Ledger(Path(key))
        _LEDGERS[key].refresh()
    return _LEDGERS[key]


def _stamp(path: Path) -> str:
    state = path.stat()
    return f"{state.st_size}:{state.st_mtime_ns}:{state.st_ino}"


def usable(path: Path) -> bool:
    """Whether the cache entry ``path`` is whole: present, sealed, and unchanged since."""
    ledger = _ledger(path.parent)
    name = path.name
    try:
        stamp = _stamp(path)
    except OSError:  # absent (most entries of a first build): no need to read the logs
        return False
    if name not in ledger.seals:
        ledger.refresh()
        if name not in ledger.seals:
            return False
    if ledger.stamped(name, stamp):
        return True
    try:
        actual = _digest(path)
    except OSError:
        return False
    if ledger.digest(name) != actual:
        ledger.refresh()  # made again by another process since?
        if ledger.digest(name) != actual:
            return False
    ledger.record(name, actual, stamp)  # whole, with a new time (a restored cache)
    return True


def forget(folder: Path, names: list[str]) -> None:
    """Entries removed from the cache folder ``folder``: their seals go too, from the
    logs as well when many were removed at once (a page store after a new version of
    the plugins removes a whole generation of pages; a few at a time are written out
    with the next compaction of many logs)."""
    ledger = _ledger(folder)
    gone = sum(ledger.seals.pop(name, None) is not None for name in names)
    if gone and gone * 4 >= len(ledger.seals):
        ledger.refresh(compact=True)


#: An attribute of a Jinja environment: what its compiled templates depend on besides their
#: source (an extension that writes values into the code when a template is compiled sets
#: it), part of the key of cached compiled templates (``site_writer.TemplateCache``)
COMPILE_KEY = "kit_compile_key"

#: In a folder pruned by ``keep_only``: the entries the last good build used or made
LAST = "letzter-build.txt"


def keep_only(folder: Path, used: set[str]) -> None:
    """After a good build: remove every entry of ``folder`` that neither this build
    (``used``) nor the build before used or made, so ``make html`` and ``make publish`` in
    turn keep both sets, and the cache does not grow with every changed title or text."""
    if not folder.is_dir():
        return
    last = folder / LAST
    try:
        before = set(last.read_text(encoding="utf-8").split())
    except (OSError, UnicodeDecodeError):  # none yet, or damaged: only this build's
        before = set()
    removed = []
    for file in folder.iterdir():
        name = file.name
        if name not in used and name not in before and name != LAST and file.is_file():
            file.unlink(missing_ok=True)
            removed.append(name)
    forget(folder, removed)
    partial = last.with_name(f".{LAST}.{os.getpid()}.part")
    try:
        partial.write_text("\n".join(sorted(used)), encoding="utf-8")
        partial.replace(last)
    except OSError:  # no room: the next build keeps only its own entries
        partial.unlink(missing_ok=True)


def seal(path: Path, data: bytes | None = None) -> None:
    """Record the digest of the completely written cache entry ``path`` (``data``: the
    bytes just written to it, so they are not read back)."""
    digest = _digest(path) if data is None else hashlib.blake2b(data, digest_size=16).hexdigest()
    _ledger(path.parent).record(path.name, digest, _stamp(path))


def write_sealed(path: Path, data: bytes) -> None:
    """Write the cache entry ``path`` atomically (two processes making the same entry never
    see half a file; its folder is made when missing) and seal it."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        partial.write_bytes(data)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(data)
    partial.replace(path)
    seal(path, data)
