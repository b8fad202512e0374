"""House wording and formatting: the company file, per-document wording files, dates and money."""

from __future__ import annotations

import string
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from accord import yaml_text
from accord.errors import ConfigError


@lru_cache(maxsize=4096)  # a batch prints few distinct dates, each many times
def long_date(value: date | None) -> str:
    """Return ``value`` as HR writes it in letters ("June 1, 2026"); empty when None."""
    return f"{value:%B} {value.day}, {value.year}" if value else ""


def money(value: Decimal | None) -> str:
    """Return ``value`` as US dollars with cents ("$85,000.00"); empty when None."""
    return f"${value:,.2f}" if value is not None else ""


def date_list(values: list[date] | tuple[date, ...] | None) -> str:
    """Return dates as a readable list ("July 6, 2026, August 5, 2026 and ..."); empty when none."""
    items = [long_date(v) for v in values or () if v]
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def plain_list(items: list[str] | tuple[str, ...]) -> str:
    """Return ``items`` joined as a sentence list ("a, b and c"); empty when none."""
    items = [i for i in items if i]
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def period(days: int | None, unit: str | None) -> str:
    """Return a period as a letter states it ("21 days", "5 business days"); empty when None."""
    if days is None:
        return ""
    kind = "business " if unit == "business" else ""
    return f"{days} {kind}day{'s' if days != 1 else ''}"


@cache
def load_yaml(path: Path) -> Any:
    """Return the parsed YAML file at ``path``; ConfigError when missing or malformed."""
    if not path.is_file():
        raise ConfigError(f"{path} is missing. Restore it from the repository.")
    try:
        return yaml_text.parse(path.read_text(encoding="utf-8"))
    except yaml_text.YAMLError as exc:
        raise ConfigError(f"{path} is not valid YAML ({exc}). Fix the file.") from None


_COMPANY_KEYS: dict[str, tuple[str, ...]] = {
    "name": (),
    "signer_name": (),
    "signer_title": (),
    "defaults": ("department", "manager", "mediator"),
    "roles": ("candidate", "employee", "party", "mediator"),
}


@cache  # checked once per process: every record of the batch asks
def company(root: Path) -> dict[str, Any]:
    """Return the employer's details from ``company.yaml`` under the templates root ``root``."""
    path = root / "company.yaml"
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise ConfigError(f"{path} must be a mapping of the company's details. Fix the file.")
    for key, parts in _COMPANY_KEYS.items():
        value = data.get(key)
        missing = [p for p in parts if not isinstance(value, dict) or not value.get(p)]
        if not value or missing:
            where = f"'{key}'" + (f" ({', '.join(missing)})" if parts else "")
            raise ConfigError(f"{path} does not give {where}. Add it; see the file's comments.")
    return data


@cache  # checked once per process: every record of the batch asks
def wording(root: Path, doc_type: str, kind: str) -> dict[str, Any]:
    """Return the wording of ``doc_type`` for batch ``kind`` from ``<doc_type>/wording.yaml``."""
    path = root / doc_type / "wording.yaml"
    data = load_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get(kind), dict):
        raise ConfigError(f"{path} has no wording for {kind}. Add a '{kind}:' section.")
    return data[kind]


# Printed where a term has no value and the wording offers no alternative.
UNKNOWN = "(to be confirmed)"


def placeholders(text: str) -> list[str]:
    """Return the names in braces that ``text`` asks to be filled, in order.

    ConfigError when a brace is unbalanced (write ``{{`` for a literal brace).
    """
    return list(_placeholders(text))


@cache  # the same clause and term wordings are filled for every record
def _placeholders(text: str) -> tuple[str, ...]:
    try:
        return tuple(n for _lit, n, _spec, _conv in string.Formatter().parse(text) if n)
    except ValueError as exc:
        raise ConfigError(
            f"Wording has an unbalanced brace ({exc}) in: {text[:80]!r}. "
            "Write {{ and }} for literal braces."
        ) from None


def fill_text(text: str, values: Mapping[str, str], where: str) -> str:
    """Return ``text`` with each ``{name}`` replaced by ``values[name]`` (plain formatting).

    Empty values print :data:`UNKNOWN`. ConfigError, naming ``where``, when the text asks for a
    name Accord does not supply. Values are inserted as text and never evaluated.
    """
    names = placeholders(text)
    unknown = [n for n in names if not n.isidentifier() or n not in values]
    if unknown:
        raise ConfigError(
            f"{where} uses {{{unknown[0]}}}, which is not a term Accord supplies for this "
            f"document. Use one of: {', '.join(sorted(values))}."
        )
    return text.format_map({n: values[n] or UNKNOWN for n in names}) if names else text
