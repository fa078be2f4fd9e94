"""What a generator will write, declared before anything is written.

The documented interface: a generator of the kit that writes files of its own defines

    def planned_outputs(self) -> list[Planned]: ...

and ``content_checks`` reads it (duck typing, no registry, no class names) to find two
writers of one file before the build writes either, and to know every file a link may
lead to. A ``Planned`` says who writes the file and how a message should name the place
to change when two collide.
"""

from __future__ import annotations

from dataclasses import dataclass

from .paths import display_path

SETTING_FIX = "bitte in pelicanconf.py einen anderen Pfad eintragen"


@dataclass
class Planned:
    """One file a generator writes, and what a collision message says about it."""

    path: str  # below the output folder
    owner: str  # who writes it, as the subject of a sentence ("der Feed aller Beiträge")
    where: str  # how a message about it starts: "pelicanconf.py: FEEDS_ALL_RSS"
    fix: str = SETTING_FIX  # what to do when this output is the one to change
    blame: float = 0.0  # higher: more likely the one an author has to change
    order: str = ""  # tie-breaker between equal blame: the source path


def by_setting(path: str, owner: str, setting: str) -> Planned:
    """A file whose name comes from a setting (or, for a fixed name, the plugin)."""
    return Planned(str(path), f"{owner} ({setting})", f"pelicanconf.py: {setting}")


#: Pelican's taxonomies: (field, page setting, "die Kategorieseite", "die Kategorie")
TAXONOMY = {
    "categories": ("category", "CATEGORY_SAVE_AS", "die Kategorieseite", "die Kategorie"),
    "tags": ("tags", "TAG_SAVE_AS", "die Schlagwortseite", "das Schlagwort"),
    "authors": ("author", "AUTHOR_SAVE_AS", "die Autorenseite", "den Namen"),
}


def first_source(items: list) -> str:
    """The display path of the first of ``items`` by source path ("" for none)."""
    paths = sorted(getattr(item, "source_path", "") or "" for item in items)
    return display_path(paths[0]) if paths else ""


def by_taxonomy(key: str, wrapper, items: list, path: str, setting: str) -> Planned:
    """A page or feed of a category, tag or author: the files that name it can change it."""
    field, _, page_name, thing = TAXONOMY[key]
    source = first_source(items)
    planned = by_setting(path, f"{page_name} „{wrapper.name}“", setting)
    if source:
        planned.where = f"{source}: Feld '{field}'"
        planned.fix = f"bitte {thing} „{wrapper.name}“ umbenennen"
        planned.blame, planned.order = 0.5, source
    return planned
