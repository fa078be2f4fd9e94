"""owner.yml: every fact about the owner and her brand, read once and checked in German.

``pelicanconf.py`` calls ``owner_settings()``; it returns the settings that derive from the
owner's facts (SITENAME, AUTHOR, OWNER, the portrait, the booking link, feed ids, the
brand colour). Anything wrong is one ``SettingsError`` line naming the file, the line and
the key, saying what is wrong and what to write instead. Plain YAML, no Python.
"""

from __future__ import annotations

import difflib
import functools
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from plugins.site_settings.paths import display_path
from plugins.site_settings.yaml_errors import explain

from .authorities import AUTHORITIES, STATES
from .brand import LIGHT_BG, TEXT_COLOUR, problem_of
from .forking import result_apart
from .schema import SettingsError

#: The environment variable that points a build at another owner file (the tests' sites).
OWNER_FILE_ENV = "SITEKIT_OWNER_FILE"
DEFAULT_FILE = "owner.yml"
GERMANY = 49  # country code: German numbers are shown the national way
#: The demo's pictures; ``make strip-demo`` removes the folder, owner.yml may still name it.
DEMO_IMAGE_FOLDER = "images/demo"

Check = Callable[[Any], str]


@dataclass(frozen=True)
class Field:
    check: Check
    hint: str  # what to write, e.g. "die Straße mit Hausnummer"
    required: bool = True


def _text(value: Any) -> str:
    return "" if isinstance(value, str) else "ist kein Text"


def _pattern(regex: str, explained: str) -> Check:
    def check(value: Any) -> str:
        if not isinstance(value, str):
            return "ist kein Text"
        return "" if re.fullmatch(regex, value.strip()) else f"„{value}“ {explained}"

    return check


def _boolean(value: Any) -> str:
    return "" if isinstance(value, bool) else f"„{value}“ ist weder true noch false"


def _state(value: Any) -> str:
    if value in AUTHORITIES:
        return ""
    close = difflib.get_close_matches(str(value), STATES, n=1, cutoff=0.6)
    guess = f" – meinten Sie {close[0]}?" if close else ""
    return f"„{value}“ ist kein deutsches Bundesland{guess}"


def _email(value: Any) -> str:
    if not isinstance(value, str):
        return "ist kein Text"
    from email_validator import EmailNotValidError, validate_email  # noqa: PLC0415 - load_owner

    try:
        validate_email(value.strip(), check_deliverability=False)
    except EmailNotValidError:
        return f"„{value}“ ist keine gültige E-Mail-Adresse"
    return ""


def _phone(value: Any) -> str:
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        return "ist kein Text"
    import phonenumbers  # noqa: PLC0415 - see load_owner

    try:
        number = phonenumbers.parse(str(value), "DE")
    except phonenumbers.NumberParseException:
        return f"„{value}“ ist keine Telefonnummer"
    if not phonenumbers.is_possible_number(number):
        return f"„{value}“ ist keine vollständige Telefonnummer"
    return ""


def _website(value: Any) -> str:
    if not isinstance(value, str):
        return "ist kein Text"
    parts = urlsplit(value.strip())
    if parts.scheme != "https" or not parts.netloc or parts.query or parts.fragment:
        return f"„{value}“ ist keine Adresse wie https://www.ihre-domain.de"
    return ""


def _colour(value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"#[0-9a-fA-F]{6}", value.strip()):
        return f"„{value}“ ist keine Farbe in der Form #rrggbb"
    return problem_of(value.strip())


def _address_block(value: Any) -> str:
    if not isinstance(value, dict):
        return "braucht die zwei Zeilen name: und anschrift: darunter (eingerückt)"
    for key in ("name", "anschrift"):
        if not str(value.get(key) or "").strip():
            return f"{key}: fehlt oder ist leer"
    unknown = set(value) - {"name", "anschrift"}
    return f"unbekanntes Feld {sorted(unknown)[0]}" if unknown else ""


def _booking(value: Any) -> str:
    if value in (None, ""):
        return ""
    if not isinstance(value, dict):
        return "braucht die Zeilen url:, anbieter: und einbetten: darunter (eingerückt)"
    url = str(value.get("url") or "")
    if url and not url.startswith("https://"):
        return f"url: „{url}“ beginnt nicht mit https://"
    if url and not str(value.get("anbieter") or "").strip():
        return "anbieter: fehlt (wer den Buchungsdienst betreibt, mit Sitz)"
    if not isinstance(value.get("einbetten", False), bool):
        return "einbetten: ist weder true noch false"
    unknown = set(value) - {"url", "anbieter", "einbetten"}
    return f"unbekanntes Feld {sorted(unknown)[0]}" if unknown else ""


def _image(value: Any) -> str:
    if value in (None, ""):
        return ""
    return _pattern(r"[^/\s][^\s]*\.(jpe?g|png|webp|svg)", "ist kein Bildpfad wie images/logo.png")(
        value
    )


def _blank(value: Any) -> bool:
    """Nothing written: no value, only spaces, or an address block with both lines empty."""
    if isinstance(value, dict):
        return not any(str(value.get(key) or "").strip() for key in ("name", "anschrift"))
    return value is None or (isinstance(value, str) and not value.strip())


FIELDS: dict[str, Field] = {
    "name": Field(_text, "Ihren vollen Namen"),
    "firma": Field(_text, "den Namen Ihres Unternehmens (oder Ihren Namen)"),
    "taetigkeit": Field(_text, "Ihre Berufsbezeichnung, z. B. Virtuelle Assistentin"),
    "untertitel": Field(_text, "einen Satz, der Ihr Angebot beschreibt", required=False),
    "strasse": Field(_text, "Straße und Hausnummer Ihrer ladungsfähigen Anschrift"),
    "plz": Field(_pattern(r"\d{5}", "hat nicht genau 5 Ziffern"), "die fünfstellige PLZ"),
    "ort": Field(_text, "den Ort Ihrer Anschrift"),
    "bundesland": Field(_state, "eines der 16 Bundesländer, z. B. Nordrhein-Westfalen"),
    "telefon": Field(_phone, "Ihre Telefonnummer, z. B. 0221 1234567"),
    "email": Field(_email, "Ihre E-Mail-Adresse, z. B. kontakt@ihre-domain.de"),
    "website": Field(_website, "die Adresse der Website, z. B. https://www.ihre-domain.de"),
    "ust_id": Field(
        _pattern(r"DE\d{9}", "ist keine USt-IdNr. (DE und 9 Ziffern)"),
        "Ihre USt-IdNr. (DE und 9 Ziffern) oder kleinunternehmer: true",
    ),
    "wirtschafts_id": Field(
        _pattern(r"DE\d{9}-\d{5}", "ist keine Wirtschafts-IdNr. (DE, 9 Ziffern, -, 5 Ziffern)"),
        "Ihre Wirtschafts-Identifikationsnummer oder nichts",
        required=False,
    ),
    "kleinunternehmer": Field(_boolean, "true (Kleinunternehmerin nach § 19 UStG) oder false"),
    "verantwortlich": Field(
        _text, "wer für die Inhalte verantwortlich ist (sonst: name)", required=False
    ),
    "zeiten": Field(
        _text, "Ihre Erreichbarkeit in einem Satz, z. B. Montag bis Freitag, 9 bis 15 Uhr"
    ),
    "antwortzeit": Field(_text, "Ihre Antwortzeit, z. B. innerhalb eines Werktags"),
    "farbe": Field(_colour, "Ihre Markenfarbe als #rrggbb"),
    "logo": Field(_image, "den Pfad Ihres Logos unter content/ oder nichts", required=False),
    "initialen": Field(
        _pattern(r"\w{1,3}", "sind nicht 1 bis 3 Buchstaben"), "1 bis 3 Buchstaben", required=False
    ),
    "portraet": Field(_image, "den Pfad Ihres Fotos unter content/ oder nichts", required=False),
    "portraet_alt": Field(_text, "einen Satz, der Ihr Foto beschreibt", required=False),
    "hosting": Field(_address_block, "name: und anschrift: Ihres Hosting-Anbieters"),
    "mailversand": Field(_address_block, "name: und anschrift: Ihres E-Mail-Anbieters"),
    "buchung": Field(_booking, "url:, anbieter: und einbetten: oder nichts", required=False),
}


#: The facts only she knows. sitekit/starter/owner.yml leaves them empty (no invented
#: name or address can then go live): while one is empty, the preview builds and leaves it
#: out, the build warns, and ``make publish`` refuses (``empty_field_lines``).
PERSONAL = (
    "name",
    "firma",
    "strasse",
    "plz",
    "ort",
    "telefon",
    "email",
    "website",
    "ust_id",
    "hosting",
    "mailversand",
)


def owner_file(settings_dir: Path) -> Path:
    """The owner file of this build: SITEKIT_OWNER_FILE, else owner.yml beside the settings."""
    chosen = os.environ.get(OWNER_FILE_ENV, "")
    return Path(chosen) if chosen else settings_dir / DEFAULT_FILE


def key_lines(text: str) -> dict[str, int]:
    """Line number (1-based) of each top-level key, for messages."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {key.value: key.start_mark.line + 1 for key, _ in node.value}


def _read(path: Path) -> tuple[dict[str, Any], dict[str, int]]:
    name = display_path(str(path))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise SettingsError(
            f"{name}: Die Datei fehlt – bitte owner.yml aus der Vorlage im Projekt wieder "
            "anlegen (git checkout owner.yml) und Ihre Angaben eintragen."
        ) from None
    except UnicodeDecodeError:
        raise SettingsError(
            f"{name}: Die Datei ist nicht in UTF-8 gespeichert – bitte im Editor als "
            "UTF-8 speichern."
        ) from None
    try:
        data = yaml.safe_load(text)
        lines = key_lines(text)
    except yaml.YAMLError as error:
        number, message = explain(error, text)
        line = f", Zeile {number}" if number is not None else ""
        raise SettingsError(f"{name}{line}: {message}") from None
    if not isinstance(data, dict):
        raise SettingsError(
            f"{name}: Die Datei enthält keine Liste von Feldern (name: Wert je Zeile) – "
            "bitte mit der Vorlage vergleichen."
        )
    return data, lines


def _check(data: dict[str, Any], lines: dict[str, int], name: str) -> None:
    """Raise for the first unknown, missing or unusable field."""
    for key in data:
        if key not in FIELDS:
            close = difflib.get_close_matches(str(key), FIELDS, n=1)
            guess = f" – meinten Sie {close[0]}?" if close else " – bitte die Zeile löschen"
            raise SettingsError(
                f"{name}, Zeile {lines.get(key, '?')}: {key}: unbekanntes Feld{guess}"
            )
    for key, field in FIELDS.items():
        value = data.get(key)
        where = f"{name}, Zeile {lines[key]}" if key in lines else name
        if _blank(value):
            if _required(key, data) and not (key in PERSONAL and key in lines):
                missing = "ist leer" if key in lines else "fehlt"
                raise SettingsError(f"{where}: {key}: {missing} – bitte {field.hint} eintragen.")
            continue
        problem = field.check(value)
        if problem:
            raise SettingsError(f"{where}: {key}: {problem} – bitte {field.hint} eintragen.")


def _required(key: str, data: dict[str, Any]) -> bool:
    """Whether ``key`` must be filled in (the VAT ID not for a Kleinunternehmerin)."""
    if key == "ust_id" and data.get("kleinunternehmer") is True:
        return False
    return FIELDS[key].required


def empty_field_lines(owner: dict[str, Any], name: str) -> list[str]:
    """One German line for each of her facts that is still empty (``owner["leer"]``)."""
    return [
        f"{name}, Zeile {line}: {key}: ist noch leer – bitte {FIELDS[key].hint} eintragen."
        for key, line in (owner.get("leer") or {}).items()
    ]


def empty_fields_note(owner: dict[str, Any], name: str) -> str:
    """The preview's one warning while facts are empty ("" when none is)."""
    empty = owner.get("leer") or {}
    if not empty:
        return ""
    fields = ", ".join(f"{key} (Zeile {line})" for key, line in empty.items())
    return (
        f"{name}: noch leer: {fields} – die Vorschau lässt diese Angaben weg; bitte "
        "eintragen, make publish veröffentlicht die Website erst danach."
    )


def site_name(owner: dict[str, Any]) -> str:
    """The name of the website: the business, else her name, else her job title."""
    return owner.get("firma") or owner.get("name") or owner.get("taetigkeit") or ""


def is_removed_demo_image(path: str, content: str | Path) -> bool:
    """A picture of the demo that ``make strip-demo`` has removed (owner.yml still names it)."""
    inside = Path(path).parts[:2] == Path(DEMO_IMAGE_FOLDER).parts
    return inside and not (Path(content) / path).is_file()


def removed_demo_image_note(key: str, path: str, without: str) -> str:
    """The warning for such a picture: the preview goes on without it."""
    return (
        f"owner.yml: {key}: {path} war ein Bild der Demo und ist entfernt – die Seiten "
        f'erscheinen {without}, bis Sie Ihr eigenes Bild eintragen (oder {key}: "").'
    )


def initials(firma: str) -> str:
    """``Büro Lindenblatt – Virtuelle Assistenz`` → ``BL``: capitals of the name's first words."""
    head = re.split(r"\s[–—|-]\s|,", firma, maxsplit=1)[0]
    words = [word for word in re.findall(r"\w+", head) if word[:1].isupper()] or [head]
    return "".join(word[0] for word in words[:2]).upper()


def vat_note(kleinunternehmer: bool) -> str:
    """The one sentence about VAT wherever prices appear."""
    if kleinunternehmer:
        return "Gemäß §\u00a019\u00a0UStG wird keine Umsatzsteuer berechnet."
    return "Alle Preise zuzüglich der gesetzlichen Umsatzsteuer."


def _phone_forms(telefon: Any) -> tuple[str, str]:
    """(as shown, tel: link) of a checked number; ("", "") for none."""
    if _blank(telefon):
        return "", ""
    import phonenumbers  # noqa: PLC0415 - see load_owner

    number = phonenumbers.parse(str(telefon), "DE")
    shown = phonenumbers.format_number(
        number,
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == GERMANY
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL,
    )
    return shown, "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _derived(data: dict[str, Any], lines: dict[str, int]) -> dict[str, Any]:
    owner = {
        key: (value.strip() if isinstance(value, str) else value) for key, value in data.items()
    }
    owner["leer"] = {
        key: lines[key] for key in PERSONAL if _blank(data.get(key)) and _required(key, data)
    }
    for key in FIELDS:
        if _blank(owner.get(key)):
            owner[key] = {"name": "", "anschrift": ""} if key in ("hosting", "mailversand") else ""
    owner["telefon_anzeige"], owner["telefon_link"] = _phone_forms(owner["telefon"])
    owner["website"] = owner["website"].rstrip("/")
    owner["initialen"] = owner.get("initialen") or initials(site_name(owner))
    owner["verantwortlich"] = owner.get("verantwortlich") or owner["name"]
    owner["farbe"] = owner["farbe"].lower()
    authority = AUTHORITIES[owner["bundesland"]]
    owner["aufsicht"] = {"name": authority.name, "ort": authority.seat}
    owner["ust_hinweis"] = vat_note(owner["kleinunternehmer"])
    owner["buchung"] = owner.get("buchung") or {}
    return owner


def load_owner(path: Path) -> dict[str, Any]:
    """The checked owner facts of ``path`` with the derived ones (display phone, authority…).

    Checked and derived in a process of its own (``result_apart``): the libraries for
    addresses and phone numbers (1.4 MB of modules) stay out of the build process. A
    problem is raised by checking again here.
    """
    data, lines = _read(path)
    _colour(data.get("farbe"))  # here: the brand's colours are then known to the build too
    return result_apart(functools.partial(_checked, data, lines, display_path(str(path))))


def _checked(data: dict[str, Any], lines: dict[str, int], name: str) -> dict[str, Any]:
    _check(data, lines, name)
    return _derived(data, lines)


def owner_settings(settings_dir: str | Path) -> dict[str, Any]:
    """Every setting that follows from the owner file, for ``pelicanconf.py``."""
    path = owner_file(Path(settings_dir))
    owner = load_owner(path)
    booking = owner["buchung"]
    return {
        "OWNER_FILE": str(path),
        "OWNER": owner,
        "SITENAME": site_name(owner),
        "SITESUBTITLE": owner.get("untertitel") or owner["taetigkeit"],
        "AUTHOR": owner["name"] or site_name(owner),
        "OWNER_WEBSITE": owner["website"],
        "PORTRAIT": owner.get("portraet") or "",
        "PORTRAIT_ALT": owner.get("portraet_alt") or "",
        "BOOKING_URL": booking.get("url", ""),
        "BOOKING_PROVIDER": booking.get("anbieter", ""),
        "BOOKING_EMBED": bool(booking.get("einbetten", False)),
        # tag: URIs name the domain without "www." (and never change after launch)
        # (until owner.yml names the website, the preview's feeds use "localhost")
        "FEEDS_ID_AUTHORITY": (urlsplit(owner["website"]).hostname or "localhost").removeprefix(
            "www."
        ),
        "BRAND_COLOUR": owner["farbe"],
        "SHARE_IMAGES_COLOURS": {
            "background": LIGHT_BG,
            "accent": owner["farbe"],
            "text": TEXT_COLOUR,
        },
        "OWNER_IS_DEMO": is_demo_owner(owner),
    }


def is_demo_owner(owner: dict[str, Any]) -> bool:
    """True while the owner's contact is still invented (.example is reserved for examples)."""
    return any(
        str(owner.get(key, "")).rstrip("/").endswith(".example") for key in ("email", "website")
    )
