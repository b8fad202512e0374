"""Staff agreement terms."""

from __future__ import annotations

from datetime import date

import pytest

from accord.documents.context import build_context
from accord.jurisdictions import determine
from tests.jurisdictions.builders import agreement


@pytest.mark.parametrize(
    ("effective", "days", "check_ins"),
    [
        # 2 March is Texas Independence Day, a state holiday: that check-in moves to 3 March.
        (date(2026, 1, 31), (30, 60, 90), [date(2026, 3, 3), date(2026, 4, 1), date(2026, 5, 1)]),
        (date(2028, 1, 30), (30,), [date(2028, 2, 29)]),
        (date(2026, 12, 15), (14, 28), [date(2026, 12, 29), date(2027, 1, 12)]),
    ],
)
def test_check_ins_count_from_the_effective_date(effective, days, check_ins):
    det = determine(agreement(effective_date=effective, check_in_days=days), date(2026, 1, 1))
    assert det.terms == {"effective_date": effective, "check_ins": check_ins}


def test_without_an_effective_date_the_as_of_date_is_used():
    det = determine(agreement(effective_date=None, check_in_days=(7,)), date(2026, 2, 1))
    # 2026-02-08 is a Sunday: the check-in moves to Monday.
    assert det.terms == {"effective_date": date(2026, 2, 1), "check_ins": [date(2026, 2, 9)]}


@pytest.mark.parametrize(
    ("state", "effective", "days", "check_in"),
    [
        ("TX", date(2026, 6, 6), 1, date(2026, 6, 8)),  # Sunday 7 June -> Monday 8 June
        ("NY", date(2026, 11, 25), 1, date(2026, 11, 27)),  # Thanksgiving -> Friday
        ("TX", date(2026, 11, 25), 1, date(2026, 11, 30)),  # Texas keeps the Friday too
        ("TX", date(2026, 12, 24), 1, date(2026, 12, 28)),  # Christmas Friday -> Monday
        ("MA", date(2026, 4, 19), 1, date(2026, 4, 21)),  # Patriots' Day 20 April -> 21 April
        ("TX", date(2026, 6, 1), 1, date(2026, 6, 2)),  # a Tuesday stays
    ],
)
def test_a_check_in_on_a_weekend_or_holiday_moves_to_the_next_business_day(
    state, effective, days, check_in
):
    row = agreement(work_state=state, effective_date=effective, check_in_days=(days,))
    assert determine(row, date(2026, 1, 1)).terms["check_ins"] == [check_in]


@pytest.mark.parametrize(
    ("changes", "flagged"),
    [
        ({"issue_summary": "A complaint about comments on her accent"}, True),
        ({"concerns": ("Felt harassed in stand-ups",)}, True),
        ({"party_a_commitments": ("Stop jokes about religion",)}, True),
        ({"issue_summary": "How design reviews are scheduled"}, False),
    ],
)
def test_a_mediation_of_a_complaint_warns_that_the_employer_must_investigate(changes, flagged):
    det = determine(agreement(**changes), date(2026, 1, 1))
    found = [f for f in det.findings if f.code == "mediation_of_complaint"]
    assert bool(found) is flagged
    if flagged:
        assert found[0].severity.value == "warning"
        assert "duty to investigate" in found[0].message
        assert "29 C.F.R. § 1604.11(d)" in found[0].citation


def test_california_commitment_not_to_discuss_the_dispute_brings_the_unlawful_acts_sentence():
    row = agreement(
        work_state="CA", shared_commitments=("Will not discuss the dispute with the team",)
    )
    det = determine(row, date(2026, 1, 1))
    assert "ca_unlawful_acts" in det.clauses
    ctx = build_context(row, det, "b", date(2026, 1, 1))
    (clause,) = [c for c in ctx["clauses"] if c["id"] == "ca_unlawful_acts"]
    assert clause["text"].startswith("Nothing in this agreement prevents you from discussing")
    assert clause["citation"] == "Cal. Gov. Code § 12964.5(a)(1)(B)"


@pytest.mark.parametrize(
    ("state", "commitment"),
    [
        ("CA", "Share drafts two days before each review"),
        ("TX", "Will not discuss the dispute with the team"),
    ],
)
def test_no_unlawful_acts_sentence_without_a_restriction_or_outside_california(state, commitment):
    row = agreement(work_state=state, shared_commitments=(commitment,))
    assert "ca_unlawful_acts" not in determine(row, date(2026, 1, 1)).clauses


def test_agreements_get_the_commitment_clauses():
    assert determine(agreement(), date(2026, 1, 1)).clauses == (
        "staff_commitments",
        "slip_procedure",
    )
