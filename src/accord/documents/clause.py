"""Clause wording: YAML layered US -> state -> locality, picked by the rules' clause ids."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from accord.errors import ConfigError
from accord.paths import TEMPLATES_DIR


@dataclass(frozen=True)
class Clause:
    """One clause as a document shows it."""

    id: str
    heading: str
    text: str


@cache
def _layer(folder: Path, place: str) -> dict[str, dict[str, str]]:
    path = folder / f"{place}.yaml"
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path} must map clause ids to heading and text. Fix the file.")
    return data


def lookup(clause_id: str, chain: tuple[str, ...], folder: Path | None = None) -> Clause:
    """Return the most specific wording of ``clause_id`` along ``chain`` (city first, US last)."""
    root = folder or TEMPLATES_DIR / "clauses"
    for place in chain:
        entry = _layer(root, place).get(clause_id)
        if entry is not None:
            return Clause(clause_id, str(entry["heading"]), str(entry["text"]))
    raise ConfigError(
        f"Clause '{clause_id}' has no wording for {' / '.join(chain)}. "
        f"Add it to {root / 'US.yaml'} or a place file."
    )
