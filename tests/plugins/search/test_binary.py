"""The build starts the same Pagefind binary as Pagefind's own Python service would, without
importing that service (and asyncio with it) into the build process."""

from __future__ import annotations

from pathlib import Path

from helpers import run_python
from pagefind.service import get_executable

from plugins.search.indexer import _executable


def test_the_same_binary_as_pagefinds_service(monkeypatch):
    monkeypatch.delenv("PAGEFIND_BINARY_PATH", raising=False)
    assert _executable() == get_executable()
    assert _executable().is_file()


def test_a_binary_named_in_the_environment_comes_first(monkeypatch, tmp_path):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "pagefind"))
    assert _executable() == get_executable() == Path(tmp_path / "pagefind")


def test_finding_it_imports_no_asyncio():
    done = run_python(
        "import sys\nfrom plugins.search.indexer import _executable\n"
        "print(_executable() is not None, 'asyncio' in sys.modules)"
    )
    assert done.stdout.split() == ["True", "False"], done.stderr
