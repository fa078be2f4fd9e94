"""Edit to preview: how long the warm preview takes after a save, in one process.

``python -m sitekit.bench.edits CONTENT OUTPUT CACHE RESULT [--bodies 5] [--titles 3]``
does what ``invoke livereload`` does after each save, without the file watcher:

1. a first build of CONTENT into OUTPUT (``WarmPreview.build()``);
2. for ``--bodies`` different articles of ``blog/korpus/``, one after another: append a
   paragraph and time ``build([path])`` (only the text changed: the quick path);
3. for ``--titles`` other articles: change the title and time ``build([path])`` (a
   field changed: the warm full build).

Each time runs from the call until it returns; by then the article's page, the lists
that show it and the feeds are written, and ``invoke livereload`` reloads the browser.
After a quick update the search index follows in the background; its extra time is
recorded apart. RESULT gets the times as JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from sitekit.preview import WarmPreview

PARAGRAPH = (
    "\n\nNachtrag {number}: Seit dem letzten Quartal prüfen wir die Übergaben gemeinsam – "
    "„kurz und regelmäßig“ hat sich für Kund*innen wie für mich bewährt.\n"
)


def spread(paths: list[Path], count: int, offset: int = 0) -> list[Path]:
    """``count`` paths spread evenly over ``paths``, starting at the newest (the last)."""
    step = max(len(paths) // max(count, 1), 1)
    picked = [paths[-1 - (offset + i * step) % len(paths)] for i in range(count)]
    return list(dict.fromkeys(picked))


def append_paragraph(path: Path, number: int) -> None:
    path.write_text(
        path.read_text(encoding="utf-8") + PARAGRAPH.format(number=number), encoding="utf-8"
    )


def change_title(path: Path, number: int) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[0] = f"{lines[0]} – überarbeitet {number}"  # the corpus starts with "Title: …"
    path.write_text("\n".join(lines), encoding="utf-8")


def timed_edits(preview: WarmPreview, paths: list[Path], edit) -> list[dict]:
    """Edit each path, then time the preview's build; one record per edit.

    Each edit starts from a settled preview (the last search index written), so no edit
    pays for the one before it. After the build, ``index`` is how much longer the search
    index took in the background (the browser has reloaded by then).
    """
    records = []
    for number, path in enumerate(paths, start=1):
        preview.settle()
        edit(path, number)
        start = time.perf_counter()
        outcome = preview.build([path])
        seconds = time.perf_counter() - start
        preview.settle()
        index = time.perf_counter() - start - seconds
        records.append(
            {"seconds": seconds, "index": index, "quick": outcome.quick, "ok": outcome.ok}
        )
    return records


def run(args: argparse.Namespace) -> dict:
    preview = WarmPreview(args.content, args.output)
    preview.overrides["CACHE_PATH"] = str(args.cache)
    first = preview.build()
    if not first.ok:
        raise SystemExit("Der erste Build der Vorschau ist gescheitert.")
    articles = sorted((args.content / "blog" / "korpus").glob("*.md"))
    bodies = spread(articles, args.bodies)
    titles = spread(articles, args.titles, offset=1)
    return {
        "first": first.seconds,
        "body": timed_edits(preview, bodies, append_paragraph),
        "title": timed_edits(preview, titles, change_title),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitekit.bench.edits", description=__doc__)
    parser.add_argument("content", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("cache", type=Path)
    parser.add_argument("result", type=Path)
    parser.add_argument("--bodies", type=int, default=5)
    parser.add_argument("--titles", type=int, default=3)
    args = parser.parse_args(argv)
    args.result.write_text(json.dumps(run(args)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
