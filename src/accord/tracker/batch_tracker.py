"""The batch tracker ``tracker.xlsx``: one row per record with its deadlines and status."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from accord.records import Kind

STATUSES = ("Draft", "Sent", "Signed", "Revoked", "Complete", "Withdrawn")
_TERM_COLUMNS = ("respond_by", "start_date", "consider_until", "revocation_ends", "final_pay_due")


def _text(cell: Any, value: str) -> None:
    # A value such as "=HYPERLINK(...)" must stay text: HR would otherwise run a formula.
    cell.value = value
    cell.data_type = "s"


def write_batch_tracker(path: Path, kind: Kind, entries: list[dict[str, Any]]) -> None:
    """Write ``tracker.xlsx`` at ``path`` with one row per manifest entry."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Tracker"
    headers = ["record_id", "name", "kind", "owner", "documents", *_TERM_COLUMNS, "status"]
    ws.append(headers)
    for entry in entries:
        row = ws.max_row + 1
        for col, key in enumerate(("record_id", "name"), start=1):
            _text(ws.cell(row=row, column=col), str(entry[key]))
        ws.cell(row=row, column=3, value=kind.value)
        _text(ws.cell(row=row, column=4), entry.get("owner") or "")
        _text(ws.cell(row=row, column=5), ", ".join(d["type"] for d in entry["documents"]))
        for offset, term in enumerate(_TERM_COLUMNS):
            value = entry["terms"].get(term)
            cell = ws.cell(row=row, column=6 + offset)
            if value:
                cell.value = date.fromisoformat(value)
                cell.number_format = "yyyy-mm-dd"
        ws.cell(row=row, column=len(headers), value="Draft")
    ws.freeze_panes = "A2"
    wb.save(path)
