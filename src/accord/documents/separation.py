"""What a separation's documents show: dates, pay, the release's sections and the OWBPA exhibit."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from accord.documents.clause import Clause
from accord.documents.wording import company, fill_text, long_date, money, period, wording
from accord.jurisdictions import BatchFacts, Determination
from accord.paths import TEMPLATES_DIR
from accord.records import DecisionalUnitMember, Separation

_WEEKS_PER_YEAR = Decimal(52)


def severance_amount(record: Separation) -> str:
    """Return the severance as the agreement states it; empty when the row gives neither column.

    With only ``severance_weeks``, the amount is that many weeks of base pay (52 weeks a year).
    """
    weeks = record.severance_weeks
    amount = record.severance_amount
    if amount is None and weeks is not None and record.base_salary is not None:
        amount = (record.base_salary / _WEEKS_PER_YEAR * weeks).quantize(Decimal("0.01"))
    if amount is None:
        return ""
    if weeks is not None:
        return f"{money(amount)} ({weeks.normalize():f} weeks of base pay)"
    return money(amount)


def separation_context(
    record: Separation, det: Determination, facts: BatchFacts, firm: dict[str, Any], root: Path
) -> dict[str, Any]:
    """Return the separation's part of the context (birth date and age never included)."""
    terms = det.terms
    text = wording(root, "separation_agreement", "separations")
    types = text["types"]
    dates = {
        "consideration_period": period(
            terms.get("consideration_days"), terms.get("consideration_unit")
        ),
        "consider_until": long_date(terms.get("consider_until")),
        # No revocation period (neither the ADEA nor the state gives one) reads as none at all.
        "revocation_period": period(
            terms.get("revocation_days") or None, terms.get("revocation_unit")
        ),
        "revocation_ends": long_date(terms.get("revocation_ends")),
        "final_pay_due": long_date(terms.get("final_pay_due")),
        "severance_payable_from": long_date(terms.get("severance_payable_from")),
    }
    return {
        "employee": {
            "name": record.employee_name,
            "address": record.employee_address or "",
            "title": record.job_title,
            "department": record.department or str(firm["defaults"]["department"]),
            "supervisor": record.supervisor or "",
        },
        "separation": {
            "date": long_date(record.separation_date),
            "reason": str(types.get(record.separation_type) or ""),
        },
        "pay": {
            "severance": severance_amount(record),
            "confidentiality_consideration": money(record.confidentiality_consideration),
            "pto_payout": money(record.pto_payout),
            "cobra_months": _months(record.cobra_months),
        },
        "terms": dates,
        "closing": {"send_to": _send_to(text["send_to"], dates, firm)},
        "exhibit": exhibit(record, det, facts, firm, dates),
    }


def _send_to(lines: dict[str, str], dates: dict[str, str], firm: dict[str, Any]) -> str:
    """Return the line above the signatures: a revocation is mentioned only where one may be made."""
    which = "with_revocation" if dates["revocation_period"] else "without_revocation"
    values = {"notices_to": str(firm.get("notices_to") or "")}
    return fill_text(
        str(lines[which]), values, f"separation_agreement/wording.yaml send_to.{which}"
    )


def _months(count: int | None) -> str:
    """Return a number of months as the agreement states it ("1 month", "6 months")."""
    if not count:
        return ""
    return f"{count} month{'' if count == 1 else 's'}"


def clause_values(ctx: dict[str, Any]) -> dict[str, str]:
    """Return the terms separation clauses may name in braces."""
    return {
        **ctx["terms"],
        "separation_date": ctx["separation"]["date"],
        "severance_amount": ctx["pay"]["severance"],
        "confidentiality_consideration": ctx["pay"]["confidentiality_consideration"],
        "cobra_months": ctx["pay"]["cobra_months"],
        "job_title": ctx["employee"]["title"],
    }


def exhibit(
    record: Separation,
    det: Determination,
    facts: BatchFacts,
    firm: dict[str, Any],
    dates: dict[str, str],
) -> dict[str, Any] | None:
    """Return the OWBPA group-program disclosure (Exhibit A); None unless the rules ask for it.

    Lists every member of the record's decisional unit by job title and exact age, selected or
    not, as 29 C.F.R. § 1625.22(f) requires; names are never part of it.
    """
    if "owbpa_group_disclosure" not in det.clauses or not record.program_id:
        return None
    members = [m for m in facts.decisional_unit if m.program_id == record.program_id]
    programs = firm.get("group_programs") or {}
    about = programs.get(record.program_id) or programs.get("default") or {}
    values = {**dates, "program_id": record.program_id}
    where = f"company.yaml group_programs ({record.program_id})"
    # HR's own description in the Decisional unit sheet wins over company.yaml (typed as data,
    # so it is never filled as wording).
    unit = next((m.decisional_unit for m in members if m.decisional_unit), None)
    factors = next((m.eligibility_factors for m in members if m.eligibility_factors), None)

    def text(key: str) -> str:
        return fill_text(str(about.get(key) or ""), values, where)

    return {
        "program_id": record.program_id,
        "decisional_unit": unit or text("decisional_unit"),
        "eligibility": factors or text("eligibility"),
        "time_limits": text("time_limits"),
        "members": [_member(m) for m in sorted(members, key=_order)],
        "selected": sum(1 for m in members if m.selected),
        "not_selected": sum(1 for m in members if not m.selected),
    }


def described_programs(root: Path = TEMPLATES_DIR) -> frozenset[str]:
    """Return the program ids that templates/company.yaml describes by name (not by default)."""
    programs = company(root).get("group_programs") or {}
    return frozenset(str(k) for k in programs if str(k) != "default")


def _order(member: DecisionalUnitMember) -> tuple[str, int, bool]:
    return (member.job_title.casefold(), member.age, not member.selected)


def _member(member: DecisionalUnitMember) -> dict[str, str]:
    return {
        "title": member.job_title,
        "age": str(member.age),
        "status": "Selected" if member.selected else "Not selected",
    }


def sections(clauses: list[Clause], root: Path) -> list[dict[str, Any]]:
    """Return the clauses grouped under the agreement's section titles, in the wording's order."""
    titles: dict[str, str] = wording(root, "separation_agreement", "separations")["sections"]
    grouped: dict[str, list[dict[str, Any]]] = {}
    for clause in clauses:
        grouped.setdefault(clause.section, []).append(
            {
                "id": clause.id,
                "heading": clause.heading,
                "text": clause.text,
                "quote": clause.quote,
                "citation": clause.citation or "",
                "emphasis": clause.emphasis,
            }
        )
    order = list(dict.fromkeys([*titles, *grouped]))
    return [
        {"title": titles.get(section, section.title()), "clauses": grouped[section]}
        for section in order
        if section in grouped
    ]
