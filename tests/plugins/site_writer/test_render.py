"""The render queue: every page written, articles and pages before the lists."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment, Template

from plugins.site_writer.render import (
    PARALLEL_FROM,
    Job,
    RenderQueue,
    once_per_render,
    render_share,
)

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


CARDS = {
    "m.html": "{% macro card(post) %}{% call once_per_render('card', post) %}"
    "<li>{{ post }}:{{ renders() }}</li>{% endcall %}{% endmacro %}",
    "liste.html": "{% from 'm.html' import card %}"
    "{% for post in posts %}{{ card(post) }}{% endfor %}",
}


def card_pages(folder: Path, lists: list[list[int]]) -> tuple[list[str], list[int]]:
    """Render one list page per entry of ``lists`` in one pass; the pages and how often
    the card's block ran."""
    count = [0]

    def renders() -> int:
        count[0] += 1
        return count[0]

    environment = Environment(loader=DictLoader(CARDS), autoescape=True)
    environment.globals.update(once_per_render=once_per_render, renders=renders)
    template = environment.get_template("liste.html")
    jobs = [
        Job(str(folder / f"liste-{n}.html"), template, {"posts": posts}, protected=False)
        for n, posts in enumerate(lists)
    ]
    render_share(jobs, 0, 1)
    return [Path(job.path).read_text(encoding="utf-8") for job in jobs], count


def test_a_card_is_rendered_once_per_pass_and_shown_the_same_on_every_list(tmp_path):
    pages, count = card_pages(tmp_path, [[1, 2, 3], [2, 3], [3, 1]])
    assert pages == ["<li>1:1</li><li>2:2</li><li>3:3</li>", "<li>2:2</li><li>3:3</li>",
                     "<li>3:3</li><li>1:1</li>"]  # fmt: skip
    assert count == [3]
    # a new pass renders anew: a post's text may have changed since
    again, count = card_pages(tmp_path, [[1]])
    assert again == ["<li>1:1</li>"] and count == [1]


def test_no_more_cards_are_kept_than_the_bound(tmp_path, monkeypatch):
    """Past ``FRAGMENTS_KEPT`` cards, a new card is rendered each time it is shown: the
    memory of a render worker does not grow with the number of posts."""
    monkeypatch.setattr("plugins.site_writer.render.FRAGMENTS_KEPT", 2)
    pages, count = card_pages(tmp_path, [[1, 2, 3], [1, 2, 3]])
    assert pages == ["<li>1:1</li><li>2:2</li><li>3:3</li>", "<li>1:1</li><li>2:2</li><li>3:4</li>"]
    assert count == [4]
