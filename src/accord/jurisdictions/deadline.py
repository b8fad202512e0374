"""Date arithmetic for the rules: business days, periods, and final-pay deadlines.

Business days skip Saturdays, Sundays and the public holidays of the place's state, federal ones
included (the ``holidays`` package's US calendar for that subdivision).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from functools import lru_cache

import holidays

from accord.jurisdictions.schema import DeadlineRule

_STATE_ID = re.compile(r"^US-([A-Z]{2})$")


def state_code(chain: Sequence[str]) -> str | None:
    """Return the two-letter state code on the chain, or None for a chain with only ``US``."""
    for place_id in chain:
        match = _STATE_ID.match(place_id)
        if match:
            return match.group(1)
    return None


def load_calendars() -> None:
    """Import the public-holiday calendars now (about a second), rather than on the first lookup."""
    holidays.country_holidays("US")


@lru_cache(maxsize=512)
def _holidays(subdiv: str | None, year: int) -> frozenset[date]:
    calendar = holidays.country_holidays("US", subdiv=subdiv, years=year)
    return frozenset(calendar.keys())


def is_business_day(day: date, chain: Sequence[str]) -> bool:
    """Return True when ``day`` is neither a weekend nor a public holiday of the chain's state."""
    if day.weekday() >= 5:
        return False
    return day not in _holidays(state_code(chain), day.year)


def public_holidays(chain: Sequence[str], years: Iterable[int]) -> list[date]:
    """Return the public holidays of the chain's state (federal ones only for a chain without a
    state) in ``years``, in date order: the days :func:`is_business_day` skips besides weekends."""
    subdiv = state_code(chain)
    # A day is a holiday only in its own year's calendar, as is_business_day looks it up.
    return sorted(d for year in years for d in _holidays(subdiv, year) if d.year == year)


def business_days_after(start: date, n: int, chain: Sequence[str]) -> date:
    """Return the n-th business day after ``start`` (``start`` itself when n is 0)."""
    if n < 0:
        raise ValueError("n must not be negative")
    day = start
    counted = 0
    while counted < n:
        day += timedelta(days=1)
        if is_business_day(day, chain):
            counted += 1
    return day


def period_end(start: date, days: int, unit: str, chain: Sequence[str]) -> date:
    """Return the last day of ``days`` calendar or business days counted after ``start``."""
    if unit == "business":
        return business_days_after(start, days, chain)
    return start + timedelta(days=days)


def final_pay_date(
    deadline: DeadlineRule,
    last_day: date | None,
    next_payday: date | None,
    notice_date: date | None,
    chain: Sequence[str],
) -> tuple[date | None, tuple[str, ...]]:
    """Return the date final wages are due and the columns that were missing to compute it.

    The date is None exactly when something is missing (the tuple then names the columns); a
    deadline that depends on the next payday cannot be computed without ``next_payday``.
    """
    if last_day is None:
        return None, ("separation_date",)
    parts = deadline.parts
    notice = deadline.with_notice
    if (
        notice is not None
        and notice_date is not None
        and (last_day - notice_date).days >= (notice.min_days)
    ):
        parts = notice.parts
    dates: list[date] = []
    missing: list[str] = []
    for part in parts:
        if part == "immediately":
            dates.append(last_day)
        elif part == "next_payday":
            if next_payday is None:
                missing.append("next_payday")
            else:
                dates.append(next_payday)
        else:
            count, unit = part.split(" ")
            kind = "business" if unit == "business_days" else "calendar"
            dates.append(period_end(last_day, int(count), kind, chain))
    if missing:
        return None, tuple(missing)
    return (min(dates) if deadline.combine == "earliest" else max(dates)), ()
