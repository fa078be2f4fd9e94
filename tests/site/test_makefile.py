"""The bootstrap Makefile makes .venv for the folder it is in: a project folder that was
moved or copied (with its .venv) gets a new one, since a venv's programs and the
editable install name the folder it was made in. Checked with ``make -n``, which shows
what would run without running it."""

from __future__ import annotations

import os
import shutil
import subprocess
import time

import pytest
from helpers import ROOT, clean_env

STAMP = ".venv/.installed-from-lock"
BUILD = ".venv/bin/invoke build"


@pytest.fixture
def project(tmp_path):
    """The Makefile and the files its stamp depends on, with a .venv made before."""
    for name in ("Makefile", "requirements.lock", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    return tmp_path


def planned(project, made_for: str) -> list[str]:
    stamp = project / STAMP
    stamp.write_text(made_for + "\n" if made_for else "", encoding="utf-8")
    later = time.time() + 60  # newer than the lock, as after a bootstrap
    os.utime(stamp, (later, later))
    command = ["make", "-n", "html"]
    proc = subprocess.run(
        command, cwd=project, capture_output=True, text=True, env=clean_env(), check=True
    )
    return proc.stdout.splitlines()


def test_a_venv_made_here_is_used_as_it_is(project):
    assert planned(project, str(project)) == [BUILD]


def test_a_venv_made_in_another_folder_is_made_anew(project):
    lines = planned(project, "/anderswo/website")
    removed = next(i for i, line in enumerate(lines) if "rm -rf .venv" in line)
    assert "stammt aus /anderswo/website" in lines[removed]
    made = next(i for i, line in enumerate(lines) if "-m venv .venv" in line)
    editable = next(i for i, line in enumerate(lines) if "--editable ." in line)
    assert removed < made < editable
    assert lines[-2] == f'echo "{project}" > {STAMP}' and lines[-1] == BUILD


def test_an_older_stamp_without_a_folder_only_installs_the_project_again(project):
    lines = planned(project, "")
    assert not [line for line in lines if "rm -rf" in line]
    assert any("--editable ." in line for line in lines)
    assert lines[-2] == f'echo "{project}" > {STAMP}' and lines[-1] == BUILD
