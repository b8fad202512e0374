"""The approval statuses Accord sets in a batch's tracker, then carries into the master tracker.

Awaiting approval (as published), then Ready to send, Held or Rejected once counsel decides. A row
HR has moved on (Sent, Signed, anything not in :data:`ACCORD_STATUSES`) is left as HR set it.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

from accord.ooxml.atomic import atomic_write
from accord.tracker.layout import ACCORD_STATUSES, NEXT_ACTION, RECORD_ID, STATUS, header_map
from accord.tracker.master import merge_batch
from accord.tracker.next_action import suggest


def set_statuses(batch_dir: Path, statuses: dict[str, str]) -> str:
    """Set record id -> status in the batch's tracker.xlsx, merge it into the master tracker,
    and return the master tracker's one-line outcome."""
    path = batch_dir / "tracker.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    headers = header_map(ws[1])
    rid_col, status_col = headers[RECORD_ID], headers[STATUS]
    for row in ws.iter_rows(min_row=2):
        cells = {h: row[c - 1] for h, c in headers.items() if c <= len(row)}
        rid = row[rid_col - 1].value
        now = str(row[status_col - 1].value or "").strip()
        wanted = statuses.get(str(rid))
        if wanted is None or now not in ACCORD_STATUSES | {""}:
            continue
        row[status_col - 1].value = wanted
        if NEXT_ACTION in cells:
            cells[NEXT_ACTION].value = suggest({h: c.value for h, c in cells.items()})
    with atomic_write(path) as fh:
        wb.save(fh)
    return merge_batch(batch_dir).message
