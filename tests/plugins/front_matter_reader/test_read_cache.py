"""The read cache on disk: a second build converts nothing that did not change, and
anything a conversion depends on (the bytes, the MARKDOWN setting) starts afresh."""

from __future__ import annotations

import os

import pytest
from helpers import DEMO_CONTENT, build_site, differences

from plugins.front_matter_reader.cache import KEEP_OTHERS, DiskCache, ReadCache, key
from plugins.front_matter_reader.parse import Parsed
from plugins.german_typography.plugin import markdown_settings

MARKDOWN = markdown_settings({"extension_configs": {"markdown.extensions.extra": {}}})


@pytest.fixture
def sources(tmp_path):
    folder = tmp_path / "quellen"
    folder.mkdir()
    for number in range(3):
        (folder / f"{number}.md").write_text(
            f"---\ntitle: „Beitrag“ {number}\nsummary: Kurz *und* gut\n---\n\nText {number}.\n",
            encoding="utf-8",
        )
    return sorted(str(path) for path in folder.glob("*.md"))


def read(paths, folder, markdown=MARKDOWN) -> ReadCache:
    """What a new build process does: a fresh cache that uses the folder, then saves."""
    cache = ReadCache()
    cache.use_disk(folder, markdown)
    cache.preread(paths, markdown)
    cache.save()
    return cache


def test_a_second_process_converts_only_what_changed(sources, tmp_path):
    folder = tmp_path / "cache"
    first = read(sources, folder)
    assert first.parsed_last == 3
    second = read(sources, folder)
    assert second.parsed_last == 0
    assert {p: e[1] for p, e in second.entries.items()} == {
        p: e[1] for p, e in first.entries.items()
    }
    with open(sources[1], "a", encoding="utf-8") as handle:
        handle.write("\nNoch ein Satz.\n")
    third = read(sources, folder)
    assert third.parsed_last == 1
    assert "Noch ein Satz." in third.entries[sources[1]][1].html


def test_other_markdown_settings_or_a_broken_file_start_afresh(sources, tmp_path):
    folder = tmp_path / "cache"
    read(sources, folder)
    other = {**MARKDOWN, "output_format": "xhtml"}
    assert key(other) != key(MARKDOWN)
    assert read(sources, folder, other).parsed_last == 3
    for file in folder.glob("lesen-*.pickle"):
        file.write_bytes(b"kaputt")
    assert read(sources, folder).parsed_last == 3  # unreadable: as if empty, no error


def test_a_changed_byte_in_the_saved_file_starts_afresh(sources, tmp_path):
    folder = tmp_path / "cache"
    read(sources, folder)
    [file] = folder.glob("lesen-*.pickle")
    data = bytearray(file.read_bytes())
    at = data.index(b"Text 1.")
    data[at : at + 7] = b"Text 9."  # the same size: only the seal can tell
    file.write_bytes(bytes(data))
    again = read(sources, folder)
    assert again.parsed_last == 3
    assert "Text 1." in again.entries[sources[1]][1].html


def test_a_build_from_the_disk_cache_equals_one_without(tmp_path):
    cache = tmp_path / "cache"
    outputs = []
    for name in ("erster", "zweiter"):
        out = tmp_path / name
        assert build_site(DEMO_CONTENT, out, "pelicanconf.py", "-e", f"CACHE_PATH={cache}").ok
        outputs.append(out)
    assert list(cache.glob("lesen-*.pickle"))
    assert differences(*outputs) == []


def test_read_caches_of_old_settings_do_not_pile_up(tmp_path):
    """Each edit of owner.yml's facts or of a plugin starts a read cache of its own: the
    one in use and the two used last stay, older ones go."""
    old = [tmp_path / f"lesen-alt{n}.pickle" for n in range(5)]
    for age, file in enumerate(old):
        file.write_bytes(b"")
        os.utime(file, ns=(10**18 - age * 10**9, 10**18 - age * 10**9))  # alt0 newest
    cache = DiskCache(tmp_path / "lesen-neu.pickle")
    cache.put("content/blog/a.md", "0" * 32, Parsed(html="<p>a</p>"))
    cache.save()
    kept = sorted(p.name for p in tmp_path.glob("lesen-*.pickle"))
    assert kept == ["lesen-alt0.pickle", "lesen-alt1.pickle", "lesen-neu.pickle"]
    assert KEEP_OTHERS == 2
