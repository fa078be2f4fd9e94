"""Theme assets with content hashes in their names, so hosts can cache them for a year.

Templates call ``asset("css/site.css")`` and get ``/assets/css/site.3f9a1c2b.css``;
the file is copied from ``theme/static/`` into the output when the build finishes.
A changed file gets a new name, so a visitor never sees a stale stylesheet while
HTML itself is never cached for long.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from pelican import signals

ASSET_DIR = "assets"


class Assets:
    """Fingerprinted names for the theme's static files of one build."""

    def __init__(self, static_root: Path, siteurl: str) -> None:
        self.static_root = static_root
        self.siteurl = siteurl
        self.used: dict[str, str] = {}  # source path -> fingerprinted output path

    def name_for(self, path: str) -> str:
        """``css/site.css`` → ``assets/css/site.<hash8>.css`` (hash of the file's bytes)."""
        if path not in self.used:
            source = self.static_root / path
            if not source.is_file():
                raise FileNotFoundError(f"asset('{path}'): {source} gibt es nicht.")
            digest = hashlib.sha256(source.read_bytes()).hexdigest()[:8]
            stem, dot, ext = path.rpartition(".")
            self.used[path] = (
                f"{ASSET_DIR}/{stem}.{digest}.{ext}" if dot else f"{ASSET_DIR}/{path}.{digest}"
            )
        return self.used[path]

    def url(self, path: str) -> str:
        return f"{self.siteurl}/{self.name_for(path)}"

    def copy_into(self, output: Path) -> None:
        for source, target in self.used.items():
            destination = output / target
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self.static_root / source, destination)


_current: dict[str, Assets] = {}


def install(generator) -> None:
    """Offer ``asset()`` to every template (one registry per build)."""
    settings = generator.settings
    assets = _current.get("build")
    base = settings.get("SITEPATH", "")
    if assets is None or assets.siteurl != base:
        assets = Assets(Path(settings["THEME"]) / "static", base)
        _current["build"] = assets
    generator.env.globals["asset"] = assets.url


def reset(pelican) -> None:
    """A new run starts with an empty registry."""
    _current.pop("build", None)


def copy_assets(pelican) -> None:
    """Write the fingerprinted files the templates asked for."""
    assets = _current.get("build")
    if assets is not None:
        assets.copy_into(Path(pelican.output_path))


def register() -> None:
    signals.get_generators.connect(reset)
    signals.generator_init.connect(install)
    signals.finalized.connect(copy_assets)
