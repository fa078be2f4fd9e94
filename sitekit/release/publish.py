"""``invoke publish``: a production build, every release gate, then the release folder.

The build goes into ``<release>.candidate-<pid>`` next to the release folder; only when
every gate passes does it replace the release in two renames. A failed gate, a
failed build, Ctrl+C or SIGTERM leave the last good release untouched and remove the
candidate; a candidate left by a killed run is removed by the next one.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
from dataclasses import dataclass
from pathlib import Path

from plugins.images import is_placeholder
from plugins.safe_output import remove_stale_siblings, swap_in
from plugins.site_settings import owner_placeholders
from plugins.testimonials import placeholder_testimonials

from ..build import read_site_settings, run_build
from ..project import shown
from .runner import GATE_NAMES, check_names, run_gates

RETAINED = [".git", "CNAME", ".nojekyll"]


class PublishError(Exception):
    """The release was not replaced; the message says why, in German."""


@dataclass
class PublishOptions:
    content: Path
    output: Path
    gates: tuple[str, ...] = GATE_NAMES
    allow_placeholder: bool = False
    settings_file: str = "publishconf.py"


def refuse_placeholders(settings: dict, allowed: bool) -> None:
    """Production must not go out with the demo's invented owner data."""
    reasons = owner_placeholders(settings)
    if reasons and not allowed:
        raise PublishError(
            "pelicanconf.py: OWNER: Die Angaben zur Inhaberin sind noch Platzhalter ("
            + "; ".join(reasons)
            + ") – bitte echte Angaben eintragen und placeholder auf False setzen "
            "(zum Ausprobieren: make publish ARGS=--allow-placeholder)."
        )
    invented = placeholder_testimonials(Path(settings["PATH"]), settings)
    if invented and not allowed:
        raise PublishError(
            f"{invented[0]}: Feld 'placeholder': Diese Kundenstimme ist ein erfundenes Beispiel"
            + (f" (und {len(invented) - 1} weitere)" if len(invented) > 1 else "")
            + " – bitte durch echte Stimmen mit Einwilligung ersetzen oder die Datei löschen "
            "(zum Ausprobieren: make publish ARGS=--allow-placeholder)."
        )
    portrait = settings.get("PORTRAIT") or ""
    if portrait and is_placeholder(Path(settings["PATH"]) / portrait):
        if not allowed:
            raise PublishError(
                f"pelicanconf.py: PORTRAIT: content/{portrait} ist noch die Platzhalter-"
                "Illustration der Demo – bitte durch Ihr eigenes Foto ersetzen (gleicher "
                'Dateiname, dazu PORTRAIT_ALT anpassen) oder PORTRAIT = "" setzen '
                "(zum Ausprobieren: make publish ARGS=--allow-placeholder)."
            )
        reasons.append(f"Platzhalter-Porträt content/{portrait}")
    reasons += [f"erfundene Kundenstimme {name}" for name in invented]
    if reasons:
        print(f"WARNUNG: Platzhalter-Daten erlaubt (--allow-placeholder): {'; '.join(reasons)}")


def publish(options: PublishOptions, echo=print) -> Path:
    """Build, gate and swap in the release; raise PublishError when anything fails."""
    check_names(options.gates)
    final = options.output.resolve()
    settings = read_site_settings(options.settings_file, options.content, final)
    refuse_placeholders(settings, options.allow_placeholder)
    remove_stale_siblings(final)
    candidate = final.with_name(f"{final.name}.candidate-{os.getpid()}")
    shutil.rmtree(candidate, ignore_errors=True)
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    try:
        if run_build(options.settings_file, options.content, candidate) != 0:
            raise PublishError(
                f"Der Build ist gescheitert (siehe oben). {shown(final)} ist unverändert."
            )
        siteurl = settings["SITEURL"]
        skipped = [name for name in GATE_NAMES if name not in options.gates]
        echo(f"Release-Gates für {siteurl}: {', '.join(options.gates)}")
        if skipped:
            echo(f"ÜBERSPRUNGEN (auf Wunsch): {', '.join(skipped)}")
        failed = [r for r in run_gates(candidate, siteurl, options.gates, echo) if not r.ok]
        if failed:
            raise PublishError(
                f"Veröffentlichung abgelehnt: Gate „{failed[0].name}“ ist nicht bestanden "
                f"(siehe oben). {shown(final)} ist unverändert."
            )
        swap_in(candidate, final, RETAINED)
    finally:
        shutil.rmtree(candidate, ignore_errors=True)
        signal.signal(signal.SIGTERM, previous)
    return final
