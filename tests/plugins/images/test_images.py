"""Responsive images: <picture> with variants, sizes, width and height; alt text required."""

from __future__ import annotations

from pathlib import Path

from helpers import build_site, read
from lxml import etree, html
from PIL import Image


def pictures(site: Path, path: str):
    return html.fromstring(read(site, path)).xpath("//main//picture")


def served_file(site: Path, url: str) -> Path:
    return site / url.split("://", 1)[-1].split("/", 1)[-1]


def test_a_content_image_becomes_a_responsive_picture(site):
    [picture] = pictures(site, "blog/das-gute-briefing/")
    [source] = picture.xpath(".//source")
    [img] = picture.xpath(".//img")  # lxml nests img in source (HTML4 parser)
    assert source.get("type") == "image/webp"
    assert img.get("alt").startswith("Schaubild mit vier Feldern")
    assert (img.get("width"), img.get("height")) == ("1200", "675")
    assert img.get("loading") == "lazy"  # below the first heading
    assert img.get("sizes") == source.get("sizes")
    for srcset in (source.get("srcset"), img.get("srcset")):
        widths = []
        for candidate in srcset.split(", "):
            url, descriptor = candidate.split(" ")
            with Image.open(served_file(site, url)) as variant:
                assert f"{variant.width}w" == descriptor
                widths.append(variant.width)
        assert widths == [480, 800, 1200]
    with Image.open(served_file(site, img.get("src"))) as fallback:
        assert fallback.format == "PNG"
        assert fallback.size == (1200, 675)


def test_the_portrait_is_on_the_home_page_and_about_page(site):
    home = html.fromstring(read(site, "/"))
    [img] = home.xpath("//section[@class='hero']//picture//img")  # on the first screen
    assert "Platzhalter-Illustration" in img.get("alt")
    assert img.get("loading") is None and img.get("fetchpriority") == "high"
    assert "Johanna Lindner" in home.xpath("string(//section[@class='hero'])")
    assert "Johanna Lindner" in home.xpath("string(//section[contains(@class, 'person')]//h2)")
    assert home.xpath("//section[contains(@class, 'person')]//a[@href='/ueber-mich/']")
    about = html.fromstring(read(site, "ueber-mich/"))
    [top] = about.xpath("//main//picture//img")
    assert top.get("fetchpriority") == "high"
    assert top.get("loading") is None


def test_feeds_carry_absolute_image_addresses(site):
    feed = etree.parse(str(site / "feeds" / "all.atom.xml"))
    content = "".join(feed.xpath("//*[local-name()='content']/text()"))
    fragment = html.fromstring(f"<div>{content}</div>")
    for element in fragment.xpath("//img | //source"):
        for candidate in (element.get("srcset") or "").split(", "):
            assert candidate.startswith("http://127.0.0.1:8000/images/"), candidate
    assert fragment.xpath("//img")


def write_post(content: Path, image_markdown: str) -> None:
    Image.new("RGB", (900, 600), "#336699").save(content / "images" / "foto.jpg")
    (content / "blog" / "mit-bild.md").write_text(
        "---\ntitle: Mit Bild\ndate: 2026-09-01 10:00:00+02:00\ncategory: Organisation\n---\n"
        f"Ein Absatz.\n\n{image_markdown}\n",
        encoding="utf-8",
    )


def test_an_image_without_alt_text_is_a_german_error_naming_file_and_line(
    content_copy, earlier_output
):
    write_post(content_copy, "![]({static}/images/foto.jpg)")
    build = build_site(content_copy, earlier_output)
    assert not build.ok
    lines = [line for line in build.output.splitlines() if "mit-bild.md" in line]
    assert len(lines) == 1, build.output
    assert "mit-bild.md, Zeile 8: Der Alternativtext fehlt" in lines[0]
    assert "{: .dekorativ}" in lines[0]
    assert "Traceback" not in build.output
    assert (earlier_output / "index.html").read_text(encoding="utf-8") == "frühere gute Ausgabe"


def test_a_decorative_image_is_marked_explicitly_and_gets_empty_alt(content_copy, tmp_path):
    write_post(content_copy, "![]({static}/images/foto.jpg){: .dekorativ}")
    out = tmp_path / "output"
    build = build_site(content_copy, out)
    assert build.ok, build.output
    [img] = html.fromstring(read(out, "blog/mit-bild/")).xpath("//main//picture//img")
    assert img.get("alt") == ""
    assert img.get("class") is None
    assert img.get("fetchpriority") == "high"  # the first image, before any heading
    assert (img.get("width"), img.get("height")) == ("900", "600")


def test_an_image_from_another_server_is_refused(content_copy, earlier_output):
    write_post(content_copy, "![Ein Foto](https://bilder.example/foto.jpg)")
    build = build_site(content_copy, earlier_output)
    assert not build.ok
    assert "mit-bild.md, Zeile 8: Bilder von anderen Servern lädt die Website nicht" in (
        build.output
    )


def test_a_missing_image_is_a_german_error(content_copy, earlier_output):
    write_post(content_copy, "![Ein Foto]({static}/images/fehlt.jpg)")
    build = build_site(content_copy, earlier_output)
    assert not build.ok
    assert "mit-bild.md, Zeile 8: Das Bild {static}/images/fehlt.jpg gibt es nicht" in (
        build.output
    )
    assert "Traceback" not in build.output
