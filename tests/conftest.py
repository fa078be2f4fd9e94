"""Shared fixtures: real builds of the kit's demo site (sitekit/demo, not content/), a
local static server, and Playwright settings that drive Debian's Chromium (nothing is
downloaded).

The whole session runs with HOME, XDG_CONFIG_HOME and XDG_CACHE_HOME in a temporary
folder, so Chromium, Lighthouse and every other tool write their profiles and caches
there, never into the developer's home or the repository.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from helpers import DEMO_CONTENT, DEMO_OWNER, build_site

from plugins.site_settings.owner import OWNER_FILE_ENV
from sitekit.chromium import CHROMIUM, CHROMIUM_ARGS
from sitekit.servers.static import serve

_HOME = tempfile.TemporaryDirectory(prefix="va-sitekit-home-")


def pytest_configure(config):
    home = _HOME.name
    os.environ.update(
        HOME=home,
        XDG_CONFIG_HOME=os.path.join(home, ".config"),
        XDG_CACHE_HOME=os.path.join(home, ".cache"),
    )
    # In-process builds (the warm preview, the receiver app) read the demo's owner.yml too:
    # the suite tests the kit on its own demo, whatever the owner's site holds.
    os.environ[OWNER_FILE_ENV] = str(DEMO_OWNER)


def pytest_unconfigure(config):
    _HOME.cleanup()


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The demo content built with pelicanconf.py (local preview, drafts included)."""
    out = tmp_path_factory.mktemp("site") / "output"
    build = build_site(DEMO_CONTENT, out)
    assert build.ok, build.output
    return out


@pytest.fixture(scope="session")
def published(tmp_path_factory) -> Path:
    """The demo content built with publishconf.py (production)."""
    out = tmp_path_factory.mktemp("published") / "output"
    build = build_site(DEMO_CONTENT, out, "publishconf.py")
    assert build.ok, build.output
    return out


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A private copy of content/ that a test may break."""
    copy = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, copy)
    return copy


@pytest.fixture
def earlier_output(tmp_path):
    """An output folder from an earlier good build, with a marker to detect changes."""
    out = tmp_path / "output"
    out.mkdir()
    (out / "index.html").write_text("frühere gute Ausgabe", encoding="utf-8")
    return out


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
