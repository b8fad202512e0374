"""What every kind's rules share: the rules in force for one record, and the verdict being built.

:class:`Situation` holds the yes/no facts that rule conditions (``when:`` in the YAML) test;
:class:`Context` finds the rules that apply; :class:`Outcome` gathers terms, findings and clauses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from accord.jurisdictions.determination import BatchFacts, ClauseSource, Finding, Severity
from accord.jurisdictions.rulebook import RuleBook
from accord.jurisdictions.schema import NoticeValues, Place, Rule, RuleKind, When
from accord.records import Kind

# Kinds where only the most specific place's rule counts (a state's setting overrides US's).
SINGLE = frozenset(
    {
        RuleKind.FINAL_PAY,
        RuleKind.NONCOMPETE,
        RuleKind.OFFER_RESPONSE,
        RuleKind.CHECK_INS,
        RuleKind.DEFAULT_CONSIDERATION,
        RuleKind.OWBPA,
    }
)
# Kinds whose clauses the kind's own code adds, because they depend on more than ``when``.
OWN_CLAUSES = frozenset({RuleKind.NONCOMPETE, RuleKind.OWBPA})
# Periods: many places may list the period clauses, but only the period that wins is cited there
# (separation.py records it); their other clauses are cited as usual.
PERIODS = frozenset({RuleKind.CONSIDERATION, RuleKind.REVOCATION, RuleKind.DEFAULT_CONSIDERATION})
PERIOD_CLAUSES = frozenset({"consideration_period", "revocation_period"})


def source(
    place: Place, rule: Rule, value: bool = False, citation: str | None = None
) -> ClauseSource:
    """Return ``rule`` of ``place`` as a clause source; ``citation`` overrides the rule's own."""
    return ClauseSource(
        ref=f"{place.id}/{rule.id}",
        citation=citation or rule.citation,
        value=value,
        reason=rule.reason,
    )


@dataclass(frozen=True)
class Situation:
    """The record's facts that ``when:`` conditions test."""

    owbpa: bool = False
    owbpa_group: bool = False
    group: bool = False
    confidentiality: bool = False
    claim_facts: bool = False
    non_disparagement: bool = False
    neutral_reference: bool = False
    noncompete: bool = False
    supervisor: bool = False
    complaint: bool = False
    separation_type: str | None = None

    @property
    def restrictive(self) -> bool:
        """Return True when the agreement has confidentiality or non-disparagement terms."""
        return self.confidentiality or self.non_disparagement

    def holds(self, when: When) -> bool:
        """Return True when every condition given in ``when`` matches this situation."""
        checks: dict[str, bool] = {
            "owbpa": self.owbpa,
            "owbpa_group": self.owbpa_group,
            "group": self.group,
            "restrictive": self.restrictive,
            "confidentiality": self.confidentiality,
            "claim_facts": self.claim_facts,
            "non_disparagement": self.non_disparagement,
            "neutral_reference": self.neutral_reference,
            "noncompete": self.noncompete,
            "supervisor": self.supervisor,
            "complaint": self.complaint,
        }
        for name, actual in checks.items():
            wanted = getattr(when, name)
            if wanted is not None and wanted != actual:
                return False
        types = when.separation_types
        return types is None or self.separation_type in types


@dataclass
class Context:
    """The rules that apply to one record: its chain, batch kind, governing date and facts."""

    book: RuleBook
    chain: tuple[str, ...]
    applies: Kind
    on: date
    facts: BatchFacts
    situation: Situation = field(default_factory=Situation)

    def rules(self, kind: RuleKind) -> list[tuple[Place, Rule]]:
        """Return the rules of this kind in force whose conditions hold, most specific first."""
        found = self.book.in_force(self.chain, self.applies, self.on, kind)
        return [(p, r) for p, r in found if self.situation.holds(r.when)]

    def first(self, kind: RuleKind) -> tuple[Place, Rule] | None:
        """Return the most specific applicable rule of this kind, or None when there is none."""
        found = self.rules(kind)
        return found[0] if found else None

    def applied(self) -> list[tuple[Place, Rule]]:
        """Return every rule that applies (single kinds: only the most specific), US first."""
        found = self.book.in_force(self.chain, self.applies, self.on)
        seen: set[RuleKind] = set()
        chosen: list[tuple[Place, Rule]] = []
        for place, rule in found:
            if not self.situation.holds(rule.when):
                continue
            if rule.kind in SINGLE:
                if rule.kind in seen:
                    continue
                seen.add(rule.kind)
            chosen.append((place, rule))
        # US first, then state, then locality; each place's rules in file order.
        order = {place_id: i for i, place_id in enumerate(reversed(self.chain))}
        return sorted(chosen, key=lambda pr: order[pr[0].id])


@dataclass
class Outcome:
    """The verdict under construction."""

    terms: dict[str, Any] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    clauses: list[str] = field(default_factory=list)
    drops: set[str] = field(default_factory=set)
    omit: set[str] = field(default_factory=set)
    sources: dict[str, list[ClauseSource]] = field(default_factory=dict)

    def add_clauses(
        self, clauses: tuple[str, ...] | list[str], chosen_by: ClauseSource | None = None
    ) -> None:
        """Add clause ids in order, once each; ``chosen_by`` is the rule that asks for them."""
        for clause in clauses:
            if clause not in self.clauses:
                self.clauses.append(clause)
            if chosen_by is not None:
                self.cite(clause, chosen_by)

    def cite(self, clause: str, rule: ClauseSource) -> None:
        """Record ``rule`` behind ``clause`` (once per rule; a value source wins over a chooser)."""
        found = self.sources.setdefault(clause, [])
        for i, known in enumerate(found):
            if known.ref == rule.ref:
                if rule.value and not known.value:
                    found[i] = rule
                return
        found.append(rule)

    def clause_rules(self) -> dict[str, tuple[ClauseSource, ...]]:
        """Return, per clause id, the rules behind it, US first."""
        return {clause: tuple(found) for clause, found in self.sources.items() if found}

    def find(self, code: str, severity: Severity, message: str, rule: Rule | str) -> None:
        """Record a finding; ``rule`` gives the citation (or is the citation itself)."""
        citation = rule if isinstance(rule, str) else rule.citation or ""
        self.findings.append(Finding(code, severity, message, citation))

    def final_clauses(self) -> tuple[str, ...]:
        """Return the clause ids with every dropped one removed."""
        return tuple(c for c in self.clauses if c not in self.drops)


def collect_clauses(ctx: Context, out: Outcome) -> None:
    """Add the clauses and drops of every applying rule whose kind has no clause logic of its own.

    Noncompete and ADEA clauses are added by their own code, which knows more than ``when``.
    """
    for place, rule in ctx.applied():
        if rule.kind in OWN_CLAUSES:
            continue
        if rule.kind in PERIODS:
            out.add_clauses([c for c in rule.clauses if c in PERIOD_CLAUSES])
            out.add_clauses(
                [c for c in rule.clauses if c not in PERIOD_CLAUSES], source(place, rule)
            )
        else:
            out.add_clauses(rule.clauses, source(place, rule))
        out.drops.update(rule.drops)


def add_notices(ctx: Context, out: Outcome) -> None:
    """Add a finding for every ``notice`` rule that applies: a duty outside the documents."""
    for place, rule in ctx.rules(RuleKind.NOTICE):
        values = rule.values
        assert isinstance(values, NoticeValues)
        out.find(
            values.code,
            Severity(values.severity),
            f"{place.name}: {_first_sentence(rule.summary)}",
            rule,
        )


def _first_sentence(text: str) -> str:
    head = text.split(". ")[0].rstrip(".")
    return head + "."
