"""Business days, periods and final-pay deadlines."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.jurisdictions import business_days_after
from accord.jurisdictions.deadline import final_pay_date, is_business_day, period_end
from accord.jurisdictions.schema import DeadlineRule

CA = ("US-CA", "US")
TX = ("US-TX", "US")
MA = ("US-MA", "US")
FEDERAL = ("US",)


@pytest.mark.parametrize(
    ("start", "n", "chain", "expected", "why"),
    [
        (date(2026, 6, 1), 5, TX, date(2026, 6, 8), "plain week"),
        (date(2026, 6, 5), 1, TX, date(2026, 6, 8), "Friday to Monday"),
        (date(2026, 6, 5), 0, TX, date(2026, 6, 5), "zero days"),
        (date(2026, 11, 25), 1, TX, date(2026, 11, 30), "Thanksgiving and Texas's day after"),
        (date(2026, 11, 25), 1, MA, date(2026, 11, 27), "Massachusetts works the day after"),
        (date(2026, 3, 30), 1, CA, date(2026, 4, 1), "California's Cesar Chavez Day"),
        (date(2026, 4, 17), 1, MA, date(2026, 4, 21), "Patriots' Day, Massachusetts only"),
        (date(2026, 4, 17), 1, TX, date(2026, 4, 20), "no Patriots' Day in Texas"),
        (date(2026, 7, 2), 1, CA, date(2026, 7, 6), "Independence Day observed on Friday"),
        (date(2026, 12, 31), 1, FEDERAL, date(2027, 1, 4), "year end and New Year's Day"),
        (date(2028, 2, 28), 1, TX, date(2028, 2, 29), "leap day is a business day"),
    ],
)
def test_business_days_skip_weekends_and_the_places_holidays(start, n, chain, expected, why):
    assert business_days_after(start, n, chain) == expected, why


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2026, 1, 31), 30, date(2026, 3, 2)),
        (date(2028, 2, 8), 21, date(2028, 2, 29)),
        (date(2027, 2, 8), 21, date(2027, 3, 1)),
        (date(2026, 12, 20), 15, date(2027, 1, 4)),
    ],
)
def test_calendar_periods_cross_month_and_year_ends(start, days, expected):
    assert period_end(start, days, "calendar", TX) == expected


LAST = date(2026, 3, 31)
PAYDAY = date(2026, 4, 10)


@pytest.mark.parametrize(
    ("deadline", "payday", "notice", "expected"),
    [
        (DeadlineRule(parts=("immediately",)), None, None, LAST),
        (DeadlineRule(parts=("6 days",)), None, None, date(2026, 4, 6)),
        (DeadlineRule(parts=("next_payday", "3 days")), PAYDAY, None, date(2026, 4, 3)),
        (DeadlineRule(parts=("next_payday", "3 days"), combine="latest"), PAYDAY, None, PAYDAY),
        (DeadlineRule(parts=("1 business_days",)), None, None, date(2026, 4, 1)),
        (
            DeadlineRule(
                parts=("3 days",),
                with_notice={"min_days": 3, "parts": ("immediately",)},  # type: ignore[arg-type]
            ),
            None,
            date(2026, 3, 20),
            LAST,
        ),
        (
            DeadlineRule(
                parts=("3 days",),
                with_notice={"min_days": 3, "parts": ("immediately",)},  # type: ignore[arg-type]
            ),
            None,
            date(2026, 3, 30),
            date(2026, 4, 3),
        ),
    ],
)
def test_final_pay_deadline_parts_combine(deadline, payday, notice, expected):
    assert final_pay_date(deadline, LAST, payday, notice, CA) == (expected, ())


def test_a_deadline_needing_the_next_payday_names_it_when_missing():
    assert final_pay_date(DeadlineRule(parts=("next_payday",)), LAST, None, None, CA) == (
        None,
        ("next_payday",),
    )


@given(
    start=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    n=st.integers(min_value=1, max_value=30),
    chain=st.sampled_from([CA, TX, MA, FEDERAL, ("US-NY-NYC", "US-NY", "US")]),
)
def test_the_nth_business_day_is_a_business_day_with_n_before_it(start, n, chain):
    end = business_days_after(start, n, chain)
    assert is_business_day(end, chain)
    days = [start + timedelta(days=i) for i in range(1, (end - start).days + 1)]
    assert sum(is_business_day(d, chain) for d in days) == n
