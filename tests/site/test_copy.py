"""The site's facts agree with each other wherever they are written: prices, minimum
hours, how long the questionnaire takes, and one gender convention (the gender star)."""

from __future__ import annotations

import re

import frontmatter
from helpers import DEMO_CONTENT, ROOT

from sitekit.demo import STARTER

CONTENT = DEMO_CONTENT
SERVICES = sorted((CONTENT / "services").glob("*.md"))
FAQ = (CONTENT / "faq" / "faq.md").read_text(encoding="utf-8")
NUMBERS = {"zehn": 10, "zwölf": 12, "fünfzehn": 15, "zwanzig": 20}


def number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBERS[word]


def prices() -> list[int]:
    return [
        int(re.search(r"ab (\d+) €", frontmatter.load(path)["price"]).group(1)) for path in SERVICES
    ]


def test_the_faq_price_range_is_the_range_of_the_services():
    low, high = map(int, re.search(r"zwischen (\d+) und (\d+) € netto", FAQ).groups())
    assert (low, high) == (min(prices()), max(prices()))


def test_no_monthly_package_starts_below_the_faqs_minimum():
    minimum = number(re.search(r"mindestens (\w+) Stunden im Monat", FAQ).group(1))
    packages = [
        int(found.group(1))
        for path in SERVICES
        if (found := re.search(r"(?:Monats|Stunden)pakete ab (\d+) Stunden", path.read_text()))
    ]
    assert packages
    assert set(packages) == {minimum}, packages  # one package rule, the FAQ's
    rules = (CONTENT / "questionnaires" / "bedarfsanalyse.md").read_text(encoding="utf-8")
    assert f"stunden kleiner als {minimum}" in rules  # the honest-advice rule says the same


def test_the_questionnaire_takes_the_same_time_everywhere():
    mentions = {
        "faq.md": re.search(r"Er dauert etwa \w+ Minuten", FAQ).group(0),
        "starter": frontmatter.load(STARTER / "questionnaires" / "bedarfsanalyse.md")["summary"],
        "bedarfsanalyse.md": frontmatter.load(CONTENT / "questionnaires" / "bedarfsanalyse.md")[
            "summary"
        ],
    }
    minutes = {
        name: number(re.search(r"(\d+|\w+) Minuten", text).group(1))
        for name, text in mentions.items()
    }
    assert len(set(minutes.values())) == 1, minutes
    texts = [*CONTENT.rglob("*.md"), *(ROOT / "theme" / "templates").rglob("*.html")]
    for path in texts:  # no other duration, and no "long" questionnaire somewhere else
        text = path.read_text(encoding="utf-8")
        assert "wenigen Minuten" not in text and "langen Fragebogen" not in text, path


def test_no_promise_without_a_price():
    assert "etwas günstiger" not in FAQ and "meinetwegen" not in FAQ


# "jeden Kunden und jede Kundin", "Kundinnen und Kunden": pairs instead of the gender star
PAIR = re.compile(
    r"\b(\w{3,}?)(?:in|innen) (?:und|oder) (?:\w+ )?\1(?:e|en|n|s)?\b"
    r"|\b(\w{3,}?)(?:e|en|n)? (?:und|oder) (?:\w+ )?\2(?:in|innen)\b"
)


def test_one_gender_convention_the_star():
    assert PAIR.search("für jeden Kunden und jede Kundin")  # the check finds what it should
    assert PAIR.search("Kundinnen und Kunden")
    files = [
        *CONTENT.rglob("*.md"),
        *(ROOT / "theme" / "templates").rglob("*.html"),
        ROOT / "ANLEITUNG.md",
    ]
    pairs = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in files
        for match in PAIR.finditer(path.read_text(encoding="utf-8"))
    ]
    assert pairs == []
