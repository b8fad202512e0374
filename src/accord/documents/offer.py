"""What an offer's documents show: the candidate, the role, the pay, the dates, the conditions."""

from __future__ import annotations

from typing import Any

from accord.documents.wording import long_date, money
from accord.jurisdictions import Determination
from accord.records import Offer

_EXEMPT = {True: "exempt", False: "non-exempt", None: ""}
_TYPES = {"full_time": "full-time", "part_time": "part-time", "temporary": "temporary"}


def offer_context(record: Offer, det: Determination, firm: dict[str, Any]) -> dict[str, Any]:
    """Return the offer's part of the context. ``prior_salary`` is never read here."""
    basis = "per hour" if record.pay_basis == "hourly" else "per year"
    low, high = money(record.pay_range_min), money(record.pay_range_max)
    bonus = record.bonus_target_pct
    return {
        "candidate": {
            "name": record.candidate_name,
            "email": record.candidate_email or "",
            "address": record.candidate_address or "",
        },
        "role": {
            "title": record.job_title,
            "department": record.department or str(firm["defaults"]["department"]),
            "manager": record.hiring_manager or str(firm["defaults"]["manager"]),
            "employment_type": _TYPES.get(record.employment_type or "", "full-time"),
            "exempt": _EXEMPT[record.exempt],
            "remote": "remote" if record.remote else "",
        },
        "pay": {
            "amount": money(record.base_salary),
            "basis": basis,
            "range": f"{low} to {high} {basis}" if low and high else "",
            "sign_on_bonus": money(record.sign_on_bonus),
            "bonus_target": f"{bonus.normalize():f}%" if bonus is not None else "",
            "equity": record.equity or "",
        },
        "start_date": long_date(det.terms.get("start_date") or record.start_date),
        "respond_by": long_date(det.terms.get("respond_by")),
        "check_ins": [long_date(d) for d in det.terms.get("check_ins") or []],
        "contingencies": [str(c) for c in firm.get("offer_contingencies") or []],
    }


def clause_values(ctx: dict[str, Any]) -> dict[str, str]:
    """Return the terms offer clauses may name in braces."""
    return {
        "start_date": ctx["start_date"],
        "respond_by": ctx["respond_by"],
        "pay_range": ctx["pay"]["range"],
        "job_title": ctx["role"]["title"],
    }
