"""Terms, findings and clauses for a separation agreement and release."""

from __future__ import annotations

from datetime import date, timedelta

from accord.jurisdictions.context import PERIOD_CLAUSES, Context, Outcome, add_notices, source
from accord.jurisdictions.deadline import final_pay_date, period_end
from accord.jurisdictions.determination import BatchFacts, ClauseSource, Severity
from accord.jurisdictions.noncompete import annual_pay, apply_noncompete
from accord.jurisdictions.schema import (
    ConfidentialityValues,
    FinalPayValues,
    OwbpaValues,
    PeriodValues,
    RevisionValues,
    RuleKind,
)
from accord.records import Separation

OWBPA_H = "29 U.S.C. § 626(f)(1)(H); 29 C.F.R. § 1625.22(f)"


def age_on(birth: date, day: date) -> int:
    """Return the age in whole years on ``day`` (a 29 February birthday counts from 1 March)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def is_group(sep: Separation, facts: BatchFacts) -> bool:
    """Return True when the row's program_id is shared by two or more rows of the batch."""
    return bool(sep.program_id) and facts.program_sizes.get(sep.program_id or "", 0) >= 2


def owbpa_applies(sep: Separation, ctx: Context, out: Outcome) -> bool:
    """Return True when the ADEA waiver rules apply: 40 or older on the notice or separation date.

    With neither a birth date nor an age, the rules are applied anyway (and a finding says so):
    longer periods never hurt a release, missing ones void it.
    """
    found = ctx.first(RuleKind.OWBPA)
    if found is None:
        return False
    _place, rule = found
    values = rule.values
    assert isinstance(values, OwbpaValues)
    size = ctx.facts.employer_employees
    if size is not None and size < values.min_employees:
        return False
    days = [d for d in (sep.notice_date or ctx.on, sep.separation_date) if d is not None]
    if sep.date_of_birth is not None:
        return any(age_on(sep.date_of_birth, d) >= values.min_age for d in days)
    if sep.age is not None:
        if sep.age >= values.min_age:
            return True
        later = sep.separation_date is not None and sep.separation_date > ctx.on
        if sep.age == values.min_age - 1 and later:
            out.find(
                "owbpa_age_assumed",
                Severity.INFO,
                "The age column shows one year under the ADEA threshold and no date_of_birth is "
                "given, so the person may reach it by the separation date; ADEA waiver terms "
                "are applied. Give date_of_birth to decide exactly.",
                rule,
            )
            return True
        return False
    out.find(
        "age_unknown",
        Severity.WARNING,
        "Neither date_of_birth nor age is given; ADEA waiver terms are applied in case the "
        "person is 40 or older.",
        rule,
    )
    return True


def decide_separation(sep: Separation, ctx: Context, out: Outcome) -> None:
    """Fill ``out`` for one separation: ADEA status, periods, final pay, and the findings."""
    owbpa = out.terms["owbpa"]
    group = out.terms["owbpa_group"]
    start = sep.notice_date or ctx.on
    consider = _longest(ctx, out, RuleKind.CONSIDERATION, start, owbpa, group)
    out.terms["consideration_days"], out.terms["consideration_unit"] = consider[0], consider[1]
    out.terms["consider_until"] = consider_until = consider[2]
    revoke = _longest(ctx, out, RuleKind.REVOCATION, consider_until, owbpa, group)
    out.terms["revocation_days"], out.terms["revocation_unit"] = revoke[0], revoke[1]
    # The agreement takes effect once every period has run, its own-clause ones included
    # (Minnesota's rescission): revocation_ends is that day.
    effective = max(revoke[2], _own_periods(ctx, out, consider_until) or revoke[2])
    out.terms["revocation_ends"] = effective
    revision = ctx.first(RuleKind.REVISION)
    if revision is not None:
        # Read by a revised version's summary and redline: does its period run again?
        assert isinstance(revision[1].values, RevisionValues)
        out.terms["consideration_restarts"] = revision[1].values.restarts
        out.terms["consideration_restarts_citation"] = revision[1].citation or ""
    # Severance is paid once the release is effective and never while the person still works
    # there: payroll before the last day would read as wages, not as consideration for a release.
    payable = effective + timedelta(days=1)
    if sep.separation_date is not None and sep.separation_date > payable:
        payable = sep.separation_date
    out.terms["severance_payable_from"] = payable
    _final_pay(sep, ctx, out)
    _stated_consideration(sep, owbpa, out)
    if owbpa and group:
        _group_disclosure(sep, ctx, out)
    _confidentiality(sep, ctx, out)
    _separate_consideration(sep, ctx, out)
    _nlra(ctx, out)
    add_notices(ctx, out)


def separation_noncompete(sep: Separation, ctx: Context, out: Outcome) -> bool:
    """Return True when a requested noncompete goes into the separation agreement."""
    return apply_noncompete(
        ctx,
        out,
        requested=bool(sep.noncompete),
        pay=annual_pay(sep.base_salary, "annual"),
        exempt=None,  # separations carry no exempt column: refused where the law needs it
        hourly=False,
        separation_type=sep.separation_type,
    )


def _longest(
    ctx: Context, out: Outcome, kind: RuleKind, start: date, owbpa: bool, group: bool
) -> tuple[int, str, date]:
    """Return (days, unit, end) of the period that ends last among federal and state ones.

    The rules whose period is the one in force (every candidate that ends on that day) are
    recorded behind the period's clause; the candidates that lose are not cited there.
    """
    clause = "consideration_period" if kind is RuleKind.CONSIDERATION else "revocation_period"
    candidates: list[tuple[int, str, ClauseSource]] = []
    found = ctx.first(RuleKind.OWBPA)
    if owbpa and found is not None:
        place, rule = found
        values = rule.values
        assert isinstance(values, OwbpaValues)
        chooser = source(place, rule)
        out.add_clauses([c for c in rule.clauses if c not in PERIOD_CLAUSES], chooser)
        out.add_clauses([c for c in rule.clauses if c in PERIOD_CLAUSES])
        if group:
            out.add_clauses(values.group_clauses, chooser)
        for cited, citation in values.clause_citations.items():
            if cited not in PERIOD_CLAUSES and "__" not in cited:
                out.cite(cited, source(place, rule, value=True, citation=citation))
        key = (
            f"{clause}__group"
            if group and f"{clause}__group" in values.clause_citations
            else clause
        )
        period = source(place, rule, value=True, citation=values.clause_citations.get(key))
        if kind is RuleKind.CONSIDERATION:
            days = values.group_days if group else values.individual_days
            candidates.append((days, "calendar", period))
        else:
            candidates.append((values.revocation_days, "calendar", period))
    for place, rule in ctx.rules(kind):
        assert isinstance(rule.values, PeriodValues)
        if rule.values.own_clause:
            continue
        candidates.append((rule.values.days, rule.values.unit, source(place, rule, value=True)))
    if not candidates and kind is RuleKind.CONSIDERATION:
        default = ctx.first(RuleKind.DEFAULT_CONSIDERATION)
        if default is not None:
            assert isinstance(default[1].values, PeriodValues)
            values_ = default[1].values
            candidates.append((values_.days, values_.unit, source(*default, value=True)))
    if not candidates:
        return 0, "calendar", start
    ends = [(period_end(start, d, u, ctx.chain), d, u, src) for d, u, src in candidates]
    end, days, unit, _src = max(ends, key=lambda e: (e[0], e[2] == "calendar"))
    if clause in out.clauses or kind is RuleKind.CONSIDERATION:
        out.add_clauses([clause])
        for e in ends:
            if e[0] == end:
                out.cite(clause, e[3])
    return days, unit, end


def _own_periods(ctx: Context, out: Outcome, start: date) -> date | None:
    """Return the end of the revocation periods stated in clauses of their own (None: none apply).

    Their day count and end are the ``rescission_*`` terms; the shared revocation clause keeps
    its own period (Minnesota's 15 days to rescind run beside the ADEA's 7 days to revoke).
    """
    latest: date | None = None
    for place, rule in ctx.rules(RuleKind.REVOCATION):
        values = rule.values
        assert isinstance(values, PeriodValues)
        if not values.own_clause:
            continue
        end = period_end(start, values.days, values.unit, ctx.chain)
        out.add_clauses([values.own_clause])
        out.cite(values.own_clause, source(place, rule, value=True))
        if latest is None or end > latest:
            latest = end
            out.terms["rescission_days"], out.terms["rescission_unit"] = values.days, values.unit
            out.terms["rescission_ends"] = end
    return latest


def _final_pay(sep: Separation, ctx: Context, out: Outcome) -> None:
    found = ctx.first(RuleKind.FINAL_PAY)
    if found is None:
        out.terms["final_pay_due"] = None
        return
    place, rule = found
    values = rule.values
    assert isinstance(values, FinalPayValues)
    # Final pay is the state's law alone: the deadline in the clause is this rule's.
    out.cite("final_pay", source(place, rule, value=True))
    kind = sep.separation_type
    deadline = {
        "resignation": values.resignation,
        "layoff": values.layoff or values.involuntary,
        "mutual": values.mutual or values.involuntary,
    }.get(kind, values.involuntary)
    due, missing = final_pay_date(
        deadline, sep.separation_date, sep.next_payday, sep.notice_date, ctx.chain
    )
    out.terms["final_pay_due"] = due
    if missing:
        out.find(
            "final_pay_unknown",
            Severity.WARNING,
            f"{place.name}'s final-pay deadline for this separation type depends on "
            f"{' and '.join(missing)}, which the row does not give; the tracker shows the rule "
            f"instead of a date. Fill in {' and '.join(missing)} to get the date.",
            rule,
        )
    elif not deadline.statutory:
        out.find(
            "final_pay_no_statute",
            Severity.INFO,
            f"{place.name} has no final-pay statute; the date shown is the next regular payday, "
            "as is common practice.",
            rule,
        )


OWBPA_D = "29 U.S.C. § 626(f)(1)(D); 29 C.F.R. § 1625.22(d)"


def _stated_consideration(sep: Separation, owbpa: bool, out: Outcome) -> None:
    """Refuse an agreement that does not state what the employee receives for the release."""
    stated = sep.severance_amount is not None or (
        sep.severance_weeks is not None and sep.base_salary is not None
    )
    if stated:
        return
    if owbpa:
        out.find(
            "owbpa_consideration_missing",
            Severity.ERROR,
            "An ADEA waiver needs consideration beyond anything already owed, stated in the "
            "agreement, and the row gives neither severance_amount nor severance_weeks with "
            "base_salary. Fill in the severance and drop the file again.",
            OWBPA_D,
        )
        return
    out.find(
        "severance_amount_missing",
        Severity.ERROR,
        "The agreement must state what the employee receives for the release, and the row gives "
        "neither severance_amount nor severance_weeks with base_salary. Fill in the severance "
        "and drop the file again.",
        "",
    )


def _group_disclosure(sep: Separation, ctx: Context, out: Outcome) -> None:
    members = [m for m in ctx.facts.decisional_unit if m.program_id == sep.program_id]
    if members:
        described = any(m.decisional_unit for m in members) and any(
            m.eligibility_factors for m in members
        )
        if not described and sep.program_id not in ctx.facts.described_programs:
            out.find(
                "owbpa_group_description_generic",
                Severity.ERROR,
                f"Group program {sep.program_id} is described only by the default text; the "
                "disclosure must name the decisional unit (the group considered) and the "
                "eligibility factors (how people were selected). Fill the decisional_unit and "
                "eligibility_factors columns of the Decisional unit sheet on at least one row of "
                "the program, and drop the file again.",
                OWBPA_H,
            )
        return
    out.find(
        "owbpa_group_disclosure_missing",
        Severity.ERROR,
        "This row is part of a group termination program, but the batch has no decisional-unit "
        "rows for its program_id; an ADEA waiver in a group program needs the job titles and "
        "ages of those selected and not selected. Add the DecisionalUnit sheet and drop the "
        "file again.",
        OWBPA_H,
    )


_CONFIDENTIALITY = {
    "preference": (
        Severity.ERROR,
        "{place} allows confidentiality about discrimination or harassment only as the "
        "employee's documented preference, and employee_requested_confidentiality is not 'yes'. "
        "Record the employee's preference, or drop confidentiality and non-disparagement.",
    ),
    "request": (
        Severity.ERROR,
        "{place} allows these confidentiality terms only at the employee's request, and "
        "employee_requested_confidentiality is not 'yes'. Record the request, or drop the terms.",
    ),
    "attestation": (
        Severity.WARNING,
        "{place} requires the confidentiality term to carry the statutory carve-outs and an "
        "attestation signed by all parties; the attestation clause is included and must be signed.",
    ),
    "notice": (
        Severity.INFO,
        "{place} requires a prominent notice that confidentiality about discrimination or "
        "harassment claims cannot be enforced against the employee; the notice clause is included.",
    ),
    "carveout": (
        Severity.INFO,
        "{place} voids terms that stop the employee discussing illegal conduct at work; the "
        "carve-out clause is included.",
    ),
}


def _confidentiality(sep: Separation, ctx: Context, out: Outcome) -> None:
    for place, rule in ctx.rules(RuleKind.CONFIDENTIALITY):
        values = rule.values
        assert isinstance(values, ConfidentialityValues)
        if values.mode in ("preference", "request") and sep.employee_requested_confidentiality:
            continue
        severity, text = _CONFIDENTIALITY[values.mode]
        out.find("confidentiality_restricted", severity, text.format(place=place.name), rule)


def _separate_consideration(sep: Separation, ctx: Context, out: Outcome) -> None:
    """Refuse a confidentiality promise the law voids without its own stated payment."""
    for place, rule in ctx.rules(RuleKind.SEPARATE_CONSIDERATION):
        if sep.confidentiality_consideration is not None:
            continue
        out.find(
            "confidentiality_consideration",
            Severity.ERROR,
            f"{place.name} voids a confidentiality promise about unlawful employment practices "
            "unless the agreement pays for it separately from the release, and "
            "confidentiality_consideration is empty. Fill in the separate amount, or drop "
            "confidential_claim_facts, and drop the file again.",
            rule,
        )


def _nlra(ctx: Context, out: Outcome) -> None:
    found = ctx.first(RuleKind.NLRA)
    if found is None:
        return
    out.find(
        "nlra_section7",
        Severity.WARNING,
        "A non-supervisory employee is offered confidentiality or non-disparagement terms; they "
        "are kept narrow and the NLRA Section 7 carve-out clause is included.",
        found[1],
    )
