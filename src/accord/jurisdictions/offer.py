"""Terms, findings and clauses for a negotiated offer."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from itertools import zip_longest

from accord.jurisdictions.context import Context, Outcome, add_notices
from accord.jurisdictions.deadline import business_days_after
from accord.jurisdictions.determination import Severity
from accord.jurisdictions.noncompete import annual_pay, apply_noncompete
from accord.jurisdictions.schema import (
    AtWillValues,
    CheckInValues,
    NoncompeteValues,
    OfferResponseValues,
    PayRangeValues,
    RuleKind,
    SalaryHistoryValues,
)
from accord.records import Offer


def decide_offer(offer: Offer, ctx: Context, out: Outcome) -> None:
    """Fill ``out`` for one offer: respond_by, start_date, check_ins, and the offer findings."""
    # A prior salary is accepted only so it can be flagged; nothing downstream may use it.
    out.omit.add("prior_salary")
    _terms(offer, ctx, out)
    _salary_history(offer, ctx, out)
    _pay_range(offer, ctx, out)
    _at_will(ctx, out)
    included = apply_noncompete(
        ctx,
        out,
        requested=bool(offer.noncompete),
        pay=annual_pay(offer.base_salary, offer.pay_basis),
        exempt=offer.exempt,
        hourly=offer.pay_basis == "hourly",
        offered=offer.offer_date or ctx.on,
        starts=offer.start_date,
    )
    review_until = _review_period(offer, ctx, out) if included else None
    _before_start(offer, ctx, out, review_until)
    _notices_at_hire(offer, ctx, out)


def _terms(offer: Offer, ctx: Context, out: Outcome) -> None:
    respond_by = offer.respond_by
    if respond_by is None:
        found = ctx.first(RuleKind.OFFER_RESPONSE)
        days = (
            found[1].values.business_days
            if found
            else OfferResponseValues.model_validate({}).business_days
        )
        respond_by = business_days_after(offer.offer_date or ctx.on, days, ctx.chain)
    out.terms["respond_by"] = respond_by
    out.terms["start_date"] = offer.start_date
    found_check = ctx.first(RuleKind.CHECK_INS)
    values = found_check[1].values if found_check else CheckInValues()
    assert isinstance(values, CheckInValues)
    start = offer.start_date
    out.terms["check_ins"] = [start + timedelta(days=d) for d in values.days] if start else []


def _review_period(offer: Offer, ctx: Context, out: Outcome) -> date | None:
    """Return the end of the noncompete review period the law sets (None: it sets none).

    The answer date moves there when it is earlier; a respond_by typed earlier is a warning.
    """
    found = ctx.first(RuleKind.NONCOMPETE)
    if found is None:
        return None
    place, rule = found
    values = rule.values
    assert isinstance(values, NoncompeteValues)
    if not values.review_days:
        return None
    earliest = (offer.offer_date or ctx.on) + timedelta(days=values.review_days)
    if out.terms["respond_by"] >= earliest:
        return earliest
    out.terms["respond_by"] = earliest
    if offer.respond_by is not None:
        out.find(
            "noncompete_review_period",
            Severity.WARNING,
            f"{place.name} gives a worker at least {values.review_days} calendar days to review "
            "a noncompete or non-solicit before answering, and respond_by is earlier; the letter "
            f"asks for an answer {values.review_days} days after the offer date instead. Fix "
            "respond_by in the file.",
            rule,
        )
    return earliest


def _before_start(offer: Offer, ctx: Context, out: Outcome, review_until: date | None) -> None:
    """Keep the answer date before the first day of work: cap Accord's own, refuse the row's."""
    start = offer.start_date
    if start is None or out.terms["respond_by"] < start:
        return
    latest = start - timedelta(days=1)
    offered = offer.offer_date or ctx.on
    fits = latest >= offered and (review_until is None or latest >= review_until)
    if offer.respond_by is None and fits:
        out.terms["respond_by"] = latest
        out.find(
            "respond_by_capped",
            Severity.INFO,
            "The usual answer period would end on or after the start date; the letter asks "
            "for an answer by the day before the first day of work.",
            "",
        )
        return
    out.find(
        "respond_by_after_start",
        Severity.ERROR,
        "The answer date falls on or after the start date, so the candidate would be asked to "
        "answer after the first day of work (or the law's review period for the noncompete "
        "runs past it). Give a respond_by before start_date, or a later start_date, and drop "
        "the file again.",
        "",
    )


WAGE_NOTICE = "wage_notice_at_hire"

# Words that mean the candidate's own pay before this offer. Kept narrow: "salary expectations"
# and the range of this role are not pay history.
PAY_HISTORY = re.compile(
    r"\b(current|previous|prior|past|former|present|existing|last|old)\s+(base\s+)?"
    r"(salary|pay|compensation|comp|wages?|package|earnings|employer's offer)\b"
    r"|\b(salary|pay|compensation|wage)\s+history\b"
    r"|\bcurrently\s+(earns?|earning|makes?|making|paid)\b",
    re.IGNORECASE,
)


def speaks_of_pay_history(text: str) -> bool:
    """Return True when ``text`` (a concern or resolution) speaks of the candidate's own past pay."""
    return bool(PAY_HISTORY.search(text))


def without_pay_history(record: Offer) -> Offer:
    """Return ``record`` without the concerns (and their resolutions) that speak of pay history."""
    pairs = list(zip_longest(record.concerns, record.resolutions, fillvalue=""))
    kept = [(c, r) for c, r in pairs if not speaks_of_pay_history(f"{c} {r}")]
    return replace(
        record,
        concerns=tuple(c for c, _ in kept if c),
        resolutions=tuple(r for c, r in kept if c),
    )


def _notices_at_hire(offer: Offer, ctx: Context, out: Outcome) -> None:
    """Add the duties at hire (wage notices) as findings, and their deadline as a term."""
    before = len(out.findings)
    add_notices(ctx, out)
    if any(f.code == WAGE_NOTICE for f in out.findings[before:]):
        # "At the time of hiring" (N.Y. Labor Law § 195(1); Cal. Lab. Code § 2810.5) and "at the
        # start of employment" (Minn. Stat. § 181.032(d)): by the first day at the latest.
        out.terms["wage_notice_due"] = offer.start_date


def _salary_history(offer: Offer, ctx: Context, out: Outcome) -> None:
    found = ctx.rules(RuleKind.SALARY_HISTORY_BAN)
    discussed = any(speaks_of_pay_history(t) for t in (*offer.concerns, *offer.resolutions))
    if not found or (offer.prior_salary is None and not discussed):
        return
    place, rule = found[0]
    # The letter cannot say pay history was not asked for or relied on when it was discussed.
    out.drops.add("salary_history_statement")
    out.omit.add("pay_history")
    voluntary = [
        r.values.voluntary
        for _p, r in found
        if isinstance(r.values, SalaryHistoryValues) and r.values.voluntary
    ]
    what = (
        "A prior salary was supplied"
        if offer.prior_salary is not None
        else "The concerns or resolutions speak of the candidate's current or previous pay"
    )
    allowed = (
        f" Where the candidate disclosed it voluntarily and without prompting, "
        f"{' and '.join(voluntary)} may allow relying on it; counsel should confirm."
        if voluntary
        else ""
    )
    out.find(
        "salary_history_ban",
        Severity.WARNING,
        f"{what}, but {place.name} bars asking for or relying on pay history. The letter does "
        "not state that pay history was not asked for or relied on, and no document, tracker or "
        "log shows the value or the concerns about it." + allowed + " Remove prior_salary and "
        "pay-history notes from future files.",
        "; ".join(dict.fromkeys([rule.citation or "", *voluntary])),
    )


def _pay_range(offer: Offer, ctx: Context, out: Outcome) -> None:
    if offer.pay_range_min is not None and offer.pay_range_max is not None:
        return
    # Without both ends there is no range to show; the finding says what to do.
    out.drops.add("pay_range")
    size = ctx.facts.employer_employees
    for place, rule in ctx.rules(RuleKind.PAY_RANGE):
        values = rule.values
        assert isinstance(values, PayRangeValues)
        if size is not None and values.min_employees is not None and size < values.min_employees:
            continue
        if values.at_offer:
            out.find(
                "pay_range_required",
                Severity.ERROR,
                f"{place.name} requires the pay range to be given to the candidate by the time "
                "of the offer, and pay_range_min / pay_range_max are empty. Fill both in and "
                "drop the file again.",
                rule,
            )
        else:
            out.find(
                "pay_range_required",
                Severity.WARNING,
                f"{place.name} requires a pay range in job postings or on request, and "
                "pay_range_min / pay_range_max are empty; the letter goes out without a range. "
                "Make sure the posting showed it, or fill both in.",
                rule,
            )
        return


def _at_will(ctx: Context, out: Outcome) -> None:
    found = ctx.first(RuleKind.AT_WILL_LIMITED)
    if found is None:
        return
    place, rule = found
    values = rule.values
    assert isinstance(values, AtWillValues)
    months = f" (default {values.probation_months} months)" if values.probation_months else ""
    out.find(
        "at_will_limited",
        Severity.INFO,
        f"{place.name} limits discharge after a probationary period{months}; the letter states "
        "the probationary period instead of at-will employment.",
        rule,
    )
