"""What each module of the product imports, read from its source (ast), never by importing it.

Import rules between packages ("the renderer's internals stay inside", "ooxml imports nothing of
the domain") are tested on this map, so a broken rule names the module and the import.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

from tests.conftest import REPO

# Folders whose .py files are the product, and the package root each is importable from.
ROOTS = {REPO / "src": REPO / "src", REPO / "flows": REPO}


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def product_modules() -> dict[str, Path]:
    """Return every module of src/ and flows/ by dotted name (``accord.documents.lint``)."""
    found = {}
    for folder, root in ROOTS.items():
        for path in sorted(folder.rglob("*.py")):
            found[_module_name(path, root)] = path
    return found


def _absolute(module: str, path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    base = package[: len(package) - node.level + 1]
    return ".".join([*base, node.module] if node.module else base)


@cache
def imports_of(module: str) -> frozenset[str]:
    """Return the dotted names ``module`` imports, anywhere in its body (functions included).

    ``from a.b import c`` gives ``a.b``, and ``a.b.c`` too when ``c`` is a module of the
    product, so importing a submodule by ``from`` counts as importing it.
    """
    path = product_modules()[module]
    known = product_modules()
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(module, path, node)
            names.add(source)
            names.update(
                f"{source}.{alias.name}"
                for alias in node.names
                if f"{source}.{alias.name}" in known
            )
    return frozenset(names)


def within(name: str, package: str) -> bool:
    """Return whether the dotted ``name`` is ``package`` or inside it."""
    return name == package or name.startswith(package + ".")
