"""The PDF program (``plugins.questionnaire.pdf_maker``): WeasyPrint alone, in a process
of its own that never outlives the build that started it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from helpers import DEMO_CONTENT, PYTHON, ROOT, clean_env
from pypdf import PdfReader

MAKER = [PYTHON, "-m", "plugins.questionnaire.pdf_maker"]


def converse(job: dict | None, **env: str) -> list:
    """Run the program with ``job`` (None: no job at all); the lines it answered."""
    sent = "" if job is None else json.dumps(job) + "\n"
    done = subprocess.run(
        MAKER,
        input=sent,
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env=clean_env(**env),
    )
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_the_program_loads_weasyprint_without_pelican(tmp_path):
    # A Pelican that cannot be imported: the program must not need it (nor the build's
    # other modules), so its memory stays WeasyPrint's and never grows with the site.
    fake = tmp_path / "fake"
    (fake / "pelican").mkdir(parents=True)
    (fake / "pelican" / "__init__.py").write_text("raise ImportError('kein Pelican')\n")
    assert converse(None, PYTHONPATH=str(fake)) == [""]


def test_the_program_makes_the_pdf_of_a_job_whole(tmp_path):
    cached = tmp_path / "cache" / "fragebogen-pdf" / "abc.pdf"
    html = (
        "<html lang='de'><title>Test</title><body><form>"
        "<label>Name <input name='name'></label>"
        "<label><input type='radio' name='takt' value='w'> wöchentlich</label>"
        "<label><input type='radio' name='takt' value='m'> monatlich</label>"
        "</form></body></html>"
    )
    job = {
        "html": html,
        "cached": str(cached),
        "base_url": str(tmp_path),
        "groups": {"takt": "Wie oft?"},
        "niceness": 10,
    }
    answers = converse(job)
    assert answers == ["", {"failure": "", "warnings": []}]
    assert sorted(path.name for path in cached.parent.iterdir()) == ["abc.pdf"]  # no leftover
    fields = PdfReader(cached).get_fields()
    assert "name" in fields
    assert fields["takt"].get("/TU") == "Wie oft?"


def test_a_job_that_fails_is_one_line_and_leaves_no_file(tmp_path):
    fake = tmp_path / "fake"
    fake.mkdir()
    (fake / "weasyprint.py").write_text(
        "class HTML:\n"
        "    def __init__(self, **options):\n"
        "        pass\n"
        "    def write_pdf(self, target, **options):\n"
        "        open(target, 'wb').write(b'%PDF-halb')\n"
        "        raise ValueError('Seite zu breit')\n",
        encoding="utf-8",
    )
    cached = tmp_path / "cache" / "x.pdf"
    job = {"html": "", "cached": str(cached), "base_url": "", "groups": {}, "niceness": 0}
    answers = converse(job, PYTHONPATH=str(fake))
    assert answers == ["", {"failure": "ValueError: Seite zu breit", "warnings": []}]
    assert list(cached.parent.iterdir()) == []


def makers_with(mark: str) -> list[int]:
    """The PDF programs still running whose environment carries ``mark``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            command = (entry / "cmdline").read_bytes()
        except OSError:  # ended meanwhile, or not ours to read
            continue
        if mark.encode() in environ and b"pdf_maker" in command:
            found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="/proc: Linux only")
@pytest.mark.parametrize("case", ["ohne-pdf", "fehler"])
def test_a_pdf_program_started_ahead_never_outlives_its_build(tmp_path, case):
    # A first build (empty cache) starts the program as it begins; here nothing takes
    # it: no questionnaire wants a PDF, or the build stops at a broken file.
    content = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, content)
    if case == "ohne-pdf":
        definition = content / "questionnaires" / "bedarfsanalyse.md"
        text = definition.read_text(encoding="utf-8")
        definition.write_text(
            text.replace("\nslug: fragebogen\n", "\nslug: fragebogen\npdf: false\n")
        )
    else:
        (content / "blog" / "kaputt.md").write_text("---\ntitle: [kaputt\n---\nText\n")
    mark = f"PDF_TEST_{uuid.uuid4().hex}"
    command = [PYTHON, "-m", "sitekit.build", "-c", str(content), "-o", str(tmp_path / "out")]
    command += ["-e", f'CACHE_PATH="{tmp_path / "leer"}"']
    done = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, check=False, env=clean_env(**{mark: "1"})
    )
    assert done.returncode == (0 if case == "ohne-pdf" else 1), done.stdout + done.stderr
    assert not list((tmp_path / "leer").rglob("*.pdf"))
    assert makers_with(mark) == []
    assert os.environ.get(mark) is None  # the mark was the build's alone
