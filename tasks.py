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
PUBLIC = ROOT / "public"  # the release: what deploy tasks upload
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
    for stale in [*ROOT.glob("output*.building-*"), *ROOT.glob("public.candidate-*")]:
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
    """Serve a built site on http://127.0.0.1:PORT/ with the headers from its _headers file."""
    from release.server import serve as serve_folder

    server, base = serve_folder(Path(folder), int(port))
    print(f"{base}/  (mit den Headern aus _headers; Strg+C beendet)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.shutdown()


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


@task(
    help={
        "gates": "comma-separated gates (default: all): links,inline,html,browser,lighthouse",
        "content": "content folder",
        "output": "release folder (default: public/)",
    }
)
def publish(c, gates="", content=str(CONTENT), output=str(PUBLIC)):
    """Build with publishconf.py, run the release gates, then replace the release folder."""
    import os

    from release.gates import GATE_NAMES, run_gates
    from safe_output import swap_in

    names = tuple(n.strip() for n in gates.split(",") if n.strip()) or GATE_NAMES
    final = Path(output).resolve()
    candidate = final.with_name(f"{final.name}.candidate-{os.getpid()}")
    shutil.rmtree(candidate, ignore_errors=True)
    _pelican(c, "publishconf.py", Path(content), candidate)
    siteurl = _publish_siteurl()
    skipped = [n for n in GATE_NAMES if n not in names]
    print(f"Release-Gates für {siteurl}: {', '.join(names)}")
    if skipped:
        print(f"ÜBERSPRUNGEN (auf Wunsch): {', '.join(skipped)}")
    results = run_gates(candidate, siteurl, names)
    failed = [r for r in results if not r.ok]
    if failed:
        shutil.rmtree(candidate, ignore_errors=True)
        raise Exit(
            f"Veröffentlichung abgelehnt: Gate „{failed[0].name}“ ist nicht bestanden "
            f"(siehe oben). {final} ist unverändert.",
            code=1,
        )
    swap_in(candidate, final, [".git", "CNAME", ".nojekyll"])
    print(f"Release bereit: {final}")


def _publish_siteurl() -> str:
    """SITEURL as publishconf.py computes it (environment variable included)."""
    from pelican.settings import read_settings

    return read_settings(str(ROOT / "publishconf.py"))["SITEURL"]


def _publish_setting(name: str) -> str:
    from pelican.settings import read_settings

    return str(read_settings(str(ROOT / "publishconf.py")).get(name) or "")


@task(
    name="deploy-rsync",
    help={
        "dry_run": "only show what would change",
        "target": "user@host:/path/ (default: DEPLOY_RSYNC_TARGET in publishconf.py)",
        "gates": "gates for the release build (default: all)",
        "output": "release folder (default: public/)",
    },
)
def deploy_rsync(c, dry_run=False, target="", gates="", output=str(PUBLIC)):
    """Publish (all gates), then mirror the release to the server with rsync over SSH."""
    from release.deploy import rsync_command

    target = target or _publish_setting("DEPLOY_RSYNC_TARGET")
    if not target:
        raise Exit("Kein Ziel: DEPLOY_RSYNC_TARGET in publishconf.py setzen oder --target angeben.")
    publish(c, gates=gates, output=output)  # raises before any upload when a gate fails
    c.run(rsync_command(Path(output), target, dry_run=dry_run), pty=False)


@task(
    name="deploy-gh-pages",
    help={"push": "push the gh-pages branch to origin", "gates": "gates (default: all)"},
)
def deploy_gh_pages(c, push=True, gates=""):
    """Publish (all gates), then commit public/ to the gh-pages branch with ghp-import."""
    from release.deploy import ghp_import_command

    publish(c, gates=gates)
    domain = _publish_setting("DEPLOY_CNAME")
    c.run(ghp_import_command(BIN / "ghp-import", PUBLIC, push=push, cname=domain), pty=False)


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
