"""Theme assets with content hashes in their names, so hosts can cache them for a year.

Templates call ``asset("css/site.css")`` and get ``/assets/css/site.3f9a1c2b.css``;
the first call copies the file from ``theme/static/`` into the output. A changed file
gets a new name, so a visitor never sees a stale stylesheet while HTML itself is
never cached for long. The registry of one build lives in that build's context.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import shutil
from pathlib import Path

from pelican import signals

from plugins.site_settings import sitepath

ASSET_DIR = "assets"
CSS_URL = re.compile(r"""url\((["']?)([^"')]+)\1\)""")
RELATIVE_URL = re.compile(r"^(?![a-z][a-z0-9+.-]*:|/|#|data:)", re.IGNORECASE)
CONTEXT_KEY = "asset_registry"


def fingerprinted(static_root: Path, path: str) -> str:
    """``css/site.css`` → ``assets/css/site.<hash8>.css`` (hash of the file's bytes)."""
    source = static_root / path
    if not source.is_file():
        raise FileNotFoundError(f"asset('{path}'): {source} gibt es nicht.")
    return _hashed_name(path, source.read_bytes())


def _hashed_name(path: str, data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()[:8]
    stem, dot, ext = path.rpartition(".")
    return f"{ASSET_DIR}/{stem}.{digest}.{ext}" if dot else f"{ASSET_DIR}/{path}.{digest}"


class Assets:
    """Fingerprinted names for the theme's static files of one build.

    ``generated`` holds files that plugins make during the build (path → text), such as
    the brand stylesheet; they are served exactly like the theme's own files.
    """

    def __init__(
        self, static_root: Path, output: Path, sitepath: str, generated: dict | None = None
    ) -> None:
        self.static_root = static_root
        self.output = output
        self.sitepath = sitepath
        self.generated = dict(generated or {})
        self.used: dict[str, str] = {}  # source path -> fingerprinted output path

    def name_for(self, path: str) -> str:
        """``css/site.css`` → ``assets/css/site.<hash8>.css``; copies the file the first time.

        A stylesheet's relative ``url(…)`` (a font) is served fingerprinted too and the
        stylesheet refers to that name, so its own hash changes with the font's.
        """
        if path not in self.used:
            if path in self.generated:
                data = self.generated[path].encode("utf-8")
            elif path.endswith(".css"):
                data = self._with_fingerprinted_urls(path).encode("utf-8")
            else:
                data = b""
            if data:
                target = _hashed_name(path, data)
                destination = self.output / target
                destination.parent.mkdir(parents=True, exist_ok=True)
                destination.write_bytes(data)
            else:
                target = fingerprinted(self.static_root, path)
                destination = self.output / target
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(self.static_root / path, destination)
            self.used[path] = target
        return self.used[path]

    def _with_fingerprinted_urls(self, path: str) -> str:
        source = self.static_root / path
        if not source.is_file():
            raise FileNotFoundError(f"asset('{path}'): {source} gibt es nicht.")
        folder = posixpath.dirname(path)

        def replace(match: re.Match) -> str:
            reference = match.group(2)
            if RELATIVE_URL.match(reference) is None:
                return match.group(0)
            target = posixpath.normpath(posixpath.join(folder, reference))
            served = self.name_for(target).removeprefix(f"{ASSET_DIR}/")
            return f'url("{posixpath.relpath(served, folder)}")'

        return CSS_URL.sub(replace, source.read_text(encoding="utf-8"))

    def url(self, path: str) -> str:
        return f"{self.sitepath}/{self.name_for(path)}"


def install(generator) -> None:
    """Offer ``asset()`` to every template; one registry per build, kept in its context."""
    context = generator.context
    if CONTEXT_KEY not in context:
        settings = generator.settings
        context[CONTEXT_KEY] = Assets(
            Path(settings["THEME"]) / "static",
            Path(generator.output_path),
            sitepath(settings),
            settings.get("GENERATED_ASSETS"),
        )
    generator.env.globals["asset"] = context[CONTEXT_KEY].url


def register() -> None:
    signals.generator_init.connect(install)
