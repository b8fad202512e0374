"""Intake is core: it never reaches into Prefect, the flows or the documents layer."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

INTAKE = Path(__file__).resolve().parents[2] / "src" / "accord" / "intake"


@pytest.mark.parametrize("module", sorted(INTAKE.glob("*.py")), ids=lambda p: p.name)
def test_intake_imports_only_core_and_readers(module: Path) -> None:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    forbidden = {"prefect", "flows", "accord.documents", "accord.tracker", "accord.steps"}
    assert not {n for n in names for f in forbidden if n == f or n.startswith(f + ".")}
