"""Terms for a mediated staff agreement."""

from __future__ import annotations

from datetime import timedelta

from accord.jurisdictions.context import Context, Outcome
from accord.records import Agreement


def decide_agreement(agreement: Agreement, ctx: Context, out: Outcome) -> None:
    """Fill ``out`` for one agreement: effective_date (the row's, else as-of) and check_ins."""
    effective = agreement.effective_date or ctx.on
    out.terms["effective_date"] = effective
    out.terms["check_ins"] = [effective + timedelta(days=d) for d in agreement.check_in_days]
