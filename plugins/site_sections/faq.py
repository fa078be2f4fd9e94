"""Turn the FAQ page's rendered Markdown into groups and questions.

Authors write ``## Gruppe`` and ``### Frage?`` headings with the answer below;
Python-Markdown's toc extension gives each heading a stable id (from the text,
or set explicitly with ``### Frage? {#anker}``).

A question marked ``### Frage? {#anker .entwurf}`` is a draft (``invoke new --kind faq``
writes new questions so): the local preview shows it with a visible note, a production
build (``PUBLISH``) leaves it out of the page and the JSON-LD. The answer ``invoke new``
writes as a placeholder is refused on a question that is not a draft, so it can never be
published.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: The class that marks a draft question: ``### Frage? {#anker .entwurf}``.
DRAFT_CLASS = "entwurf"
#: The answer ``invoke new --kind faq`` writes below a new (draft) question.
PLACEHOLDER_ANSWER = "Hier steht die Antwort."
#: Shown above a draft's answer, in the local preview only.
DRAFT_NOTE = (
    '<p class="notice notice--draft" role="note"><strong>Entwurf:</strong> '
    "Diese Frage erscheint nur in der lokalen Vorschau. Veröffentlicht wird sie, "
    "sobald die Antwort geschrieben ist und Sie „.entwurf“ aus der Überschrift "
    "gelöscht haben.</p>"
)


class FaqError(ValueError):
    """The FAQ file does not have the expected heading structure."""


@dataclass
class Question:
    question: str
    anchor: str
    answer_html: str = ""
    answer_text: str = ""
    draft: bool = False
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
        """The answered questions, what search engines get (JSON-LD): never a draft.

        The page itself shows ``group.questions``, drafts included in the preview.
        """
        return [q for g in self.groups for q in g.questions if not q.draft]


def _lxml():
    """lxml.html, imported where the FAQ is parsed: a process of its own in a build
    (``sections.faq_of``), so its 4 MB of modules stay out of the build process."""
    from lxml import html  # noqa: PLC0415 - see above

    return html


def _outer(element) -> str:
    return _lxml().tostring(element, encoding="unicode", method="html", with_tail=False)


def _text(fragment: str) -> str:
    """Plain text of an HTML fragment; block elements are separated by a space."""
    if not fragment.strip():
        return ""
    root = _lxml().fragment_fromstring(fragment, create_parent="div")
    blocks = [child.text_content() for child in root] or [root.text_content()]
    return " ".join(" ".join(blocks).split())


def _is_draft(element) -> bool:
    return DRAFT_CLASS in (element.get("class") or "").lower().split()


def _answer(question: Question) -> None:
    """Fill in the answer; a draft gets its note, a placeholder is refused unless a draft."""
    question.answer_html = "".join(question.parts)
    question.answer_text = _text(question.answer_html)
    if question.draft:
        question.answer_html = DRAFT_NOTE + question.answer_html
    elif not question.answer_text:
        raise FaqError(f"Die Frage „{question.question}“ hat keine Antwort.")
    elif question.answer_text == PLACEHOLDER_ANSWER:
        raise FaqError(
            f"Die Frage „{question.question}“ hat noch die Platzhalter-Antwort "
            f"„{PLACEHOLDER_ANSWER}“ Bitte die Antwort schreiben oder die Frage als "
            f"Entwurf markieren: ### {question.question} {{#{question.anchor} .entwurf}}"
        )


def parse_faq(content: str, url: str, publish: bool = False) -> Faq:
    """Split rendered FAQ HTML at h2 (groups) and h3 (questions).

    Draft questions are marked in the preview; with ``publish`` they are left out, and so
    is a group that has nothing but drafts.
    """
    root = _lxml().fragment_fromstring(content or "", create_parent="div")
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
            groups[-1].questions.append(Question(title, anchor, draft=_is_draft(element)))
            parts = groups[-1].questions[-1].parts
        else:
            parts.append(_outer(element))
    for group in groups:
        group.intro_html = "".join(group.parts)
        if not group.questions:
            raise FaqError(f"Die Gruppe „{group.title}“ enthält keine Frage (### Frage).")
        for question in group.questions:
            _answer(question)
    if publish:
        for group in groups:
            group.questions = [q for q in group.questions if not q.draft]
        groups = [group for group in groups if group.questions]
    return Faq(url=url, intro_html="".join(intro), groups=groups)
