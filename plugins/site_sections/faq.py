"""Turn the FAQ page's rendered Markdown into groups and questions.

Authors write ``## Gruppe`` and ``### Frage?`` headings with the answer below;
Python-Markdown's toc extension gives each heading a stable id (from the text,
or set explicitly with ``### Frage? {#anker}``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from lxml import html as lxml_html


class FaqError(ValueError):
    """The FAQ file does not have the expected heading structure."""


@dataclass
class Question:
    question: str
    anchor: str
    answer_html: str = ""
    answer_text: str = ""
    parts: list[str] = field(default_factory=list, repr=False)


@dataclass
class Group:
    title: str
    anchor: str
    intro_html: str = ""
    questions: list[Question] = field(default_factory=list)
    parts: list[str] = field(default_factory=list, repr=False)


@dataclass
class Faq:
    url: str
    intro_html: str
    groups: list[Group]

    @property
    def questions(self) -> list[Question]:
        return [q for g in self.groups for q in g.questions]


def _outer(element) -> str:
    return lxml_html.tostring(element, encoding="unicode", method="html", with_tail=False)


def _text(fragment: str) -> str:
    """Plain text of an HTML fragment; block elements are separated by a space."""
    if not fragment.strip():
        return ""
    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    blocks = [child.text_content() for child in root] or [root.text_content()]
    return " ".join(" ".join(blocks).split())


def parse_faq(content: str, url: str) -> Faq:
    """Split rendered FAQ HTML at h2 (groups) and h3 (questions)."""
    root = lxml_html.fragment_fromstring(content or "", create_parent="div")
    intro: list[str] = []
    groups: list[Group] = []
    parts = intro  # where the next block element belongs
    seen: set[str] = set()
    for element in root:
        title = element.text_content().strip()
        if element.tag == "h2":
            groups.append(Group(title, element.get("id") or ""))
            parts = groups[-1].parts
        elif element.tag == "h3":
            if not groups:
                raise FaqError(
                    f"Die Frage „{title}“ steht vor der ersten Gruppenüberschrift (## Gruppe)."
                )
            anchor = element.get("id") or ""
            if anchor in seen:
                raise FaqError(f"Die Frage „{title}“ gibt es zweimal (Anker #{anchor}).")
            seen.add(anchor)
            groups[-1].questions.append(Question(title, anchor))
            parts = groups[-1].questions[-1].parts
        else:
            parts.append(_outer(element))
    for group in groups:
        group.intro_html = "".join(group.parts)
        if not group.questions:
            raise FaqError(f"Die Gruppe „{group.title}“ enthält keine Frage (### Frage).")
        for question in group.questions:
            question.answer_html = "".join(question.parts)
            question.answer_text = _text(question.answer_html)
            if not question.answer_text:
                raise FaqError(f"Die Frage „{question.question}“ hat keine Antwort.")
    return Faq(url=url, intro_html="".join(intro), groups=groups)


def faq_json_ld(faq: Faq) -> str:
    """schema.org FAQPage as JSON, safe to place inside a script element."""
    data = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": q.question,
                "acceptedAnswer": {"@type": "Answer", "text": q.answer_text},
            }
            for q in faq.questions
        ],
    }
    text = json.dumps(data, ensure_ascii=False, indent=None)
    for char in "<>&@":  # markup-safe inside <script>; no address for harvesters
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text
