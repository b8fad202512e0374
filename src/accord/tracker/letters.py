"""Appreciation letters, written by the follow-up step once a record is Signed, never twice.

The batch left each letter's wording in its ``follow_up/`` files
(:mod:`accord.documents.follow_up`); for every row of the master tracker whose status became
Signed (or that has a Signed on date) this writes the letters not yet written, dated that day.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from accord import batch
from accord.documents.follow_up import letters_due
from accord.ooxml.atomic import write_bytes
from accord.records import Kind
from accord.tracker.digest import read_master_rows
from accord.tracker.layout import BATCH, KIND, RECORD_ID
from accord.tracker.master import MASTER_NAME
from accord.tracker.next_action import is_signed

if TYPE_CHECKING:
    from accord.documents import DocumentSet


def write_signed_letters(
    out_dir: Path, on: date, document_set: Callable[[Kind], DocumentSet]
) -> int:
    """Write the appreciation letters due for Signed records of the master tracker in
    ``out_dir``; return how many were written. A letter already on disk is never written again;
    a record without letters due (a performance separation) gets none."""
    master = out_dir / MASTER_NAME
    if not master.is_file():
        return 0
    written = 0
    for row in read_master_rows(master):
        batch_id, record_id = str(row.get(BATCH) or ""), str(row.get(RECORD_ID) or "")
        if not batch_id or not record_id or not is_signed(row):
            continue
        folder = out_dir / batch_id / "documents" / batch.record_folder(record_id)
        for name, letter in sorted(letters_due(out_dir / batch_id, record_id).items()):
            target = folder / f"{name}.docx"
            if target.exists():
                continue
            kind = Kind(str(row.get(KIND)).strip().lower())
            doc = document_set(kind).render_letter(letter, batch_id, record_id, on, name)
            write_bytes(target, doc.data)
            written += 1
    return written
