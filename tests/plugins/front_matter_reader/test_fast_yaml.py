"""libyaml reads front matter (``load_yaml``), PyYAML's own parser words the errors:
for every demo file, and for each of many small mistakes made in it, both give the same
data, or the same German line."""

from __future__ import annotations

import frontmatter
import pytest
import yaml

from plugins.front_matter_reader import parse
from plugins.front_matter_reader.parse import ContentError, split_front_matter
from tests.helpers import DEMO_CONTENT

FRONT_MATTERS = sorted(
    frontmatter.YAMLHandler().split(text)[0]
    for text in (path.read_text(encoding="utf-8") for path in DEMO_CONTENT.rglob("*.md"))
    if text.startswith("---")
)
#: What an author's hand does to a line: an extra character or a lost one.
MISTAKES = (":", ": ", "\t", "[", "{", '"', "'", "- ", "#", " ", "&", "|", ">-")


def mutations(raw: str):
    """Each mistake at the start and in the middle of a line, in up to 15 lines spread
    over the file (the questionnaire has hundreds)."""
    lines = raw.split("\n")
    for number in range(0, len(lines), max(1, len(lines) // 15)):
        line = lines[number]
        for place in {0, len(line) // 2}:
            for mistake in MISTAKES:
                changed = line[:place] + mistake + line[place:]
                yield "\n".join([*lines[:number], changed, *lines[number + 1 :]])
        if line:
            yield "\n".join([*lines[:number], line[1:], *lines[number + 1 :]])


def outcome(text: str, *, fast: bool):
    loader = parse._FastLoader if fast else parse._Loader
    original, parse._FastLoader = parse._FastLoader, loader
    try:
        return split_front_matter(text, "x.md")
    except ContentError as error:
        return str(error)
    finally:
        parse._FastLoader = original


def test_libyaml_is_used_here():
    assert parse._FastLoader is not parse._Loader
    assert issubclass(parse._FastLoader, yaml.CSafeLoader)


def test_the_demo_has_front_matter_to_try():
    assert len(FRONT_MATTERS) >= 20


@pytest.mark.parametrize("number", range(len(FRONT_MATTERS)))
def test_libyaml_and_pyyaml_agree_on_every_demo_file_and_its_mistakes(number):
    raw = FRONT_MATTERS[number]
    tried = errors = 0
    for changed in [raw, *mutations(raw)]:
        text = f"---{changed}---\nText.\n"
        fast, careful = outcome(text, fast=True), outcome(text, fast=False)
        assert fast == careful, changed
        tried += 1
        errors += isinstance(careful, str)
    assert errors > tried // 10  # the mutations do reach the error path


@pytest.mark.parametrize(
    "raw",
    ["\ntitle:\tX\n", "\ntitle: X\nhinweis: >-#\n  Text\n", "\ntitle: X\nhinweis: |#\n  Text\n"],
)
def test_what_only_libyaml_would_take_is_refused_as_before(raw):
    text = f"---{raw}---\nText.\n"
    assert isinstance(outcome(text, fast=False), str)
    assert outcome(text, fast=True) == outcome(text, fast=False)
