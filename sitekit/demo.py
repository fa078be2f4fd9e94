"""The demo ("Büro Lindenblatt"): how to recognise it, keep it off the web, and remove it.

Every demo file says so itself: Markdown files carry ``demo: true`` in their front matter
(``Demo: true`` in Pelican's own header style), demo images live under
``content/images/demo/`` or carry the demo's mark in their metadata. The pristine demo is
kept in ``sitekit/demo/`` (its content and its owner.yml): the tests build it, and
``make strip-demo`` compares against it so that it never deletes a file the owner changed.

``make publish`` asks ``refusals`` before any gate runs: a published demo file, an
owner.yml that still holds the demo's facts, or a page of the production build that still
shows the demo's identity each give one German line, and nothing is published.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import frontmatter
import yaml

from plugins.images import is_placeholder
from plugins.site_settings.owner import (
    DEMO_IMAGE_FOLDER,
    empty_field_lines,
    is_removed_demo_image,
    key_lines,
    load_owner,
)

from .project import ROOT, shown

DEMO = ROOT / "sitekit" / "demo"
DEMO_CONTENT = DEMO / "content"
DEMO_OWNER = DEMO / "owner.yml"
STARTER = ROOT / "sitekit" / "starter" / "content"
#: What strip-demo puts in place of the demo's unchanged owner.yml: her facts left empty
STARTER_OWNER = ROOT / "sitekit" / "starter" / "owner.yml"
DEMO_IMAGES = Path(DEMO_IMAGE_FOLDER)
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif", ".svg"}
TEXT_SUFFIXES = {".html", ".xml", ".txt", ".json", ".svg", ".css", ".js", ".webmanifest"}
NATIVE_DEMO = re.compile(r"^demo:\s*(true|ja|yes)\s*$", re.IGNORECASE)
NATIVE_STATUS = re.compile(r"^status:\s*(\w+)\s*$", re.IGNORECASE)
#: Words that mark invented data in any site (in addition to the demo owner's facts).
GENERIC_MARKS = ("Platzhalter", ".example")
#: The start page strip-demo leaves (from sitekit/starter/); a test's few pages have none.
STARTER_HOME = Path("pages") / "start.md"
SHOWN_OUTPUTS = 10  # output files listed when the identity comes from no source file


def _header(text: str) -> tuple[dict, bool]:
    """(metadata, is_front_matter) of a Markdown text; {} when it cannot be read."""
    if text.lstrip("\ufeff").startswith("---"):
        try:
            return dict(frontmatter.loads(text).metadata), True
        except (yaml.YAMLError, ValueError):
            return {}, True
    meta = {}
    for line in text.splitlines():
        if not line.strip():
            break
        if NATIVE_DEMO.match(line):
            meta["demo"] = True
        status = NATIVE_STATUS.match(line)
        if status:
            meta["status"] = status.group(1).lower()
    return meta, False


def is_demo(path: Path, content: Path) -> bool:
    """Whether ``path`` (below ``content``) is marked as part of the demo."""
    relative = path.relative_to(content)
    if relative.parts[: len(DEMO_IMAGES.parts)] == DEMO_IMAGES.parts:
        return True
    if path.suffix.lower() in IMAGE_SUFFIXES:
        return is_placeholder(path)
    if path.suffix.lower() in (".md", ".markdown"):
        meta, _ = _header(path.read_text(encoding="utf-8-sig", errors="replace"))
        return meta.get("demo") is True
    return False


def demo_files(content: Path) -> list[Path]:
    """Every demo file below ``content``, sorted."""
    return sorted(p for p in content.rglob("*") if p.is_file() and is_demo(p, content))


def is_published(path: Path) -> bool:
    """A Markdown file that is not a draft; every other file (images) is copied."""
    if path.suffix.lower() not in (".md", ".markdown"):
        return True
    meta, _ = _header(path.read_text(encoding="utf-8-sig", errors="replace"))
    return str(meta.get("status", "published")).lower() != "draft"


@dataclass(frozen=True)
class Mark:
    field: str  # owner.yml field, or "" for a generic mark
    text: str

    def found_in(self, text: str) -> bool:
        if self.text == ".example":  # the reserved top-level domain, not example.com
            return re.search(r"\.example(?![\w.-])", text) is not None
        return self.text in text


def identity(owner_file: Path = DEMO_OWNER) -> list[Mark]:
    """What gives the demo away: its owner's facts and the generic marks of invented data."""
    owner = load_owner(owner_file)
    marks = [
        Mark(key, str(owner[key]))
        for key in ("name", "firma", "strasse", "email", "telefon_anzeige", "ust_id")
        if owner.get(key)
    ]
    marks.append(Mark("website", owner["website"].split("//", 1)[-1]))
    marks += [Mark(f"{key}.name", owner[key]["name"]) for key in ("hosting", "mailversand")]
    return marks + [Mark("", text) for text in GENERIC_MARKS]


def owner_refusals(owner_file: Path, marks: list[Mark], *, pictures: bool = True) -> list[str]:
    """owner.yml fields that still hold the demo's facts (and its pictures, unless not
    ``pictures``)."""
    owner = load_owner(owner_file)
    lines = key_lines(owner_file.read_text(encoding="utf-8"))
    found = []
    for mark in marks:
        if not mark.field:
            continue
        key = mark.field.split(".")[0]
        value = owner.get(key)
        value = value.get("name") if isinstance(value, dict) else value
        if key == "telefon_anzeige":
            key = "telefon"
        if value and mark.found_in(str(value)):
            found.append(
                f"{shown(owner_file)}, Zeile {lines.get(key, '?')}: {key}: „{mark.text}“ ist "
                "eine Angabe der Demo – bitte Ihre eigene eintragen."
            )
    for key in ("portraet", "logo") if pictures else ():
        picture = str(owner.get(key) or "")
        if picture and Path(picture).parts[:2] == DEMO_IMAGES.parts:
            found.append(
                f"{shown(owner_file)}, Zeile {lines.get(key, '?')}: {key}: {picture} ist ein "
                "Bild der Demo – bitte Ihr eigenes Bild eintragen oder das Feld leeren."
            )
    return found


def content_refusals(content: Path, marks: list[Mark]) -> list[str]:
    """Published demo files, and other content files that show the demo's identity."""
    found = []
    for path in sorted(p for p in content.rglob("*") if p.is_file()):
        if is_demo(path, content):
            if is_published(path):
                found.append(
                    f"{shown(path)}: gehört zur Demo – bitte mit make strip-demo entfernen "
                    "oder durch Eigenes ersetzen (und demo: true löschen)."
                )
            continue
        if path.suffix.lower() not in (".md", ".markdown") or not is_published(path):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
            hit = next((m.text for m in marks if m.found_in(line)), None)
            if hit:
                found.append(
                    f"{shown(path)}, Zeile {number}: „{hit}“ stammt aus der Demo – bitte durch "
                    "Ihren eigenen Text ersetzen."
                )
                break
    return found


def output_refusals(output: Path, marks: list[Mark], shown_as: Path | None = None) -> list[str]:
    """Built files that show the demo's identity (for what no source file explains);
    named inside ``shown_as`` (the release folder a candidate build is for), if given."""
    hits = []
    for path in sorted(p for p in output.rglob("*") if p.suffix.lower() in TEXT_SUFFIXES):
        text = path.read_text(encoding="utf-8", errors="replace")
        hit = next((m for m in marks if m.found_in(text)), None)
        if hit:
            hits.append((shown_as / path.relative_to(output) if shown_as else path, hit))
    lines = [
        f"{shown(path)}: zeigt noch „{hit.text}“ aus der Demo – bitte die Herkunft (owner.yml, "
        "content/, theme/) prüfen und ersetzen."
        if hit.field
        else f"{shown(path)}: zeigt noch den Platzhalter „{hit.text}“ – bitte in owner.yml "
        "und content/ Ihre eigenen Angaben eintragen."
        for path, hit in hits[:SHOWN_OUTPUTS]
    ]
    if len(hits) > SHOWN_OUTPUTS:
        lines.append(f"… und {len(hits) - SHOWN_OUTPUTS} weitere gebaute Dateien.")
    return lines


def empty_refusals(owner_file: Path) -> list[str]:
    """Her facts still empty in owner.yml (the starter leaves them so), one line each."""
    return empty_field_lines(load_owner(owner_file), shown(owner_file))


def source_refusals(content: Path, owner_file: Path) -> list[str]:
    """Everything in the sources that keeps the demo or a placeholder from going live."""
    marks = identity()
    return (
        owner_refusals(owner_file, marks)
        + empty_refusals(owner_file)
        + content_refusals(content, marks)
    )


# --- make strip-demo -----------------------------------------------------------------


def unchanged(path: Path, content: Path) -> bool:
    """Whether ``path`` is byte for byte the demo's own file."""
    original = DEMO_CONTENT / path.relative_to(content)
    return original.is_file() and original.read_bytes() == path.read_bytes()


NEXT_STEPS = """\
So geht es weiter:
  1. owner.yml öffnen und Ihre Angaben eintragen (Name, Anschrift, Kontakt, Steuer,
     Dienstleister); was noch leer ist, lässt die Vorschau weg. Mit Foto: Bild unter
     content/images/ ablegen und bei portraet: eintragen.
  2. Erste Leistung: make new KIND=service TITLE="Ihre Leistung"
     Erster Beitrag: make new TITLE="Ihr erster Beitrag"
  3. Über mich schreiben: content/pages/ueber-mich.md (dann status: draft löschen).
  4. Vorschau: make livereload, dann http://127.0.0.1:8000 im Browser öffnen.
  5. Veröffentlichen: make publish"""


def stripped_with_demo_owner(settings: dict) -> list[str]:
    """After ``make strip-demo``, while owner.yml still holds the demo's owner: one line for
    each of her fields (none otherwise). A site built so would show the demo's name,
    address and contact, so ``make html`` refuses it; the live preview still shows it.

    "After strip-demo": a whole site (its start page, which strip-demo puts in place of
    the demo's) whose owner.yml names a picture of the demo that content/ no longer has.
    """
    owner, content = settings.get("OWNER") or {}, settings["PATH"]
    pictures = [str(owner.get(key) or "") for key in ("portraet", "logo")]
    started = (Path(content) / STARTER_HOME).is_file()
    if (
        not started
        or not settings.get("OWNER_FILE")
        or not any(picture and is_removed_demo_image(picture, content) for picture in pictures)
    ):
        return []
    return owner_refusals(Path(settings["OWNER_FILE"]), identity(), pictures=False)


def clear_built_demo(output: Path, keep: list[str], echo: Callable[[str], None] = print) -> None:
    """Empty the output folder of the demo's built site (``OUTPUT_RETENTION`` stays)."""
    if not output.is_dir():
        return
    for entry in output.iterdir():
        if entry.name in keep:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    echo(f"Geleert: {shown(output)}/ (die gebaute Website der Demo)")


def replace_demo_owner(owner_file: Path, echo: Callable[[str], None] = print) -> None:
    """The demo's owner.yml, unchanged, becomes the starter's (her facts empty, no
    picture): the stripped site builds at once and shows nothing of the demo. One she
    has changed stays; while it holds the demo's facts, ``make html`` names them."""
    if not owner_file.is_file() or owner_file.resolve() == DEMO_OWNER.resolve():
        return
    if owner_file.read_bytes() == DEMO_OWNER.read_bytes():
        shutil.copyfile(STARTER_OWNER, owner_file)
        echo(f"Ersetzt: {shown(owner_file)} (leer für Ihre Angaben, statt der Angaben der Demo)")
    elif owner_refusals(owner_file, identity(), pictures=False):
        echo(
            f"{shown(owner_file)}: Diese Datei haben Sie geändert – sie bleibt. Sie enthält "
            "noch Angaben der Demo; make html baut erst, wenn Ihre eigenen darin stehen."
        )


def strip_demo(
    content: Path,
    force: bool = False,
    echo: Callable[[str], None] = print,
    owner_file: Path | None = None,
) -> int:
    """Remove the demo's files and add the starter pages that are missing; put the starter's
    owner.yml in place of the demo's at ``owner_file``; exit status."""
    files = demo_files(content)
    changed = [path for path in files if not unchanged(path, content)]
    if changed and not force:
        for path in changed:
            echo(
                f"{shown(path)}: Diese Demo-Datei haben Sie geändert – sie wird nicht "
                "gelöscht. Bitte die Zeile demo: true entfernen, wenn Sie sie behalten "
                "möchten, oder mit make strip-demo ARGS=--force trotzdem löschen."
            )
        echo(f"Nichts entfernt: {len(changed)} geänderte Demo-Dateien (siehe oben).")
        return 1
    for path in files:
        path.unlink()
        echo(f"Entfernt: {shown(path)}")
    for folder in sorted((p for p in content.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    for starter in sorted(p for p in STARTER.rglob("*") if p.is_file()):
        target = content / starter.relative_to(STARTER)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(starter, target)
            echo(f"Angelegt: {shown(target)} (Startvorlage)")
    if owner_file is not None:
        replace_demo_owner(owner_file, echo)
    echo(f"Die Demo ist entfernt ({len(files)} Dateien).")
    echo(NEXT_STEPS)
    return 0
