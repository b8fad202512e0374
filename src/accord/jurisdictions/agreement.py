"""Terms and findings for a mediated staff agreement."""

from __future__ import annotations

import re
from datetime import date, timedelta

from accord.jurisdictions.context import Context, Outcome, add_notices
from accord.jurisdictions.deadline import business_days_after, is_business_day
from accord.records import Agreement

# A commitment that limits what a party may say about the dispute (California then requires the
# unlawful-acts sentence, Cal. Gov. Code § 12964.5(a)(1)(B)).
RESTRICTS_TALK = re.compile(
    r"\b(not|never|won't|will not|no longer)\s+(to\s+)?(discuss|talk about|talk to others about|"
    r"mention|share|speak about|disclose|post about)\b"
    r"|\bkeep\b.{0,40}\b(private|confidential|between (us|them|the parties))\b"
    r"|\bconfidential",
    re.IGNORECASE,
)
# Words that make a workplace dispute a complaint the employer must investigate.
COMPLAINT = re.compile(
    r"\b(complain\w*|grievance|harass\w*|discriminat\w*|retaliat\w*|hostile|bull(y|ying|ied)|"
    r"racis\w*|sexis\w*|slurs?|race|racial|religio\w*|disabilit\w*|pregnan\w*|gender|"
    r"sexual|national origin|protected (trait|class|characteristic)s?)\b",
    re.IGNORECASE,
)


def restricts_talk(agreement: Agreement) -> bool:
    """Return True when a commitment limits what a party may say about the dispute."""
    commitments = (
        *agreement.party_a_commitments,
        *agreement.party_b_commitments,
        *agreement.shared_commitments,
    )
    return any(RESTRICTS_TALK.search(c) for c in commitments)


def speaks_of_complaint(agreement: Agreement) -> bool:
    """Return True when the issue, concerns or commitments speak of a complaint or protected trait."""
    texts = (
        agreement.issue_summary,
        *agreement.concerns,
        *agreement.resolutions,
        *agreement.party_a_commitments,
        *agreement.party_b_commitments,
        *agreement.shared_commitments,
    )
    return any(COMPLAINT.search(t) for t in texts if t)


def decide_agreement(agreement: Agreement, ctx: Context, out: Outcome) -> None:
    """Fill ``out`` for one agreement: effective_date, check_ins and the agreement findings.

    A check-in that falls on a weekend or a public holiday of the place moves to the next
    business day.
    """
    effective = agreement.effective_date or ctx.on
    out.terms["effective_date"] = effective
    out.terms["check_ins"] = [
        _business_day(effective + timedelta(days=d), ctx) for d in agreement.check_in_days
    ]
    add_notices(ctx, out)


def _business_day(day: date, ctx: Context) -> date:
    return day if is_business_day(day, ctx.chain) else business_days_after(day, 1, ctx.chain)
