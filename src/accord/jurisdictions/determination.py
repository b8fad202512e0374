"""What the rules decide for one record: the place chain, the terms, the findings, the clauses.

This is the contract between the rules (which compute it) and everything downstream: documents show
the clauses and terms, trackers show the terms and findings, the manifest records all of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from accord.records import DecisionalUnitMember


class Severity(StrEnum):
    """How much a finding matters: ``error`` stops the record's documents."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Finding:
    """One compliance check's result for one record. The message never quotes personal values."""

    code: str
    severity: Severity
    message: str
    citation: str

    def as_dict(self) -> dict[str, str]:
        """Return the finding as the manifest stores it."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "citation": self.citation,
        }


@dataclass(frozen=True)
class ClauseSource:
    """A rule behind one clause of one record: it chose the clause, or its value is in force in it.

    ``ref`` is ``PLACE/rule_id``; ``citation`` the authority it adds to the clause (None: it adds
    none, e.g. a house rule, or a rule that only chose a clause whose wording cites its own law);
    ``reason`` says why for a house rule.
    """

    ref: str
    citation: str | None = None
    value: bool = False
    reason: str | None = None


@dataclass(frozen=True)
class BatchFacts:
    """Facts about the whole batch that some rules need (group programs, decisional unit, size)."""

    program_sizes: dict[str, int] = field(default_factory=dict)
    decisional_unit: tuple[DecisionalUnitMember, ...] = ()
    # Headcount of the employer when known; None means "assume every size threshold is met".
    employer_employees: int | None = None
    # Programs described in templates/company.yaml group_programs (the fallback to the file's
    # decisional_unit and eligibility_factors columns).
    described_programs: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Determination:
    """The rules' verdict for one record.

    ``chain`` lists jurisdiction ids most specific first (``("US-NY-NYC", "US-NY", "US")``).
    ``terms`` maps term names to ``date``, ``int``, ``bool``, ``str``, ``None`` or lists of dates;
    the manifest writes them as ISO strings. ``clauses`` are the clause ids the documents must show,
    looked up in ``templates/clauses`` along ``chain``. ``omit`` names record fields the documents
    must not use (for example a noncompete where it is banned).
    """

    chain: tuple[str, ...]
    as_of: date
    terms: dict[str, Any] = field(default_factory=dict)
    findings: tuple[Finding, ...] = ()
    clauses: tuple[str, ...] = ()
    omit: frozenset[str] = frozenset()
    # Per clause id, the rules behind it for this record: those that chose it and those whose
    # value is in force in it (the period that wins, the state's final-pay deadline).
    clause_rules: dict[str, tuple[ClauseSource, ...]] = field(default_factory=dict)

    @property
    def blocked(self) -> bool:
        """Return True when an error finding means no documents may be produced."""
        return any(f.severity is Severity.ERROR for f in self.findings)

    def terms_json(self) -> dict[str, Any]:
        """Return the terms with dates as ISO strings, as the manifest stores them."""
        return {k: _iso(v) for k, v in self.terms.items()}


def _iso(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_iso(v) for v in value]
    return value
