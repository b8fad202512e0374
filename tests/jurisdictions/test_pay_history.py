"""Pay history: where a ban applies and pay history came up, the letter never claims it did not."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from accord.documents.context import build_context
from accord.jurisdictions import determine
from accord.jurisdictions.offer import speaks_of_pay_history
from tests.jurisdictions.builders import offer

AS_OF = date(2026, 6, 1)
CLAIM = "without asking about your pay history and without relying on it"


def _letter(row):
    det = determine(row, AS_OF)
    ctx = build_context(row, det, "b", AS_OF)
    return det, ctx, json.dumps(ctx, default=str, ensure_ascii=False)


def test_without_pay_history_the_letter_states_it_was_not_used():
    _det, _ctx, text = _letter(offer(work_state="CA"))
    assert CLAIM in text


@pytest.mark.parametrize(
    ("state", "cited"),
    [
        ("CA", "Cal. Lab. Code § 432.3(h)"),
        ("NY", "N.Y. Labor Law § 194-a(2)"),
    ],
)
def test_a_prior_salary_removes_the_statement_and_the_finding_cites_voluntary_disclosure(
    state, cited
):
    det, _ctx, text = _letter(offer(work_state=state, prior_salary=Decimal("70123")))
    assert CLAIM not in text
    assert "70123" not in text and "70,123" not in text
    (finding,) = [f for f in det.findings if f.code == "salary_history_ban"]
    assert finding.severity.value == "warning"
    assert cited in finding.citation
    assert cited in finding.message
    assert "The letter does not state that pay history was not asked for" in finding.message


def test_concerns_about_current_pay_remove_the_statement_and_the_concern():
    row = offer(
        work_state="CA",
        concerns=("Wants to match current salary", "Start date"),
        resolutions=("Matched previous employer's offer plus 5%", "Moved to July"),
    )
    det, ctx, text = _letter(row)
    assert CLAIM not in text
    assert "current salary" not in text
    assert "previous employer" not in text
    assert "Start date" in text and "Moved to July" in text
    assert "salary_history_statement" not in [c["id"] for c in ctx["clauses"]]
    (finding,) = [f for f in det.findings if f.code == "salary_history_ban"]
    assert finding.message.startswith("The concerns or resolutions speak of the candidate's")


def test_pay_talk_where_no_ban_applies_changes_nothing():
    det = determine(offer(concerns=("Wants to match current salary",)), AS_OF)
    assert "salary_history_ban" not in {f.code for f in det.findings}


@pytest.mark.parametrize(
    ("text", "speaks"),
    [
        ("Wants to match current salary", True),
        ("Asked about salary history", True),
        ("She currently earns more", True),
        ("Salary expectations above the range", False),
        ("Pay range for the role", False),
    ],
)
def test_what_counts_as_pay_history(text, speaks):
    assert speaks_of_pay_history(text) is speaks
