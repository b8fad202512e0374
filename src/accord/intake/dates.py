"""Date cells: Excel dates and serial numbers (1900 and 1904 systems), ISO and US text.

A date that could be read two ways (``05.01.2026``, ``1/5/26``) is a problem for HR to fix, never a
guess: a wrong start date or release deadline costs more than a rejected row.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from accord.errors import ValueProblem
from accord.intake.values import Cell, text

_FIX = "Write it as 2026-01-31 or 1/31/2026 (month/day/year), or use an Excel date."
_EARLIEST = date(1900, 1, 1)
_LATEST = date(2199, 12, 31)
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_TIME = r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_ISO = re.compile(rf"(\d{{4}})[-/](\d{{1,2}})[-/](\d{{1,2}}){_TIME}")
_US = re.compile(rf"(\d{{1,2}})/(\d{{1,2}})/(\d{{4}}){_TIME}")
_SHORT_YEAR = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2}")
_DAY_FIRST_STYLE = re.compile(r"\d{1,2}[.-]\d{1,2}[.-]\d{4}")
_MONTH_FIRST = re.compile(r"([a-z]+)\.? (\d{1,2}),? (\d{4})")
_DAY_FIRST = re.compile(r"(\d{1,2})[ -]([a-z]+)\.?[ ,-]*(\d{4})")


def _checked(year: int, month: int, day: int) -> date:
    try:
        value = date(year, month, day)
    except ValueError:
        raise ValueProblem("is not a real calendar date", _FIX) from None
    if not _EARLIEST <= value <= _LATEST:
        raise ValueProblem("is outside the years 1900 to 2199", _FIX)
    return value


def from_serial(serial: float, date1904: bool = False) -> date:
    """Return the date an Excel serial number stands for, in the 1900 or 1904 date system."""
    if serial != serial or not 1 <= serial < 2_958_466:
        raise ValueProblem("is not a date", _FIX)
    days = int(serial)
    if date1904:
        return _checked_date(date(1904, 1, 1) + timedelta(days=days))
    if days == 60:
        # Excel's 1900 system counts a 29 February 1900 that never existed (a Lotus 1-2-3 bug).
        raise ValueProblem("is 29 February 1900, a day that does not exist", _FIX)
    start = date(1899, 12, 31) if days < 60 else date(1899, 12, 30)
    return _checked_date(start + timedelta(days=days))


def _checked_date(value: date) -> date:
    return _checked(value.year, value.month, value.day)


def _from_words(value: str) -> date | None:
    lowered = value.casefold()
    for pattern, order in ((_MONTH_FIRST, "mdy"), (_DAY_FIRST, "dmy")):
        match = pattern.fullmatch(lowered)
        if match:
            parts = dict(zip(order, match.groups(), strict=True))
            month = _MONTHS.get(parts["m"])
            if month is None:
                raise ValueProblem("is not a date", _FIX)
            return _checked(int(parts["y"]), month, int(parts["d"]))
    return None


def a_date(raw: Cell, date1904: bool = False) -> date | None:
    """Return the date in a cell; ``None`` when blank. Numbers are Excel serials."""
    if isinstance(raw, datetime):
        return _checked_date(raw.date())
    if isinstance(raw, date):
        return _checked_date(raw)
    if isinstance(raw, time | timedelta | bool):
        raise ValueProblem("is a time or duration, not a date", _FIX)
    if isinstance(raw, int | float):
        return from_serial(float(raw), date1904)
    value = text(raw)
    if value is None:
        return None
    if value.isdecimal() and len(value) <= 7:
        return from_serial(float(value), date1904)
    for pattern, order in ((_ISO, "ymd"), (_US, "mdy")):
        match = pattern.fullmatch(value)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            if order == "mdy" and parts["m"] > 12 and parts["d"] <= 12:
                raise ValueProblem("looks like day/month/year", _FIX)
            return _checked(parts["y"], parts["m"], parts["d"])
    if _SHORT_YEAR.fullmatch(value):
        raise ValueProblem("has a two-digit year", _FIX)
    if _DAY_FIRST_STYLE.fullmatch(value):
        raise ValueProblem("could be read as day/month or month/day", _FIX)
    found = _from_words(value)
    if found is None:
        raise ValueProblem("is not a date", _FIX)
    return found
