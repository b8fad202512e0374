"""Separation context: dated the day it is given, months in plain English, no phantom revocation."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from accord.documents.context import build_context
from accord.documents.samples import AS_OF, sample
from accord.records import Kind


def test_the_agreement_is_dated_the_notice_date_from_which_its_periods_run():
    s = sample(Kind.SEPARATIONS, "US-TX")
    record = replace(s.record, notice_date=date(2026, 6, 8))
    ctx = build_context(record, s.det, "b", AS_OF, s.facts)
    assert ctx["letter_date"] == "June 8, 2026"


def test_without_a_notice_date_the_agreement_is_dated_the_run_date():
    s = sample(Kind.SEPARATIONS, "US-TX")
    record = replace(s.record, notice_date=None)
    ctx = build_context(record, s.det, "b", date(2026, 6, 3), s.facts)
    assert ctx["letter_date"] == "June 3, 2026"


@pytest.mark.parametrize(("months", "shown"), [(1, "1 month"), (6, "6 months"), (None, "")])
def test_cobra_months_read_as_english(months, shown):
    s = sample(Kind.SEPARATIONS, "US-TX")
    ctx = build_context(replace(s.record, cobra_months=months), s.det, "b", AS_OF, s.facts)
    assert ctx["pay"]["cobra_months"] == shown


def test_a_summary_without_a_revocation_period_does_not_announce_one():
    s = sample(Kind.SEPARATIONS, "US-TX")
    terms = {**s.det.terms, "revocation_days": 0, "revocation_ends": s.det.terms["consider_until"]}
    det = replace(s.det, terms=terms)
    summary = build_context(s.record, det, "b", AS_OF, s.facts)["summary"]
    assert "; no revocation period;" in summary["timeline"]
    assert "revocation period ends" not in summary["timeline"]
    assert [f["action"] for f in summary["follow_ups"]] == [
        "Pay final wages",
        "Confirm whether the signed agreement was received",
        "Start severance payments",
    ]


def test_someone_with_no_right_to_revoke_is_not_told_to_send_a_revocation():
    s = sample(Kind.SEPARATIONS, "US-TX")
    terms = {**s.det.terms, "revocation_days": 0, "revocation_ends": s.det.terms["consider_until"]}
    ctx = build_context(s.record, replace(s.det, terms=terms), "b", AS_OF, s.facts)
    assert (
        ctx["closing"]["send_to"]
        == "Send any question to People Operations, people@northwind.example."
    )


def test_someone_who_may_revoke_is_told_where_to_send_it():
    s = sample(Kind.SEPARATIONS, "US-TX")
    assert s.det.terms["revocation_days"] == 7
    ctx = build_context(s.record, s.det, "b", AS_OF, s.facts)
    assert ctx["closing"]["send_to"] == (
        "Send any revocation or question to People Operations, people@northwind.example."
    )
