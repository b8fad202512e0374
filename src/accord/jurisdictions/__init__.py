"""Jurisdiction rules: law as data, resolved per place and applied as of a date.

First slice: the chain is the state and the United States; offers get a respond-by date and
30/60/90-day check-ins. The rules issue replaces this with rule data from ``jurisdictions/``.
"""

from __future__ import annotations

from datetime import date, timedelta

from accord.jurisdictions.determination import BatchFacts, Determination, Finding, Severity
from accord.records import Offer, Record

__all__ = ["BatchFacts", "Determination", "Finding", "Severity", "determine", "rules_version"]


def rules_version() -> str:
    """Return a version string for the rule data (a hash once rule files exist)."""
    return "skeleton"


def _business_days_after(start: date, n: int) -> date:
    day = start
    while n > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def determine(record: Record, as_of: date, facts: BatchFacts = BatchFacts()) -> Determination:
    """Return the chain, terms, findings and clauses that apply to ``record`` as of ``as_of``."""
    chain = (f"US-{record.work_state}", "US")
    terms: dict[str, object] = {}
    if isinstance(record, Offer):
        start = record.start_date
        terms["respond_by"] = record.respond_by or _business_days_after(
            record.offer_date or as_of, 5
        )
        terms["start_date"] = start
        terms["check_ins"] = [start + timedelta(days=d) for d in (30, 60, 90)] if start else []
    return Determination(chain=chain, as_of=as_of, terms=terms, clauses=("at_will",))
