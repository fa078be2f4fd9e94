"""Helpers shared by the tests: build the site as an author does, read built pages, write
small content folders, compare two outputs.

The modules beside this one hold what tests of several folders share on one subject:
``helpers.owner`` (a held-out owner.yml), ``helpers.photos`` (photos with camera data),
``helpers.receiver`` (the receiver's configuration and a valid answer set).
"""

from __future__ import annotations

import filecmp
import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import frontmatter
from aiosmtpd.controller import Controller

from plugins.questionnaire.definition import parse_questionnaire
from plugins.site_settings.facts import fact_values, substitute_all
from plugins.site_settings.owner import OWNER_FILE_ENV, load_owner
from sitekit.demo import DEMO_CONTENT, DEMO_OWNER
from sitekit.project import ROOT

DEMO_FACTS = load_owner(DEMO_OWNER)
PYTHON = sys.executable
INVOKE = Path(sys.executable).parent / "invoke"

#: Overrides for a content folder with only blog posts: the demo's menus name pages, and
#: its portrait is a file of the demo.
WITHOUT_MENUS = ("-e", "MAIN_MENU=[]", "-e", "FOOTER_MENU=[]", "-e", 'PORTRAIT=""')

__all__ = [
    "DEMO_CONTENT",
    "DEMO_OWNER",
    "DEMO_FACTS",
    "GOOD_POST",
    "demo_meta",
    "demo_questionnaire",
    "INVOKE",
    "Publish",
    "PYTHON",
    "ROOT",
    "WITHOUT_MENUS",
    "Build",
    "Mailbox",
    "free_port",
    "wait_for",
    "build_site",
    "clean_env",
    "differences",
    "new_content",
    "page",
    "post",
    "read",
    "run_publish",
]


def clean_env(**extra: str) -> dict[str, str]:
    """A minimal environment for a child process; HOME is the session's temporary one."""
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": os.environ["HOME"],
        "XDG_CONFIG_HOME": os.environ["XDG_CONFIG_HOME"],
        "XDG_CACHE_HOME": os.environ["XDG_CACHE_HOME"],
        "TERM": "dumb",
        "COLUMNS": "80",  # messages must never wrap, even on a narrow terminal
        "SITEKIT_CACHE": os.path.join(os.environ["XDG_CACHE_HOME"], "va-sitekit"),
        # The suite builds the kit's own demo with the demo's owner.yml, never the owner's.
        OWNER_FILE_ENV: os.environ.get(OWNER_FILE_ENV, str(DEMO_OWNER)),
    }
    if "CHROMIUM_PATH" in os.environ:
        env["CHROMIUM_PATH"] = os.environ["CHROMIUM_PATH"]
    env.update(extra)
    return env


@dataclass
class Build:
    returncode: int
    output: str  # stdout and stderr together, as an author sees them

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def run_python(code: str, *args: object, **env: str) -> subprocess.CompletedProcess:
    """``python -c code args…`` from the project folder, in a clean environment (``env``:
    variables to add), with its output captured."""
    return subprocess.run(
        [PYTHON, "-c", code, *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=clean_env(**env),
        check=False,
    )


def build_site(
    content: Path,
    out: Path,
    settings: str = "pelicanconf.py",
    *extra: str,
    pythonpath: str = "",
    owner: Path | None = None,
) -> Build:
    """Build ``content`` into ``out`` with ``python -m sitekit.build`` (what invoke runs).

    A content folder that is not a copy of the demo (no ``pages/start.md``) builds without the
    demo's menus, which name pages. ``owner``: another owner.yml than the demo's.
    """
    env = clean_env(PYTHONPATH=pythonpath) if pythonpath else clean_env()
    if owner is not None:
        env[OWNER_FILE_ENV] = str(owner)
    menus = () if (Path(content) / "pages" / "start.md").exists() else WITHOUT_MENUS
    command = [PYTHON, "-m", "sitekit.build", "-s", settings, "-c", str(content), "-o", str(out)]
    proc = subprocess.run(
        [*command, *menus, *extra],
        cwd=ROOT,
        check=False,
        capture_output=True,
        text=True,
        env=env,
    )
    return Build(proc.returncode, proc.stdout + proc.stderr)


def demo_meta(relative: str) -> dict:
    """Front matter of a demo file with the demo owner's facts filled in, as the build does."""
    text = (DEMO_CONTENT / relative).read_text(encoding="utf-8")
    return substitute_all(dict(frontmatter.loads(text).metadata), fact_values(DEMO_FACTS))


def demo_questionnaire(name: str = "bedarfsanalyse"):
    """The demo's questionnaire ``name`` parsed as the build parses it."""
    services = {p.stem for p in (DEMO_CONTENT / "services").glob("*.md")}
    return parse_questionnaire(
        demo_meta(f"questionnaires/{name}.md"),
        f"{name}.md",
        services,
        default_email=DEMO_FACTS["email"],
    )


def read(site: Path, path: str) -> str:
    """Text of a built file, addressed like a URL path (``blog/`` → blog/index.html)."""
    target = site / path.strip("/")
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target.read_text(encoding="utf-8")


@dataclass
class Publish:
    returncode: int
    output: str
    folder: Path


def run_publish(
    content: Path,
    folder: Path,
    gates: str = "",
    allow_placeholder: bool = True,
    owner: Path | None = None,
) -> Publish:
    """`invoke publish` into ``folder`` (optionally only some gates).

    The demo's owner data are placeholders, so the tests pass the operator's flag
    unless they check that a release without it is refused.
    """
    command = [str(INVOKE), "publish", "--content", str(content), "--output", str(folder)]
    if allow_placeholder:
        command.append("--allow-placeholder")
    if gates:
        command += ["--gates", gates]
    proc = subprocess.run(
        command,
        cwd=ROOT,
        check=False,
        capture_output=True,
        text=True,
        env=clean_env(**({OWNER_FILE_ENV: str(owner)} if owner else {})),
    )
    return Publish(proc.returncode, proc.stdout + proc.stderr, folder)


def free_port() -> int:
    """A port nobody listens on right now (the caller starts a server on it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, what: str, timeout: float = 30.0) -> None:
    """Poll ``condition`` until it holds; fail naming what was awaited."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"nach {timeout:.0f} s nicht eingetreten: {what}")
        time.sleep(0.05)


class Mailbox:
    """A real SMTP server (aiosmtpd) on a port; keeps every message it receives."""

    def __init__(self, port: int = 0) -> None:
        self.messages = []
        self.port = port or free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's API
        self.messages.append(envelope)
        return "250 OK"


# --- small content folders and outputs -------------------------------------------------

GOOD_POST = """---
title: Ein guter Beitrag
date: 2026-01-05 10:00:00+01:00
category: Organisation
---
Text.
"""


def post(title: str, extra: str = "", body: str = "Text.\n") -> str:
    """A blog post's Markdown: front matter with date and category (``extra``: more lines)."""
    return (
        f"---\ntitle: {title}\ndate: 2026-01-05 10:00:00+01:00\ncategory: Organisation\n"
        f"{extra}---\n{body}"
    )


def page(title: str, extra: str = "", body: str = "Text.\n") -> str:
    """A page's Markdown: front matter with a title (``extra``: more lines)."""
    return f"---\ntitle: {title}\n{extra}---\n{body}"


def new_content(folder):
    """A content folder with one good post and the demo's images (settings name some of them,
    like the owner's portrait)."""
    content = folder / "content"
    for name in ("blog", "pages", "services"):
        (content / name).mkdir(parents=True, exist_ok=True)
    (content / "blog" / "gut.md").write_text(GOOD_POST, encoding="utf-8")
    if (DEMO_CONTENT / "images").is_dir():
        shutil.copytree(DEMO_CONTENT / "images", content / "images")
    return content


def differences(left: Path, right: Path) -> list[str]:
    """Files that exist on one side only or differ in content (recursively)."""
    found: list[str] = []

    def walk(compare: filecmp.dircmp, prefix: str) -> None:
        found.extend(f"{prefix}{name} (nur links)" for name in compare.left_only)
        found.extend(f"{prefix}{name} (nur rechts)" for name in compare.right_only)
        _, mismatch, errors = filecmp.cmpfiles(
            compare.left, compare.right, compare.common_files, shallow=False
        )
        found.extend(f"{prefix}{name}" for name in mismatch + errors)
        for name, sub in compare.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right), "")
    return found
