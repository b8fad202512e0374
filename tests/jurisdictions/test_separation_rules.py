"""Separation rules the statutes make fire: stated consideration, and who may revoke."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from accord.documents.context import build_context
from accord.jurisdictions import BatchFacts, determine
from accord.jurisdictions.determination import Severity
from accord.records import DecisionalUnitMember
from tests.jurisdictions.builders import offer, separation

AS_OF = date(2026, 6, 1)


def _codes(record) -> dict[str, Severity]:
    return {f.code: f.severity for f in determine(record, AS_OF).findings}


def test_owbpa_without_a_stated_amount_is_an_error():
    row = separation(severance_amount=None)
    det = determine(row, AS_OF)
    (finding,) = [f for f in det.findings if f.code == "owbpa_consideration_missing"]
    assert finding.severity is Severity.ERROR
    assert finding.citation.startswith("29 U.S.C. § 626(f)(1)(D)")
    assert det.blocked


def test_under_40_without_a_stated_amount_is_an_error_too():
    row = separation(severance_amount=None, date_of_birth=date(1995, 1, 1))
    assert _codes(row)["severance_amount_missing"] is Severity.ERROR


@pytest.mark.parametrize(
    "changes",
    [
        {"severance_amount": Decimal("5000")},
        {
            "severance_amount": None,
            "severance_weeks": Decimal("4"),
            "base_salary": Decimal("52000"),
        },
    ],
)
def test_a_stated_severance_passes(changes):
    codes = _codes(separation(**changes))
    assert "owbpa_consideration_missing" not in codes
    assert "severance_amount_missing" not in codes


def test_the_severance_plan_wording_is_gone():
    row = separation()
    text = str(build_context(row, determine(row, AS_OF), "b", AS_OF)["clauses"])
    assert "severance set out in its severance plan" not in text
    assert "$12,000.00" in text


def _clause_text(record) -> dict[str, str]:
    det = determine(record, AS_OF)
    ctx = build_context(record, det, "b", AS_OF)
    return {c["id"]: " ".join(c["text"].split()) for c in ctx["clauses"]}


def test_minnesota_rescission_is_printed_with_the_company_address_and_owbpa_keeps_7_days():
    text = _clause_text(separation(work_state="MN"))
    assert (
        "deliver a written notice to Northwind Example Co. at 100 Harbor Street, Suite 400, "
        "Springfield, by hand or by certified mail" in text["mn_rescission"]
    )
    assert "within 15 calendar days" in text["mn_rescission"]
    assert text["revocation_period"].startswith("You may revoke this agreement within 7 days")
    assert "It runs beside your 15 days to rescind under Minnesota law" in text["revocation_period"]
    assert "ends on" not in text["revocation_period"]


@pytest.mark.parametrize(
    ("state", "severity", "cited", "days"),
    [
        ("NJ", Severity.WARNING, "N.J.S.A. 34:21-1 et seq.", "90 days"),
        ("NY", Severity.INFO, "N.Y. Labor Law art. 25-A", "90 days"),
        ("CA", Severity.INFO, "Cal. Lab. Code § 1400 et seq.", "60 days"),
        ("IL", Severity.INFO, "820 ILCS 65", "60 days"),
    ],
)
def test_state_warn_laws_raise_a_finding_on_group_layoffs(state, severity, cited, days):
    facts = BatchFacts(program_sizes={"RIF-1": 2})
    row = separation(work_state=state, program_id="RIF-1", separation_type="layoff")
    det = determine(row, AS_OF, facts)
    (finding,) = [f for f in det.findings if f.code == "state_warn_check"]
    assert finding.severity is severity
    assert finding.citation.startswith(cited)
    assert days in finding.message


def test_new_jersey_warn_finding_says_statutory_severance_is_owed_first():
    facts = BatchFacts(program_sizes={"RIF-1": 2})
    row = separation(work_state="NJ", program_id="RIF-1", separation_type="layoff")
    (finding,) = [f for f in determine(row, AS_OF, facts).findings if f.code == "state_warn_check"]
    assert "mandatory severance of one week of pay per full year of service" in finding.message
    assert "only beyond that statutory severance" in finding.message


def test_no_state_warn_finding_for_an_individual_layoff_or_in_texas():
    assert "state_warn_check" not in _codes(separation(work_state="NJ", separation_type="layoff"))
    facts = BatchFacts(program_sizes={"RIF-1": 2})
    row = separation(work_state="TX", program_id="RIF-1", separation_type="layoff")
    assert "state_warn_check" not in {f.code for f in determine(row, AS_OF, facts).findings}


# --- group programs: the exhibit names the decisional unit and the eligibility factors ---------

GROUP = {"program_id": "RIF-1", "separation_type": "layoff"}


def _unit(**described) -> tuple[DecisionalUnitMember, ...]:
    return (
        DecisionalUnitMember("RIF-1", "Analyst", 52, True, row=2, **described),
        DecisionalUnitMember("RIF-1", "Analyst", 33, False, row=3),
    )


def test_a_program_described_only_by_the_default_text_is_withheld():
    facts = BatchFacts(program_sizes={"RIF-1": 2}, decisional_unit=_unit())
    det = determine(separation(**GROUP), AS_OF, facts)
    (finding,) = [f for f in det.findings if f.code == "owbpa_group_description_generic"]
    assert finding.severity is Severity.ERROR
    assert finding.citation.startswith("29 U.S.C. § 626(f)(1)(H)")
    assert "Fill the decisional_unit and eligibility_factors columns" in finding.message
    assert det.blocked


def test_a_program_described_in_the_file_reaches_the_exhibit():
    unit = _unit(
        decisional_unit="All employees of the Analytics department at US locations",
        eligibility_factors="Roles the new platform replaces were selected",
    )
    facts = BatchFacts(program_sizes={"RIF-1": 2}, decisional_unit=unit)
    row = separation(**GROUP)
    det = determine(row, AS_OF, facts)
    assert "owbpa_group_description_generic" not in {f.code for f in det.findings}
    exhibit = build_context(row, det, "b", AS_OF, facts)["exhibit"]
    assert exhibit["decisional_unit"] == (
        "All employees of the Analytics department at US locations"
    )
    assert exhibit["eligibility"] == "Roles the new platform replaces were selected"


def test_a_program_described_in_company_yaml_is_accepted():
    facts = BatchFacts(
        program_sizes={"RIF-1": 2}, decisional_unit=_unit(), described_programs=frozenset({"RIF-1"})
    )
    det = determine(separation(**GROUP), AS_OF, facts)
    assert "owbpa_group_description_generic" not in {f.code for f in det.findings}


def test_massachusetts_separation_noncompete_gets_seven_business_days_to_rescind():
    row = separation(work_state="MA", noncompete=True, separation_type="mutual")
    det = determine(row, AS_OF)
    assert "noncompete" in det.clauses and "noncompete" not in det.omit
    assert (det.terms["revocation_days"], det.terms["revocation_unit"]) == (7, "business")
    # Signed on 2026-03-23 (a Monday): seven business days end on Wednesday 1 April.
    assert det.terms["revocation_ends"] == date(2026, 4, 1)
    text = _clause_text(row)["revocation_period"]
    assert text.startswith("You may revoke this agreement within 7 business days")
    ctx = build_context(row, det, "b", AS_OF)
    (clause,) = [c for c in ctx["clauses"] if c["id"] == "revocation_period"]
    assert clause["citation"] == "M.G.L. c. 149, § 24L(a)"
    assert clause["rules"] == ["US-MA/noncompete_rescission"]


def test_massachusetts_offer_noncompete_rules_are_unchanged():
    det = determine(offer(work_state="MA", noncompete=True, exempt=False), AS_OF)
    assert "noncompete" in det.omit
