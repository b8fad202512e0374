"""A re-issued record's previous version is marked superseded in its own batch's tracker."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from accord import approval, audit, release
from accord.tracker.digest import follow_ups, read_master_rows
from tests.test_versions import AS_OF, REISSUED, START, _offers, _publish


@pytest.fixture(scope="module")
def superseded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("supersede")
    out = root / "out"
    (root / "a").mkdir()
    (root / "b").mkdir()
    rows = [("C1", "Ana Diaz", 120_000, START), ("C2", "Ben Ode", 90_000, START)]
    first, _ = _publish(_offers(root / "a" / "offers_june.xlsx", rows), out, AS_OF)
    approval.record_published(first)
    countered = [("C1", "Ana Diaz", 128_000, START + timedelta(days=14)), rows[1]]
    second, _ = _publish(_offers(root / "b" / "offers_july.xlsx", countered), out, REISSUED)
    approval.record_published(second)
    return {"out": out, "first": first, "second": second}


def _rows(path: Path) -> dict[str, dict[str, Any]]:
    ws = openpyxl.load_workbook(path).worksheets[0]
    header = [c.value for c in ws[1]]
    return {
        r[0]: dict(zip(header, r, strict=False)) for r in ws.iter_rows(min_row=2, values_only=True)
    }


def test_the_previous_batchs_row_says_superseded_by_the_new_version(superseded):
    rows = _rows(superseded["first"] / "tracker.xlsx")
    assert rows["C1"]["Status"] == "Superseded"
    assert rows["C1"]["Next action"] == (
        f"Superseded by version 2 (batch {superseded['second'].name})"
    )
    assert rows["C2"]["Status"] == "Awaiting approval"


def test_the_digest_no_longer_chases_the_superseded_version(superseded):
    rows = read_master_rows(superseded["first"] / "tracker.xlsx")
    late = date(2026, 12, 1)
    assert {f.record_id for f in follow_ups(rows, late)} == {"C2"}


def test_the_audit_trail_records_the_superseded_version(superseded):
    events = [e for e in audit.read(superseded["out"]) if e["event"] == "superseded"]
    assert [(e["batch"], e["record"], e["superseded_by"]) for e in events] == [
        (superseded["first"].name, "C1", superseded["second"].name)
    ]


def test_deciding_the_superseded_batch_later_leaves_the_master_on_the_new_version(tmp_path: Path):
    out = tmp_path / "out"
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    rows = [("C1", "Ana Diaz", 120_000, START)]
    first, _ = _publish(_offers(tmp_path / "a" / "offers_june.xlsx", rows), out, AS_OF)
    approval.record_published(first)
    countered = [("C1", "Ana Diaz", 128_000, START + timedelta(days=14))]
    second, _ = _publish(_offers(tmp_path / "b" / "offers_july.xlsx", countered), out, REISSUED)
    approval.record_published(second)
    release.settle(out, approval.decide(out, first.name, approval.Decision("approve", "Kim")))
    master = _rows(out / "tracker.xlsx")
    assert (master["C1"]["Version"], master["C1"]["Batch"]) == (2, second.name)
    assert master["C1"]["Respond by"] is not None
    assert _rows(first / "tracker.xlsx")["C1"]["Status"] == "Superseded"
