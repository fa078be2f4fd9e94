"""The build cache (``cache/``, kept between deploys by GitHub Actions and Netlify) can
only make a build faster, never different: a clean build, a warm build, a build after
half the cache is deleted, one with every cache file truncated or garbled, and one with
the cache of another version of the content all write the same site, byte for byte."""

from __future__ import annotations

import json
import re
import shutil
import tomllib
from pathlib import Path

import pytest
import yaml
from helpers import DEMO_CONTENT, ROOT, build_site, differences


def cache_files(cache: Path) -> list[Path]:
    return sorted(path for path in cache.rglob("*") if path.is_file())


def build(content: Path, out: Path, cache: Path):
    result = build_site(content, out, "pelicanconf.py", "-e", f"CACHE_PATH={cache}")
    assert result.ok, result.output
    assert "Traceback" not in result.output
    return out


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> tuple[Path, Path]:
    """A build from an empty cache: the reference, and the cache it left."""
    root = tmp_path_factory.mktemp("sauber")
    cache = root / "cache"
    out = build(DEMO_CONTENT, root / "out", cache)
    kinds = {path.relative_to(cache).parts[0].split("-")[0] for path in cache_files(cache)}
    assert {"lesen", "images", "share", "fragebogen", "vorlagen", "seiten", "suchindex"} <= kinds, (
        kinds
    )
    return out, cache


def copy_of(cache: Path, tmp_path: Path) -> Path:
    target = tmp_path / "cache"
    shutil.copytree(cache, target)
    return target


def test_a_warm_build_writes_the_same_site(clean, tmp_path):
    reference, cache = clean
    assert (
        differences(reference, build(DEMO_CONTENT, tmp_path / "out", copy_of(cache, tmp_path)))
        == []
    )


def test_a_build_after_deleting_half_the_cache_writes_the_same_site(clean, tmp_path):
    reference, cache = clean
    half = copy_of(cache, tmp_path)
    files = cache_files(half)
    for path in files[::2]:
        path.unlink()
    assert differences(reference, build(DEMO_CONTENT, tmp_path / "out", half)) == []


@pytest.mark.parametrize("damage", ["leer", "halb", "fremd"])
def test_a_corrupted_cache_writes_the_same_site(clean, tmp_path, damage):
    reference, cache = clean
    broken = copy_of(cache, tmp_path)
    for path in cache_files(broken):
        data = path.read_bytes()
        if damage == "leer":
            path.write_bytes(b"")
        elif damage == "halb":  # a file cut off in the middle, as by a full disk
            path.write_bytes(data[: len(data) // 2])
        else:  # the right start, then garbage
            path.write_bytes(data[:16] + bytes((b * 7 + 3) % 256 for b in data[16:]))
    assert differences(reference, build(DEMO_CONTENT, tmp_path / "out", broken)) == []


def test_the_cache_of_another_version_of_the_content_writes_the_same_site(clean, tmp_path):
    """A stale cache: left by a build of changed texts, titles and images."""
    reference, _ = clean
    changed = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, changed)
    for post in sorted((changed / "blog").glob("*.md")):
        text = post.read_text(encoding="utf-8")
        changed_text = re.sub(r'(?m)^title: "', 'title: "Alt – ', text, count=1)
        post.write_text(changed_text + "\nNoch ein Absatz.\n", encoding="utf-8")
    for image in sorted((changed / "images").rglob("*.jpg"))[:1]:
        shutil.copy(sorted((changed / "images").rglob("*.png"))[0], image)
    stale = tmp_path / "cache"
    build(changed, tmp_path / "anders", stale)
    assert differences(reference, build(DEMO_CONTENT, tmp_path / "out", stale)) == []


def test_a_cache_made_before_only_a_picture_changed_writes_the_same_site(clean, tmp_path):
    """No text changed, only a picture an article shows: its page is not taken from the
    store of rendered pages (the picture's new variants have new names)."""
    changed = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, changed)
    jpegs = sorted((changed / "images").rglob("*.jpg"))
    shutil.copy(sorted((changed / "images").rglob("*.png"))[0], jpegs[0])
    stale = tmp_path / "cache"
    build(changed, tmp_path / "vorher", stale)
    shutil.copy(DEMO_CONTENT / jpegs[0].relative_to(changed), jpegs[0])  # back as it was
    reference, _ = clean
    assert differences(reference, build(changed, tmp_path / "out", stale)) == []


def test_a_warm_build_takes_its_pages_from_the_store(clean, tmp_path):
    """Not only the same site: the articles' pages come from the cache, not rendered."""
    _, cache = clean
    out = build(DEMO_CONTENT, tmp_path / "out", copy_of(cache, tmp_path))
    stored = {p.stat().st_ino for p in (tmp_path / "cache" / "seiten").glob("*.html")}
    slugs = {post.stem for post in (DEMO_CONTENT / "blog").glob("*.md")}
    articles = [out / "blog" / slug / "index.html" for slug in sorted(slugs)]
    articles = [page for page in articles if page.is_file()]
    assert articles
    assert all(page.stat().st_ino in stored for page in articles)


def test_builds_with_other_settings_in_turn_keep_each_others_pages(clean, tmp_path):
    """`make html` and `make publish` in turn: the publish build does not push the pages
    of the one before out of the store."""
    _, cache = clean
    shared = copy_of(cache, tmp_path)
    other = build_site(
        DEMO_CONTENT,
        tmp_path / "anders",
        "pelicanconf.py",
        "-e",
        f"CACHE_PATH={shared}",
        "-e",
        'SITESUBTITLE="Eine andere Einstellung"',
    )
    assert other.ok, other.output
    out = build(DEMO_CONTENT, tmp_path / "out", shared)
    stored = {p.stat().st_ino for p in (shared / "seiten").glob("*.html")}
    page = out / "blog" / "das-gute-briefing" / "index.html"
    assert page.stat().st_ino in stored


def test_github_actions_and_netlify_keep_the_cache_between_deploys():
    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    [cached] = [s for s in steps if str(s.get("uses", "")).startswith("actions/cache@")]
    assert cached["with"]["path"] == "cache"
    key = cached["with"]["key"]
    assert "requirements.lock" in key and "plugins/**/*.py" in key
    assert cached["with"]["restore-keys"].strip()
    order = [s.get("uses", s.get("run", "")) for s in steps]
    assert order.index(cached["uses"]) < order.index("make publish")  # restored before use
    netlify = tomllib.loads((ROOT / "netlify.toml").read_text(encoding="utf-8"))
    [plugin] = [p for p in netlify["plugins"] if p["package"] == "netlify-plugin-cache"]
    assert plugin["inputs"]["paths"] == ["cache"]
    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]
    assert pinned["netlify-plugin-cache"][0].isdigit()  # an exact version, no range
