"""The standard terms of offer letters and separation agreements, from their template folders.

Every offer letter states its pay classification, where the work is, benefits, that only an
officer can change at-will status, the confidentiality agreement with the trade-secret immunity
notice, and that it is the whole agreement; every separation agreement states its payment
schedule, Section 409A timing, who and which laws it releases, property, no admission, governing
law, severability, signing and the whole agreement. Wording and citations are in
``templates/<type>/standard_terms.yaml``; this module picks each entry's wording for the record's
places, applies its condition and fills its terms.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from accord.documents.clause import Clause, clause_view, clauses_folder, fill, lookup
from accord.documents.wording import load_yaml
from accord.errors import ConfigError
from accord.records import Kind, Record, Separation

# The document whose standard terms each kind gets; agreements have none of their own.
DOCUMENT: dict[Kind, str] = {
    Kind.OFFERS: "offer_letter",
    Kind.SEPARATIONS: "separation_agreement",
}
_MEDICARE_AGE = 65


@dataclass(frozen=True)
class Standard:
    """One standard term filled for a record: the clause and whether it is a house choice."""

    clause: Clause
    house: bool
    reason: str


def conditions(record: Record) -> dict[str, bool]:
    """Return which ``when:`` conditions ``record`` meets (names as in standard_terms.yaml).

    ``medicare_age``: a separating employee 65 or older on the separation date (from the age
    column, or the birth date); the age itself never reaches a document.
    """
    return {"medicare_age": isinstance(record, Separation) and _age(record) >= _MEDICARE_AGE}


def _age(record: Separation) -> int:
    if record.age is not None:
        return record.age
    born, on = record.date_of_birth, record.separation_date
    if born is None or on is None:
        return 0
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


@cache
def _entries(path: Path) -> tuple[dict[str, Any], ...]:
    data = load_yaml(path) or {}
    terms = data.get("terms") if isinstance(data, dict) else None
    if not isinstance(terms, list):
        raise ConfigError(f"{path} must have a list `terms:` of entries. Fix the file.")
    for entry in terms:
        if not isinstance(entry, dict) or not entry.get("id"):
            raise ConfigError(f"{path}: every entry of `terms:` needs an id. Add it.")
        if entry.get("clause"):
            continue
        for place_id, override in {"": {}, **(entry.get("places") or {})}.items():
            merged = {**entry, **override}
            if not (merged.get("citation") or (merged.get("house") and merged.get("reason"))):
                where = f" ({place_id})" if place_id else ""
                raise ConfigError(
                    f"{path}: term '{entry['id']}'{where} has neither a citation nor house: true "
                    "with a reason. Cite the law that requires it, or say why it is our choice."
                )
    return tuple(terms)


def standard_terms(
    record: Record,
    chain: tuple[str, ...],
    values: Mapping[str, str],
    root: Path,
    skip: frozenset[str] = frozenset(),
) -> list[Standard]:
    """Return the standard terms of ``record``'s document, worded for ``chain`` and filled in.

    Empty when its kind has none (agreements). Terms whose id is in ``skip`` (the rules already
    picked that clause) and terms whose condition the record does not meet are left out.
    """
    doc_type = DOCUMENT.get(record.kind)
    if doc_type is None:
        return []
    path = root / doc_type / "standard_terms.yaml"
    met = conditions(record)
    out = []
    for index, entry in enumerate(_entries(path)):
        if entry["id"] in skip or (entry.get("when") and not met.get(str(entry["when"]))):
            continue
        if entry.get("clause"):
            found = lookup(str(entry["clause"]), chain, clauses_folder(root), record.kind.value)
            out.append(Standard(fill(found, values), house=False, reason=""))
            continue
        clause, house, reason = _worded(path, index, chain)
        out.append(Standard(fill(clause, values), house=house, reason=reason))
    return out


@cache  # the unfilled term of a chain: only the values differ from record to record
def _worded(path: Path, index: int, chain: tuple[str, ...]) -> tuple[Clause, bool, str]:
    entry = _entries(path)[index]
    places = entry.get("places") or {}
    place = next((p for p in chain if p in places), "US")
    merged = {**entry, **(places.get(place) or {})}
    house = bool(merged.get("house"))
    clause = Clause(
        id=str(entry["id"]),
        section=str(merged["section"]),
        heading=str(merged["heading"]),
        text=" ".join(str(merged["text"]).split()),
        citation="" if house else " ".join(str(merged.get("citation") or "").split()),
        place=place,
        when_missing=tuple(
            (str(k), " ".join(str(v).split()))
            for k, v in (merged.get("when_missing") or {}).items()
        ),
    )
    reason = " ".join(str(merged.get("reason") or "").split()) if house else ""
    return clause, house, reason


def view(term: Standard) -> dict[str, Any]:
    """Return a standard term as templates and the manifest see a clause (the law issue's keys)."""
    shown = clause_view(term.clause, standard=True)
    citation = term.clause.citation or None
    shown.update(citation=citation, rules=[], house=term.house, reason=term.reason)
    return shown


def state_name(chain: tuple[str, ...]) -> str:
    """Return the name of the state (or DC) in ``chain``, e.g. "California"; a generic phrase
    when the chain has none."""
    from accord.jurisdictions import load_rules

    book = load_rules()
    for place_id in chain:
        if len(place_id) == 5 and place_id in book.places:
            # "New York (State)" tells the rule files apart; a reader needs only "New York".
            return book.place(place_id).name.split(" (")[0]
    return "the state where you work"


def values(
    record: Record, ctx: Mapping[str, Any], firm: Mapping[str, Any], chain: tuple[str, ...]
) -> dict[str, str]:
    """Return the terms the standard terms may name in braces, beyond the clauses' own."""
    where = state_name(chain)
    out = {"work_state_name": where}
    if record.kind is Kind.OFFERS:
        role = ctx["role"]
        city = getattr(record, "work_city", None)
        state = getattr(record, "work_state", None)
        if role["remote"]:
            location = f"remotely, from {where}"
        elif city and state:
            location = f"in {city}, {state}"
        else:
            location = f"in {where}"
        overtime = firm.get("overtime") or {}
        out |= {
            "exempt_status": role["exempt"],
            "overtime": str(overtime.get(role["exempt"]) or "") if role["exempt"] else "",
            "pay_frequency": str(firm.get("pay_frequency") or ""),
            "benefits": str(firm.get("benefits") or ""),
            "employment_type": role["employment_type"],
            "work_location": location,
        }
    elif record.kind is Kind.SEPARATIONS:
        out["payment_schedule"] = str(firm.get("severance_schedule") or "")
    return out
