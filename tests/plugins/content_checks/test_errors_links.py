"""The one way to link a file or show an image, ``{static}/images/…``, works where authors
write: in pages and in blog posts (STATIC_PATHS has ``images``).

A link that names no file is an error (test_bad_input.py); these tests check that a
correct one arrives as a working address in the built page. A link written as an address
of the site (``/blog/…/``, ``https://<SITEURL>/…``) must lead to a page or file of the
build, or the build stops naming file and line.
"""

from __future__ import annotations

import re
import shutil

from helpers import DEMO_CONTENT, build_site, new_content, page, post, read

LEISTUNGEN = page("Leistungen", "slug: leistungen\n")

IMAGE_SOURCES = re.compile(r'<(?:img|source)\b[^>]*?\s(?:src|srcset)="([^"]+)"')


def built_with(tmp_path, relative: str, text: str, others: dict[str, str] | None = None):
    """The small content folder with ``text`` in ``relative`` (and ``others``), built."""
    content = new_content(tmp_path)
    (content / "images").mkdir(exist_ok=True)
    (content / "images" / "preise.pdf").write_bytes(b"%PDF-1.4\n")
    for name, written in {relative: text, **(others or {})}.items():
        (content / name).write_text(written, encoding="utf-8")
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


def test_a_link_to_a_page_that_does_not_exist_stops_the_build(tmp_path, earlier_output):
    content = new_content(tmp_path)
    (content / "blog" / "alt.md").write_text(
        post("Alt", body="Wie im [alten Beitrag](/blog/alter-beitrag/) beschrieben.\n"),
        encoding="utf-8",
    )
    build = build_site(content, earlier_output)
    assert not build.ok
    lines = build.output.replace(f"{tmp_path}/", "").splitlines()
    assert (
        "FEHLER: content/blog/alt.md, Zeile 6: der Link verweist auf /blog/alter-beitrag/, "
        "diese Seite gibt es nicht – bitte den Link korrigieren oder die Datei nennen, z. B. "
        "[Text]({filename}/blog/datei.md)."
    ) in lines, build.output
    assert "Traceback" not in build.output
    assert (earlier_output / "index.html").read_text(encoding="utf-8") == "frühere gute Ausgabe"


def test_links_to_pages_feeds_images_anchors_and_the_receiver_build(tmp_path):
    body = (
        "Die [Leistungen](/leistungen/), [genauer](/leistungen/#preise) und "
        "[ohne Schrägstrich](/leistungen?von=blog).\n\n"
        "Der [Feed](/feeds/all.atom.xml), ein [Foto](/images/demo/portraet.jpg), die "
        "[Blog](/blog/), [oben](#oben), [ein Beitrag](../ein-guter-beitrag/) und "
        "[Antworten](/api/antworten/fragebogen).\n\n"
        "[Post](mailto:hallo@beispiel.de), [Telefon](tel:+49301234567), "
        "[anderswo](https://beispiel.org/blog/alter-beitrag/).\n"
    )
    others = {"pages/leistungen.md": LEISTUNGEN}
    out = built_with(tmp_path, "blog/verweise.md", post("Verweise", body=body), others)
    assert '<a href="/leistungen/">Leistungen</a>' in read(out, "blog/verweise/")


def test_addresses_below_the_sites_own_url_are_checked_under_a_sub_path(tmp_path):
    content = new_content(tmp_path)
    (content / "pages" / "leistungen.md").write_text(LEISTUNGEN, encoding="utf-8")
    body = (
        "[Gut](https://www.beispiel.de/unterordner/leistungen/), "
        "[auch gut](/unterordner/feeds/all.atom.xml).\n\n"
        "[Weg](https://beispiel.de/unterordner/blog/weg/#a)\n\n"
        "[Auch weg](/unterordner/leistungen/gibt-es-nicht/) und [relativ](../kontakt/)\n"
    )
    (content / "blog" / "absolut.md").write_text(post("Absolut", body=body), encoding="utf-8")
    out = tmp_path / "out"
    build = build_site(
        content, out, "pelicanconf.py", "-e", 'SITEURL="https://www.beispiel.de/unterordner"'
    )
    assert not build.ok
    lines = [
        line.split(": der Link ", 1)[1].split(" – ", 1)[0]
        for line in build.output.replace(f"{tmp_path}/", "").splitlines()
        if line.startswith("FEHLER: content/blog/absolut.md, Zeile ")
    ]
    assert lines == [
        "verweist auf https://beispiel.de/unterordner/blog/weg/#a, diese Seite gibt es nicht",
        "verweist auf /unterordner/leistungen/gibt-es-nicht/, diese Seite gibt es nicht",
        "verweist auf ../kontakt/ (führt zu /unterordner/blog/kontakt/), diese Seite gibt es nicht",
    ], build.output
