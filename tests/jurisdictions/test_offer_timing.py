"""Offer timing the law sets: review periods, offers early enough, answers before the first day."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from accord.documents.context import build_context
from accord.jurisdictions import determine
from accord.jurisdictions.determination import Determination, Severity
from accord.records import Offer
from tests.jurisdictions.builders import offer, separation

AS_OF = date(2026, 6, 1)
REFERENCE = (
    Path(__file__).resolve().parents[2] / ".." / "shared" / "reference" / "jurisdictions.yaml"
)


def _codes(det: Determination) -> dict[str, Severity]:
    return {f.code: f.severity for f in det.findings}


def _clauses(record: Offer) -> dict[str, dict[str, object]]:
    det = determine(record, AS_OF)
    return {c["id"]: c for c in build_context(record, det, "b", AS_OF)["clauses"]}


# --- Illinois: 14 calendar days to review a noncompete (820 ILCS 90/20) -----------------------


def test_illinois_answer_date_is_never_before_14_days_with_a_noncompete():
    row = offer(work_state="IL", noncompete=True, offer_date=date(2026, 6, 1))
    det = determine(row, AS_OF)
    assert det.terms["respond_by"] == date(2026, 6, 15)
    assert "noncompete_review_period" not in _codes(det)


def test_illinois_respond_by_typed_earlier_moves_with_a_warning():
    row = offer(
        work_state="IL", noncompete=True, offer_date=date(2026, 6, 1), respond_by=date(2026, 6, 5)
    )
    det = determine(row, AS_OF)
    assert det.terms["respond_by"] == date(2026, 6, 15)
    assert _codes(det)["noncompete_review_period"] is Severity.WARNING
    (finding,) = [f for f in det.findings if f.code == "noncompete_review_period"]
    assert finding.citation.startswith("820 ILCS 90")


def test_illinois_without_a_noncompete_keeps_five_business_days():
    det = determine(offer(work_state="IL", offer_date=date(2026, 6, 1)), AS_OF)
    assert det.terms["respond_by"] == date(2026, 6, 8)


# --- Oregon and DC: the written offer early enough before the first day ------------------------


@pytest.mark.parametrize(
    ("state", "offered", "starts", "included"),
    [
        ("OR", date(2025, 6, 1), date(2025, 6, 14), False),  # 13 days: void, ORS 653.295(1)(a)
        ("OR", date(2025, 6, 1), date(2025, 6, 15), True),
        ("DC", date(2026, 6, 1), date(2026, 6, 14), False),  # D.C. Code § 32-581.03a: 14 days
        ("DC", date(2026, 6, 1), date(2026, 6, 15), True),
    ],
)
def test_a_noncompete_offered_too_close_to_the_first_day_is_left_out(
    state, offered, starts, included
):
    row = offer(
        work_state=state,
        noncompete=True,
        exempt=True,
        base_salary=Decimal("250000"),
        offer_date=offered,
        start_date=starts,
    )
    det = determine(row, AS_OF)
    assert ("noncompete" not in det.omit) is included
    if not included:
        (finding,) = [f for f in det.findings if f.code == "noncompete_prohibited"]
        assert finding.severity is Severity.WARNING
        assert "at least 14 days before the first day of work" in finding.message
        assert ("653.295" if state == "OR" else "32-581") in finding.citation


def test_dc_notice_is_the_statutory_text_word_for_word():
    row = offer(
        work_state="DC",
        noncompete=True,
        base_salary=Decimal("250000"),
        offer_date=date(2026, 6, 1),
        start_date=date(2026, 7, 1),
    )
    clause = _clauses(row)["noncompete_notice"]
    assert clause["citation"] == "D.C. Code § 32-581.03a(b)"
    if not REFERENCE.is_file():
        pytest.skip("../shared/reference is absent (only developers have it)")
    reference = yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))
    (dc,) = [e for e in reference["jurisdictions"] if e["id"] == "US-DC"]
    (rule,) = [r["rule"] for r in dc["other_offer_letter_rules"] if "verbatim" in r["rule"]]
    words = rule.split("(verbatim): '", 1)[1].rstrip("'")
    assert clause["quote"] == words.replace("[Name of employer]", "Northwind Example Co.")


@pytest.mark.parametrize(
    ("state", "cited"),
    [
        ("CO", "C.R.S. § 8-2-113(4)"),
        ("MA", "M.G.L. c. 149, § 24L(b)(i)"),
        ("WA", "RCW 49.62.020(1)(a)(i)"),
        ("IL", "820 ILCS 90/20 (Illinois Freedom to Work Act)"),
    ],
)
def test_state_noncompete_notices_cite_their_own_statute(state, cited):
    row = offer(
        work_state=state,
        noncompete=True,
        base_salary=Decimal("250000"),
        offer_date=date(2026, 6, 1),
        start_date=date(2026, 7, 1),
    )
    assert _clauses(row)["noncompete_notice"]["citation"] == cited


# --- the answer date comes before the first day -------------------------------------------------


def test_the_default_answer_date_is_capped_at_the_day_before_start():
    row = offer(offer_date=date(2026, 6, 1), start_date=date(2026, 6, 4))
    det = determine(row, AS_OF)
    assert det.terms["respond_by"] == date(2026, 6, 3)
    assert _codes(det)["respond_by_capped"] is Severity.INFO


def test_an_answer_date_typed_after_the_start_is_an_error():
    row = offer(
        offer_date=date(2026, 6, 1), start_date=date(2026, 6, 10), respond_by=date(2026, 6, 12)
    )
    det = determine(row, AS_OF)
    assert _codes(det)["respond_by_after_start"] is Severity.ERROR
    assert det.blocked


def test_a_review_period_that_runs_past_the_start_is_an_error():
    row = offer(
        work_state="IL", noncompete=True, offer_date=date(2026, 6, 1), start_date=date(2026, 6, 10)
    )
    assert _codes(determine(row, AS_OF))["respond_by_after_start"] is Severity.ERROR


# --- Washington: no noncompete against a laid-off worker (RCW 49.62.020(1)(c)) -----------------


def test_washington_layoff_agreement_leaves_the_noncompete_out():
    row = separation(
        work_state="WA", noncompete=True, separation_type="layoff", base_salary=Decimal("250000")
    )
    det = determine(row, AS_OF)
    assert "noncompete" in det.omit
    (finding,) = [f for f in det.findings if f.code == "noncompete_prohibited"]
    assert "bars noncompetes for a layoff" in finding.message
    assert "49.62.020(1)(c)" in finding.citation


# --- wage notices at hire: a finding with a deadline, not a silent note -------------------------


@pytest.mark.parametrize(
    ("state", "cited", "words"),
    [
        ("NY", "N.Y. Labor Law § 195(1)", "in the employee's primary language"),
        ("CA", "Cal. Lab. Code § 2810.5", "Wage Theft Protection Act notice"),
        ("MN", "Minn. Stat. § 181.032(d)", "signed by the employee"),
    ],
)
def test_wage_notices_at_hire_are_findings_with_a_deadline(state, cited, words):
    row = offer(work_state=state, start_date=date(2026, 7, 1))
    det = determine(row, AS_OF)
    (finding,) = [f for f in det.findings if f.code == "wage_notice_at_hire"]
    assert finding.severity is Severity.WARNING
    assert finding.citation == cited
    assert words in finding.message
    assert det.terms["wage_notice_due"] == date(2026, 7, 1)


def test_no_wage_notice_finding_in_texas():
    det = determine(offer(), AS_OF)
    assert "wage_notice_at_hire" not in _codes(det)
    assert "wage_notice_due" not in det.terms
