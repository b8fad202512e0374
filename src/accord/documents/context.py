"""Template context: what a document may show about one record, formatted for reading."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

import yaml

from accord.documents.clause import lookup
from accord.jurisdictions import Determination
from accord.paths import TEMPLATES_DIR
from accord.records import Offer, Record


def long_date(value: date | None) -> str:
    """Return ``value`` as HR writes it in letters ("June 1, 2026"); empty when None."""
    return f"{value:%B} {value.day}, {value.year}" if value else ""


def money(value: Decimal | None) -> str:
    """Return ``value`` as US dollars with cents ("$85,000.00"); empty when None."""
    return f"${value:,.2f}" if value is not None else ""


@cache
def company() -> dict[str, str]:
    """Return the employer's details from ``templates/company.yaml``."""
    data = yaml.safe_load((TEMPLATES_DIR / "company.yaml").read_text(encoding="utf-8"))
    return {k: str(v) for k, v in data.items()}


def build_context(
    record: Record, det: Determination, batch_id: str, letter_date: date
) -> dict[str, Any]:
    """Return the context every template of ``record``'s kind may use."""
    ctx: dict[str, Any] = {
        "batch_id": batch_id,
        "record_id": record.record_id,
        "letter_date": long_date(letter_date),
        "company": company(),
        "clauses": [vars(lookup(cid, det.chain)) for cid in det.clauses],
    }
    if isinstance(record, Offer):
        ctx["candidate"] = {"name": record.candidate_name, "email": record.candidate_email or ""}
        ctx["role"] = {
            "title": record.job_title,
            "department": record.department or "the team",
            "manager": record.hiring_manager or "your manager",
        }
        basis = "per hour" if record.pay_basis == "hourly" else "per year"
        ctx["pay"] = {"amount": money(record.base_salary), "basis": basis}
        ctx["start_date"] = long_date(record.start_date)
        ctx["respond_by"] = long_date(det.terms.get("respond_by"))
    return ctx
