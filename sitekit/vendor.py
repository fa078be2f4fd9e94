"""The theme's font and icons, taken from pinned npm packages, never copied by hand.

``invoke vendor`` copies the files named here from ``node_modules/`` (package-lock.json
pins the versions) into ``theme/static/``, with each package's licence. The copies are
committed, so ``make html`` needs only Python; a test compares them with the installed
packages, so they cannot drift.

- Font: Source Sans 3 (SIL Open Font License), variable weight, Latin subset, woff2.
- Icons: Lucide (ISC licence), a small set named in German for services and the theme.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .project import NODE_MODULES, ROOT

STATIC = ROOT / "theme" / "static"
FONT_PACKAGE = NODE_MODULES / "@fontsource-variable" / "source-sans-3"
ICON_PACKAGE = NODE_MODULES / "lucide-static"

#: file in the package → file in theme/static
FONT_FILES = {
    "files/source-sans-3-latin-wght-normal.woff2": "fonts/source-sans-3-latin-wght-normal.woff2",
    "LICENSE": "fonts/LICENSE-Source-Sans-3.txt",
}

#: The icon names authors use (German) → Lucide's names.
ICONS = {
    "aufgaben": "list-checks",
    "belege": "receipt",
    "buero": "briefcase",
    "chat": "message-circle",
    "dokumente": "file-text",
    "feed": "rss",
    "kalender": "calendar-check",
    "kundschaft": "headset",
    "liste": "clipboard-list",
    "mail": "mail",
    "newsletter": "newspaper",
    "ordner": "folder-open",
    "rechner": "calculator",
    "recherche": "search",
    "reise": "plane",
    "social-media": "megaphone",
    "start": "rocket",
    "suche": "search",
    "team": "users",
    "telefon": "phone",
    "vertraulich": "shield-check",
}


def planned() -> dict[Path, Path]:
    """Every vendored file: package source → copy under theme/static."""
    files = {FONT_PACKAGE / src: STATIC / dst for src, dst in FONT_FILES.items()}
    for german, lucide in ICONS.items():
        files[ICON_PACKAGE / "icons" / f"{lucide}.svg"] = STATIC / "icons" / f"{german}.svg"
    files[ICON_PACKAGE / "LICENSE"] = STATIC / "icons" / "LICENSE-Lucide.txt"
    return files


def vendor() -> list[Path]:
    """Copy every planned file; return the copies (raises if a package is missing)."""
    copies = []
    for source, target in planned().items():
        if not source.is_file():
            raise FileNotFoundError(
                f"{source.relative_to(ROOT)} fehlt – bitte zuerst npm ci im Projektordner."
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        copies.append(target)
    return copies
