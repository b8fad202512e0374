"""Separation terms (ADEA status, periods, final pay) and findings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from accord.documents.context import build_context
from accord.jurisdictions import BatchFacts, Severity, determine
from accord.records import DecisionalUnitMember
from tests.jurisdictions.builders import separation

AS_OF = date(2026, 3, 2)
UNIT = (
    DecisionalUnitMember(
        "P1",
        "Analyst",
        52,
        True,
        decisional_unit="All analysts at US locations",
        eligibility_factors="Roles the new platform replaces",
    ),
    DecisionalUnitMember("P1", "Analyst", 31, False),
)
GROUP = BatchFacts(program_sizes={"P1": 3}, decisional_unit=UNIT)


def _codes(det):
    return {f.code: f.severity for f in det.findings}


def _terms(det, *names):
    return tuple(det.terms[n] for n in names)


PERIODS = ("consideration_days", "consider_until", "revocation_days", "revocation_ends")


@pytest.mark.parametrize(
    ("changes", "facts", "expected"),
    [
        ({}, BatchFacts(), (21, date(2026, 3, 23), 7, date(2026, 3, 30))),
        ({"program_id": "P1"}, GROUP, (45, date(2026, 4, 16), 7, date(2026, 4, 23))),
        # Minnesota: the ADEA's 7 days stay the revocation period; the 15-day rescission runs beside
        # it (rescission_ends), and revocation_ends (the agreement's effective date) waits for both.
        ({"work_state": "MN"}, BatchFacts(), (21, date(2026, 3, 23), 7, date(2026, 4, 7))),
        ({"work_state": "MN", "age": 30, "date_of_birth": None}, BatchFacts(), (7, date(2026, 3, 9), 0, date(2026, 3, 24))),
        ({"work_state": "CA", "age": 30, "date_of_birth": None}, BatchFacts(), (5, date(2026, 3, 9), 0, date(2026, 3, 9))),
        ({"work_state": "CA"}, BatchFacts(), (21, date(2026, 3, 23), 7, date(2026, 3, 30))),
        ({"age": 30, "date_of_birth": None}, BatchFacts(), (7, date(2026, 3, 9), 0, date(2026, 3, 9))),
        (
            {"work_state": "IL", "age": 30, "date_of_birth": None, "confidential_claim_facts": True, "employee_requested_confidentiality": True},
            BatchFacts(),
            (21, date(2026, 3, 23), 7, date(2026, 3, 30)),
        ),
        (
            {"work_state": "OR", "age": 30, "date_of_birth": None, "non_disparagement": True, "employee_requested_confidentiality": True},
            BatchFacts(),
            (7, date(2026, 3, 9), 7, date(2026, 3, 16)),
        ),
    ],
)  # fmt: skip
def test_consideration_and_revocation_take_the_longest_period(changes, facts, expected):
    assert _terms(determine(separation(**changes), AS_OF, facts), *PERIODS) == expected


def test_california_counts_business_days_where_owbpa_does_not_apply():
    det = determine(separation(work_state="CA", age=30, date_of_birth=None), AS_OF)
    assert det.terms["consideration_unit"] == "business"
    assert det.terms["owbpa"] is False
    assert "attorney_advice" in det.clauses
    assert "adea_release" not in det.clauses


def test_minnesota_gives_fifteen_days_to_rescind_beside_the_adea_seven():
    det = determine(separation(work_state="MN"), AS_OF)
    assert det.terms["revocation_days"] == 7
    assert det.terms["revocation_ends"] == date(2026, 4, 7)
    assert det.terms["rescission_days"] == 15
    assert det.terms["rescission_ends"] == date(2026, 4, 7)
    assert {"mn_rescission", "revocation_period"} <= set(det.clauses)
    assert det.terms["severance_payable_from"] == date(2026, 4, 8)


def test_minnesota_under_40_gets_the_rescission_alone():
    det = determine(separation(work_state="MN", date_of_birth=date(1995, 1, 1)), AS_OF)
    assert "mn_rescission" in det.clauses
    assert "revocation_period" not in det.clauses
    assert det.terms["rescission_days"] == 15


def test_severance_is_payable_the_day_after_revocation_ends():
    det = determine(separation(), AS_OF)
    assert det.terms["severance_payable_from"] == date(2026, 3, 31)


def test_severance_is_not_payable_before_the_last_day_of_work():
    sep = separation(age=30, date_of_birth=None, separation_date=date(2026, 4, 30))
    det = determine(sep, AS_OF)
    assert det.terms["revocation_ends"] == date(2026, 3, 9)
    assert det.terms["severance_payable_from"] == date(2026, 4, 30)


@pytest.mark.parametrize(
    ("birth", "notice", "last_day", "owbpa"),
    [
        (date(1986, 4, 15), date(2026, 3, 2), date(2026, 4, 30), True),
        (date(1986, 4, 15), date(2026, 3, 2), date(2026, 4, 14), False),
        (date(1986, 4, 15), date(2026, 3, 2), date(2026, 4, 15), True),
        (date(1988, 2, 29), date(2028, 2, 1), date(2028, 2, 28), False),
        (date(1988, 2, 29), date(2028, 2, 1), date(2028, 2, 29), True),
        (date(1985, 1, 1), date(2025, 1, 1), date(2025, 1, 1), True),
    ],
)
def test_owbpa_applies_at_40_on_the_notice_or_separation_date(birth, notice, last_day, owbpa):
    row = separation(date_of_birth=birth, notice_date=notice, separation_date=last_day)
    assert determine(row, AS_OF).terms["owbpa"] is owbpa


@pytest.mark.parametrize(
    ("age", "owbpa", "code"),
    [
        (45, True, None),
        (30, False, None),
        (39, True, "owbpa_age_assumed"),
        (None, True, "age_unknown"),
    ],
)
def test_owbpa_from_the_age_column(age, owbpa, code):
    det = determine(separation(date_of_birth=None, age=age), AS_OF)
    assert det.terms["owbpa"] is owbpa
    assert {"owbpa_age_assumed", "age_unknown"} & set(_codes(det)) == ({code} if code else set())


def test_owbpa_does_not_apply_below_twenty_employees():
    det = determine(separation(), AS_OF, BatchFacts(employer_employees=15))
    assert det.terms["owbpa"] is False


def test_a_group_program_gets_45_days_and_the_disclosure_exhibit():
    det = determine(separation(program_id="P1"), AS_OF, GROUP)
    assert det.terms["owbpa_group"] is True
    assert det.terms["consideration_days"] == 45
    assert "owbpa_group_disclosure" in det.clauses
    assert not det.blocked


def test_a_program_of_one_is_not_a_group():
    det = determine(separation(program_id="P9"), AS_OF, BatchFacts(program_sizes={"P9": 1}))
    assert det.terms["owbpa_group"] is False
    assert det.terms["consideration_days"] == 21


def test_owbpa_group_disclosure_missing_blocks_the_row():
    facts = BatchFacts(program_sizes={"P1": 3})
    det = determine(separation(program_id="P1"), AS_OF, facts)
    assert _codes(det)["owbpa_group_disclosure_missing"] is Severity.ERROR
    assert det.blocked


LAST = date(2026, 3, 31)
PAYDAY = date(2026, 4, 10)


@pytest.mark.parametrize(
    ("state", "kind", "changes", "due"),
    [
        ("CA", "layoff", {}, LAST),
        ("CA", "resignation", {}, LAST),
        ("CA", "resignation", {"notice_date": date(2026, 3, 30)}, date(2026, 4, 3)),
        ("TX", "layoff", {}, date(2026, 4, 6)),
        ("TX", "resignation", {}, PAYDAY),
        ("MA", "performance", {}, LAST),
        ("MA", "resignation", {}, PAYDAY),
        ("DE", "layoff", {}, PAYDAY),
        ("DE", "layoff", {"next_payday": date(2026, 4, 1)}, date(2026, 4, 6)),  # Good Friday
        ("OR", "performance", {}, date(2026, 4, 1)),
        ("OR", "resignation", {"notice_date": date(2026, 3, 30)}, date(2026, 4, 7)),
        ("CT", "layoff", {}, PAYDAY),
        ("CT", "performance", {}, date(2026, 4, 1)),
        ("NH", "layoff", {}, PAYDAY),
        ("NH", "other", {}, date(2026, 4, 3)),
        ("KY", "mutual", {}, date(2026, 4, 14)),
        ("DC", "resignation", {}, date(2026, 4, 7)),
        ("ID", "layoff", {}, PAYDAY),
        ("AL", "layoff", {}, PAYDAY),
    ],
)
def test_final_pay_follows_the_state_deadline_for_the_separation_type(state, kind, changes, due):
    det = determine(separation(work_state=state, separation_type=kind, **changes), AS_OF)
    assert det.terms["final_pay_due"] == due


def test_final_pay_unknown_when_the_next_payday_is_missing():
    det = determine(separation(separation_type="resignation", next_payday=None), AS_OF)
    assert det.terms["final_pay_due"] is None
    (finding,) = [f for f in det.findings if f.code == "final_pay_unknown"]
    assert finding.severity is Severity.WARNING
    assert finding.message == (
        "Texas's final-pay deadline for this separation type depends on next_payday, which the "
        "row does not give; the tracker shows the rule instead of a date. Fill in next_payday to "
        "get the date."
    )
    assert finding.citation == "Tex. Lab. Code § 61.014(a)(1); Tex. Lab. Code § 61.014(a)(2)"


def test_final_pay_without_a_statute_is_flagged_as_practice():
    det = determine(separation(work_state="AL"), AS_OF)
    assert _codes(det)["final_pay_no_statute"] is Severity.INFO


@pytest.mark.parametrize(
    ("state", "changes", "severity", "clause"),
    [
        # New York, Illinois, Maine, New Mexico: only a promise about the facts of a claim needs the
        # employee's preference; confidentiality of the amount and trade secrets alone does not.
        ("IL", {"confidential_claim_facts": True}, Severity.ERROR, "il_confidentiality_preference"),
        ("NY", {"confidential_claim_facts": True}, Severity.ERROR, "ny_confidentiality_preference"),
        ("IL", {"confidentiality": True}, None, None),
        ("NY", {"confidentiality": True}, None, None),
        ("OR", {"non_disparagement": True}, Severity.ERROR, "or_confidentiality_request"),
        ("NM", {"confidential_claim_facts": True}, Severity.ERROR, "nm_confidentiality_request"),
        ("CO", {"confidentiality": True}, Severity.WARNING, "co_confidentiality_attestation"),
        ("NJ", {"non_disparagement": True}, Severity.INFO, "nj_nda_notice"),
        ("WA", {"confidentiality": True}, Severity.INFO, "wa_nda_carveout"),
        ("IL", {"confidential_claim_facts": True, "employee_requested_confidentiality": True, "confidentiality_consideration": Decimal("1000")}, None, "il_confidentiality_preference"),
        ("TX", {"confidentiality": True}, None, None),
        ("IL", {}, None, None),
    ],
)  # fmt: skip
def test_confidentiality_restricted(state, changes, severity, clause):
    det = determine(separation(work_state=state, **changes), AS_OF)
    assert _codes(det).get("confidentiality_restricted") == severity
    if clause:
        assert clause in det.clauses
    assert det.blocked is (severity is Severity.ERROR)


@pytest.mark.parametrize(
    ("supervisor", "changes", "flagged"),
    [
        (False, {"confidentiality": True}, True),
        (None, {"non_disparagement": True}, True),
        (True, {"confidentiality": True}, False),
        (False, {}, False),
    ],
)
def test_nlra_section7_for_non_supervisors_with_restrictive_terms(supervisor, changes, flagged):
    det = determine(separation(is_supervisor=supervisor, **changes), AS_OF)
    assert ("nlra_section7" in _codes(det)) is flagged
    assert ("nlra_carveout" in det.clauses) is flagged


@pytest.mark.parametrize(
    ("state", "changes", "expected"),
    [
        ("CA", {}, {"general_release", "ca_1542", "final_pay", "cobra", "severance", "protected_rights"}),
        ("CA", {"non_disparagement": True}, {"ca_unlawful_acts", "non_disparagement"}),
        ("TX", {"confidentiality": True}, {"confidentiality", "dtsa_notice"}),
        ("TX", {}, {"adea_release", "consideration_period", "revocation_period", "attorney_advice"}),
    ],
)  # fmt: skip
def test_separation_clauses_come_from_the_rules(state, changes, expected):
    assert expected <= set(determine(separation(work_state=state, **changes), AS_OF).clauses)


def test_noncompete_in_a_separation_follows_the_state():
    allowed = determine(separation(noncompete=True, base_salary=Decimal("90000")), AS_OF)
    banned = determine(separation(work_state="MN", noncompete=True), AS_OF)
    assert "noncompete" in allowed.clauses
    assert "noncompete" in banned.omit
    assert "noncompete" not in banned.clauses


@pytest.mark.parametrize(
    ("state", "code", "severity"),
    [("CA", "separation_notice", Severity.INFO), ("OR", "policy_copy_required", Severity.WARNING)],
)
def test_duties_outside_the_documents_are_findings(state, code, severity):
    assert _codes(determine(separation(work_state=state), AS_OF))[code] is severity


def test_warn_is_flagged_for_group_layoffs_only():
    assert "warn_check" in _codes(determine(separation(program_id="P1"), AS_OF, GROUP))
    assert "warn_check" not in _codes(determine(separation(), AS_OF))


def test_the_notice_date_fixes_the_law_applied():
    """Colorado's POWR Act covers agreements from 2023-08-07."""
    before = separation(work_state="CO", confidentiality=True, notice_date=date(2023, 8, 6))
    after = separation(work_state="CO", confidentiality=True, notice_date=date(2023, 8, 7))
    assert "confidentiality_restricted" not in _codes(determine(before, AS_OF))
    assert "confidentiality_restricted" in _codes(determine(after, AS_OF))


def test_no_finding_message_carries_personal_values():
    row = separation(
        work_state="IL", confidentiality=True, base_salary=Decimal("123456"), noncompete=True,
        next_payday=None, separation_type="resignation", employee_name="Zed Quill",
    )  # fmt: skip
    for finding in determine(row, AS_OF, BatchFacts(program_sizes={"P1": 2})).findings:
        for value in ("123456", "123,456", "Zed", "Quill", "1976"):
            assert value not in finding.message


@pytest.mark.parametrize(
    ("state", "notice", "due"),
    [
        (
            "HI",
            date(2026, 3, 24),
            date(2026, 3, 31),
        ),  # one (weekly) pay period's notice: at quitting
        ("HI", date(2026, 3, 30), date(2026, 4, 10)),  # short notice: next payday
        ("NH", date(2026, 3, 24), date(2026, 4, 3)),  # one pay period's notice: within 72 hours
        ("NH", date(2026, 3, 30), date(2026, 4, 10)),
    ],
)
def test_resignation_with_a_pay_period_of_notice_is_paid_sooner(state, notice, due):
    sep = separation(work_state=state, separation_type="resignation", notice_date=notice)
    assert determine(sep, AS_OF).terms["final_pay_due"] == due


@pytest.mark.parametrize(
    ("notice", "amount", "error"),
    [
        (date(2025, 12, 31), None, False),
        (date(2026, 1, 2), None, True),
        (date(2026, 1, 2), Decimal("2500"), False),
    ],
)
def test_illinois_confidentiality_needs_a_separate_stated_payment_from_2026(notice, amount, error):
    sep = separation(
        work_state="IL",
        confidential_claim_facts=True,
        employee_requested_confidentiality=True,
        confidentiality_consideration=amount,
        notice_date=notice,
    )
    det = determine(sep, AS_OF)
    assert (_codes(det).get("confidentiality_consideration") is Severity.ERROR) is error
    assert ("il_confidentiality_consideration" in det.clauses) is (notice.year == 2026)


def test_illinois_separate_payment_is_stated_in_the_agreement():
    sep = separation(
        work_state="IL",
        confidential_claim_facts=True,
        employee_requested_confidentiality=True,
        confidentiality_consideration=Decimal("2500"),
        notice_date=date(2026, 3, 2),
    )
    det = determine(sep, AS_OF)
    ctx = build_context(sep, det, "b", AS_OF)
    (clause,) = [c for c in ctx["clauses"] if c["id"] == "il_confidentiality_consideration"]
    assert "will pay you $2,500.00, separate from and in addition to the severance" in " ".join(
        clause["text"].split()
    )
    assert clause["citation"] == "820 ILCS 96/1-30 as amended by P.A. 104-0320"


@pytest.mark.parametrize(
    ("notice", "quoted"),
    [(date(2018, 12, 31), False), (date(2019, 1, 2), True)],
)
def test_the_1542_quote_applies_from_the_amended_text(notice, quoted):
    sep = separation(work_state="CA", notice_date=notice, separation_date=date(2019, 1, 31))
    assert ("ca_1542" in determine(sep, AS_OF).clauses) is quoted
