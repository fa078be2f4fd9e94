"""The plugins form layers: no import circle between plugins or between the modules of
one plugin (type-only imports included), and the ground floor (``site_settings``: paths,
display paths, YAML messages, settings, owner facts) imports no other plugin.

And tests/ mirrors plugins/ and sitekit/ (tests/README.md): a plugin's tests are found by
its name."""

from __future__ import annotations

import ast
import re
from collections import defaultdict

from helpers import ROOT

TESTS = ROOT / "tests"
PLUGINS = ROOT / "plugins"
SITEKIT = ROOT / "sitekit"
GROUND = "site_settings"
#: Folders of tests/ that check the whole site, not one plugin or module.
WHOLE_SITE = ("site", "browser")


def imports() -> dict[str, set[str]]:
    """Module (plugins.x.y) → the plugin modules it imports, relative ones resolved."""
    found: dict[str, set[str]] = defaultdict(set)
    for file in PLUGINS.rglob("*.py"):
        parts = file.relative_to(PLUGINS.parent).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        package = ".".join(parts[:-1])
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                    target = f"{base}.{node.module}" if node.module else base
                else:
                    target = node.module or ""
                if target.startswith("plugins."):
                    found[module].add(target)
            elif isinstance(node, ast.Import):
                found[module] |= {a.name for a in node.names if a.name.startswith("plugins.")}
    return found


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in list(graph):
        if node not in index:
            visit(node)
    return groups


def plugin_of(module: str) -> str:
    return module.split(".")[1] if module.count(".") else module


def test_no_import_circle_between_plugins():
    between: dict[str, set[str]] = defaultdict(set)
    for module, targets in imports().items():
        between[plugin_of(module)] |= {plugin_of(t) for t in targets} - {plugin_of(module)}
    assert circles(between) == []


def test_no_import_circle_between_the_modules_of_a_plugin():
    modules = {
        module: {t for t in targets if plugin_of(t) == plugin_of(module) and t != module}
        for module, targets in imports().items()
    }
    package_inits = {m for m in modules if m.count(".") == 1}  # __init__ re-exports
    within = {m: t - package_inits for m, t in modules.items() if m not in package_inits}
    assert circles(within) == []


def test_the_ground_floor_imports_no_other_plugin():
    above = {
        target
        for module, targets in imports().items()
        if plugin_of(module) == GROUND
        for target in targets
        if plugin_of(target) != GROUND
    }
    assert above == set()


def test_plugins_name_no_class_by_string_and_read_no_sys_modules():
    """Plugins find each other through imports and documented interfaces
    (``planned_outputs``), never by class-name strings or ``sys.modules``. (A program's
    ``if __name__ == "__main__"`` names no class.)"""
    by_name = re.compile(
        r"sys\.modules|__name__(\.lower\(\))?\s*(==|!=|in\b)(?!\s*[\"']__main__[\"'])"
        r"|in type\(\w+\)\.__name__"
        r"|__name__\.lower\(\)|[\"'][A-Z]\w*(Generator|Configs|Outputs|Files)[\"']"
    )
    found = [
        f"{file.relative_to(PLUGINS)}: {match.group(0)}"
        for file in PLUGINS.rglob("*.py")
        for match in by_name.finditer(file.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_no_private_pelican_attribute_outside_its_one_wrapper():
    """Only plugins/site_settings/pelican_internals.py names Pelican's private parts
    (the writer's ``_open_w`` hook is overridden in site_writer, and tested there)."""
    private = re.compile(
        r"\._content\b|_get_intrasite_link_regex|LimitFilter\._|get_(?:content|summary)\.cache"
        r"|_written_files"
    )
    wrapper = PLUGINS / "site_settings" / "pelican_internals.py"
    found = [
        f"{file.relative_to(PLUGINS.parent)}: {match.group(0)}"
        for file in [*PLUGINS.rglob("*.py"), *SITEKIT.rglob("*.py")]
        if file != wrapper
        for match in private.finditer(file.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_tests_mirror_plugins_and_sitekit():
    """tests/plugins/<name>/ holds the tests of the plugin <name>, tests/sitekit/<name>/ those
    of the sitekit module or package <name>; tests of all plugins together lie in
    tests/plugins/ itself, tests of the whole site in tests/site/ and tests/browser/. A
    folder whose plugin or module was renamed or removed is found here."""
    plugins = {p.name for p in PLUGINS.iterdir() if (p / "__init__.py").is_file()}
    modules = {p.stem for p in SITEKIT.glob("*.py") if p.stem != "__init__"}
    modules |= {p.name for p in SITEKIT.iterdir() if (p / "__init__.py").is_file()}
    places = {("plugins",), *((folder,) for folder in WHOLE_SITE)}
    places |= {("plugins", name) for name in plugins} | {("sitekit", name) for name in modules}
    misplaced = [
        test.relative_to(TESTS).as_posix()
        for test in TESTS.rglob("*.py")
        if "__pycache__" not in test.parts and test.relative_to(TESTS).parts[0] != "helpers"
        if test.parent.relative_to(TESTS).parts not in places
        and test.relative_to(TESTS).as_posix() not in {"conftest.py", "test_structure.py"}
    ]
    assert misplaced == []
