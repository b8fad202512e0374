"""Record builders for the rules tests: synthetic people only."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from accord.records import Agreement, Offer, Separation


def offer(**changes: Any) -> Offer:
    """Return an offer in Texas (no special offer rules) with the given fields changed."""
    base: dict[str, Any] = {
        "row": 2,
        "sheet": "Offers",
        "record_id": "C001",
        "work_state": "TX",
        "candidate_name": "Test Candidate",
        "job_title": "Analyst",
        "base_salary": Decimal("90000"),
        "offer_date": date(2026, 6, 1),
        "start_date": date(2026, 7, 1),
        "pay_range_min": Decimal("80000"),
        "pay_range_max": Decimal("100000"),
        "exempt": True,
    }
    base.update(changes)
    return Offer(**base)


def separation(**changes: Any) -> Separation:
    """Return a 50-year-old's individual layoff in Texas with the given fields changed."""
    base: dict[str, Any] = {
        "row": 2,
        "sheet": "Separations",
        "record_id": "E001",
        "work_state": "TX",
        "employee_name": "Test Employee",
        "job_title": "Analyst",
        "separation_type": "layoff",
        "notice_date": date(2026, 3, 2),
        "separation_date": date(2026, 3, 31),
        "date_of_birth": date(1976, 5, 5),
        "next_payday": date(2026, 4, 10),
        "is_supervisor": False,
        "severance_amount": Decimal("12000"),
    }
    base.update(changes)
    return Separation(**base)


def agreement(**changes: Any) -> Agreement:
    """Return a staff agreement in Texas with the given fields changed."""
    base: dict[str, Any] = {
        "row": 2,
        "sheet": "Agreements",
        "record_id": "A001",
        "work_state": "TX",
        "party_a_name": "Party A",
        "party_b_name": "Party B",
        "effective_date": date(2026, 1, 31),
    }
    base.update(changes)
    return Agreement(**base)
