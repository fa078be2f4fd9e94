"""The plugins work together through imports and documented signals only.

- Any order of ``PLUGINS`` builds the same site, byte for byte.
- One Python process can build twice (the warm preview does) and gets exactly what a
  fresh process gets, even after building something else in between.
- No plugin keeps mutable state at module level.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import random
from pathlib import Path

import pytest
from helpers import DEMO_CONTENT, build_site, differences, run_python

import plugins
from sitekit.build import read_site_settings

PLUGINS = read_site_settings("pelicanconf.py")["PLUGINS"]


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("reference") / "out"
    assert build_site(DEMO_CONTENT, out).ok
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_any_plugin_order_builds_the_same_site(reference, tmp_path, seed):
    order = list(PLUGINS)
    random.Random(seed).shuffle(order)
    assert order != PLUGINS
    out = tmp_path / "out"
    build = build_site(DEMO_CONTENT, out, "pelicanconf.py", "-e", f"PLUGINS={json.dumps(order)}")
    assert build.ok, build.output
    assert differences(reference, out) == []


TWICE = """
import sys
from pathlib import Path
from sitekit.build import run_build
content, first, between, second = map(Path, sys.argv[1:5])
codes = [
    run_build("pelicanconf.py", content, first),
    run_build("publishconf.py", content, between, {"SITEURL": "https://anders.example/unter"}),
    run_build("pelicanconf.py", content, second),
]
sys.exit(max(codes))
"""


def test_one_process_builds_twice_with_identical_output(reference, tmp_path):
    first, between, second = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    proc = run_python(TWICE, DEMO_CONTENT, first, between, second)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert differences(reference, first) == []
    assert differences(reference, second) == []
    # The build in between really was different: its own address everywhere.
    assert 'href="/unter/faq/"' in (between / "index.html").read_text(encoding="utf-8")
    assert "/unter/" not in (second / "index.html").read_text(encoding="utf-8")


def _module_state(module) -> list[str]:
    """Names of mutable containers defined at module level (lists, dicts, sets)."""
    return [
        name
        for name, value in vars(module).items()
        if not name.startswith("__")
        and isinstance(value, (list, dict, set))
        and not name.isupper()  # constants: upper-case names, never changed after import
    ]


def test_no_plugin_keeps_mutable_state_at_module_level():
    offenders = []
    for info in pkgutil.walk_packages(plugins.__path__, "plugins."):
        module = importlib.import_module(info.name)
        offenders += [f"{info.name}.{name}" for name in _module_state(module)]
    assert offenders == []
