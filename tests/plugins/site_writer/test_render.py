"""The render queue: every page written, articles and pages before the lists."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import Template

from plugins.site_writer.render import PARALLEL_FROM, Job, RenderQueue

TEMPLATE = Template(
    "{% set item = article or page %}<p>{{ item.title if item else 'Liste' }} {{ number }}</p>"
)


class Item:
    def __init__(self, title: str) -> None:
        self.title = title


def queue_of(folder: Path, workers: int, count: int) -> tuple[RenderQueue, list[str], list[str]]:
    """Content pages and lists mixed, as Pelican asks for them."""
    queue, content, lists = RenderQueue(workers=workers), [], []
    for number in range(count):
        path = str(folder / f"seite-{number}" / "index.html")
        if number % 3:
            own = {"article" if number % 2 else "page": Item(f"Text {number}"), "number": number}
            content.append(path)
        else:
            own = {"article": None, "page": None, "number": number}
            lists.append(path)
        queue.add(Job(path, TEMPLATE, own, protected=False))
    return queue, content, lists


@pytest.mark.parametrize("workers", [1, 2])
def test_halfway_comes_once_every_article_and_page_is_written(tmp_path, workers):
    queue, content, lists = queue_of(tmp_path, workers, PARALLEL_FROM + 50)
    seen = []

    def halfway(paths):
        seen.append(sorted(paths))
        assert all(Path(path).is_file() for path in content)
        assert all(Path(path).read_text(encoding="utf-8").startswith("<p>Text") for path in content)
        if workers == 1:  # the lists follow; with workers some may be on their way
            assert not any(Path(path).exists() for path in lists)

    queue.flush(halfway)
    assert seen == [sorted(content)]
    assert all(Path(path).read_text(encoding="utf-8").startswith("<p>Liste") for path in lists)
