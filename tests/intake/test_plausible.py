"""Implausible values are warnings: the row still gets its documents, and HR is told to check."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from accord.intake import read_batch

from .books import OFFER_HEADERS, offer_row, write_xlsx

HEADERS = (
    *OFFER_HEADERS,
    *("Pay Basis", "Range Min", "Range Max", "Bonus Target", "Offer Date", "Respond By"),
)


def _warnings(tmp_path: Path, **cells: object) -> list[tuple[str, str, str]]:
    extra = {"basis": "annual", "low": "", "high": "", "bonus": "", "offered": "", "due": ""}
    extra.update({k: v for k, v in cells.items() if k in extra})
    row = offer_row("A1", **{k: v for k, v in cells.items() if k not in extra})
    path = write_xlsx(tmp_path / "offers_x.xlsx", [HEADERS, [*row, *extra.values()]])
    result = read_batch(path)
    assert [r.record_id for r in result.records] == ["A1"], result.problems
    return [(w.where(), w.sentence(), w.fix) for w in result.warnings]


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (
            {"salary": "0"},
            (
                "Base Salary (E)",
                "Base Salary '0.00' is zero.",
                "Check the salary: the letter would offer $0 a year.",
            ),
        ),
        (
            {"salary": "85000", "basis": "hourly"},
            (
                "Base Salary (E)",
                "Base Salary '85000.00' is over $1,000 an hour.",
                "Check the amount and Pay Basis: an annual salary needs Pay Basis annual.",
            ),
        ),
        (
            {"bonus": "150"},
            (
                "Bonus Target (J)",
                "Bonus Target '150' is over 100% of the salary.",
                "Check the bonus target: write 15 or 15% for fifteen percent.",
            ),
        ),
        (
            {"start": "2026-05-01", "offered": "2026-06-01"},
            (
                "Start Date (F)",
                "Start Date '2026-05-01' is before Offer Date.",
                "Check both dates: the person starts after the offer is made.",
            ),
        ),
        (
            {"salary": "30", "low": "80000", "high": "100000"},
            (
                "Base Salary (E)",
                "Base Salary '30.00' is far outside the pay range.",
                "Check the salary and the pay range: both must be in the same unit (a year or "
                "an hour).",
            ),
        ),
        (
            {"low": "100000", "high": "90000"},
            (
                "Range Max (I)",
                "Range Max '90000.00' is below Range Min.",
                "Check the pay range: the maximum must be at least the minimum.",
            ),
        ),
        (
            {"offered": "2026-06-01", "due": "2026-05-29", "start": "2026-07-01"},
            (
                "Respond By (L)",
                "Respond By '2026-05-29' is before Offer Date, the letter's date.",
                "Check both dates: the answer is due after the offer is made.",
            ),
        ),
    ],
)
def test_an_implausible_value_is_a_warning_and_the_row_is_kept(
    tmp_path: Path, cells: dict[str, object], expected: tuple[str, str, str]
) -> None:
    assert _warnings(tmp_path, **cells) == [expected]


def test_plausible_values_give_no_warning(tmp_path: Path) -> None:
    cells = {"salary": "95000", "low": "80000", "high": "110000", "bonus": "15"}
    assert _warnings(tmp_path, **cells, start="2026-07-01", offered="2026-06-01") == []


def test_an_answer_due_before_the_letters_date_is_a_warning_once_that_date_is_known(
    tmp_path: Path,
) -> None:
    """With no offer date the letter carries the as-of date; intake knows it from the run."""
    rows = [(*OFFER_HEADERS, "Respond By"), (*offer_row("A1", start="2026-07-01"), "2026-05-29")]
    path = write_xlsx(tmp_path / "offers_x.xlsx", rows)
    assert read_batch(path).warnings == []
    (warning,) = read_batch(path, as_of=date(2026, 6, 1)).warnings
    assert (warning.where(), warning.sentence(), warning.fix) == (
        "Respond By (G)",
        "Respond By '2026-05-29' is before the letter's date (the as-of date, with no offer_date).",
        "Check the date: the answer is due after the letter is sent.",
    )


def test_an_agreement_effective_before_its_date_is_a_warning(tmp_path: Path) -> None:
    from .samples import AGREEMENT_HEADERS, AGREEMENTS

    row = list(AGREEMENTS[0])
    row[AGREEMENT_HEADERS.index("Effective Date")] = date(2026, 5, 29)
    path = write_xlsx(tmp_path / "agreements_x.xlsx", [AGREEMENT_HEADERS, row])
    assert read_batch(path, as_of=date(2026, 5, 29)).warnings == []
    result = read_batch(path, as_of=date(2026, 6, 1))
    assert [r.record_id for r in result.records] == ["MED-0042"]
    (warning,) = result.warnings
    assert (warning.where(), warning.sentence(), warning.fix) == (
        "Effective Date (L)",
        "Effective Date '2026-05-29' is before the agreement's date (the as-of date).",
        "Check the date: the agreement takes effect on or after the day it is given.",
    )
