"""The owner's way of working, end to end: the commands as README.md and ANLEITUNG.md
give them (`make new …`, `.venv/bin/invoke …`), drafts in the preview, FAQ drafts.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import frontmatter
import pytest
from helpers import DEMO_CONTENT, INVOKE, PYTHON, ROOT, build_site, clean_env, read

from sitekit.scaffold import scaffold

SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)
QUESTION = "Arbeiten Sie auch am Wochenende"
ANCHOR = "arbeiten-sie-auch-am-wochenende"


def make_new(*assignments: str) -> subprocess.CompletedProcess:
    """`make new …` from the project root, as the README writes it.

    ``-o`` keeps make from reinstalling .venv when the lock is newer than its stamp: the
    test is about the `new` target, and must not reach the network.
    """
    command = ["make", "-s", "-o", ".venv/.installed-from-lock", "new", *assignments]
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, env=clean_env(), check=False
    )


def invoke(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(INVOKE), *args], cwd=ROOT, capture_output=True, text=True, env=clean_env(), check=False
    )


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def faq_json_ld_names(site: Path) -> list[str]:
    nodes = [n for text in SCRIPT.findall(read(site, "faq/")) for n in json.loads(text)["@graph"]]
    [faq] = [n for n in nodes if n["@type"] == "FAQPage"]
    return [q["name"] for q in faq["mainEntity"]]


# --- make new / invoke new -------------------------------------------------------------


@pytest.mark.parametrize(
    "run",
    [
        lambda content: make_new("ARGS=--help"),
        lambda content: make_new(f"ARGS=--content {content} --help"),
        lambda content: invoke("new", "--help"),
        lambda content: invoke("new", "-h", "--content", str(content)),
    ],
    ids=["make ARGS=--help", "make ARGS=--content … --help", "invoke --help", "invoke -h"],
)
def test_help_only_prints_help(content_copy, run):
    before = files(content_copy)
    proc = run(content_copy)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "--title" in proc.stdout and "--kind" in proc.stdout and "--content" in proc.stdout
    assert "Angelegt" not in proc.stdout
    assert files(content_copy) == before
    assert not (ROOT / "content/blog/help.md").exists()
    assert not (ROOT / "content/blog/h.md").exists()


@pytest.mark.parametrize(
    "title",
    [
        'Das "gute" Briefing: Größe & Übermaß',
        "Geht's auch kürzer? 100 % – ohne $HOME, `id` oder $(X)",
    ],
)
def test_make_new_keeps_titles_with_umlauts_and_quotes_as_written(content_copy, title):
    before = files(content_copy)
    proc = make_new("KIND=post", f"TITLE={title}", f"ARGS=--content {content_copy}")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    [created] = set(files(content_copy)) - set(before)
    assert f"Angelegt: {content_copy / created}" in proc.stdout
    assert "status: draft" in proc.stdout  # what to do next, and where to see it
    address = f"http://127.0.0.1:8000/entwuerfe/{Path(created).stem}/"
    assert f"Vorschau (während make livereload läuft): {address}\n" in proc.stdout
    post = frontmatter.load(content_copy / created)
    assert post["title"] == title and post["status"] == "draft"


def test_make_new_with_args_as_the_readme_writes_it(content_copy):
    args = f'--kind service --title "Öffentlichkeitsarbeit: „Presse“ & Co" --content {content_copy}'
    proc = make_new(f"ARGS={args}")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    path = content_copy / "services/oeffentlichkeitsarbeit-presse-und-co.md"
    assert "title: 'Öffentlichkeitsarbeit: „Presse“ & Co'" in path.read_text()


@pytest.mark.parametrize(
    "assignments, message",
    [
        (["TITLE=--help"], "„--help“ ist kein Titel, sondern sieht aus wie eine Option"),
        (["TITLE=-h"], "„-h“ ist kein Titel, sondern sieht aus wie eine Option"),
        (["TITLE="], "Bitte einen Titel angeben"),
        ([], "Bitte einen Titel angeben"),
        (["KIND=faq", "TITLE=   "], "Bitte einen Titel angeben"),
        (["KIND=podcast", "TITLE=Folge 1"], "Unbekannte Art „podcast“"),
    ],
)
def test_make_new_refuses_what_is_no_title_in_german(content_copy, assignments, message):
    before = files(content_copy)
    proc = make_new(*assignments, f"ARGS=--content {content_copy}")
    assert proc.returncode != 0
    assert f"FEHLER: {message}" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert files(content_copy) == before


@pytest.mark.parametrize("title", ["--help", "-h"])
def test_invoke_new_refuses_option_like_titles(content_copy, title):
    before = files(content_copy)
    proc = invoke("new", "--content", str(content_copy), f"--title={title}")
    assert proc.returncode == 1
    assert "sieht aus wie eine Option" in proc.stderr
    assert files(content_copy) == before


# --- drafts on /blog/ --------------------------------------------------------------------


def test_drafts_are_listed_on_the_blog_in_the_preview(site):
    page = read(site, "blog/")
    assert 'id="drafts-title"' in page
    assert (
        '<a href="/entwuerfe/jahresplanung/">Jahresplanung mit Assistenz: ein Entwurf</a>' in page
    )


def test_drafts_list_is_only_on_the_blog_itself(site):
    for listing in [*site.glob("blog/kategorie/*/index.html"), *site.glob("blog/schlagwort/*/")]:
        path = listing if listing.is_file() else listing / "index.html"
        assert 'id="drafts-title"' not in path.read_text(), path


def test_drafts_list_never_in_production(published):
    assert 'id="drafts-title"' not in read(published, "blog/")
    assert not list(published.rglob("entwuerfe"))
    assert not [p for p in published.rglob("*.html") if "jahresplanung" in p.read_text()]


def test_drafts_list_only_on_the_first_page_of_the_blog(tmp_path):
    out = tmp_path / "out"
    build = build_site(DEMO_CONTENT, out, "pelicanconf.py", "-e", "DEFAULT_PAGINATION=2")
    assert build.ok, build.output
    assert 'id="drafts-title"' in read(out, "blog/")
    later = sorted(out.glob("blog/seite/*/index.html"))
    assert later, "the demo should have a second page with two posts per page"
    for page in later:
        assert 'id="drafts-title"' not in page.read_text(), page


# --- FAQ questions start as drafts -------------------------------------------------------


@pytest.fixture
def faq_with_new_question(content_copy) -> Path:
    proc = make_new("KIND=faq", f"TITLE={QUESTION}", f"ARGS=--content {content_copy}")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert ".entwurf" in proc.stdout  # the next step names the marker
    text = (content_copy / "faq/faq.md").read_text(encoding="utf-8")
    assert text.endswith(f"### {QUESTION}? {{#{ANCHOR} .entwurf}}\n\nHier steht die Antwort.\n")
    return content_copy


def test_new_faq_question_is_shown_marked_in_the_preview(faq_with_new_question, tmp_path, site):
    out = tmp_path / "preview"
    build = build_site(faq_with_new_question, out)
    assert build.ok, build.output
    page = read(out, "faq/")
    start = page.index(f'<details class="faq-item" id="{ANCHOR}" open>')  # a draft shows open
    item = page[start : page.index("</details>", start)]
    assert '<p class="notice notice--draft" role="note"><strong>Entwurf:</strong>' in item
    assert "Hier steht die Antwort." in item
    # Search engines never get a draft, not even from the preview.
    assert faq_json_ld_names(out) == faq_json_ld_names(site)


def test_new_faq_question_is_absent_from_production(faq_with_new_question, tmp_path):
    out = tmp_path / "published"
    build = build_site(faq_with_new_question, out, "publishconf.py")
    assert build.ok, build.output
    assert ANCHOR not in read(out, "faq/")
    assert f"{QUESTION}?" not in faq_json_ld_names(out)
    leaked = [
        p for p in out.rglob("*") if p.is_file() and b"Hier steht die Antwort" in p.read_bytes()
    ]
    assert not leaked


def test_placeholder_answer_without_draft_marker_stops_the_build(faq_with_new_question, tmp_path):
    faq = faq_with_new_question / "faq/faq.md"
    faq.write_text(faq.read_text(encoding="utf-8").replace(" .entwurf}", "}"), encoding="utf-8")
    for settings in ("pelicanconf.py", "publishconf.py"):
        build = build_site(faq_with_new_question, tmp_path / settings, settings)
        assert not build.ok
        assert (
            f"faq/faq.md: Die Frage „{QUESTION}?“ hat noch die Platzhalter-Antwort "
            "„Hier steht die Antwort.“ Bitte die Antwort schreiben oder die Frage als Entwurf "
            f"markieren: ### {QUESTION}? {{#{ANCHOR} .entwurf}}"
        ) in build.output
        assert "Traceback" not in build.output


@pytest.mark.parametrize("kind", ["post", "service"])
def test_placeholders_of_make_new_are_never_published(content_copy, tmp_path, kind):
    """Deleting `status: draft` without writing the text stops the build, line by line."""
    path = scaffold(kind, "Reisebuchung für Teams", content_copy)
    out = tmp_path / "out"
    assert build_site(content_copy, out).ok  # a draft may keep its placeholders
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(line for line in lines if line != "status: draft") + "\n")
    build = build_site(content_copy, out)
    assert not build.ok
    where = re.escape(f"{path.parent.name}/{path.name}")  # outside the project: a full path
    reported = re.findall(rf"^FEHLER: \S*{where}, Zeile (\d+): ", build.output, re.M)
    expected = {  # the line numbers of the file as make new writes it, status line removed
        "post": ["7", "10"],  # summary, the body's first line
        "service": ["4", "7", "8", "14", "18"],  # summary, price, audience, "- …", "…"
    }[kind]
    assert reported == expected, build.output
    assert "hier steht noch der Platzhalter „Ein bis zwei Sätze, worum es geht.“ von make new" in (
        build.output
    )
    assert "Traceback" not in build.output
    assert (out / "index.html").is_file()  # the earlier good output is still there


def test_answered_faq_question_is_published(faq_with_new_question, tmp_path):
    faq = faq_with_new_question / "faq/faq.md"
    text = faq.read_text(encoding="utf-8").replace(" .entwurf}", "}")
    text = text.replace("Hier steht die Antwort.", "Nein, am Wochenende ist mein Büro zu.")
    faq.write_text(text, encoding="utf-8")
    out = tmp_path / "published"
    build = build_site(faq_with_new_question, out, "publishconf.py")
    assert build.ok, build.output
    assert f'<details class="faq-item" id="{ANCHOR}">' in read(out, "faq/")
    assert "notice--draft" not in read(out, "faq/")
    assert f"{QUESTION}?" in faq_json_ld_names(out)


# --- the documented commands work as written ----------------------------------------------


def _make_targets() -> set[str]:
    targets = set()
    for line in (ROOT / "Makefile").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([a-z][a-z0-9 _-]*):(?!=)", line)
        if match:
            targets.update(match[1].split())
    return targets


def _invoke_tasks() -> set[str]:
    proc = invoke("--list")
    assert proc.returncode == 0, proc.stderr
    return set(re.findall(r"^  ([a-z][a-z0-9-]*)(?:\s|$)", proc.stdout, re.MULTILINE))


def _section(text: str, title: str) -> str:
    """From ``## title`` to the next ``##`` heading outside a code block."""
    lines, inside, fenced = [], False, False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        if not fenced and line.startswith("## "):
            inside = line.startswith(f"## {title}")
        if inside:
            lines.append(line)
    assert lines, title
    return "\n".join(lines)


def _commands(text: str) -> list[str]:
    """Code spans and lines of code blocks that start with a command."""
    prose, code, fenced = [], [], False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        else:
            (code if fenced else prose).append(line)
    spans = re.findall(r"`([^`\n]+)`", "\n".join(prose))
    return [c.strip() for c in spans + code if re.match(r"\s*(make|invoke|\.venv/bin/invoke)\b", c)]


def _documented() -> dict[str, list[str]]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    guide = (ROOT / "ANLEITUNG.md").read_text(encoding="utf-8")
    return {
        "ANLEITUNG.md": _commands(guide),
        "README.md (Befehle)": _commands(_section(readme, "Befehle")),
        "README.md (Inhalte bearbeiten)": _commands(_section(readme, "Inhalte bearbeiten")),
    }


def test_documented_commands_exist_and_run_from_the_project_root():
    targets, tasks = _make_targets(), _invoke_tasks()
    documented = _documented()
    assert all(documented.values()), documented
    for where, commands in documented.items():
        for command in commands:
            words = shlex.split(command, comments=True)
            if len(words) == 1:
                continue  # the tool's name in a sentence, not a command
            assert words[0] != "invoke", f"{where}: „{command}“ – invoke liegt in .venv/bin"
            if words[0] == "make":  # targets; plain `make` is `make html`
                names = [w for w in words[1:] if "=" not in w and not w.startswith("-")]
                assert set(names) <= targets, f"{where}: „{command}“"
            elif len(words) > 1 and not words[1].startswith("-") and words[1] != "NAME":
                assert words[1] in tasks, f"{where}: „{command}“"


def test_every_picture_the_readme_and_guide_show_is_in_the_repository():
    """A clean clone shows them: each is a tracked file, not one left out by .gitignore."""
    tracked = set(
        subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.split("\0")
    )
    pictures = []
    for name in ("README.md", "ANLEITUNG.md"):
        text = (ROOT / name).read_text(encoding="utf-8")
        text = re.sub(r"(?s)```.*?```|`[^`\n]*`", "", text)  # examples in code are not shown
        pictures += re.findall(r'<img src="([^"]+)"', text)
        pictures += re.findall(r"!\[[^\]]*\]\((?!\{static\})([^)\s]+)\)", text)
    assert pictures
    assert [p for p in pictures if p not in tracked] == []


def test_readme_links_the_owners_guide_near_the_top():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(ANLEITUNG.md)" in readme[: readme.index("\n## ")]


# --- ANLEITUNG.md quotes the site's real messages -------------------------------------------

BEDARF = "blog/bedarf-klaeren.md"
TITLE_LINE = 'title: "Bevor Sie delegieren: So finden Sie heraus, was Sie wirklich brauchen"'
MISTAKES = {
    "colon": (BEDARF, lambda t: t.replace(TITLE_LINE, TITLE_LINE.replace('"', ""))),
    "date": (BEDARF, lambda t: re.sub(r"(?m)^date:.*\n", "", t)),
    "faq": (
        "faq/faq.md",
        lambda t: t + f"\n### {QUESTION}? {{#{ANCHOR}}}\n\nHier steht die Antwort.\n",
    ),
    "questionnaire": (
        "questionnaires/bedarfsanalyse.md",
        lambda t: t.replace("        type: textarea", "        type: textfeld", 1),
    ),
    "rule": (
        "questionnaires/bedarfsanalyse.md",
        lambda t: t.replace("budget kleiner als stunden ×", "budget kleiner als stunde ×"),
    ),
    "image": (BEDARF, lambda t: t + "\n![Mein Schreibtisch](images/schreibtisch.jpg)\n"),
    "missing image": (
        BEDARF,
        lambda t: t + "\n![Mein Schreibtisch]({static}/images/schreibtisch.jpg)\n",
    ),
}


def _lines_numbers_left_out(text: str) -> str:
    """Line numbers change with the demo's text; the guide's example keeps its own."""
    return re.sub(r"Zeile \d+", "Zeile …", text)


def _guide() -> str:
    return (ROOT / "ANLEITUNG.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("mistake", MISTAKES)
def test_guide_quotes_the_real_build_messages(tmp_path, mistake):
    """The copy lives in <tmp>/content and builds from <tmp>, as `make html` does from the
    project, so the messages name content/… as the owner sees them."""
    name, breaks = MISTAKES[mistake]
    content = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, content)
    source = content / name
    broken = breaks(source.read_text(encoding="utf-8"))
    assert broken != source.read_text(encoding="utf-8")
    source.write_text(broken, encoding="utf-8")
    proc = subprocess.run(
        [PYTHON, "-m", "sitekit.build", "-c", "content", "-o", "output"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=clean_env(),
        check=False,
    )
    assert proc.returncode == 1
    lines = _lines_numbers_left_out(proc.stdout + proc.stderr).splitlines()
    errors = [line for line in lines if line.startswith("FEHLER: ")]
    assert errors
    guide = _lines_numbers_left_out(_guide())
    missing = [line for line in errors if line not in guide]
    assert not missing, "ANLEITUNG.md zitiert diese Meldungen nicht wörtlich:\n" + "\n".join(
        missing
    )


def test_guide_questionnaire_example_builds(content_copy, tmp_path):
    [example] = re.findall(r"```yaml\n(      - id: ablagesystem\n.*?)```", _guide(), re.DOTALL)
    definition = content_copy / "questionnaires/bedarfsanalyse.md"
    after = "            label: Das möchte ich im Gespräch klären\n"  # the last answer of `zugang`
    text = definition.read_text(encoding="utf-8")
    definition.write_text(text.replace(after, after + example, 1), encoding="utf-8")
    build = build_site(content_copy, tmp_path / "out")
    assert build.ok, build.output
    assert 'name="ablagesystem"' in read(tmp_path / "out", "fragebogen/")
