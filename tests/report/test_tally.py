"""The tally a batch summary is drawn from: counts, findings, and the deadlines that are shown."""

from __future__ import annotations

import json
from typing import Any

from accord.report.tally import Tally

HEAD = {"kind": "offers", "as_of": "2026-06-03", "batch_id": "b-1"}


def _record(rid: str, terms: dict[str, Any], findings=(), place="US-CO") -> dict[str, Any]:
    return {
        "record_id": rid,
        "jurisdiction": [place, "US"],
        "terms": terms,
        "findings": list(findings),
        "documents": [{"type": "offer_letter"}],
    }


def _finding(code: str, severity: str, message: str) -> dict[str, str]:
    return {"code": code, "severity": severity, "message": message, "citation": "cite"}


def test_deadlines_from_the_as_of_date_to_thirty_days_on_are_listed_in_date_order():
    tally = Tally(HEAD)
    tally.add(_record("B", {"respond_by": "2026-07-03", "start_date": "2026-07-04"}))
    tally.add(_record("A", {"respond_by": "2026-06-02", "check_ins": ["2026-06-03", "bad"]}))
    assert tally.deadlines_soon() == [
        ("2026-06-03", "A", "Check-in 1"),
        ("2026-07-03", "B", "Respond by"),
    ]


def test_deadlines_are_counted_per_week_from_the_as_of_weeks_monday_for_26_weeks():
    tally = Tally(HEAD)
    tally.add(_record("A", {"respond_by": "2026-06-04", "check_ins": ["2026-06-07"]}))
    tally.add(_record("B", {"respond_by": "2026-06-02", "start_date": "2026-11-30"}))
    tally.add(_record("C", {"start_date": "2026-11-29"}))
    assert tally.weeks == {
        "Respond by": {"2026-06-01": 1},
        "Check-ins": {"2026-06-01": 1},
        "Start date": {"2026-11-23": 1},
    }


def test_a_finding_keeps_the_wording_of_a_record_with_documents_before_a_withheld_one():
    tally = Tally(HEAD)
    tally.add_withheld(_record("W", {}, [_finding("pay", "warning", "withheld wording")]))
    tally.add(_record("A", {}, [_finding("pay", "warning", "first wording")]))
    tally.add(_record("B", {}, [_finding("pay", "warning", "second wording")]))
    tally.add_withheld(_record("X", {}, [_finding("ban", "error", "error wording")]))
    assert tally.findings() == {
        "warning": {"pay": [3, "first wording", "cite"]},
        "error": {"ban": [1, "error wording", "cite"]},
    }


def test_places_count_withheld_records_and_documents_only_the_others():
    tally = Tally(HEAD)
    tally.add(_record("A", {}))
    tally.add_withheld(_record("W", {}, place="US-CT"))
    tally.add_withheld({"record_id": "V", "jurisdiction": [], "findings": []})
    assert (tally.records, dict(tally.types)) == (1, {"offer_letter": 1})
    assert dict(tally.places) == {"US-CO": 1, "US-CT": 1, "unknown": 1}


def test_a_tally_stored_as_json_reads_back_the_same():
    tally = Tally(HEAD, rejected=[{"row": 4, "record_id": "R", "errors": []}])
    tally.add(_record("A", {"respond_by": "2026-06-04"}, [_finding("pay", "warning", "w")]))
    tally.add_withheld(_record("W", {}, [_finding("ban", "error", "e")]))
    again = Tally.from_json(json.loads(json.dumps(tally.to_json())))
    assert again == tally
