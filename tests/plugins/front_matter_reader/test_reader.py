"""Unit tests of the front matter reader: types, errors, fallback to native headers."""

from __future__ import annotations

import datetime as dt

import pytest
from pelican.urlwrappers import Category, Tag

from plugins.front_matter_reader.parse import ContentError, split_front_matter
from plugins.front_matter_reader.reader import FrontMatterMarkdownReader, to_datetime
from plugins.german_typography import apply_german_rules
from sitekit.build import read_site_settings


@pytest.fixture
def reader():
    """The reader with the demo's settings, as the german_typography plugin leaves them."""
    settings = read_site_settings("pelicanconf.py")
    apply_german_rules(settings)
    return FrontMatterMarkdownReader(settings)


def write(tmp_path, text, name="beitrag.md"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_yaml_types_become_pelican_types(reader, tmp_path):
    html, meta = reader.read(
        write(
            tmp_path,
            (
                "---\n"
                "title: Größe & Übermaß\n"
                "date: 2026-03-14 09:30:00+01:00\n"
                "modified: 2026-04-01\n"
                "tags: [Büro, Datenschutz & Recht]\n"
                "category: Organisation\n"
                "featured: true\n"
                "principles:\n  - title: A\n    text: B\n"
                "summary: Kurz *und* knapp\n"
                "---\n"
                "Hinweis: Diese Zeile ist Text, keine Metadaten.\n"
            ),
        )
    )
    assert meta["title"] == "Größe & Übermaß"
    assert meta["date"] == dt.datetime(
        2026, 3, 14, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))
    )
    assert meta["modified"].date() == dt.date(2026, 4, 1)
    assert [t.name for t in meta["tags"]] == ["Büro", "Datenschutz & Recht"]
    assert [t.slug for t in meta["tags"]] == ["buero", "datenschutz-und-recht"]
    assert all(isinstance(t, Tag) for t in meta["tags"])
    assert isinstance(meta["category"], Category)
    assert meta["featured"] is True
    assert meta["principles"] == [{"title": "A", "text": "B"}]
    assert meta["summary"] == "<p>Kurz <em>und</em> knapp</p>"
    assert "Hinweis: Diese Zeile ist Text" in html


def test_comma_separated_tags_in_yaml_text(reader, tmp_path):
    _, meta = reader.read(write(tmp_path, "---\ntitle: T\ntags: eins, zwei , drei\n---\nx\n"))
    assert [t.name for t in meta["tags"]] == ["eins", "zwei", "drei"]


def test_native_headers_still_work(reader, tmp_path):
    html, meta = reader.read(
        write(
            tmp_path,
            ("Title: Nativ\nDate: 2026-10-08 09:00\nTags: Eins, Zwei\n\nText mit *Betonung*.\n"),
        )
    )
    assert meta["title"] == "Nativ"
    assert meta["date"] == dt.datetime(2026, 10, 8, 9, 0)
    assert [t.name for t in meta["tags"]] == ["Eins", "Zwei"]
    assert html == "<p>Text mit <em>Betonung</em>.</p>"


def test_yaml_error_names_file_and_line(tmp_path):
    with pytest.raises(ContentError) as error:
        split_front_matter("---\ntitle: A\ntags: [a, b\ndate: 2026-01-01\n---\nText", "x.md")
    message = str(error.value)
    assert message.startswith("x.md, Zeile ")
    assert "YAML-Fehler" in message


def test_invalid_yaml_date_names_line(tmp_path):
    with pytest.raises(ContentError, match=r"x\.md, Zeile 3: .*ungültiges Datum '2026-02-30'"):
        split_front_matter("---\ntitle: A\ndate: 2026-02-30\n---\nText", "x.md")


def test_front_matter_must_be_a_mapping():
    with pytest.raises(ContentError, match="feld: wert"):
        split_front_matter("---\n- a\n- b\n---\nText", "x.md")


def test_no_front_matter_means_native_headers():
    assert split_front_matter("Title: A\n\nText", "x.md") is None


@pytest.mark.parametrize("value", ["morgen", "", None, 12, "2026-02-30"])
def test_bad_dates_raise_with_field_name(value):
    with pytest.raises(ContentError, match=r"x\.md: Feld 'date'"):
        to_datetime(value, "date", "x.md")


def test_list_where_text_expected(reader, tmp_path):
    with pytest.raises(ContentError, match="Feld 'title' muss ein einzelner Text sein"):
        reader.read(write(tmp_path, "---\ntitle: [a, b]\n---\nText\n"))


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (
            "Title: Nativ\nDate: 2026-13-45\nCategory: Organisation\n",
            "Zeile 2: Feld 'Date': '2026-13-45' ist kein gültiges Datum – bitte ein Datum "
            "eintragen, das es gibt, z. B. Date: 2026-03-14 09:30",
        ),
        (
            "Title: Nativ\nDate: 2026-01-05\nmodified: nächsten Dienstag\n",
            "Zeile 3: Feld 'modified': 'nächsten Dienstag' ist kein gültiges Datum – bitte ein "
            "Datum eintragen, das es gibt, z. B. modified: 2026-03-14 09:30",
        ),
    ],
)
def test_native_date_that_does_not_exist_names_line_and_field(reader, tmp_path, headers, expected):
    """Pelican's headers: the reader says it where it reads the value, not Pelican's English."""
    path = write(tmp_path, f"{headers}\nText, in dem Date: 2026-13-45 noch einmal steht.\n")
    with pytest.raises(ContentError) as refused:
        reader.read(path)
    assert str(refused.value) == f"{path}, {expected}"
