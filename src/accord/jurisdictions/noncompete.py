"""Whether a requested noncompete may go into an offer letter or a separation agreement."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from accord.jurisdictions.context import Context, Outcome, source
from accord.jurisdictions.determination import Severity
from accord.jurisdictions.schema import NoncompeteValues, RuleKind

HOURS_A_YEAR = Decimal(2080)


def annual_pay(amount: Decimal | None, basis: str) -> Decimal | None:
    """Return yearly pay (hourly rates times 2,080 hours), or None when the row gives no pay."""
    if amount is None:
        return None
    return amount * HOURS_A_YEAR if basis == "hourly" else amount


def threshold(values: NoncompeteValues, year: int) -> Decimal | None:
    """Return the pay threshold for ``year``: the latest figure not after it, else the earliest."""
    table = values.min_salary_by_year
    if not table:
        return None
    years = sorted(table)
    usable = [y for y in years if y <= year]
    return table[usable[-1] if usable else years[0]]


def apply_noncompete(
    ctx: Context,
    out: Outcome,
    *,
    requested: bool,
    pay: Decimal | None,
    exempt: bool | None,
    hourly: bool,
    separation_type: str | None = None,
    offered: date | None = None,
    starts: date | None = None,
) -> bool:
    """Decide a requested noncompete; return True when its clause goes in.

    A refused noncompete is added to ``out.omit`` with a ``noncompete_prohibited`` warning. Missing
    pay or exempt status counts against the noncompete where the law depends on it: leaving a
    noncompete out never breaks the law, putting an invalid one in can. ``offered`` and
    ``starts`` (the offer date and the first day) decide whether the offer came early enough.
    """
    if not requested:
        return False
    found = ctx.first(RuleKind.NONCOMPETE)
    if found is None:
        out.add_clauses(["noncompete"])
        return True
    place, rule = found
    values = rule.values
    assert isinstance(values, NoncompeteValues)
    reason = _refusal(values, ctx.on.year, pay, exempt, hourly, separation_type)
    if reason:
        out.omit.add("noncompete")
        out.find(
            "noncompete_prohibited",
            Severity.WARNING,
            f"A noncompete was requested but {place.name} {reason}; the noncompete clause is "
            "left out of the documents.",
            rule,
        )
        return False
    latest = max(values.min_salary_by_year, default=None)
    if values.indexed and latest is not None and ctx.on.year > latest:
        # Last year's figure would let through a noncompete the statute voids: leave it out.
        out.omit.add("noncompete")
        out.find(
            "noncompete_threshold_missing",
            Severity.ERROR,
            f"A noncompete was requested, but {place.name} adjusts its pay threshold every year "
            f"and the {ctx.on.year} threshold for {place.id} is not in "
            f"jurisdictions/{place.id}.yaml; the noncompete clause is left out. Add the "
            f"{ctx.on.year} figure to min_salary_by_year, or drop the noncompete from the row.",
            rule,
        )
        return False
    early = values.offer_before_start_days
    if early and offered is not None and starts is not None and (starts - offered).days < early:
        out.omit.add("noncompete")
        out.find(
            "noncompete_prohibited",
            Severity.WARNING,
            f"A noncompete was requested but {place.name} voids one unless the written offer "
            f"reaches the worker at least {early} days before the first day of work, and this "
            f"offer is dated {(starts - offered).days} days before the start date; the "
            "noncompete clause is left out of the documents. Move the start date, or send the "
            "offer without the noncompete.",
            rule,
        )
        return False
    out.add_clauses(["noncompete", *rule.clauses], source(place, rule))
    if values.threshold_unverified:
        out.find(
            "noncompete_threshold_unverified",
            Severity.WARNING,
            f"{place.name} bars noncompetes below {values.threshold_unverified}; Accord has no "
            "verified figure, so check the pay against it before sending.",
            rule,
        )
    if values.formalities:
        out.find(
            "noncompete_formalities",
            Severity.INFO,
            f"{place.name} attaches notice and timing conditions to noncompetes; the "
            "noncompete_notice clause is included and the timing is HR's to keep.",
            rule,
        )
    return True


def _refusal(
    values: NoncompeteValues,
    year: int,
    pay: Decimal | None,
    exempt: bool | None,
    hourly: bool,
    separation_type: str | None,
) -> str | None:
    if values.status == "banned":
        return "bans noncompetes"
    if values.status == "permitted":
        return None
    if separation_type and separation_type in values.bans_separation_types:
        return f"bars noncompetes for a {separation_type}"
    if values.bans_hourly and hourly:
        return "bars noncompetes for hourly employees"
    if values.bans_nonexempt and exempt is not True:
        return (
            "bars noncompetes for non-exempt employees and the row does not show the person is "
            "exempt"
        )
    limit = threshold(values, year)
    if limit is not None:
        if pay is None:
            return "allows noncompetes only above a pay threshold and the row gives no pay"
        if pay <= limit:
            return "allows noncompetes only above a pay threshold that this pay does not exceed"
    return None
