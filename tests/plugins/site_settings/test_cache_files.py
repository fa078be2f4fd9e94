"""Sealed cache entries (``site_settings.cache_files``): an entry is used only while its
bytes match the digest its ledger recorded once it was complete, whichever process
sealed it; the ledger survives damage and stays small."""

from __future__ import annotations

import multiprocessing
import shutil

import pytest

from plugins.site_settings import cache_files
from plugins.site_settings.cache_files import (
    COMPACT_FROM,
    LAST,
    LEDGER,
    keep_only,
    seal,
    usable,
    write_sealed,
)


@pytest.fixture(autouse=True)
def fresh_process():
    """Each test starts as a process that has read no ledger yet."""
    cache_files._LEDGERS.clear()
    yield
    cache_files._LEDGERS.clear()


def entry(folder, name="seite.html", text="<p>Hallo</p>"):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_sealed_entry_is_usable_until_its_bytes_change(tmp_path):
    path = entry(tmp_path)
    assert not usable(path)  # not sealed yet
    seal(path)
    assert usable(path)
    cache_files._LEDGERS.clear()  # another process, later
    assert usable(path)
    path.write_text("<p>Hallo</", encoding="utf-8")  # cut off
    assert not usable(path)
    path.unlink()
    assert not usable(path)


def test_no_file_per_entry(tmp_path):
    """Sealing a hundred entries adds one log, not a hundred files."""
    for number in range(100):
        seal(entry(tmp_path, f"{number}.html", str(number)))
    logs = list((tmp_path / LEDGER).iterdir())
    assert len(logs) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [LEDGER, *(f"{n}.html" for n in range(100))]
    )


def _seal_in_child(path):
    seal(path)


def test_an_entry_sealed_by_another_process_is_usable_here(tmp_path):
    path = entry(tmp_path)
    assert not usable(path)  # this process has looked at the ledger already
    child = multiprocessing.get_context("fork").Process(target=_seal_in_child, args=(path,))
    child.start()
    child.join()
    assert child.exitcode == 0
    assert usable(path)


@pytest.mark.parametrize("damage", ["leer", "halb", "fremd"])
def test_a_damaged_ledger_only_costs_the_entries_it_names(tmp_path, damage):
    paths = [entry(tmp_path, f"{n}.html", f"Seite {n}") for n in range(4)]
    for path in paths:
        seal(path)
    (log,) = (tmp_path / LEDGER).iterdir()
    data = log.read_bytes()
    if damage == "leer":
        log.write_bytes(b"")
    elif damage == "halb":
        log.write_bytes(data[: len(data) // 2])
    else:
        log.write_bytes(data[:10] + bytes((b * 7 + 3) % 256 for b in data[10:]))
    cache_files._LEDGERS.clear()
    found = [usable(path) for path in paths]
    assert found == [False] * 4 if damage != "halb" else found[:1] == [True]
    assert not any(found[2:])


def test_many_logs_are_written_into_one_and_gone_entries_forgotten(tmp_path):
    paths = [entry(tmp_path, f"{n}.html", f"Seite {n}") for n in range(COMPACT_FROM + 2)]
    (tmp_path / LEDGER).mkdir()
    for number, path in enumerate(paths):  # as if each was sealed by a process of its own
        digest = cache_files._digest(path)
        (tmp_path / LEDGER / f"{number}.log").write_text(f"{path.name}\t{digest}\n", "ascii")
    paths[0].unlink()
    cache_files._LEDGERS.clear()
    assert usable(paths[1])
    logs = list((tmp_path / LEDGER).iterdir())
    assert len(logs) <= 2  # the one written from all, and this process's own
    names = {line.split("\t")[0] for log in logs for line in log.read_text("utf-8").splitlines()}
    assert "0.html" not in names and "1.html" in names
    cache_files._LEDGERS.clear()
    assert all(usable(path) for path in paths[1:])


def test_a_cleared_cache_folder_is_sealed_again(tmp_path):
    """The search index empties its folder before it keeps a new index: a process that
    sealed there before must not write into the removed log."""
    folder = tmp_path / "suchindex"
    seal(entry(folder, "alt.txt"))
    shutil.rmtree(folder)
    path = entry(folder, "neu.txt")
    seal(path)
    cache_files._LEDGERS.clear()
    assert usable(path)


def test_a_restored_cache_is_read_once_then_trusted_by_its_stamp(tmp_path):
    """A deploy host restores the cache with new times and inodes: each entry is hashed
    once, then sealed with its new stamp; an entry rewritten in place, even to the same
    size, has a new time and is read again."""
    original = tmp_path / "vorher"
    paths = [entry(original, f"{n}.html", f"Seite {n}") for n in range(3)]
    for path in paths:
        seal(path)
    restored = tmp_path / "nachher"
    shutil.copytree(original, restored)  # new inodes
    cache_files._LEDGERS.clear()
    assert all(usable(restored / path.name) for path in paths)
    lines = "".join(p.read_text("utf-8") for p in (restored / LEDGER).iterdir()).splitlines()
    assert len(lines) == 6  # sealed by the first build, and again with the new stamps
    cache_files._LEDGERS.clear()
    assert all(usable(restored / path.name) for path in paths)
    lines = "".join(p.read_text("utf-8") for p in (restored / LEDGER).iterdir()).splitlines()
    assert len(lines) == 6  # trusted by the stamp: nothing to seal again
    (restored / "1.html").write_text("Seite X", encoding="utf-8")  # same size, new bytes
    assert not usable(restored / "1.html")


def test_entries_removed_in_bulk_leave_the_logs(tmp_path):
    """A page store removing a whole generation of pages: their seals go with them."""
    paths = [entry(tmp_path, f"{n}.html", f"Seite {n}") for n in range(6)]
    for path in paths:
        seal(path)
    for path in paths[:4]:
        path.unlink()
    cache_files.forget(tmp_path, [path.name for path in paths[:4]])
    cache_files._LEDGERS.clear()  # a later process reads only what is on disk
    names = {
        line.split("\t")[0]
        for log in (tmp_path / LEDGER).iterdir()
        for line in log.read_text("utf-8").splitlines()
    }
    assert names == {"4.html", "5.html"}
    assert all(usable(path) for path in paths[4:])


def test_a_pruned_folder_keeps_what_this_build_and_the_one_before_used(tmp_path):
    folder = tmp_path / "bilder"
    for name in ("a", "b", "c"):
        seal(entry(folder, name))
    keep_only(folder, {"a", "b"})  # first build: c is no one's
    assert sorted(p.name for p in folder.iterdir() if p.is_file()) == ["a", "b", LAST]
    seal(entry(folder, "d"))
    keep_only(folder, {"d"})  # a and b were the last build's: they stay once more
    assert {p.name for p in folder.iterdir() if p.is_file()} == {"a", "b", "d", LAST}
    keep_only(folder, {"d"})
    assert {p.name for p in folder.iterdir() if p.is_file()} == {"d", LAST}
    cache_files._LEDGERS.clear()
    assert usable(folder / "d")
    assert not usable(entry(folder, "a"))  # its seal went with it


def test_an_entry_written_sealed_holds_in_a_restored_cache_and_its_folder_is_made(tmp_path):
    """``write_sealed`` seals the bytes it wrote without reading them back: a restored
    cache (new stamps, so each entry is hashed again) still finds every entry whole."""
    original = tmp_path / "vorher" / "neu"  # the folder does not exist yet
    data = {f"{n}.jpg": bytes(range(n, 256)) * 40 for n in range(3)}
    for name, content in data.items():
        write_sealed(original / name, content)
    assert {p.name: p.read_bytes() for p in original.iterdir() if p.is_file()} == data
    assert not [p for p in original.iterdir() if p.name.endswith(".part")]
    restored = tmp_path / "nachher"
    shutil.copytree(original, restored)
    cache_files._LEDGERS.clear()
    assert all(usable(restored / name) for name in data)
    (restored / "1.jpg").write_bytes(data["2.jpg"][::-1])
    assert not usable(restored / "1.jpg")
