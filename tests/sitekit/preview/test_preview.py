"""The warm preview: after every kind of edit its output equals a clean serial build,
byte for byte; parallel builds equal serial ones; a failed build keeps the last one."""

from __future__ import annotations

import shutil
import subprocess
import textwrap

import pytest
from helpers import DEMO_CONTENT, PYTHON, ROOT, build_site, clean_env, differences, run_python
from helpers.owner import write_owner

from sitekit.bench.corpus import write_corpus

LIVE = ("-e", "LIVERELOAD=true", "BUILD_WORKERS=1")

# The edits run in one warm process (as `invoke livereload` does) and print what
# happened; the test then compares the preview's output with a clean serial build.
SCRIPT = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from sitekit.preview import WarmPreview
    content, output, step = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    preview = WarmPreview(content, output)
    assert preview.build().ok
    for line in open(step, encoding="utf-8"):
        action, relative, *rest = line.rstrip("\\n").split("\\t")
        rest = [part.replace("\\\\n", "\\n") for part in rest]
        path = content / relative
        if action == "append":
            path.write_text(path.read_text(encoding="utf-8") + rest[0], encoding="utf-8")
        elif action == "replace":
            path.write_text(path.read_text(encoding="utf-8").replace(rest[0], rest[1]), "utf-8")
        elif action == "write":
            path.write_text(rest[0], encoding="utf-8")
        elif action == "delete":
            path.unlink()
        outcome = preview.build([path])
        result = "ok" if outcome.ok else "fehler"
        print("SCHRITT", action, relative, result, "schnell" if outcome.quick else "voll")
        for error in outcome.errors:
            print("  " + error)
    preview.settle()  # the search index follows a quick update in the background
    """
)


def run_edits(tmp_path, content, steps: list[tuple[str, ...]]) -> tuple[str, object]:
    output = tmp_path / "vorschau"
    script = tmp_path / "edits.tsv"
    script.write_text("".join("\t".join(step) + "\n" for step in steps), encoding="utf-8")
    proc = run_python(SCRIPT, content, output, script)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    steps_done = [
        line.removeprefix("SCHRITT ")
        for line in proc.stdout.splitlines()
        if line.startswith(("SCHRITT", "  "))
    ]
    return "\n".join(steps_done), output


def clean(tmp_path, content):
    out = tmp_path / "sauber"
    build = build_site(content, out, "pelicanconf.py", *LIVE)
    assert build.ok, build.output
    return out


@pytest.fixture
def corpus(tmp_path):
    """The demo site with 150 more articles: enough for parallel reading and rendering."""
    content = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, content)
    write_corpus(content / "blog" / "korpus", 150)
    return content


def test_parallel_and_serial_builds_are_identical(tmp_path, corpus):
    parallel, serial = tmp_path / "parallel", tmp_path / "seriell"
    assert build_site(corpus, parallel, "pelicanconf.py", "-e", "BUILD_WORKERS=2").ok
    assert build_site(corpus, serial, "pelicanconf.py", "-e", "BUILD_WORKERS=1").ok
    assert differences(serial, parallel) == []


NEW_TAIL = "Category: Alltag\\n\\nText.\\n"


def test_every_kind_of_edit_equals_a_clean_build(tmp_path, corpus):
    post = "blog/korpus/beitrag-00042.md"
    steps = [
        ("append", post, "\\nEin neuer Absatz mit „Zitat“ und *Betonung*.\\n"),
        ("append", "blog/erreichbarkeit.md", "\\nNoch ein Gedanke.\\n"),
        ("replace", post, "Title: ", "Title: Umbenannt: "),
        ("replace", post, "Tags: ", "Tags: Neuigkeit, "),
        ("write", "blog/neu.md", "Title: Ganz neu\\nDate: 2026-11-01 10:00\\n" + NEW_TAIL),
        ("delete", "blog/korpus/beitrag-00007.md"),
        ("append", "pages/ueber-mich.md", "\\nEin Satz mehr über mich.\\n"),
        ("append", post, "\\nZum Schluss.\\n"),
    ]
    log, preview = run_edits(tmp_path, corpus, steps)
    lines = [line for line in log.splitlines() if not line.startswith("  ")]
    assert len(lines) == len(steps), log
    assert lines[0].endswith("ok schnell") and lines[1].endswith("ok schnell")
    assert lines[2].endswith("ok voll") and lines[-1].endswith("ok schnell"), log
    assert differences(clean(tmp_path, corpus), preview) == []


def test_an_edit_next_to_an_image_takes_the_full_build(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, content)
    steps = [("append", "blog/das-gute-briefing.md", "\\nNoch ein Gedanke.\\n")]
    log, preview = run_edits(tmp_path, content, steps)
    assert log.endswith("ok voll"), log  # images get their variants in the full build
    assert differences(clean(tmp_path, content), preview) == []


def test_a_broken_save_keeps_the_last_preview_and_the_next_good_one_heals_it(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, content)
    post = "blog/erreichbarkeit.md"
    good = (content / post).read_text(encoding="utf-8")
    steps = [
        ("write", post, "---\\ntitle: Kaputt\\ntags: [eins, zwei\\n---\\nText.\\n"),
        ("write", post, good.replace("\n", "\\n") + "\\nWieder gut.\\n"),
    ]
    log, preview = run_edits(tmp_path, content, steps)
    broken, healed = log.split("\n", 1)[0], log.splitlines()[-1]
    assert broken.startswith("write blog/erreichbarkeit.md fehler")
    assert "YAML-Fehler" in log and "Zeile" in log
    assert healed.endswith("ok voll") or healed.endswith("ok schnell")
    assert differences(clean(tmp_path, content), preview) == []


def test_a_text_edit_that_adds_an_anchor_or_link_is_checked_like_a_full_build(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, content)
    post = "blog/erreichbarkeit.md"
    steps = [
        ("append", post, "\\n## Inhalt\\n\\nNoch ein Absatz.\\n"),
        ("replace", post, "## Inhalt", "## Kurz gesagt"),
        ("append", post, "\\nMehr im [alten Beitrag](/blog/alter-beitrag/).\\n"),
        ("replace", post, "(/blog/alter-beitrag/)", "(/blog/)"),
        ("append", post, "\\nSiehe [die Liste]({static}/images/fehlt.pdf).\\n"),
    ]
    log, _ = run_edits(tmp_path, content, steps)
    lines = [line for line in log.splitlines() if not line.startswith("  ")]
    assert lines[0].endswith("fehler voll"), log
    assert "'#inhalt'" in log and "theme/templates/base.html" in log
    assert lines[1].endswith("ok voll"), log
    assert lines[2].endswith("fehler voll"), log  # a plain text edit, but a new link
    assert "verweist auf /blog/alter-beitrag/, diese Seite gibt es nicht" in log
    assert lines[3].endswith("ok voll"), log
    assert lines[4].endswith("fehler voll"), log
    assert "content/images/fehlt.pdf gibt es nicht" in log


def test_after_a_deletion_the_preview_counts_the_pages_that_are_left(tmp_path):
    """The line "Gebaut in … (N Seiten)" is counted after the pages of a deleted post are
    gone (it said 42 pages after make strip-demo, for a site of 17)."""
    content = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, content)
    script = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from sitekit.preview import WarmPreview
        content, output = Path(sys.argv[1]), Path(sys.argv[2])
        preview = WarmPreview(content, output)
        assert preview.build().ok
        post = content / "blog" / "erreichbarkeit.md"
        post.unlink()
        assert preview.build([post]).ok
        """
    )
    output = tmp_path / "vorschau"
    proc = run_python(script, content, output)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    first, last = [line for line in proc.stdout.splitlines() if line.startswith("Gebaut in")]
    pages = sum(1 for _ in output.rglob("*.html"))
    assert not (output / "blog" / "erreichbarkeit").exists()
    assert last.endswith(f"({pages} Seiten)"), proc.stdout
    assert first != last


def test_after_strip_demo_her_owner_file_reaches_the_live_preview(tmp_path):
    """`make strip-demo`, the preview running, then she fills in owner.yml: the pages show
    her, not the demo's owner (before: search, contact and thank-you page kept the demo's
    name from what the preview had read before)."""
    content = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, content)
    shutil.copy(ROOT / "sitekit" / "demo" / "owner.yml", tmp_path / "owner.yml")
    assert (
        subprocess.run(
            [PYTHON, "-m", "invoke", "strip-demo", "--content", str(content)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env=clean_env(),
            check=False,
        ).returncode
        == 0
    )
    script = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from sitekit.preview import WarmPreview
        content, output, owner, new = map(Path, sys.argv[1:5])
        preview = WarmPreview(content, output)
        assert preview.build().ok
        owner.write_text(new.read_text(encoding="utf-8"), encoding="utf-8")
        assert preview.build([owner]).ok
        """
    )
    (tmp_path / "neu").mkdir()
    new = write_owner(tmp_path / "neu", portraet="", portraet_alt="")
    output = tmp_path / "vorschau"
    owner = tmp_path / "owner.yml"
    proc = run_python(script, content, output, owner, new, SITEKIT_OWNER_FILE=str(owner))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for page in ("suche/index.html", "kontakt/index.html", "fragebogen/danke/index.html"):
        text = (output / page).read_text(encoding="utf-8")
        assert "Lindenblatt" not in text and "Feldmann Office" in text, page
    shown = [p for p in output.rglob("*.html") if "Lindenblatt" in p.read_text(encoding="utf-8")]
    assert shown == []


THEME_EDIT = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from sitekit.preview import WarmPreview
    content, output, theme = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    preview = WarmPreview(content, output)
    preview.overrides = {**preview.overrides, "THEME": str(theme)}
    assert preview.build().ok
    footer = theme / "templates" / "partials" / "footer.html"  # included
    text = footer.read_text(encoding="utf-8")
    assert "</footer>" in text
    footer.write_text(text.replace("</footer>", "<p>Neu im Fuß</p></footer>", 1), "utf-8")
    outcome = preview.build([footer])
    print("voll" if not outcome.quick else "schnell", outcome.ok)
    """
)


def test_a_changed_template_is_in_the_next_preview(tmp_path):
    """Templates are loaded once per build (Jinja does not look at their files again
    while it runs): an edited template, an included one too, still reaches the very
    next preview."""
    content, theme = tmp_path / "content", tmp_path / "theme"
    shutil.copytree(DEMO_CONTENT, content)
    shutil.copytree(ROOT / "theme", theme)
    output = tmp_path / "vorschau"
    proc = run_python(THEME_EDIT, content, output, theme)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.splitlines()[-1] == "voll True"
    page = (output / "index.html").read_text(encoding="utf-8")
    assert "<p>Neu im Fuß</p></footer>" in page
