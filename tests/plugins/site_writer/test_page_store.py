"""The store of rendered pages (``plugins/site_writer/page_store.py``): the build after a
first build takes its pages from there, and a stored page never lacks the theme files
it links.

A page taken from the store is not rendered, so its template's ``asset()`` calls do not
run: the files it links reach the output only because another page that is always
rendered (home, pages, 404) names them too. That holds while the templates of stored
pages (articles, blog lists, archives) name no theme file that ``base.html`` and its
parts do not name.
"""

from __future__ import annotations

import re

from helpers import DEMO_CONTENT, ROOT, build_site
from jinja2 import Environment, FileSystemLoader, meta

TEMPLATES = ROOT / "theme" / "templates"
STORED = (
    "article.html",
    "index.html",
    "tag.html",
    "category.html",
    "tags.html",
    "categories.html",
    "archives.html",
    "period_archives.html",
)
ASSET = re.compile(r"""asset(?:_imports)?\(\s*['"]([^'"]+)['"]""")


def reachable(name: str, env: Environment, seen: set[str] | None = None) -> set[str]:
    """The template and every template it extends, includes or imports."""
    seen = set() if seen is None else seen
    if name in seen or not (TEMPLATES / name).is_file():
        return seen
    seen.add(name)
    source = (TEMPLATES / name).read_text(encoding="utf-8")
    for other in meta.find_referenced_templates(env.parse(source)):
        if other:
            reachable(other, env, seen)
    return seen


def assets_of(names: set[str]) -> set[str]:
    return {
        found
        for name in names
        for found in ASSET.findall((TEMPLATES / name).read_text(encoding="utf-8"))
    }


def test_stored_pages_link_only_theme_files_every_build_places():
    env = Environment(loader=FileSystemLoader(TEMPLATES), extensions=["jinja2.ext.i18n"])
    always = assets_of(reachable("base.html", env))
    assert "css/site.css" in always
    for template in STORED:
        own = assets_of(reachable(template, env)) - always
        assert own == set(), f"{template} nennt {sorted(own)}, die base.html nicht nennt"


def test_the_build_after_a_first_build_takes_its_pages_from_the_store(tmp_path):
    # Only what the site is made of may decide whether a stored page still fits; an
    # object of one build in the settings (the PDF program a first build starts ahead)
    # must not, or the second build would render every page again.
    cache = f'CACHE_PATH="{tmp_path / "cache"}"'
    first, second = tmp_path / "erst", tmp_path / "dann"
    assert build_site(DEMO_CONTENT, first, "pelicanconf.py", "-e", cache).ok
    assert build_site(DEMO_CONTENT, second, "pelicanconf.py", "-e", cache).ok
    stored = [p.relative_to(first) for p in first.rglob("*.html") if p.stat().st_nlink > 1]
    assert len(stored) >= 10  # the posts, the blog's lists, …: linked into the store
    for page in stored:  # the same file, linked from the store, not rendered anew
        assert (second / page).stat().st_ino == (first / page).stat().st_ino, page
