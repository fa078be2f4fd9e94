"""Site tasks (invoke). Thin: each task calls Pelican, pytest or a small helper.

invoke build | rebuild | serve | livereload | preview | clean | new | test | translations
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))

CONTENT = ROOT / "content"
OUTPUT = ROOT / "output"
PREVIEW = ROOT / "output-preview"
BIN = Path(sys.executable).parent


def _pelican(c, settings: str, content: Path, output: Path, extra: str = "") -> None:
    """Run Pelican; on failure leave the earlier output untouched and exit non-zero."""
    start = time.perf_counter()
    result = c.run(
        f'"{BIN / "pelican"}" "{content}" -s "{ROOT / settings}" -o "{output}" {extra}',
        warn=True,
        pty=False,
    )
    if result.exited != 0:
        raise Exit(
            f"Build fehlgeschlagen (siehe Meldungen oben). {output} ist unverändert.",
            code=result.exited or 1,
        )
    print(f"Gebaut in {time.perf_counter() - start:.1f} s: {output}")


@task(help={"content": "content folder", "output": "output folder"})
def build(c, content=str(CONTENT), output=str(OUTPUT)):
    """Build the local preview (pelicanconf.py) into output/."""
    _pelican(c, "pelicanconf.py", Path(content), Path(output))


@task
def clean(c):
    """Remove generated folders."""
    for folder in (OUTPUT, PREVIEW):
        shutil.rmtree(folder, ignore_errors=True)
    for stale in ROOT.glob("output*.building-*"):
        shutil.rmtree(stale, ignore_errors=True)


@task(pre=[clean])
def rebuild(c):
    """Clean, then build."""
    build(c)


@task(help={"content": "content folder", "output": "output folder"})
def preview(c, content=str(CONTENT), output=str(PREVIEW)):
    """Build with production settings (publishconf.py) into output-preview/."""
    _pelican(c, "publishconf.py", Path(content), Path(output))


@task(help={"port": "port on 127.0.0.1", "folder": "folder to serve"})
def serve(c, port=8000, folder=str(OUTPUT)):
    """Serve a built site on http://127.0.0.1:PORT/."""
    print(f"http://127.0.0.1:{port}/  (Strg+C beendet)")
    c.run(f'"{sys.executable}" -m http.server {port} --bind 127.0.0.1 -d "{folder}"', pty=False)


@task(help={"port": "port on 127.0.0.1"})
def livereload(c, port=8000):
    """Build, serve, and reload the browser on every save in content/, theme/ or plugins/."""
    from authoring.devserver import Reloader, start
    from watchfiles import watch

    def rebuild() -> bool:
        try:
            _pelican(c, "pelicanconf.py", CONTENT, OUTPUT, "-e LIVERELOAD=true")
        except Exit as error:  # keep serving the last good build
            print(error.message, file=sys.stderr)
            return False
        return True

    rebuild()
    reloader = Reloader()
    start(OUTPUT.parent / OUTPUT.name, port, reloader)
    print(f"Vorschau: http://127.0.0.1:{port}/  (lädt nach jedem Speichern neu; Strg+C beendet)")
    watched = [ROOT / "content", ROOT / "theme", ROOT / "plugins", ROOT / "pelicanconf.py"]
    for _changes in watch(*watched):
        if rebuild():
            reloader.notify()


@task(help={"kind": "post, page, service or faq", "title": "the title, e.g. 'Größe & Übermaß'"})
def new(c, title, kind="post"):
    """Scaffold a post, page, service or FAQ question from a title."""
    from authoring import scaffold

    try:
        path = scaffold(kind, title, CONTENT)
    except (FileExistsError, ValueError) as error:
        raise Exit(str(error), code=1) from None
    print(f"Angelegt: {path.relative_to(ROOT)}")


@task(help={"k": "only tests matching this expression", "browser": "include browser tests"})
def test(c, k="", browser=True):
    """Run the whole test suite (unit, build, bad input, browser)."""
    args = ["-q"]
    if k:
        args += ["-k", f'"{k}"']
    if not browser:
        args += ["-m", '"not browser"']
    c.run(f'"{sys.executable}" -m pytest {" ".join(args)}', pty=False)


@task(help={"runs": "number of timed builds"})
def bench(c, runs=3):
    """Measure build time and the gzip weight of typical pages against the budget."""
    from authoring.bench import report

    build(c)
    if not report(BIN / "pelican", ROOT, OUTPUT, int(runs)):
        raise Exit("Mindestens eine Seite ist schwerer als das Budget.", code=1)


@task
def translations(c):
    """Extract theme strings into messages.pot and update the catalogues."""
    tr = ROOT / "theme" / "translations"
    pybabel, pot = BIN / "pybabel", tr / "messages.pot"
    c.run(f'"{pybabel}" extract -F "{tr / "babel.cfg"}" -o "{pot}" "{ROOT / "theme"}"')
    for catalogue in tr.glob("*/LC_MESSAGES/messages.po"):
        lang = catalogue.parent.parent.name
        c.run(f'"{pybabel}" update -i "{pot}" -d "{tr}" -l {lang}')
