"""HR's Sent on and Signed on, and the appreciation letters written, reach the audit trail once."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl

from accord import audit, steps
from accord.audit_tracker import record_tracker_steps
from tests.published import copy_of


def _mark(master: Path, record_id: str, sent: date, signed: date) -> None:
    wb = openpyxl.load_workbook(master)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[header.index("Record ID")].value == record_id:
            row[header.index("Sent on")].value = datetime(sent.year, sent.month, sent.day)
            row[header.index("Signed on")].value = datetime(signed.year, signed.month, signed.day)
            row[header.index("Status")].value = "Signed"
    wb.save(master)


def test_sent_signed_and_the_letter_written_each_become_one_event(template, tmp_path: Path):
    out = copy_of(template[0], tmp_path / "outputs")
    batch_id = template[1]
    _mark(out / "tracker.xlsx", "C-1001", date(2026, 6, 2), date(2026, 6, 5))
    assert record_tracker_steps(out) == 2
    assert record_tracker_steps(out) == 0
    assert steps.write_letters(out, date(2026, 6, 8)) == 1
    assert record_tracker_steps(out) == 1
    history = audit.history(out, "C-1001")
    assert [(e["event"], e.get("date")) for e in history] == [
        ("published", None),
        ("sent", "2026-06-02"),
        ("signed", "2026-06-05"),
        ("appreciation written", None),
    ]
    assert list(history[-1]["documents"]) == ["documents/C-1001/appreciation_letter.docx"]
    assert all(e["batch"] == batch_id for e in history)
    assert audit.verify(out).lines == 12 + 3
