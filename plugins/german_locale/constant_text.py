"""Theme texts translated once, when a template is compiled, instead of on every page.

A theme text without variables, ``{{ _('Kategorien') }}``, is the same on every page of
a build: the catalogue and the language do not change while it runs. Jinja's i18n
extension still looks it up at each use, through four calls (some 30 times per page,
a fifth of the time spent in templates). ``ConstantTexts`` replaces such a call by the
text it returns, as a safe string, exactly as the i18n extension's newstyle
``gettext`` gives it (``%%`` becomes ``%``). Calls with variables and ``ngettext``
stay calls.
"""

from __future__ import annotations

from collections.abc import Iterator

from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from markupsafe import Markup

#: The environment attribute holding the build's catalogue (``locale.install`` sets it).
CATALOGUE = "kit_catalogue"
#: A call to fold: ``_`` or ``gettext``, "(", one string, ")".
CALL = (("name", ("_", "gettext")), ("lparen", None), ("string", None), ("rparen", None))


def _is_call(tokens: list[Token], at: int) -> bool:
    if at + len(CALL) > len(tokens) or (at > 0 and tokens[at - 1].type == "dot"):
        return False
    return all(
        tokens[at + offset].type == kind and (values is None or tokens[at + offset].value in values)
        for offset, (kind, values) in enumerate(CALL)
    )


class ConstantTexts(Extension):
    """Folds ``_('text')`` into the translated text while a template is parsed."""

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        catalogue = getattr(self.environment, CATALOGUE, None)
        # the function Jinja's install_gettext_translations takes from a catalogue
        translate = getattr(catalogue, "ugettext", None) or getattr(catalogue, "gettext", None)
        tokens = list(stream)
        at = 0
        while at < len(tokens):
            if translate is None or not _is_call(tokens, at):
                yield tokens[at]
                at += 1
                continue
            line, text = tokens[at].lineno, tokens[at + 2].value
            try:
                shown = str(Markup(translate(text)) % {})
            except (KeyError, TypeError, ValueError):  # a mistake: the call shows it as before
                yield tokens[at]
                at += 1
                continue
            yield from (
                Token(line, "lparen", "("),
                Token(line, "string", shown),
                Token(line, "pipe", "|"),
                Token(line, "name", "safe"),
                Token(line, "rparen", ")"),
            )
            at += len(CALL)
