"""Staff agreement terms."""

from __future__ import annotations

from datetime import date

import pytest

from accord.jurisdictions import determine
from tests.jurisdictions.builders import agreement


@pytest.mark.parametrize(
    ("effective", "days", "check_ins"),
    [
        (date(2026, 1, 31), (30, 60, 90), [date(2026, 3, 2), date(2026, 4, 1), date(2026, 5, 1)]),
        (date(2028, 1, 30), (30,), [date(2028, 2, 29)]),
        (date(2026, 12, 15), (14, 28), [date(2026, 12, 29), date(2027, 1, 12)]),
    ],
)
def test_check_ins_count_from_the_effective_date(effective, days, check_ins):
    det = determine(agreement(effective_date=effective, check_in_days=days), date(2026, 1, 1))
    assert det.terms == {"effective_date": effective, "check_ins": check_ins}


def test_without_an_effective_date_the_as_of_date_is_used():
    det = determine(agreement(effective_date=None, check_in_days=(7,)), date(2026, 2, 1))
    assert det.terms == {"effective_date": date(2026, 2, 1), "check_ins": [date(2026, 2, 8)]}


def test_agreements_get_the_commitment_clauses():
    assert determine(agreement(), date(2026, 1, 1)).clauses == (
        "staff_commitments",
        "slip_procedure",
    )
