"""Commands for the deploy tasks (kept here so tests can run them for real)."""

from __future__ import annotations

import shlex
from pathlib import Path


def rsync_command(source: Path, target: str, dry_run: bool = False) -> str:
    """Mirror ``source`` to ``target``: checksums, compression, --delete (after the gates)."""
    options = [
        "--recursive",
        "--links",
        "--times",
        "--checksum",
        "--compress",
        "--delete",
        "--delete-delay",
        "--human-readable",
        "--itemize-changes",
    ]
    if dry_run:
        options.append("--dry-run")
    return " ".join(["rsync", *options, shlex.quote(f"{source}/"), shlex.quote(target)])


def ghp_import_command(ghp_import: Path, source: Path, push: bool, cname: str = "") -> str:
    """Commit ``source`` as the gh-pages branch (with .nojekyll, optional CNAME)."""
    options = [
        "--no-jekyll",
        "--force",
        "--branch",
        "gh-pages",
        "--message",
        shlex.quote("Website veröffentlicht"),
    ]
    if cname:
        options += ["--cname", shlex.quote(cname)]
    if push:
        options.append("--push")
    return " ".join([shlex.quote(str(ghp_import)), *options, shlex.quote(str(source))])
