"""Share images: every page names one in og:image, the file exists and measures 1200×630."""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import urlsplit

import frontmatter
from helpers import DEMO_CONTENT, ROOT, build_site, read, run_python
from helpers.owner import write_owner
from lxml import html
from PIL import Image, ImageChops, ImageDraw

from plugins.share_images.card import Style, card, fit_title, png
from plugins.share_images.plugin import cover_size

FONT = ROOT / "theme" / "fonts" / "DejaVuSans-Bold.ttf"


def meta(document, key: str) -> str:
    [value] = document.xpath(f"//meta[@property='{key}' or @name='{key}']/@content")
    return value


def image_file(site: Path, url: str) -> Path:
    return site / urlsplit(url).path.lstrip("/")


def test_every_page_has_a_share_image_of_1200_by_630(published):
    pages = list(published.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        document = html.fromstring(page.read_bytes())
        url = meta(document, "og:image")
        assert url.startswith("https://"), (page, url)
        with Image.open(image_file(published, url)) as image:
            assert image.size == (1200, 630), page
            assert image.format == "PNG"  # a drawn card (the demo has no own image)
            assert meta(document, "og:image:type") == "image/png"
        assert meta(document, "og:image:width") == "1200"
        assert meta(document, "og:image:height") == "630"
        assert meta(document, "og:image:alt")
        assert meta(document, "twitter:card") == "summary_large_image"


def test_each_page_gets_its_own_card_and_lists_share_the_site_card(published):
    def share(path):
        return meta(html.fromstring(read(published, path)), "og:image")

    articles = {share("blog/das-gute-briefing/"), share("blog/erreichbarkeit/")}
    assert len(articles) == 2
    assert share("blog/") == share("blog/archiv/")
    assert share("blog/") not in articles


def list_card(site: Path, post: str):
    """The card of ``post`` in the blog list."""
    [found] = html.fromstring(read(site, "blog/")).xpath(
        f"//article[.//a[contains(@href, '/{post}')]]"
    )
    return found


def test_a_list_card_sets_a_drawn_card_as_text_and_loads_no_picture_for_it(published):
    for post in ("das-gute-briefing/", "erreichbarkeit/"):
        found = list_card(published, post)
        assert not found.xpath(".//img")
        [cover] = found.xpath(".//div[@class='card__cover']")
        assert cover.get("aria-hidden") == "true"  # screen readers read the title below
        [title] = found.xpath(".//*[@class='card__title']/a")
        parts = [" ".join(part.text_content().split()) for part in cover]
        assert parts == [
            "Büro Lindenblatt – Virtuelle Assistenz",
            title.text_content(),
            "www.buero-lindenblatt.example",  # as on the share image: the site's host
        ]
    assert not list((published / "images" / "teilen").glob("*-480.*"))  # no small files


def test_a_longer_title_or_word_gets_a_smaller_type_size():
    def title(length: int) -> str:
        return ("Wort " * 80)[:length].strip()

    sizes = [cover_size(title(length)) for length in (10, 28, 30, 50, 52, 80, 82, 300)]
    assert sizes == ["xl", "xl", "l", "l", "m", "m", "s", "s"]
    assert cover_size("Buchhaltungsvorbereitung") == "s"  # 24 letters: only the smallest
    assert cover_size("Die Terminkoordination") == "l"  # a short title, a long word


def test_an_articles_own_image_takes_precedence(content_copy, tmp_path):
    photo = content_copy / "images" / "schreibtisch.png"
    Image.new("RGB", (1600, 1000), "#336699").save(photo)
    post = content_copy / "blog" / "das-gute-briefing.md"
    data = frontmatter.load(post)
    data["image"] = "images/schreibtisch.png"
    post.write_text(frontmatter.dumps(data), encoding="utf-8")
    out = tmp_path / "output"
    build = build_site(content_copy, out)
    assert build.ok, build.output
    url = meta(html.fromstring(read(out, "blog/das-gute-briefing/")), "og:image")
    assert meta(html.fromstring(read(out, "blog/das-gute-briefing/")), "og:image:type") == (
        "image/jpeg"
    )
    with Image.open(image_file(out, url)) as image:
        assert (image.format, image.size) == ("JPEG", (1200, 630))  # a photo: JPEG
        red, green, blue = image.convert("RGB").getpixel((600, 315))
        assert (abs(red - 0x33), abs(green - 0x66), abs(blue - 0x99)) < (8, 8, 8)
    [small] = list_card(out, "das-gute-briefing/").xpath(".//img[@class='card__image']/@src")
    with Image.open(out / small.lstrip("/")) as image:
        assert (image.format, image.size) == ("WEBP", (480, 252))  # a photo: WebP
    assert not list_card(out, "erreichbarkeit/").xpath(".//img")  # the others: text


def test_a_missing_own_image_is_a_german_error_naming_the_file(
    content_copy, tmp_path, earlier_output
):
    post = content_copy / "blog" / "das-gute-briefing.md"
    data = frontmatter.load(post)
    data["image"] = "images/gibt-es-nicht.jpg"
    post.write_text(frontmatter.dumps(data), encoding="utf-8")
    build = build_site(content_copy, earlier_output)
    assert not build.ok
    assert "das-gute-briefing.md: Feld 'image': Das Bild" in build.output
    assert "gibt-es-nicht.jpg gibt es nicht" in build.output
    assert "Traceback" not in build.output
    assert (earlier_output / "index.html").read_text(encoding="utf-8") == "frühere gute Ausgabe"


def test_a_long_title_is_shortened_to_four_lines():
    font, lines = fit_title("Sehr " * 80, FONT, 1000)
    assert len(lines) == 4
    assert lines[-1].endswith("…")
    assert all(font.getlength(line) <= 1000 for line in lines)


def test_the_card_uses_the_site_colours():
    background, accent, text = (0xFD, 0xFC, 0xF9), (0x0A, 0x5A, 0x4E), (0x1D, 0x23, 0x26)
    style = Style("#fdfcf9", "#0a5a4e", "#1d2326", FONT)
    image = card("Ein Titel", "Büro", "buero.example", style).convert("RGB")
    assert image.size == (1200, 630)
    assert image.getpixel((10, 10)) == accent  # the band
    assert image.getpixel((1190, 620)) == background
    colours = {colour for _, colour in image.getcolors(256)}
    assert {background, accent, text} <= colours  # the title's letters in the text colour

    def blend_of_the_background_and(colour, target) -> bool:
        far = max(range(3), key=lambda i: abs(target[i] - background[i]))
        share = (colour[far] - background[far]) / (target[far] - background[far])
        expected = [b + share * (t - b) for b, t in zip(background, target, strict=True)]
        near = all(abs(c - e) <= 2 for c, e in zip(colour, expected, strict=True))  # noqa: PLR2004
        return 0 <= share <= 1 and near

    # Every other pixel is the edge of a letter: the background blended into one colour
    assert all(
        blend_of_the_background_and(c, text) or blend_of_the_background_and(c, accent)
        for c in colours
    )


def full_colour_card(title: str, site: str, footer: str, style: Style) -> Image.Image:
    """The card as Pillow draws it straight in RGB: the same layout (``card.py``)."""
    from plugins.share_images import card as layout  # noqa: PLC0415

    image = Image.new("RGB", (layout.WIDTH, layout.HEIGHT), style.background)
    draw = ImageDraw.Draw(image)
    small = layout.font_at(style.font, layout.SMALL)
    draw.rectangle((0, 0, layout.BAR, layout.HEIGHT), fill=style.accent)
    draw.text((layout.LEFT, 72), site, font=small, fill=style.accent)
    rule = layout.HEIGHT - 104
    draw.rectangle((layout.LEFT, rule, layout.LEFT + 96, rule + 6), fill=style.accent)
    draw.text((layout.LEFT, layout.HEIGHT - 84), footer, font=small, fill=style.text)
    font, lines = fit_title(title, style.font, layout.WIDTH - layout.LEFT - layout.MARGIN)
    height = round(font.size * 1.2)
    top = (layout.HEIGHT - height * len(lines)) // 2 + 12
    for number, line in enumerate(lines):
        draw.text((layout.LEFT, top + number * height), line, font=font, fill=style.text)
    return image


def test_the_palette_card_is_the_picture_pillow_draws_in_full_colour():
    """Drawn one byte per pixel and saved as a palette PNG, a card differs from the same
    card drawn in RGB by at most one step of a colour channel anywhere: no letter's edge
    takes on another colour."""
    style = Style("#fdfcf9", "#0a5a4e", "#1d2326", FONT)
    for title in ("Ein Titel", "Wie eine virtuelle Assistenz Ihre Woche ordnet", "Ä" * 40):
        args = (title, "Büro Lindenblatt – Virtuelle Assistenz", "buero.example", style)
        with Image.open(io.BytesIO(png(card(*args)))) as stored:
            assert stored.mode == "P"
            drawn = stored.convert("RGB")
        difference = ImageChops.difference(drawn, full_colour_card(*args))
        assert max(high for _, high in difference.getextrema()) <= 1, title


def test_a_drawn_card_is_stored_as_a_whole_png_with_its_exact_pixels_and_palette():
    """The card's PNG (written around ISA-L's compression) passes Pillow's check of every
    chunk's checksum, and decodes to the very pixels and palette that were drawn."""
    style = Style("#fdfcf9", "#0a5a4e", "#1d2326", FONT)
    drawn = card("Wie eine virtuelle Assistenz Ihre Woche ordnet", "Büro", "b.example", style)
    data = png(drawn)
    with Image.open(io.BytesIO(data)) as stored:
        stored.verify()
    with Image.open(io.BytesIO(data)) as stored:
        assert (stored.format, stored.mode, stored.size) == ("PNG", "P", drawn.size)
        assert stored.tobytes() == drawn.tobytes()
        assert stored.getpalette() == drawn.getpalette()
    assert len(data) < 60_000  # runs of one colour: far less than the 756,000 pixels


def test_the_cache_forgets_the_images_of_an_old_title_two_builds_on(content_copy, tmp_path):
    cache = tmp_path / "cache"
    post = content_copy / "blog" / "das-gute-briefing.md"

    def build(title: str) -> set[str]:
        data = frontmatter.load(post)
        data["title"] = title
        post.write_text(frontmatter.dumps(data), encoding="utf-8")
        out = tmp_path / "output"
        result = build_site(content_copy, out, "pelicanconf.py", "-e", f"CACHE_PATH={cache}")
        assert result.ok, result.output
        return {p.name for p in (cache / "share-images").iterdir() if p.is_file()}

    def of_the_post(names: set[str]) -> set[str]:
        return {name for name in names if name.startswith("das-gute-briefing.")}  # its slug

    old = of_the_post(build("Ein gutes Briefing"))
    assert len(old) == 1  # the card (a list sets it as text: no small picture)
    second = build("Das gute Briefing")
    assert old <= second  # the build before used them: kept once more
    current = of_the_post(second) - old
    assert len(current) == 1
    third = build("Das gute Briefing")
    assert not old & third
    assert current <= third


def test_images_drawn_while_pages_are_read_are_the_ones_drawn_afterwards(tmp_path):
    """With two workers the images are drawn from the moment a page is read; with one, in
    the build process once every title is known. The files are the same."""
    drawn = {}
    for workers in (2, 1):
        out, cache = tmp_path / f"out-{workers}", tmp_path / f"cache-{workers}"
        extra = ("-e", f"CACHE_PATH={cache}", f"BUILD_WORKERS={workers}")
        build = build_site(DEMO_CONTENT, out, "pelicanconf.py", *extra)
        assert build.ok, build.output
        folder = out / "images" / "teilen"
        drawn[workers] = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert len(drawn[2]) > 20
    assert drawn[2] == drawn[1]


STOPPED_BUILD = """
import gc, multiprocessing, sys, time
from pathlib import Path
from sitekit.build import run_build
content, out, cache = map(Path, sys.argv[1:])
status = run_build("pelicanconf.py", content, out, {"CACHE_PATH": str(cache), "BUILD_WORKERS": 2})
drawing = len(multiprocessing.active_children())
gc.collect()
deadline = time.monotonic() + 120
while multiprocessing.active_children() and time.monotonic() < deadline:
    time.sleep(0.05)
print(status, drawing, len(multiprocessing.active_children()))
"""


def test_a_build_that_stops_after_reading_leaves_no_drawing_process_behind(content_copy, tmp_path):
    """The live preview builds again and again in one process: the processes drawing the
    images of a build that stopped (a mistake in a file) end with it."""
    post = content_copy / "blog" / "das-gute-briefing.md"
    data = frontmatter.load(post)
    data["image"] = "images/gibt-es-nicht.jpg"  # found after reading: the build stops
    post.write_text(frontmatter.dumps(data), encoding="utf-8")
    done = run_python(STOPPED_BUILD, content_copy, tmp_path / "out", tmp_path / "cache")
    assert done.returncode == 0, done.stderr
    status, drawing, left = map(int, done.stdout.split())
    assert status == 1
    assert drawing >= 1  # they had been started while the pages were read
    assert left == 0


def test_without_a_name_of_her_own_a_card_names_the_site_once(content_copy, tmp_path):
    """A new owner.yml may leave name, firm and website empty: the site is then called by
    the job title, which is also the author. The card shows it once (above the title),
    not a second time as its footer."""
    owner = write_owner(tmp_path, name="", firma="", website="", portraet="", portraet_alt="")
    out = tmp_path / "output"
    result = build_site(content_copy, out, "pelicanconf.py", owner=owner)
    assert result.ok, result.output
    cover = html.fromstring(read(out, "blog/")).xpath("//*[@class='card__cover']")[0]
    [site] = cover.xpath(".//*[@class='card__cover-site']")
    [footer] = cover.xpath(".//*[@class='card__cover-footer']")
    assert site.text_content() == "Virtuelle Assistentin"
    assert footer.text_content() == ""
