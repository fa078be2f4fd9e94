"""Shared fixtures: real builds of the demo site, a local static server, and
Playwright settings that drive Debian's Chromium (nothing is downloaded)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import ROOT, run_pelican
from release.browser import CHROMIUM, CHROMIUM_ARGS
from release.server import serve


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The demo content built with pelicanconf.py (local preview, drafts included)."""
    out = tmp_path_factory.mktemp("site") / "output"
    build = run_pelican(ROOT / "content", out)
    assert build.ok, build.output
    return out


@pytest.fixture(scope="session")
def published(tmp_path_factory) -> Path:
    """The demo content built with publishconf.py (production)."""
    out = tmp_path_factory.mktemp("published") / "output"
    build = run_pelican(ROOT / "content", out, "publishconf.py")
    assert build.ok, build.output
    return out


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A private copy of content/ that a test may break."""
    copy = tmp_path / "content"
    shutil.copytree(ROOT / "content", copy)
    return copy


@pytest.fixture(scope="session")
def served(site) -> str:
    """Serve the built site on 127.0.0.1 with its own _headers; return the base URL."""
    server, base = serve(site)
    yield base
    server.shutdown()


def pytest_collection_modifyitems(items):
    for item in items:
        if "/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,  # Debian's, or CHROMIUM_PATH; never downloaded
        "args": CHROMIUM_ARGS,
    }
