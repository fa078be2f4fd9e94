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
from dataclasses import dataclass
from pathlib import Path

from plugins.safe_output import remove_stale_siblings, swap_in

from ..build import read_site_settings, run_build
from ..demo import identity, output_refusals, source_refusals
from ..project import shown
from ..stopping import ending_on, exit_with_signal
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


def refuse_demo(lines: list[str], allowed: bool, what: str, echo=print) -> None:
    """Stop with one line per problem, unless the operator allows the demo to try things."""
    if not lines:
        return
    if allowed:
        echo(
            f"WARNUNG: Demo-Inhalte erlaubt (--allow-placeholder): {len(lines)} Funde, "
            f"z. B. {lines[0]}"
        )
        return
    for line in lines:
        echo(f"FEHLER: {line}")
    raise PublishError(
        f"Veröffentlichung abgelehnt: {what} noch Inhalte der Demo, Platzhalter oder leere "
        f"Pflichtangaben ({len(lines)}, siehe oben). make strip-demo entfernt die Demo, in "
        "owner.yml gehören Ihre Angaben; die Demo zum Ausprobieren veröffentlichen: make "
        "publish ARGS=--allow-placeholder."
    )


def publish(options: PublishOptions, echo=print) -> Path:
    """Build, gate and swap in the release; raise PublishError when anything fails."""
    check_names(options.gates)
    final = options.output.resolve()
    settings = read_site_settings(options.settings_file, options.content, final)
    refuse_demo(
        source_refusals(Path(settings["PATH"]), Path(settings["OWNER_FILE"])),
        options.allow_placeholder,
        "Die Quellen enthalten",
        echo,
    )
    remove_stale_siblings(final)
    candidate = final.with_name(f"{final.name}.candidate-{os.getpid()}")
    shutil.rmtree(candidate, ignore_errors=True)
    with ending_on((signal.SIGTERM,), exit_with_signal):
        try:
            if run_build(options.settings_file, options.content, candidate, shown_as=final) != 0:
                raise PublishError(
                    f"Der Build ist gescheitert (siehe oben). {shown(final)} ist unverändert."
                )
            refuse_demo(
                output_refusals(candidate, identity(), shown_as=final),
                options.allow_placeholder,
                "Die gebaute Website zeigt",
                echo,
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
    return final
