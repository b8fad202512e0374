"""What a staff agreement's documents show: the parties, the mediator, the commitments, the dates."""

from __future__ import annotations

from typing import Any

from accord.documents.wording import date_list, long_date
from accord.jurisdictions import Determination
from accord.records import Agreement


def agreement_context(
    record: Agreement, det: Determination, firm: dict[str, Any]
) -> dict[str, Any]:
    """Return the agreement's part of the context: both parties, mediator, issue and dates."""
    check_ins = det.terms.get("check_ins") or []
    return {
        "party_a": {
            "name": record.party_a_name,
            "title": record.party_a_title or "",
            "commitments": list(record.party_a_commitments),
        },
        "party_b": {
            "name": record.party_b_name,
            "title": record.party_b_title or "",
            "commitments": list(record.party_b_commitments),
        },
        "mediator": record.mediator or str(firm["defaults"]["mediator"]),
        "issue": record.issue_summary,
        "shared_commitments": list(record.shared_commitments),
        "effective_date": long_date(det.terms.get("effective_date") or record.effective_date),
        "check_ins": [long_date(d) for d in check_ins],
        "check_in_list": date_list(check_ins),
    }


def clause_values(ctx: dict[str, Any]) -> dict[str, str]:
    """Return the terms agreement clauses may name in braces."""
    return {
        "effective_date": ctx["effective_date"],
        "check_ins": ctx["check_in_list"],
        "mediator": ctx["mediator"],
    }
