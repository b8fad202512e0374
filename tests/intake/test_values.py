"""Every value parser, as a table of cells in and values (or problems) out."""

from __future__ import annotations

import contextlib
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.errors import ValueProblem
from accord.intake import values as v
from accord.intake.columns import COLUMNS, DECISIONAL_UNIT_COLUMNS
from accord.intake.dates import a_date


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Zoë  ", "Zoë"),
        ("Zoe\u0308", "Zoë"),  # decomposed input comes out NFC
        ("ABC_x000D_\nDEF", "ABC DEF"),
        ("a\x00b\x07c", "abc"),
        ("O'Brien & <Partners>", "O'Brien & <Partners>"),
        ("{{ 7*7 }}", "{{ 7*7 }}"),
        ("=1+2", "=1+2"),
        ("שלום עולם", "שלום עולם"),
        ("🚀 launch", "🚀 launch"),
        ("   ", None),
        (None, None),
        (1023.0, "1023"),
        (12.5, "12.5"),
        (True, "TRUE"),
        (date(2026, 1, 31), "2026-01-31"),
    ],
)
def test_text_is_cleaned_and_normalised(raw: v.Cell, expected: str | None) -> None:
    assert v.text(raw) == expected


def test_multiline_text_keeps_its_line_breaks() -> None:
    assert v.text("one_x000D_\ntwo\r\nthree", multiline=True) == "one\ntwo\nthree"


def test_escaped_underscore_stays_literal() -> None:
    assert v.text("a_x005F_x000D_b") == "a_x000D_b"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("00123", "00123"),
        (" E01023 ", "E01023"),
        (1023.0, "1023"),
        (1023, "1023"),
        ("E-0001", "E-0001"),
        ("", None),
    ],
)
def test_identifier_keeps_leading_zeros(raw: v.Cell, expected: str | None) -> None:
    assert v.identifier(raw) == expected


@pytest.mark.parametrize("raw", ["../etc", "a/b", "x" * 65, "E 01", "#1"])
def test_identifier_rejects_what_cannot_name_a_folder(raw: str) -> None:
    with pytest.raises(ValueProblem, match="is not a usable id"):
        v.identifier(raw)


@pytest.mark.parametrize(
    "raw", ["CON", "con", "PRN", "AUX", "NUL", "COM1", "lpt9", "NUL.txt", "COM3.x.y"]
)
def test_identifier_rejects_names_windows_keeps_for_devices_with_a_fix(raw: str) -> None:
    with pytest.raises(ValueProblem) as caught:
        v.identifier(raw)
    assert str(caught.value) == (
        "is a name Windows keeps for devices (CON, PRN, AUX, NUL, COM0-9, LPT0-9), so its "
        "documents' folder could not be opened there. Give the row another id, for example with "
        "a prefix (E-CON), and drop the file again."
    )


@pytest.mark.parametrize("raw", ["CONSOLE", "COM10", "E-CON", "NULL", "LPT"])
def test_identifier_keeps_ids_that_only_look_like_device_names(raw: str) -> None:
    assert v.identifier(raw) == raw


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("$85,000.00", Decimal("85000.00")),
        ("85000", Decimal("85000.00")),
        ("85,000", Decimal("85000.00")),
        ("85000.5", Decimal("85000.50")),
        (" USD 1,234,567.89 ", Decimal("1234567.89")),
        ("85000 USD", Decimal("85000.00")),
        (85000, Decimal("85000.00")),
        (85000.0, Decimal("85000.00")),
        (34038.46, Decimal("34038.46")),
        (85000.00000000001, Decimal("85000.00")),
        ("0", Decimal("0.00")),
        ("", None),
        (None, None),
    ],
)
def test_money_accepts_the_ways_hr_writes_amounts(raw: v.Cell, expected: Decimal | None) -> None:
    assert v.money(raw) == expected


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("85k", "is not an amount of money"),
        ("85.000,00", "is not an amount of money"),
        ("85,00", "is not an amount of money"),
        ("-500", "is negative"),
        ("(500)", "is negative"),
        (-1.0, "is negative"),
        (85000.125, "has fractions of a cent"),
        (True, "is not an amount of money"),
        (date(2026, 1, 1), "is not an amount of money"),
        (1e13, "is too large to be an amount"),
        ("#N/A", "holds the spreadsheet error #N/A"),
        (v.ErrorCell(), "holds a spreadsheet error"),
    ],
)
def test_money_problems_say_what_is_wrong(raw: v.Cell, problem: str) -> None:
    with pytest.raises(ValueProblem) as caught:
        v.money(raw)
    assert caught.value.problem == problem


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("10%", Decimal(10)), ("12.5", Decimal("12.5")), (0.15, Decimal(15)), (10, Decimal(10))],
)
def test_percent_reads_fractions_from_percent_cells(raw: v.Cell, expected: Decimal) -> None:
    assert v.percent(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("6", 6), (6.0, 6), ("", None)],
)
def test_whole_number_reads_counts(raw: v.Cell, expected: int | None) -> None:
    assert v.whole_number(raw, 0, 36) == expected


@pytest.mark.parametrize(
    ("raw", "problem"),
    [("6.5", "is not a whole number"), ("40", "is out of range"), ("six", "is not a number")],
)
def test_whole_number_problems(raw: str, problem: str) -> None:
    with pytest.raises(ValueProblem) as caught:
        v.whole_number(raw, 0, 36)
    assert caught.value.problem == problem


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("yes", True),
        ("Y", True),
        ("TRUE", True),
        ("x", True),
        ("1", True),
        (1, True),
        (1.0, True),
        (True, True),
        ("no", False),
        ("n", False),
        ("False", False),
        ("0", False),
        (0, False),
        ("", None),
    ],
)
def test_boolean_accepts_yes_no_spellings(raw: v.Cell, expected: bool | None) -> None:
    assert v.boolean(raw) is expected


@pytest.mark.parametrize("raw", ["maybe", "2", 2, "yes please"])
def test_boolean_rejects_anything_else(raw: v.Cell) -> None:
    with pytest.raises(ValueProblem, match="is not yes or no"):
        v.boolean(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("CA", "CA"),
        ("ca", "CA"),
        ("California", "CA"),
        ("new york", "NY"),
        ("District of Columbia", "DC"),
        ("Washington, D.C.", "DC"),
        ("DC", "DC"),
        ("Washington", "WA"),
        ("  Montana ", "MT"),
        ("", None),
    ],
)
def test_state_accepts_codes_and_full_names(raw: str, expected: str | None) -> None:
    assert v.state(raw) == expected


def test_state_suggests_the_closest_name() -> None:
    with pytest.raises(ValueProblem) as caught:
        v.state("Californa")
    assert caught.value.problem == "is not a US state"
    assert caught.value.fix == (
        "Write the two-letter code (CA) or the full name (California). "
        "Did you mean CA (California)?"
    )


def test_state_without_a_close_name_gives_no_suggestion() -> None:
    with pytest.raises(ValueProblem) as caught:
        v.state("Ontario")
    assert "Did you mean" not in caught.value.fix


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\nb", ("a", "b")),
        ("a; b;;", ("a", "b")),
        ("• one\n• two", ("one", "two")),
        ("one_x000D_\ntwo", ("one", "two")),
        ("", ()),
        (None, ()),
    ],
)
def test_list_cells_split_on_new_lines_and_semicolons(
    raw: v.Cell, expected: tuple[str, ...]
) -> None:
    assert v.text_list(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("30, 60, 90", (30, 60, 90)), ("14;45", (14, 45)), ("90 30", (30, 90)), ("", None)],
)
def test_day_counts(raw: str, expected: tuple[int, ...] | None) -> None:
    assert v.day_counts(raw) == expected


@pytest.mark.parametrize("raw", ["30, sixty", "0", "-5", "99999"])
def test_day_counts_problems(raw: str) -> None:
    with pytest.raises(ValueProblem, match="is not a list of day counts"):
        v.day_counts(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Full-time", "full_time"),
        ("FT", "full_time"),
        ("part time", "part_time"),
        ("Temp", "temporary"),
    ],
)
def test_choice_matches_spellings(raw: str, expected: str) -> None:
    options = {"full_time": "full_time", "ft": "full_time", "part_time": "part_time"}
    options |= {"temp": "temporary"}
    assert v.choice(raw, options) == expected


def test_choice_lists_the_allowed_values() -> None:
    with pytest.raises(ValueProblem) as caught:
        v.choice("contractor", {"full_time": "full_time", "ft": "full_time", "temp": "temporary"})
    assert caught.value.fix == "Write one of: full_time, temporary."


@pytest.mark.parametrize(
    ("raw", "ok"),
    [
        ("a@example.com", True),
        ("a.b+c@mail.example.org", True),
        ("a@b", False),
        ("a b@c.com", False),
    ],
)
def test_email(raw: str, ok: bool) -> None:
    if ok:
        assert v.email(raw) == raw
    else:
        with pytest.raises(ValueProblem, match="is not an e-mail address"):
            v.email(raw)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (None, ""),
        (85000.0, "85000"),
        (0.1, "0.1"),
        (datetime(2026, 1, 2, 3, 4), "2026-01-02 03:04:00"),
        (time(9, 30), "09:30:00"),
        (v.ErrorCell("#N/A"), "#N/A"),
    ],
)
def test_display_shows_cells_as_hr_sees_them(raw: v.Cell, shown: str) -> None:
    assert v.display(raw) == shown


# Every parser a column can use, called the way intake calls it.
_PARSERS = [c.parse for cols in (*COLUMNS.values(), DECISIONAL_UNIT_COLUMNS) for c in cols]
_CELLS = st.one_of(
    st.text(),
    st.text(alphabet="0123456789$,.-/ %()x;\n_DAYUSN"),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.timedeltas(),
    st.none(),
)


@given(raw=_CELLS, date1904=st.booleans())
def test_no_cell_makes_a_parser_raise_anything_but_value_problem(raw: Any, date1904: bool) -> None:
    for parse in _PARSERS:
        with contextlib.suppress(ValueProblem):
            parse(raw, date1904)


@given(raw=st.text())
def test_no_string_makes_a_date_raise_anything_but_value_problem(raw: str) -> None:
    with contextlib.suppress(ValueProblem):
        a_date(raw)


@given(tail=st.text())
def test_value_problems_never_repeat_the_value(tail: str) -> None:
    """A problem message may reach logs; the cell value (personal data) must not be in it."""
    raw = "Zq" + tail  # a prefix no message contains, so finding it means the value leaked
    for parse in _PARSERS:
        try:
            parse(raw, False)
        except ValueProblem as exc:
            assert "Zq" not in str(exc)


@pytest.mark.parametrize("delta", [timedelta(days=3), time(10, 0)])
def test_durations_are_not_amounts(delta: v.Cell) -> None:
    with pytest.raises(ValueProblem):
        v.money(delta)
