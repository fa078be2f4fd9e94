"""Site tasks (invoke). Thin: each task calls Pelican, pytest or a helper in sitekit.

invoke build | rebuild | serve | livereload | preview | clean | new | strip-demo | test | bench |
       screenshots | vendor |
       publish | deploy-rsync | deploy-gh-pages | translations | receiver | inbox
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
from contextlib import contextmanager, suppress
from pathlib import Path

from invoke import Exit, task

from plugins.site_settings import SettingsError
from plugins.site_settings.owner import owner_file
from sitekit import demo
from sitekit.bench import builds as build_bench
from sitekit.bench.weight import report
from sitekit.build import parse_override, read_site_settings, run_build
from sitekit.preview import WarmPreview, explain, live
from sitekit.project import CONTENT, OUTPUT, PREVIEW, PUBLIC, ROOT
from sitekit.receiver import loadtest
from sitekit.receiver import local as local_receiver
from sitekit.receiver.config import ConfigError, ReceiverConfig
from sitekit.receiver.inbox import Inbox
from sitekit.release.deploy import ghp_import_command, rsync_command
from sitekit.release.publish import PublishError, PublishOptions
from sitekit.release.publish import publish as publish_release
from sitekit.release.runner import GATE_NAMES, UnknownGateError
from sitekit.scaffold import NEXT_STEP, draft_address, scaffold
from sitekit.screenshots import take as take_screenshots
from sitekit.servers.preview import Reloader, start
from sitekit.servers.static import serve as serve_folder
from sitekit.vendor import vendor as vendor_files

BIN = Path(sys.executable).parent


def _build(settings: str, content: Path, output: Path, extra: tuple[str, ...] = ()) -> None:
    """Build; on failure the earlier output stays untouched and the task exits non-zero."""
    overrides = dict(parse_override(item) for item in extra)
    if run_build(settings, content, output, overrides, demo_owner=False) != 0:
        raise Exit(code=1)


@task(help={"content": "content folder", "output": "output folder"})
def build(c, content=str(CONTENT), output=str(OUTPUT)):
    """Build the local preview (pelicanconf.py) into output/."""
    _build("pelicanconf.py", Path(content), Path(output))


@task
def clean(c):
    """Remove generated folders and leftovers of interrupted builds."""
    for folder in (OUTPUT, PREVIEW):
        shutil.rmtree(folder, ignore_errors=True)
    for pattern in ("output*.building-*", "output*.previous-*", "public.candidate-*"):
        for stale in ROOT.glob(pattern):
            shutil.rmtree(stale, ignore_errors=True)


@task(pre=[clean])
def rebuild(c):
    """Clean, then build."""
    build(c)


@task(help={"content": "content folder", "output": "output folder"})
def preview(c, content=str(CONTENT), output=str(PREVIEW)):
    """Build with production settings (publishconf.py) into output-preview/."""
    _build("publishconf.py", Path(content), Path(output))


@contextmanager
def _receiver_alongside(port: int | None, origin: str, elsewhere: bool = False):
    """This preview's receiver (for the preview at ``origin``), stopped with it; None when
    the pages send nowhere local."""
    if port is None:
        yield None
        return
    try:
        receiver = local_receiver.start(port, origin=origin, elsewhere=elsewhere)
    except RuntimeError as error:
        raise Exit(f"FEHLER: {error}", code=1) from None
    note = "läuft" if receiver.process else "lief schon für diese Vorschau"
    print(f"Fragebogen-Empfänger {note}: {receiver.url}/  (Einsendungen: invoke inbox)")
    try:
        yield receiver
    finally:
        receiver.stop()


@task(help={"port": "port on 127.0.0.1", "folder": "folder to serve"})
def serve(c, port=8000, folder=str(OUTPUT)):
    """Serve a built site on http://127.0.0.1:PORT/ (with its _headers) and its receiver."""
    folder = Path(folder)
    server, base = serve_folder(folder, int(port))
    receiver_port = local_receiver.built_receiver_port(folder)
    try:
        with local_receiver.ending_on_signals(), _receiver_alongside(receiver_port, base):
            print(f"{base}/  (mit den Headern aus _headers; Strg+C beendet)", flush=True)
            while True:
                signal.pause()  # the server answers in its own thread
    except KeyboardInterrupt:
        pass  # however early the signal came, the receiver has been stopped on the way out
    finally:
        server.shutdown()


@task(help={"port": "port on 127.0.0.1"})
def receiver(c, port=8001):
    """Start the questionnaire receiver (RECEIVER_* variables; locally the preview's settings)."""
    env = " ".join(
        f"{k}={v}" for k, v in local_receiver.LOCAL_DEFAULTS.items() if k not in os.environ
    )
    print(
        f"Fragebogen-Empfänger auf http://127.0.0.1:{port}/ "
        f"({env or 'RECEIVER_* aus der Umgebung'})"
    )
    c.run(
        f'"{sys.executable}" -m sitekit.receiver --port {int(port)}',
        env=local_receiver.local_env(),
        pty=False,
    )


@task(
    help={
        "show": "show one submission (reference)",
        "export": "json or csv: every submission on standard output",
        "delete": "delete one submission (reference)",
        "retry": "send the notification of one submission again (reference)",
    }
)
def inbox(c, show="", export="", delete="", retry=""):
    """The receiver's stored submissions: list, show, export, delete, send again."""
    try:
        box = Inbox.open(ReceiverConfig.from_env(local_receiver.local_env()))
    except ConfigError as error:
        raise Exit(f"FEHLER: {error}", code=1) from None
    if export:
        if export not in ("json", "csv"):
            raise Exit("FEHLER: --export kennt json und csv.", code=1)
        sys.stdout.write(box.export(export))
    elif show:
        text = box.show(show)
        if text is None:
            raise Exit(f"FEHLER: Eine Einsendung {show} gibt es nicht.", code=1)
        print(text)
    elif delete:
        if not box.store.delete(delete):
            raise Exit(f"FEHLER: Eine Einsendung {delete} gibt es nicht.", code=1)
        print(f"Gelöscht: {delete}")
    elif retry:
        print(box.retry(retry))
    else:
        print(box.listing())


@task(help={"port": "port on 127.0.0.1", "receiver_port": "port of the receiver"})
def livereload(c, port=8000, receiver_port=8001):
    """Build, serve, and rebuild (warm, incremental) on every save; the browser reloads."""
    origin = f"http://127.0.0.1:{int(port)}"
    with (
        local_receiver.ending_on_signals(),
        _receiver_alongside(int(receiver_port), origin, elsewhere=True) as receiver,
    ):
        preview = WarmPreview()
        # the pages send to this preview's own receiver, on whatever port it got
        preview.overrides |= {"QUESTIONNAIRE_RECEIVER": receiver.url, "PREVIEW_SITEURL": origin}
        explain(preview.build())
        reloader = Reloader()
        start(OUTPUT, int(port), reloader)
        watched = [ROOT / "content", ROOT / "theme", ROOT / "plugins", ROOT / "pelicanconf.py"]
        watched.append(owner_file(ROOT))  # her facts: every page that shows one is rebuilt
        print(f"Vorschau: {origin}/  (lädt nach jedem Speichern neu; Strg+C beendet)")

        def restart():
            receiver.stop()  # the new process starts its own
            os.execv(sys.argv[0], sys.argv)

        with suppress(KeyboardInterrupt):
            live(preview, reloader, watched, restart=restart)


@task(
    help={
        "gates": "comma-separated gates (default: all): links,inline,html,browser,lighthouse",
        "content": "content folder",
        "output": "release folder (default: public/)",
        "allow_placeholder": "publish even with the demo's placeholder owner data",
    }
)
def publish(c, gates="", content=str(CONTENT), output=str(PUBLIC), allow_placeholder=False):
    """Build with publishconf.py, run the release gates, then replace the release folder."""
    names = tuple(n.strip() for n in gates.split(",") if n.strip()) or GATE_NAMES
    options = PublishOptions(Path(content), Path(output), names, allow_placeholder)
    try:
        final = publish_release(options)
    except (PublishError, UnknownGateError) as error:
        raise Exit(str(error), code=1) from None
    print(f"Release bereit: {final}")


def _publish_setting(name: str) -> str:
    return str(read_site_settings("publishconf.py").get(name) or "")


@task(
    name="deploy-rsync",
    help={
        "dry_run": "only show what would change",
        "target": "user@host:/path/ (default: DEPLOY_RSYNC_TARGET in publishconf.py)",
        "gates": "gates for the release build (default: all)",
        "output": "release folder (default: public/)",
        "content": "content folder (default: content/)",
        "allow_placeholder": "publish even with the demo's placeholder owner data",
    },
)
def deploy_rsync(  # noqa: PLR0913 - a task's parameters are its options
    c,
    dry_run=False,
    target="",
    gates="",
    output=str(PUBLIC),
    content=str(CONTENT),
    allow_placeholder=False,
):
    """Publish (all gates), then mirror the release to the server with rsync over SSH."""
    target = target or _publish_setting("DEPLOY_RSYNC_TARGET")
    if not target:
        raise Exit("Kein Ziel: DEPLOY_RSYNC_TARGET in publishconf.py setzen oder --target angeben.")
    publish(c, gates=gates, content=content, output=output, allow_placeholder=allow_placeholder)
    c.run(rsync_command(Path(output), target, dry_run=dry_run), pty=False)


@task(
    name="deploy-gh-pages",
    help={
        "push": "push the gh-pages branch to origin",
        "gates": "gates (default: all)",
        "allow_placeholder": "publish even with the demo's placeholder owner data",
    },
)
def deploy_gh_pages(c, push=True, gates="", allow_placeholder=False):
    """Publish (all gates), then commit public/ to the gh-pages branch with ghp-import."""
    publish(c, gates=gates, allow_placeholder=allow_placeholder)
    domain = _publish_setting("DEPLOY_CNAME")
    c.run(ghp_import_command(BIN / "ghp-import", PUBLIC, push=push, cname=domain), pty=False)


@task(help={"output": "folder for the pictures (default: screenshots/)"})
def screenshots(c, output="screenshots"):
    """Build, then take phone and desktop screenshots of the main pages in Chromium."""
    _build("pelicanconf.py", CONTENT, OUTPUT)
    for shot in take_screenshots(OUTPUT, Path(output)):
        print(f"Aufgenommen: {shot.path}")


@task
def vendor(c):
    """Copy the theme's font and icons from the pinned npm packages into theme/static/."""
    for path in vendor_files():
        print(f"Kopiert: {path.relative_to(ROOT)}")


@task(
    name="strip-demo",
    help={
        "force": "also delete demo files you have changed",
        "content": "content folder",
        "output": "output folder to empty of the built demo (default: output/ for content/)",
        "owner": "owner.yml to give placeholders if it is the demo's (default: for content/)",
    },
)
def strip_demo(c, force=False, content=str(CONTENT), output="", owner=""):
    """Remove the demo and leave a small starter site that owner.yml fills in."""
    project = Path(content).resolve() == CONTENT.resolve()
    owner_path = Path(owner) if owner else (owner_file(ROOT) if project else None)
    if demo.strip_demo(Path(content), force=force, owner_file=owner_path) != 0:
        raise Exit(code=1)
    if output or project:
        try:
            kept = read_site_settings("pelicanconf.py", Path(content))["OUTPUT_RETENTION"]
        except SettingsError as error:  # owner.yml to mend: its line; the demo is stripped
            print(f"FEHLER: {error}")
            raise Exit(code=1) from None
        demo.clear_built_demo(Path(output or OUTPUT), kept)


# No positional arguments: `invoke new --help` (make new ARGS=--help) only prints help.
@task(
    positional=[],
    help={
        "title": 'the title, e.g. "Größe & Übermaß" (required)',
        "kind": "post (default), page, service or faq (a draft question at the end of the FAQ)",
        "content": "content folder (default: content/)",
    },
)
def new(c, title="", kind="post", content=str(CONTENT)):
    """Scaffold a draft post, page, service or FAQ question from a title."""
    try:
        path = scaffold(kind, title, Path(content))
    except (OSError, ValueError) as error:
        raise Exit(f"FEHLER: {error}", code=1) from None
    path = path.resolve()
    print(f"Angelegt: {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    print(NEXT_STEP[kind])
    address = draft_address(kind, title, read_site_settings("pelicanconf.py"))
    if address:
        print(f"Vorschau (während make livereload läuft): http://127.0.0.1:8000/{address}")


@task(help={"k": "only tests matching this expression", "browser": "include browser tests"})
def test(c, k="", browser=True):
    """Run the whole test suite (unit, build, bad input, browser)."""
    args = ["-q"]
    if k:
        args += ["-k", f'"{k}"']
    if not browser:
        args += ["-m", '"not browser"']
    c.run(f'"{sys.executable}" -m pytest {" ".join(args)}', pty=False)


@task(
    help={
        "articles": "corpus size N, or several to compare growth: 100,1000,5000",
        "runs": "timed full builds per N (medians)",
        "edits": "body edits timed in the warm preview",
        "titles": "title edits timed in the warm preview (each a warm full build)",
        "json": "write all figures here (default: va-sitekit-bench.json in the temp folder)",
        "weight": "the demo's build time and page weight against the budget instead",
        "receiver": "measure the questionnaire receiver instead (throughput, p95)",
        "submissions": "with --receiver: number of submissions",
        "clients": "with --receiver: concurrent clients",
    }
)
def bench(
    c,
    articles="1000",
    runs=3,
    edits=5,
    titles=3,
    json="",
    weight=False,
    receiver=False,
    submissions=1000,
    clients=20,
):
    """Kit against plain Pelican: full build, edit to preview, memory (or --weight, --receiver)."""
    if receiver:
        code = loadtest.main(["--submissions", str(submissions), "--clients", str(clients)])
        if code:
            raise Exit(code=code)
        return
    if weight:
        build(c)
        if not report(BIN / "pelican", ROOT, OUTPUT, int(runs)):
            raise Exit("Mindestens eine Seite ist schwerer als das Budget.", code=1)
        return
    args = ["--articles", str(articles), "--runs", str(runs), "--edits", str(edits)]
    args += ["--titles", str(titles)] + (["--json", str(json)] if json else [])
    code = build_bench.main(args)
    if code:
        raise Exit(code=code)


@task(help={"add": "also start a catalogue for this language, e.g. en"})
def translations(c, add=""):
    """Extract theme and plugin strings into messages.pot and update the catalogues."""
    tr = Path("theme/translations")
    pybabel = BIN / "pybabel"
    # Relative paths from the project root: the catalogue names files, never a machine.
    with c.cd(str(ROOT)):
        c.run(
            f'"{pybabel}" extract -F {tr / "babel.cfg"} -o {tr / "messages.pot"} '
            "--sort-by-file --no-wrap --project=va-sitekit -k N_ theme plugins sitekit"
        )
        if add and not (ROOT / tr / add / "LC_MESSAGES" / "messages.po").exists():
            c.run(f'"{pybabel}" init -i {tr / "messages.pot"} -d {tr} -l {add} --no-wrap')
        for catalogue in sorted((ROOT / tr).glob("*/LC_MESSAGES/messages.po")):
            lang = catalogue.parent.parent.name
            c.run(f'"{pybabel}" update -i {tr / "messages.pot"} -d {tr} -l {lang} --no-wrap')
