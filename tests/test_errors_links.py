"""The one way to link a file or show an image, ``{static}/images/…``, works where authors
write: in pages and in blog posts (STATIC_PATHS has ``images``).

A link that names no file is an error (tests/test_bad_input.py); these tests check that a
correct one arrives as a working address in the built page.
"""

from __future__ import annotations

import re
import shutil

from helpers import DEMO_CONTENT, build_site, read
from test_bad_input import new_content, page, post

IMAGE_SOURCES = re.compile(r'<(?:img|source)\b[^>]*?\s(?:src|srcset)="([^"]+)"')


def built_with(tmp_path, relative: str, text: str):
    content = new_content(tmp_path)
    (content / "images").mkdir(exist_ok=True)
    (content / "images" / "preise.pdf").write_bytes(b"%PDF-1.4\n")
    (content / relative).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    build = build_site(content, out)
    assert build.ok, build.output
    assert "WARNUNG" not in build.output, build.output
    return out


def test_static_link_in_a_page(tmp_path):
    out = built_with(
        tmp_path,
        "pages/preise.md",
        page("Preise", body="Die [Preisliste]({static}/images/preise.pdf).\n"),
    )
    assert '<a href="/images/preise.pdf">Preisliste</a>' in read(out, "preise/")
    assert (out / "images" / "preise.pdf").is_file()


def test_static_image_in_a_post(tmp_path):
    out = built_with(
        tmp_path,
        "blog/bild.md",
        post("Bild", body="![Ein Porträt]({static}/images/demo/portraet.jpg)\n"),
    )
    html = read(out, "blog/bild/")
    sources = [
        part.split()[0] for value in IMAGE_SOURCES.findall(html) for part in value.split(",")
    ]
    assert sources, html
    assert "{static}" not in html
    for source in sources:
        assert (out / source.lstrip("/")).is_file(), source


def test_static_link_in_a_post(tmp_path):
    out = built_with(
        tmp_path,
        "blog/preise.md",
        post("Preise", body="Die [Preisliste]({static}/images/preise.pdf).\n"),
    )
    assert '<a href="/images/preise.pdf">Preisliste</a>' in read(out, "blog/preise/")


def test_static_and_filename_links_in_the_faq(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, content)
    (content / "images" / "preise.pdf").write_bytes(b"%PDF-1.4\n")
    faq = content / "faq" / "faq.md"
    faq.write_text(
        faq.read_text(encoding="utf-8").rstrip()
        + "\n\nDie [Preisliste]({static}/images/preise.pdf) und [ein Beitrag]"
        "({filename}/blog/erreichbarkeit.md).\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    build = build_site(content, out)
    assert build.ok, build.output
    page = read(out, "faq/")
    assert '<a href="/images/preise.pdf">Preisliste</a>' in page
    assert '<a href="/blog/erreichbarkeit/">ein Beitrag</a>' in page
    assert "{static}" not in page and "{filename}" not in page
