"""Theme assets with content hashes in their names, so hosts can cache them for a year.

Templates call ``asset("css/site.css")`` and get ``/assets/css/site.3f9a1c2b.css``;
the first call copies the file from ``theme/static/`` into the output. A changed file
gets a new name, so a visitor never sees a stale stylesheet while HTML itself is
never cached for long. The registry of one build lives in that build's context.

A file that names other theme files is served with their fingerprinted names: a
stylesheet's relative ``url(…)`` and a JavaScript module's relative ``import``/``export …
from "./x.js"``. Its own hash is taken over that rewritten text, so a changed font or
imported module changes the name of every file that uses it.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import shutil
from pathlib import Path

from pelican import signals

from plugins.site_settings import sitepath
from plugins.site_settings.paths import display_path

ASSET_DIR = "assets"
CSS_URL = re.compile(r"""url\((["']?)([^"')]+)\1\)""")
RELATIVE_URL = re.compile(r"^(?![a-z][a-z0-9+.-]*:|/|#|data:)", re.IGNORECASE)
#: A static ``import "./a.js"``, ``import { x } from "../b.js"`` or ``export … from "./c.js"``
#: at the start of a line: only relative specifiers, which name files of the theme.
JS_IMPORT = re.compile(
    r"""^(?P<head>[ \t]*(?:import|export)\b(?:[\w$*{},\s]*?\bfrom)?\s*)"""
    r"""(?P<quote>["'])(?P<specifier>\.\.?/[^"'\n]+)(?P=quote)""",
    re.MULTILINE,
)
CONTEXT_KEY = "asset_registry"


class AssetError(ValueError):
    """A theme file names another that cannot be served; the message is one German line."""


def fingerprinted(static_root: Path, path: str) -> str:
    """``css/site.css`` → ``assets/css/site.<hash8>.css``: the name a build serves the
    theme file under (the hash of what it serves, with its ``url()`` and imports naming
    fingerprinted files), for pages made outside the build (the receiver's)."""
    return Assets(static_root, None, "").name_for(path)


def _file_name(static_root: Path, path: str) -> str:
    """The fingerprinted name of a file served as it is (hash of its bytes)."""
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
        self,
        static_root: Path,
        output: Path | None,
        sitepath: str,
        generated: dict | None = None,
    ) -> None:
        self.static_root = static_root
        self.output = output
        self.sitepath = sitepath
        self.generated = dict(generated or {})
        self.used: dict[str, str] = {}  # source path -> fingerprinted output path
        self.imports: dict[str, list[str]] = {}  # module -> the modules it imports
        self._open: list[str] = []  # files being fingerprinted, each naming the next

    def name_for(self, path: str) -> str:
        """``css/site.css`` → ``assets/css/site.<hash8>.css``; copies the file the first time.

        A stylesheet's relative ``url(…)`` (a font) and a module's relative imports are
        served fingerprinted too, first, and the file refers to those names, so its own
        hash changes with theirs.
        """
        if path not in self.used:
            if path in self._open:
                cycle = " → ".join([*self._open[self._open.index(path) :], path])
                raise AssetError(
                    f"{self._shown(path)}: Import-Zyklus {cycle} – Module dürfen sich nicht "
                    "gegenseitig importieren, auch nicht über Umwege; bitte das Gemeinsame "
                    "in ein eigenes Modul legen, das beide importieren."
                )
            self._open.append(path)
            try:
                data = self._served_text(path)
            finally:
                self._open.pop()
            target = _hashed_name(path, data) if data else _file_name(self.static_root, path)
            if self.output is not None:  # None: only the names (fingerprinted)
                destination = self.output / target
                destination.parent.mkdir(parents=True, exist_ok=True)
                if data:
                    destination.write_bytes(data)
                else:
                    shutil.copyfile(self.static_root / path, destination)
            self.used[path] = target
        return self.used[path]

    def _served_text(self, path: str) -> bytes:
        """The bytes to serve when they differ from the file's own; empty: copy the file."""
        if path in self.generated:
            return self.generated[path].encode("utf-8")
        if path.endswith(".css"):
            return self._with_fingerprinted_urls(path).encode("utf-8")
        if path.endswith(".js"):
            return self._with_fingerprinted_imports(path)
        return b""

    def _with_fingerprinted_imports(self, path: str) -> bytes:
        """A module with its relative import specifiers naming the fingerprinted files.

        A script without such imports is served byte for byte as it is (empty result).
        """
        source = self.static_root / path
        if not source.is_file():
            raise FileNotFoundError(f"asset('{path}'): {source} gibt es nicht.")
        text = source.read_bytes().decode("utf-8")
        folder = posixpath.dirname(path)
        imported: list[str] = []

        def replace(match: re.Match) -> str:
            specifier = match.group("specifier")
            target = posixpath.normpath(posixpath.join(folder, specifier))
            if target.startswith("../") or not (self.static_root / target).is_file():
                raise AssetError(
                    f"{self._shown(path)}: importiert „{specifier}“, aber "
                    f"{self._shown(target)} gibt es nicht – bitte den Pfad prüfen "
                    "(relativ zur importierenden Datei, mit Endung .js)."
                )
            served = self.name_for(target).removeprefix(f"{ASSET_DIR}/")
            relative = posixpath.relpath(served, folder or ".")
            if not relative.startswith("../"):
                relative = f"./{relative}"  # without "./" a browser reads a package name
            if target not in imported:
                imported.append(target)
            quote = match.group("quote")
            return f"{match.group('head')}{quote}{relative}{quote}"

        rewritten = JS_IMPORT.sub(replace, text)
        self.imports[path] = imported
        return rewritten.encode("utf-8") if imported else b""

    def _shown(self, path: str) -> str:
        """How a message names a theme file, e.g. ``theme/static/js/x.js``."""
        return display_path(str(self.static_root / path))

    def modules(self, path: str) -> list[str]:
        """Every module ``path`` imports, directly or through others, once each."""
        self.name_for(path)
        found: list[str] = []
        pending = list(self.imports.get(path, []))
        while pending:
            module = pending.pop(0)
            if module not in found:
                found.append(module)
                pending.extend(self.imports.get(module, []))
        return found

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

    def module_urls(self, path: str) -> list[str]:
        """The URLs of the modules ``path`` imports, for ``<link rel="modulepreload">``:
        the browser fetches them all at once instead of one import after the other."""
        return [self.url(module) for module in self.modules(path)]


def install(generator) -> None:
    """Offer ``asset()`` and ``asset_imports()`` to every template; one registry per build,
    kept in its context."""
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
    generator.env.globals["asset_imports"] = context[CONTEXT_KEY].module_urls


def register() -> None:
    signals.generator_init.connect(install)
