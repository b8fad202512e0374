"""Clause wording: YAML layered US -> state -> locality, picked by the rules' clause ids.

The rules decide which clauses a record gets; this module only finds their words. Wording may name
terms in braces (``{consider_until}``), filled with plain Python formatting from values the context
builder supplies; data is never evaluated as template code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from accord import yaml_text
from accord.documents.wording import fill_text, placeholders
from accord.errors import ConfigError
from accord.jurisdictions.citation import authority_problem
from accord.paths import TEMPLATES_DIR

# Every clause id the rules may ask for, by where it appears. `accord templates check` and the tests
# make sure each has wording somewhere along the chain of the places that use it.
CLAUSE_IDS: dict[str, tuple[str, ...]] = {
    "offers": (
        "at_will",
        "probationary_period",
        "salary_history_statement",
        "pay_range",
        "noncompete",
        "noncompete_notice",
    ),
    "separations": (
        "general_release",
        "adea_release",
        "owbpa_group_disclosure",
        "consideration_period",
        "revocation_period",
        "attorney_advice",
        "protected_rights",
        "nlra_carveout",
        "ca_1542",
        "ca_unlawful_acts",
        "mn_rescission",
        "ny_confidentiality_preference",
        "ny_release_limits",
        "il_confidentiality_preference",
        "or_confidentiality_request",
        "or_policy_copy",
        "co_confidentiality_attestation",
        "nj_nda_notice",
        "wa_nda_carveout",
        "ma_wage_act_release",
        "me_confidentiality_request",
        "nm_confidentiality_request",
        "vt_harassment_settlement",
        "confidentiality",
        "claim_confidentiality",
        "il_confidentiality_consideration",
        "dtsa_notice",
        "non_disparagement",
        "neutral_reference",
        "noncompete",
        "final_pay",
        "cobra",
        "severance",
    ),
    "agreements": ("staff_commitments", "slip_procedure", "ca_unlawful_acts"),
}

SECTIONS = ("terms", "pay", "release", "decide", "rights", "promises", "agreement")
_REQUIRED = ("section", "heading", "text")


@dataclass(frozen=True)
class Clause:
    """One clause as a document shows it; ``quote`` holds exact statutory words, if any.

    ``citation`` is the authority for what the wording says (None where the wording itself rests on
    no law and the rules in force supply it, or for a house clause); ``house`` and ``reason`` mark a
    choice of ours. ``rules`` lists the ``PLACE/rule_id`` of the rules behind the clause for one
    record (filled by the context builder).
    """

    id: str
    section: str
    heading: str
    text: str
    citation: str | None
    quote: str = ""
    emphasis: bool = False
    place: str = "US"
    # Alternative text, by term name, for when that term has no value for this record.
    when_missing: tuple[tuple[str, str], ...] = ()
    house: bool = False
    reason: str = ""
    rules: tuple[str, ...] = ()
    # The wording rests on the law of the rules that choose it (a state's statute), not its own.
    from_rules: bool = False


def clauses_folder(root: Path | None = None) -> Path:
    """Return the folder of clause YAML files under the templates root ``root``."""
    return (root or TEMPLATES_DIR) / "clauses"


@cache
def layer(folder: Path, place: str) -> dict[str, dict[str, Any]]:
    """Return the clause entries of ``place`` (empty when the place has no file)."""
    path = folder / f"{place}.yaml"
    if not path.is_file():
        return {}
    try:
        data = yaml_text.parse(path.read_text(encoding="utf-8")) or {}
    except yaml_text.YAMLError as exc:
        raise ConfigError(f"{path} is not valid YAML ({exc}). Fix the file.") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path} must map clause ids to heading and text. Fix the file.")
    for clause_id, entry in data.items():
        missing = [k for k in _REQUIRED if not isinstance(entry, dict) or not entry.get(k)]
        if missing:
            raise ConfigError(
                f"{path}: clause '{clause_id}' has no {', '.join(missing)}. Add it to the entry."
            )
        problem = _authority(entry)
        if problem:
            raise ConfigError(f"{path}: clause '{clause_id}' {problem}. Fix the entry.")
        if entry["section"] not in SECTIONS:
            raise ConfigError(
                f"{path}: clause '{clause_id}' has section '{entry['section']}'. "
                f"Use one of: {', '.join(SECTIONS)}."
            )
    return data


def _authority(entry: dict[str, Any]) -> str | None:
    """Return what is wrong with an entry's citation or house reason, or None."""
    citation, house, reason = entry.get("citation"), entry.get("house"), entry.get("reason")
    if entry.get("from_rules"):
        # The law is the place's: the rule in force (a state's final-pay statute) cites it.
        return "takes its citation from the rules and has one of its own" if citation else None
    if house:
        if citation:
            return "is a house clause with a citation; a house clause cites no law"
        return None if reason else "is a house clause without a reason; add reason"
    if not citation:
        return "has no citation; cite its authority, or mark it house: true with a reason"
    problem = authority_problem(str(citation))
    return f"cites '{citation}': {problem}" if problem else None


@cache  # a clause's wording along a chain, looked up for every record of that chain
def lookup(
    clause_id: str, chain: tuple[str, ...], folder: Path | None = None, kind: str = ""
) -> Clause:
    """Return the most specific wording of ``clause_id`` along ``chain`` (city first, US last).

    At each place, ``<clause_id>__<kind>`` (wording for one batch kind) wins over ``clause_id``.
    """
    root = folder or clauses_folder()
    for place in chain:
        entries = layer(root, place)
        entry = entries.get(f"{clause_id}__{kind}") if kind else None
        entry = entry if entry is not None else entries.get(clause_id)
        if entry is not None:
            return Clause(
                id=clause_id,
                section=str(entry["section"]),
                heading=str(entry["heading"]),
                text=str(entry["text"]),
                citation=str(entry["citation"]) if entry.get("citation") else None,
                quote=str(entry.get("quote") or ""),
                emphasis=bool(entry.get("emphasis", False)),
                place=place,
                when_missing=tuple(
                    (str(k), str(v)) for k, v in (entry.get("when_missing") or {}).items()
                ),
                house=bool(entry.get("house", False)),
                from_rules=bool(entry.get("from_rules", False)),
                reason=str(entry.get("reason") or ""),
            )
    raise ConfigError(
        f"Clause '{clause_id}' has no wording for {' / '.join(chain)}. "
        f"Add it to {root / 'US.yaml'} or a place file."
    )


def fill(clause: Clause, values: Mapping[str, str]) -> Clause:
    """Return ``clause`` with its placeholders replaced by ``values`` (plain text, not templates).

    An empty value selects the clause's ``when_missing`` wording for that term when it has one,
    else prints ``(to be confirmed)``. ConfigError when the wording names a term Accord does not supply.
    """
    text = clause.text
    for term, alternative in clause.when_missing:
        if term in placeholders(text) and not values.get(term):
            text = alternative
            break
    where = f"Clause '{clause.id}' ({clause.place})"
    return replace(
        clause,
        heading=fill_text(clause.heading, values, where),
        text=fill_text(text, values, where),
        quote=fill_text(clause.quote, values, where) if clause.quote else "",
    )


def clause_view(clause: Clause, standard: bool = False) -> dict[str, Any]:
    """Return a clause as templates and the manifest see it.

    Keys: id, heading, text, quote, emphasis, citation (None for a house clause), rules (the
    ``PLACE/rule_id`` of the rules that chose it or whose value is in force in it), house, reason,
    and standard (True for a standard term of the document, which no rule chooses).
    """
    return {
        "id": clause.id,
        "heading": clause.heading,
        "text": clause.text,
        "quote": clause.quote,
        "emphasis": clause.emphasis,
        "citation": clause.citation,
        "rules": list(clause.rules),
        "house": clause.house,
        "reason": clause.reason,
        "standard": standard,
    }
