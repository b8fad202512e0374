"""Values that can be right but rarely are: warnings, not rejections, listed for HR to check.

A row with an implausible value still gets its documents; the value is listed on the Warnings
sheet of rejects.xlsx, on the command's line and by ``accord check``. Every such check is a row
of one table here, so adding one is one entry: the kind, the column to point at, the test, what
looks wrong and what to do about it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from accord.records import Kind

Values = dict[str, Any]

# An hourly rate above this is almost surely an annual salary with pay_basis hourly.
HOURLY_RATE_LIMIT = Decimal(1000)
# A salary below half the range's minimum, or above twice its maximum, is far from the range.
FAR_BELOW = Decimal("0.5")
FAR_ABOVE = Decimal(2)


@dataclass(frozen=True)
class Check:
    """One plausibility check: which kind and column, when it fires, what it says, what to do."""

    kind: Kind
    column: str
    fires: Callable[[Values, date | None], bool]
    problem: str
    fix: str


def _both(values: Values, a: str, b: str) -> bool:
    return values.get(a) is not None and values.get(b) is not None


def _far_from_range(values: Values, _on: date | None) -> bool:
    pay, low, high = (values.get(c) for c in ("base_salary", "pay_range_min", "pay_range_max"))
    if not pay:
        return False
    return (low is not None and pay < low * FAR_BELOW) or (
        high is not None and pay > high * FAR_ABOVE
    )


CHECKS: tuple[Check, ...] = (
    Check(
        Kind.OFFERS,
        "base_salary",
        lambda v, _on: v.get("base_salary") == 0,
        "is zero",
        "Check the salary: the letter would offer $0 a year.",
    ),
    Check(
        Kind.OFFERS,
        "base_salary",
        lambda v, _on: (
            v.get("pay_basis") == "hourly" and (v.get("base_salary") or 0) > HOURLY_RATE_LIMIT
        ),
        "is over $1,000 an hour",
        "Check the amount and pay_basis: an annual salary needs pay_basis annual.",
    ),
    Check(
        Kind.OFFERS,
        "base_salary",
        _far_from_range,
        "is far outside the pay range",
        "Check the salary and the pay range: both must be in the same unit (a year or an hour).",
    ),
    Check(
        Kind.OFFERS,
        "pay_range_max",
        lambda v, _on: (
            _both(v, "pay_range_min", "pay_range_max") and v["pay_range_max"] < v["pay_range_min"]
        ),
        "is below pay_range_min",
        "Check the pay range: the maximum must be at least the minimum.",
    ),
    Check(
        Kind.OFFERS,
        "respond_by",
        lambda v, _on: _both(v, "respond_by", "offer_date") and v["respond_by"] < v["offer_date"],
        "is before offer_date, the letter's date",
        "Check both dates: the answer is due after the offer is made.",
    ),
    Check(
        Kind.OFFERS,
        "respond_by",
        lambda v, on: (
            bool(on and not v.get("offer_date") and v.get("respond_by")) and v["respond_by"] < on
        ),
        "is before the letter's date (the as-of date, with no offer_date)",
        "Check the date: the answer is due after the letter is sent.",
    ),
    Check(
        Kind.OFFERS,
        "bonus_target_pct",
        lambda v, _on: (v.get("bonus_target_pct") or 0) > 100,
        "is over 100% of the salary",
        "Check the bonus target: write 15 or 15% for fifteen percent.",
    ),
    Check(
        Kind.AGREEMENTS,
        "effective_date",
        lambda v, on: bool(on and v.get("effective_date")) and v["effective_date"] < on,
        "is before the agreement's date (the as-of date)",
        "Check the date: the agreement takes effect on or after the day it is given.",
    ),
    Check(
        Kind.OFFERS,
        "start_date",
        lambda v, _on: _both(v, "start_date", "offer_date") and v["start_date"] < v["offer_date"],
        "is before offer_date",
        "Check both dates: the person starts after the offer is made.",
    ),
)


_BY_KIND: dict[Kind, tuple[Check, ...]] = {
    kind: tuple(c for c in CHECKS if c.kind is kind) for kind in Kind
}


def implausible(
    kind: Kind, values: Values, as_of: date | None = None
) -> list[tuple[str, str, str]]:
    """Return (column, problem, fix) for each check of ``kind`` the row's values set off; an
    empty list when nothing looks wrong. ``as_of`` (the date the letters carry when the row gives
    none) enables the checks against the letter's date; without it they are skipped."""
    return [(c.column, c.problem, c.fix) for c in _BY_KIND[kind] if c.fires(values, as_of)]
