"""The packages of accord import one another one way only: no package imports one that uses it.

Read from the source (``tests/source_imports.py``), so a cycle is named edge by edge, with one
import that makes each edge, and the fix is to move that import's target to the package below.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise

from tests.source_imports import imports_of, product_modules

# Cycles between top-level modules (not packages) that exist and that the house issue's moves
# do not cut; each pair is allowed to reach the other, for the reason given, and no other pair.
ALLOWED_MODULE_CYCLES = {
    # intake.reader asks settings which columns to ignore; settings compares header names with
    # intake.columns.key, the one header comparison (imported inside the function that needs it).
    frozenset({"intake", "settings"}),
    # The digest (tracker.reminder) lists the batches awaiting approval (approval.awaiting);
    # approving a replacement marks the earlier rows Superseded in their trackers
    # (tracker.supersede, imported only once a batch is published).
    frozenset({"approval", "tracker"}),
}


def _top(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "accord" else None


def _packages() -> set[str]:
    """Return the top-level packages of accord (``intake``, ``tracker``, ``xlsx``, ...)."""
    return {
        name.split(".")[1]
        for name, path in product_modules().items()
        if name.count(".") == 1 and path.name == "__init__.py"
    }


def _graph(nodes: set[str]) -> dict[str, dict[str, tuple[str, str]]]:
    """Return node -> node it imports -> one (module, imported name) that makes the edge."""
    edges: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
    for module in sorted(product_modules()):
        source = _top(module)
        if source not in nodes:
            continue
        for name in sorted(imports_of(module)):
            target = _top(name)
            if target in nodes and target != source:
                edges[source].setdefault(target, (module, name))
    return edges


def _cycles(edges: dict[str, dict[str, tuple[str, str]]]) -> list[list[str]]:
    """Return one cycle through each pair of nodes that reach each other, as a closed path."""
    found = []
    for start in sorted(edges):
        # Shortest path from each of start's targets back to start, breadth first.
        for first in sorted(edges[start]):
            paths = {first: [start, first]}
            frontier = [first]
            while frontier and start not in paths:
                nxt = []
                for node in frontier:
                    for target in sorted(edges.get(node, {})):
                        if target not in paths:
                            paths[target] = [*paths[node], target]
                            nxt.append(target)
                frontier = nxt
            if start in paths and min(paths[start]) == start:
                found.append(paths[start])
    return found


def _named(cycle: list[str], edges: dict[str, dict[str, tuple[str, str]]]) -> str:
    steps = [cycle[0]]
    for a, b in pairwise(cycle):
        module, name = edges[a][b]
        steps.append(f"-> {b} ({module} imports {name})")
    return " ".join(steps)


def test_the_packages_of_accord_import_each_other_without_a_cycle():
    edges = _graph(_packages())
    assert not [_named(c, edges) for c in _cycles(edges)]


def test_the_top_level_modules_and_packages_have_no_cycle_but_the_allowed_ones():
    nodes = {top for top in map(_top, product_modules()) if top}
    edges = _graph(nodes)
    cycles = [c for c in _cycles(edges) if frozenset(c) not in ALLOWED_MODULE_CYCLES]
    assert not [_named(c, edges) for c in cycles]


def test_a_cycle_is_named_edge_by_edge():
    edges = {
        "documents": {"tracker": ("accord.documents.follow_up", "accord.tracker.layout")},
        "tracker": {"documents": ("accord.tracker.reminder", "accord.documents.look")},
    }
    assert [_named(c, edges) for c in _cycles(edges)] == [
        "documents -> tracker (accord.documents.follow_up imports accord.tracker.layout)"
        " -> documents (accord.tracker.reminder imports accord.documents.look)"
    ]
