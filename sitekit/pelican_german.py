"""Pelican's own English log messages, as the one German line an author can act on.

``german(record)`` returns the text ``OneLine`` prints for a log record. It translates
only records whose logger name starts with "pelican" (Pelican's own); every message of
the kit is written in German where it happens and passes unchanged. For the Pelican
messages an author can trigger (a missing title or date, an unknown status, a path
outside the output folder, a file that could not be read, a link without a file, an
image without alternative text, a tag without a usable slug, two files with one slug, …)
a German sentence in the kit's form

    content/blog/x.md: Feld 'status': 'entwurf' gibt es nicht – für einen Entwurf bitte …

naming the file relative to the project (``display_path``). Every other message of
Pelican's is returned unchanged. A rule that cannot make sense of its record falls back
to the original text too, so a translation can never hide or break a message.

Pelican does not always pass the file a message is about (``Could not process
blog/x.md`` names it relative to the content folder, ``Unable to find '/x.png'`` not
at all). Such a rule looks up the content object or generator in the frames of the
logging call, which run synchronously inside the ``logger.warning`` that Pelican made.

Where content_checks reports the same problem itself, both use one sentence
(``plugins/content_checks/sentences.py``).
"""

from __future__ import annotations

import logging
import os
import posixpath
import re
import sys
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any
from urllib.parse import unquote, urlsplit

from pelican.contents import Content
from pelican.generators import Generator

from plugins.content_checks.sentences import (
    no_address_from_name,
    no_address_from_title,
    unknown_marker,
)
from plugins.front_matter_reader.parse import ContentError
from plugins.site_settings.paths import display_path

#: How many frames above the logging call are searched for the object a message is about.
STACK_DEPTH = 40
#: What authors write for a status, and what Pelican calls it.
STATUS_WORDS = {
    "entwurf": "draft",
    "entwürfe": "draft",
    "versteckt": "hidden",
    "verborgen": "hidden",
    "unsichtbar": "hidden",
    "privat": "hidden",
    "veröffentlicht": "published",
    "öffentlich": "published",
    "online": "published",
    "fertig": "published",
}
#: The field of each of Pelican's URL wrappers, by the class name its messages give.
WRAPPER_FIELDS = {"Tag": "tags", "Category": "category", "Author": "author"}
#: Pelican's summaries after the fifth message of one kind (pelican.log.LimitFilter).
SUMMARIES = {
    "Other resources were not found and their urls not replaced": (
        "Weitere Verweise ohne passende Datei (weitere Meldungen dieser Art werden "
        "zusammengefasst) – bitte alle Verweise mit {static} und {filename} prüfen."
    ),
    "Other images have empty alt attributes": (
        "Weitere Bilder ohne Alternativtext (weitere Meldungen dieser Art werden "
        "zusammengefasst) – bitte jedes Bild beschreiben: ![Beschreibung](…)."
    ),
    "Other invalid slugs.": (
        "Weitere Schlagwörter oder Kategorien, aus denen keine Adresse entsteht (weitere "
        "Meldungen dieser Art werden zusammengefasst) – bitte Buchstaben oder Ziffern verwenden."
    ),
    "More {attach} warnings silenced.": (
        "Weitere Hinweise zu {attach} werden zusammengefasst – bitte {static} verwenden."
    ),
    "More files are missing the needed attribute.": (
        "Weiteren Dateien fehlt das Feld, nach dem sortiert wird (weitere Meldungen dieser "
        "Art werden zusammengefasst) – bitte das Feld in allen Dateien ergänzen."
    ),
    "Other files have meta tag attribute 'contents' that should be changed to 'content'": (
        "Weitere HTML-Dateien schreiben <meta … contents=…> – bitte überall content=… schreiben."
    ),
}


# --- where a message is about ------------------------------------------------------


def _frames() -> Iterator[FrameType]:
    frame: FrameType | None = sys._getframe(2)
    for _ in range(STACK_DEPTH):
        if frame is None:
            return
        yield frame
        frame = frame.f_back


def _content_in_stack() -> Content | None:
    """The content object the code that logged was working on, if any."""
    for frame in _frames():
        for name in ("self", "content", "article", "page"):
            value = frame.f_locals.get(name)
            if isinstance(value, Content) and value.source_path:
                return value
    return None


def _local_in_stack(name: str, kind: type) -> Any:
    for frame in _frames():
        value = frame.f_locals.get(name)
        if isinstance(value, kind):
            return value
    return None


def _generator_in_stack() -> Generator | None:
    return _local_in_stack("self", Generator)


def _path(item: object) -> str:
    """A content object or an absolute path, as messages show files."""
    source = getattr(item, "source_path", None) or str(item)
    return display_path(source)


def _source(default: object = None) -> str:
    """The file a reader message is about: the content in the stack, or the reader's file."""
    content = _content_in_stack()
    if content is not None:
        return _path(content)
    source = _local_in_stack("source_path", str)
    if source:
        return display_path(source)
    return _path(default) if default is not None else ""


def _field(content: object, name: str) -> bool:
    """Whether the author wrote ``name`` in the file's metadata."""
    return name in (getattr(content, "metadata", None) or {})


# --- the rules: one per message of Pelican's ------------------------------------------


def _missing(content: object, prop: str) -> str:
    path = _path(content)
    suffix = os.path.splitext(path)[1].lower()
    if prop == "title":
        if suffix in (".html", ".htm"):
            fix = "bitte <title>…</title> in den <head> der Datei schreiben"
        elif suffix == ".rst":
            fix = "bitte eine Überschrift an den Anfang der Datei stellen"
        else:
            fix = "bitte eine Zeile title: … in die Metadaten schreiben"
        return f"{path}: Feld 'title' fehlt – {fix}."
    if prop == "date":
        return (
            f"{path}: Feld 'date' fehlt – Blogbeiträge brauchen ein Datum, "
            "bitte z. B. date: 2026-03-14 09:30 in die Metadaten schreiben."
        )
    return f"{path}: Feld '{prop}' fehlt – bitte in den Metadaten ergänzen."


def _outside(content: object, save_as: str) -> str:
    path = _path(content)
    title = getattr(content, "title", None)
    slug = getattr(content, "slug", None)
    if _field(content, "save_as"):
        return (
            f"{path}: Feld 'save_as': '{save_as}' läge außerhalb des Ausgabeordners – bitte "
            "einen Pfad innerhalb der Website eintragen (z. B. save_as: seite/index.html) "
            "oder die Zeile löschen."
        )
    if _field(content, "slug"):
        return (
            f"{path}: Feld 'slug': '{slug}' ergibt den Pfad '{save_as}' außerhalb des "
            "Ausgabeordners – bitte einen slug aus Buchstaben, Ziffern und Bindestrichen "
            "eintragen, z. B. slug: meine-seite."
        )
    if not title:
        return (
            f"{path}: ohne Titel entsteht keine Adresse für die Seite – bitte einen Titel "
            "eintragen (siehe die Meldung zu 'title')."
        )
    if not slug:
        return f"{path}: {no_address_from_title(title, 'meine-seite')}"
    return (
        f"{path}: die Seite würde nach '{save_as}' außerhalb des Ausgabeordners geschrieben "
        "– bitte save_as, url und slug in den Metadaten prüfen."
    )


def _status(status: str, content: object, allowed: object) -> str:
    path = _path(content)
    choices = ", ".join(str(a) for a in allowed) if isinstance(allowed, (list, tuple)) else ""
    hint = STATUS_WORDS.get(str(status).strip().lower())
    if hint:
        fix = f"für „{status}“ bitte status: {hint} schreiben"
    else:
        fix = (
            "bitte draft (Entwurf), hidden (versteckt) oder published (veröffentlicht) "
            "eintragen oder die Zeile löschen"
        )
    return f"{path}: Feld 'status': '{status}' gibt es nicht – {fix} (möglich: {choices})."


def _is_utf8(source: str) -> bool:
    try:
        with open(source, encoding="utf-8") as handle:
            handle.read()
    except (OSError, UnicodeDecodeError):
        return False
    return True


def _not_processed(relative: str) -> str:
    generator = _generator_in_stack()
    source = os.path.join(generator.path, relative) if generator is not None else relative
    path = display_path(source)
    error = sys.exc_info()[1]
    if isinstance(error, ContentError):
        return (
            f"{path}: die Datei wurde nicht gelesen – bitte den Fehler aus der Meldung "
            "darüber beheben."
        )
    if isinstance(error, UnicodeDecodeError):
        if _is_utf8(source):  # the files are read together: another one is not UTF-8
            return (
                f"{path}: die Datei wurde nicht gelesen, weil eine andere Datei nicht in UTF-8 "
                "gespeichert ist (siehe die Meldungen danach) – bitte jene Datei im Editor mit "
                "der Kodierung UTF-8 speichern."
            )
        return (
            f"{path}: die Datei ist nicht in UTF-8 gespeichert – bitte im Editor mit der "
            "Kodierung UTF-8 speichern."
        )
    reason = f" ({type(error).__name__}: {error})" if error is not None else ""
    return (
        f"{path}: die Datei konnte nicht gelesen werden{reason} – bitte die Datei prüfen; "
        "mit --debug zeigt der Build alle Einzelheiten."
    )


def _not_found(url: str) -> str:
    what = _local_in_stack("what", str) or "static"
    content = _content_in_stack()
    written = f"{{{what}}}{url}"
    where = f"{_path(content)}: " if content is not None else ""
    target = _link_target(content, url)
    if target:  # the file is there: the link was resolved before the build knew it
        relative = os.path.relpath(target, content.settings["PATH"]).replace(os.sep, "/")
        address = f"/{relative}" if what != "filename" else "die Adresse der Seite, z. B. /kontakt/"
        return (
            f"{where}Verweis '{written}': die Datei {display_path(target)} gibt es, "
            "der Verweis wurde aber aufgelöst, bevor der Build sie kannte, und bleibt so stehen "
            f"– bitte vorerst {address} schreiben."
        )
    example = "{filename}/blog/beitrag.md" if what == "filename" else "{static}/images/bild.png"
    return (
        f"{where}Verweis '{written}': dazu gibt es keine veröffentlichte Datei – bitte den "
        f"Pfad ab content/ prüfen, z. B. {example}."
    )


def _link_target(content: Content | None, url: str) -> str:
    """The file a link names, when it exists below content/ ("" otherwise)."""
    if content is None:
        return ""
    path = unquote(urlsplit(url).path)
    relative = (
        path.lstrip("/")
        if path.startswith("/")
        else posixpath.normpath(posixpath.join(content.relative_dir, path))
    )
    root = content.settings.get("PATH", "")
    target = os.path.join(root, relative)
    return target if root and os.path.isfile(target) else ""


def _filename_for_static(target: str, relative: str) -> str:
    content = _content_in_stack()
    path = _path(content) if content is not None else relative
    return (
        f"{path}: Verweis '{{filename}}{target}': das ist eine Datei, keine Seite – bitte "
        f"{{static}}{target} schreiben."
    )


def _unknown_indicator(what: str, origin: str) -> str:
    content = _content_in_stack()
    where = f"{_path(content)}: " if content is not None else ""
    return f"{where}{unknown_marker(origin, what)}"


def _attach(content: str, static: str, reason: str) -> str:
    linking = _content_in_stack()
    path = _path(linking) if linking is not None else content
    why = (
        "sie hat schon eine eigene Adresse"
        if "overridden" in reason
        else "ein anderer Verweis nutzt schon ihre Adresse"
    )
    return (
        f"{path}: Verweis mit {{attach}} auf {static}: die Datei bleibt, wo sie ist ({why}) "
        "– bitte {static} verwenden."
    )


def _empty_alt(name: str, source: str) -> str:
    return (
        f"{display_path(source)}: Bild '{name}' hat keinen Alternativtext – bitte beschreiben, "
        f"was es zeigt: ![Beschreibung]({{static}}/images/{name})."
    )


def _invalid_slug(kind: str, name: str) -> str:
    field = WRAPPER_FIELDS.get(kind, kind.lower())
    content = _content_in_stack()
    where = f"{_path(content)}: Feld '{field}': " if content is not None else ""
    return f"{where}{no_address_from_name(field, name)}"


def _failed_list_page(name: str, kind: str) -> str:
    return (
        f"Die {kind} „{name}“ konnte nicht geschrieben werden – den Grund nennt die Meldung danach."
    )


def _title_missing_rst(source: str) -> str:
    return (
        f"{display_path(source)}: Titel fehlt – bitte genau eine Überschrift der obersten "
        "Ebene an den Anfang der Datei stellen."
    )


def _docutils_language(lang: str) -> str:
    where = _source()
    where = f"{where}: " if where else ""
    return (
        f"{where}Feld 'lang': für '{lang}' hat docutils keine Übersetzung und nimmt Englisch "
        "– bitte lang: de oder lang: en eintragen."
    )


def _duplicate_definition(name: str, source: str) -> str:
    return (
        f"{display_path(source)}: Feld '{name}' steht mehrmals in den Metadaten, es gilt das "
        "erste – bitte die übrigen Zeilen löschen."
    )


def _meta_without_name(source: str, attributes: str) -> str:
    return (
        f"{display_path(source)}: ein <meta>-Tag ohne name wird übergangen ({attributes}) – "
        'bitte name="…" ergänzen oder das Tag löschen.'
    )


def _meta_contents(source: str) -> str:
    return (
        f"{display_path(source)}: <meta … contents=…> wird als content gelesen – bitte "
        "content=… schreiben."
    )


def _no_order_attribute(attribute: str, relative: str) -> str:
    content = _content_in_stack()
    path = _path(content) if content is not None else relative
    return (
        f"{path}: Feld '{attribute}' fehlt, nach dem die Liste sortiert wird – bitte "
        f"ergänzen; bis dahin steht die Datei nach ihrem slug sortiert."
    )


def _stamp(filename: str, error: object) -> str:
    if isinstance(error, FileNotFoundError):
        return (
            f"{display_path(filename)}: die Datei gibt es nicht – bitte den Verweis darauf "
            "prüfen (Pfad ab content/, z. B. {static}/images/bild.png)."
        )
    reason = getattr(error, "strerror", None) or str(error)
    return f"{display_path(filename)}: die Datei ist nicht lesbar ({reason}) – bitte prüfen."


def _copy_failed(source: str, destination: str, error: object) -> str:
    reason = getattr(error, "strerror", None) or str(error)
    return (
        f"{display_path(source)}: konnte nicht nach {display_path(destination)} kopiert "
        f"werden ({reason}) – bitte prüfen, ob die Datei lesbar ist."
    )


def _walk_failed(source: str, filename: str, reason: str) -> str:
    return (
        f"{display_path(filename or source)}: beim Kopieren nicht lesbar ({reason}) – "
        "bitte prüfen, ob die Datei lesbar ist."
    )


def _not_a_file(source: str, destination: str) -> str:
    return (
        f"{display_path(source)}: weder Datei noch Ordner (z. B. ein kaputter Verweis) – "
        "wird nicht kopiert; bitte ersetzen oder löschen."
    )


def _folder_onto_file(source: str, destination: str) -> str:
    return (
        f"{display_path(source)}: ein Ordner, aber {display_path(destination)} ist eine Datei "
        "– bitte eins von beiden umbenennen."
    )


def _not_text(setting: str, value: object) -> str:
    return (
        f"pelicanconf.py: {setting}: {value!r} ist kein Text – bitte einen Pfad als Text eintragen."
    )


RULES: dict[str, Callable[..., str]] = {
    "Skipping %s: could not find information about '%s'": _missing,
    "Skipping %s: file %r would be written outside output path": _outside,
    "Unknown status '%s' for file %s, skipping it. (Not in %s)": _status,
    "Could not process %s": _not_processed,
    "Unable to find '%s', skipping url replacement.": _not_found,
    "{filename} used for linking to static content %s in %s. Use {static} instead": (
        _filename_for_static
    ),
    "Replacement Indicator %r not recognized in %r, skipping replacement": _unknown_indicator,
    "The {attach} link in %s cannot relocate %s because %s. Falling back to {filename} "
    "link behavior instead.": _attach,
    "Empty alt attribute for image %s in %s": _empty_alt,
    'Unable to generate valid slug for %s "%s".': _invalid_slug,
    'Failed to write Tag page for "%s".': lambda name: _failed_list_page(name, "Schlagwortseite"),
    'Failed to write Category page for "%s".': lambda name: _failed_list_page(
        name, "Kategorieseite"
    ),
    'Failed to write Author page for "%s".': lambda name: _failed_list_page(name, "Autorenseite"),
    "Document title missing in file %s: Ensure exactly one top level section": (_title_missing_rst),
    "Docutils has no localization for '%s'. Using 'en' instead.": _docutils_language,
    "Duplicate definition of `%s` for %s. Using first one.": _duplicate_definition,
    "Meta tag in file %s does not have a 'name' attribute, skipping. Attributes: %s": (
        _meta_without_name
    ),
    "Meta tag attribute 'contents' used in file %s, should be changed to 'content'": (
        _meta_contents
    ),
    'There is no "%s" attribute in "%s". Defaulting to slug order.': _no_order_attribute,
    "Cannot get modification stamp for %s\n\t%s": _stamp,
    "A problem occurred copying file %s to %s; %s": _copy_failed,
    "While copying %s: %s: %s": _walk_failed,
    "Skipped copy %s (not a file or directory) to %s": _not_a_file,
    "Cannot copy %s (a directory) to %s (a file)": _folder_onto_file,
    "%s is set to %s": _not_text,
}

# Several items with one slug (pelican.utils.get_original_items): the paths follow the
# message, one per line, so the format string grows with their number.
SAME_LANG = re.compile(r'There are %s items "%s" with lang %s: (?:\n%s)+')
ORIGINALS = re.compile(r"There are %s original \(not translated\) items %s: (?:\n%s)+")
ALL_TRANSLATIONS = re.compile(r'All items \("%s"\) "%s" are translations: (?:\n%s)+')
IDENTITY = re.compile(r'(\w+) "([^"]*)"')
DISABLED_READER = re.compile(
    r"(?P<path>.+): Could not import '[^']+'\. Have you installed the '(?P<package>[^']+)' "
    r"package\?"
)


def _identity(with_str: str) -> str:
    """``with slug "x"`` → ``slug 'x'`` (or several ``name 'value'``)."""
    parts = [f"{name} '{value}'" for name, value in IDENTITY.findall(str(with_str))]
    return ", ".join(parts) or str(with_str)


def _several(args: tuple, fixed: int, sentence: Callable[[list[str], str], str]) -> str:
    paths = [display_path(str(p)) for p in args[fixed:]]
    paths.sort()
    return sentence(paths, _identity(args[1]))


def _same_lang(args: tuple) -> str:
    lang = args[2]
    return _several(
        args,
        3,
        lambda paths, ident: (
            f"{paths[0]}: {ident} hat auch {', '.join(paths[1:])} (beide Sprache {lang}) – "
            "jede Datei braucht einen eigenen slug."
        ),
    )


def _originals(args: tuple) -> str:
    return _several(
        args,
        2,
        lambda paths, ident: (
            f"{paths[0]}: {ident} hat auch {', '.join(paths[1:])}, und keine der Dateien ist "
            "als Übersetzung markiert – bitte eigene slugs vergeben (oder bei einer "
            "Übersetzung lang: … und translation: true eintragen)."
        ),
    )


def _all_translations(args: tuple) -> str:
    paths = sorted(display_path(str(p)) for p in args[2:])
    return (
        f"{paths[0]}: alle Dateien mit {_identity(args[1])} sind als Übersetzung markiert "
        f"({', '.join(paths)}) – bitte bei der ursprünglichen Fassung translation: true löschen."
    )


def _by_pattern(record: logging.LogRecord) -> str | None:
    message, args = str(record.msg), tuple(record.args or ())
    if SAME_LANG.fullmatch(message):
        return _same_lang(args)
    if ORIGINALS.fullmatch(message):
        return _originals(args)
    if ALL_TRANSLATIONS.fullmatch(message):
        return _all_translations(args)
    disabled = DISABLED_READER.fullmatch(record.getMessage())
    if disabled:
        return (
            f"{display_path(disabled['path'])}: diese Dateiart kann nicht gelesen werden, weil "
            f"das Paket '{disabled['package']}' fehlt – bitte die Umgebung neu einrichten "
            "(make) oder die Datei als .md speichern."
        )
    return None


def german(record: logging.LogRecord) -> str:
    """The record's message: German for Pelican's author-facing messages, else unchanged."""
    try:
        translated = _translate(record)
    except Exception:  # a rule that does not fit this record: the original text
        translated = None
    return translated or record.getMessage()


def _translate(record: logging.LogRecord) -> str | None:
    if not isinstance(record.msg, str):
        return None
    if not record.name.startswith("pelican"):  # the kit's own messages are German already
        return None
    if record.msg in SUMMARIES and not record.args:
        return SUMMARIES[record.msg]
    rule = RULES.get(record.msg)
    if rule is not None:
        args = record.args if isinstance(record.args, tuple) else (record.args,)
        return rule(*args)
    return _by_pattern(record)
