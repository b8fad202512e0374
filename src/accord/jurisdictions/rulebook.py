"""Loading the rule data: ``jurisdictions/*.yaml`` into validated :class:`Place` objects.

The whole folder is read and validated at once, so a mistake anywhere is found before any document
is made. The result is cached on the files' names, sizes and modification times: a long-running
watcher picks up an edited rule without a restart.
"""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from accord import yaml_text
from accord.errors import ConfigError
from accord.jurisdictions.schema import Place, Rule, RuleKind
from accord.paths import JURISDICTIONS_DIR
from accord.records import Kind

DEFAULT_ROOT = JURISDICTIONS_DIR


@dataclass(frozen=True)
class RuleBook:
    """Every place's rules, by place id."""

    places: dict[str, Place]
    version: str
    # Rules in force per (chain, batch kind, date): a batch asks the same question for many rows.
    _memo: dict[tuple[tuple[str, ...], Kind, date], list[tuple[Place, Rule]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def place(self, place_id: str) -> Place:
        """Return the place with this id (the id must come from :func:`resolve`)."""
        return self.places[place_id]

    def in_force(
        self, chain: tuple[str, ...], applies: Kind, on: date, kind: RuleKind | None = None
    ) -> list[tuple[Place, Rule]]:
        """Return the rules of ``chain`` in force on ``on`` for a batch kind, most specific first.

        An empty list means no place in the chain has such a rule on that date.
        """
        key = (chain, applies, on)
        found = self._memo.get(key)
        if found is None:
            if len(self._memo) > 10_000:
                self._memo.clear()
            found = self._memo[key] = [
                (self.places[place_id], rule)
                for place_id in chain
                for rule in self.places[place_id].rules
                if applies in rule.applies_to and rule.in_force(on)
            ]
        return [pr for pr in found if kind is None or pr[1].kind is kind]


# Files are looked at again at most this often: determine() runs once per row, and listing and
# stat-ing seventy files per row would cost more than the rules themselves.
RECHECK_SECONDS = 2.0
_recent: dict[str, tuple[float, RuleBook]] = {}


def load_rules(root: Path = DEFAULT_ROOT) -> RuleBook:
    """Return the validated rule book in ``root``; ConfigError names the file, rule and field."""
    hit = _recent.get(str(root))
    if hit is not None and time.monotonic() - hit[0] < RECHECK_SECONDS:
        return hit[1]
    return _fresh(root)


def rules_version(root: Path = DEFAULT_ROOT) -> str:
    """Return the sha256 of all rule files (names and bytes), as the manifest records it.

    Only the bytes are hashed: the manifest step needs the version, not the parsed rules.
    """
    return _digest(str(Path(root).resolve()), _stamp(root))


def _stamp(root: Path) -> tuple[tuple[str, int, int], ...]:
    files = sorted(Path(root).glob("*.yaml"))
    if not files:
        raise ConfigError(
            f"No rule files in {root}. Point Accord at the jurisdictions/ folder of the project."
        )
    return tuple((f.name, f.stat().st_size, f.stat().st_mtime_ns) for f in files)


def _fresh(root: Path) -> RuleBook:
    book = _load(str(Path(root).resolve()), _stamp(root))
    _recent[str(root)] = (time.monotonic(), book)
    return book


@lru_cache(maxsize=8)
def _digest(root: str, stamp: tuple[tuple[str, int, int], ...]) -> str:
    digest = hashlib.sha256()
    for name, _size, _mtime in stamp:
        digest.update(name.encode() + b"\0" + (Path(root) / name).read_bytes() + b"\0")
    return digest.hexdigest()


@lru_cache(maxsize=8)
def _load(root: str, stamp: tuple[tuple[str, int, int], ...]) -> RuleBook:
    places: dict[str, Place] = {}
    for name, _size, _mtime in stamp:
        path = Path(root) / name
        raw = path.read_bytes()
        place = _parse(name, raw)
        if place.id != path.stem:
            raise ConfigError(
                f"jurisdictions/{name}: the id '{place.id}' does not match the file name. "
                f"Rename the file to {place.id}.yaml or fix the id."
            )
        places[place.id] = place
    _check_links(places)
    return RuleBook(places=places, version=_digest(root, stamp))


def _parse(name: str, raw: bytes) -> Place:
    try:
        data = yaml_text.parse(raw)
    except yaml_text.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(
            f"jurisdictions/{name}{line}: not valid YAML. Fix the indentation or quoting there."
        ) from None
    if not isinstance(data, dict):
        raise ConfigError(f"jurisdictions/{name}: expected a mapping with id, name and rules.")
    try:
        return Place.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_describe(name, data, exc)) from None


def _describe(name: str, data: dict[str, Any], exc: ValidationError) -> str:
    first = exc.errors()[0]
    loc = list(first["loc"])
    message = str(first["msg"]).removeprefix("Value error, ")
    where = "place"
    if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
        rules = data.get("rules") or []
        rule = rules[loc[1]] if loc[1] < len(rules) and isinstance(rules[loc[1]], dict) else {}
        where = f"rule '{rule.get('id', f'#{loc[1] + 1}')}'"
        loc = loc[2:]
    field = ".".join(str(p) for p in loc)
    head = message.split(": ", 1)[0]
    if not field and ": " in message and re.fullmatch(r"[a-z_]+(\.[a-z_.]+)?", head):
        field, message = message.split(": ", 1)
    field_text = f", field '{field}'" if field else ""
    return f"jurisdictions/{name}: {where}{field_text}: {message}. Fix the file and run again."


def _check_links(places: dict[str, Place]) -> None:
    if "US" not in places:
        raise ConfigError("jurisdictions/US.yaml is missing. Restore the federal rule file.")
    for place in places.values():
        if place.parent is not None and place.parent not in places:
            raise ConfigError(
                f"jurisdictions/{place.id}.yaml: parent '{place.parent}' has no file. "
                f"Add {place.parent}.yaml or fix the parent."
            )
        for member in place.members:
            if f"US-{member.state}" not in places:
                raise ConfigError(
                    f"jurisdictions/{place.id}.yaml: member state '{member.state}' has no file."
                )
