"""Date cells: Excel dates, serials in both date systems, ISO and US text; ambiguity is refused."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from accord.errors import ValueProblem
from accord.intake.dates import a_date, from_serial
from accord.intake.values import Cell


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (date(2026, 1, 31), date(2026, 1, 31)),
        (datetime(2026, 1, 31, 0, 0), date(2026, 1, 31)),
        (datetime(2026, 1, 31, 13, 45), date(2026, 1, 31)),
        (46053, date(2026, 1, 31)),
        (46053.0, date(2026, 1, 31)),
        (46053.75, date(2026, 1, 31)),
        ("46053", date(2026, 1, 31)),
        ("2026-01-31", date(2026, 1, 31)),
        ("2026-1-5", date(2026, 1, 5)),
        ("2026/01/31", date(2026, 1, 31)),
        ("2026-01-31 00:00:00", date(2026, 1, 31)),
        ("2026-01-31T09:30", date(2026, 1, 31)),
        ("1/31/2026", date(2026, 1, 31)),
        ("01/05/2026", date(2026, 1, 5)),
        ("1/5/2026", date(2026, 1, 5)),
        ("January 31, 2026", date(2026, 1, 31)),
        ("Jan 31 2026", date(2026, 1, 31)),
        ("31 January 2026", date(2026, 1, 31)),
        ("31-Jan-2026", date(2026, 1, 31)),
        ("", None),
        (None, None),
    ],
)
def test_dates_accepted(raw: Cell, expected: date | None) -> None:
    assert a_date(raw) == expected


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("31/1/2026", "looks like day/month/year"),
        ("1/5/26", "has a two-digit year"),
        ("05.01.2026", "could be read as day/month or month/day"),
        ("05-01-2026", "could be read as day/month or month/day"),
        ("2026-02-30", "is not a real calendar date"),
        ("2/30/2026", "is not a real calendar date"),
        ("next Monday", "is not a date"),
        ("Smarch 3 2026", "is not a date"),
        ("20260131", "is not a date"),
        ("1850-01-01", "is outside the years 1900 to 2199"),
        (time(10, 0), "is a time or duration, not a date"),
        (timedelta(days=3), "is a time or duration, not a date"),
        (True, "is a time or duration, not a date"),
        (0, "is not a date"),
        (-5, "is not a date"),
        (2994626.0, "is not a date"),
        (float("nan"), "is not a date"),
        (60, "is 29 February 1900, a day that does not exist"),
        ("#VALUE!", "holds the spreadsheet error #VALUE!"),
    ],
)
def test_dates_refused(raw: Cell, problem: str) -> None:
    with pytest.raises(ValueProblem) as caught:
        a_date(raw)
    assert caught.value.problem == problem


def test_date_fix_shows_both_accepted_forms() -> None:
    with pytest.raises(ValueProblem) as caught:
        a_date("05.01.2026")
    assert caught.value.fix == (
        "Write it as 2026-01-31 or 1/31/2026 (month/day/year), or use an Excel date."
    )


@pytest.mark.parametrize(
    ("serial", "date1904", "expected"),
    [
        (1, False, date(1900, 1, 1)),
        (59, False, date(1900, 2, 28)),
        (61, False, date(1900, 3, 1)),
        (45658, False, date(2025, 1, 1)),
        (0, True, None),
        (1, True, date(1904, 1, 2)),
        (44196, True, date(2025, 1, 1)),
    ],
)
def test_serials_in_both_date_systems(serial: int, date1904: bool, expected: date | None) -> None:
    if expected is None:
        with pytest.raises(ValueProblem):
            from_serial(serial, date1904)
    else:
        assert from_serial(serial, date1904) == expected


def test_the_1904_system_is_1462_days_later() -> None:
    assert (from_serial(40000, True) - from_serial(40000, False)).days == 1462
