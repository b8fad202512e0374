"""Appreciation letters, written by the follow-up step once a record is Signed, never twice.

The batch leaves each letter's wording beside the record's documents
(``documents/<record>/<letter>.pending.json``) and lists the letter in the manifest and the
tracker under ``follow_up_documents``, linked to where it will be. ``accord follow-up`` (and the
``follow_up`` flow) reads the master tracker, and for every record whose status became Signed
(or that has a Signed on date) writes the letters not yet written, dated that day.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord import batch
from accord.ooxml.atomic import write_bytes
from accord.records import Kind

if TYPE_CHECKING:
    from accord.documents import DocumentSet

_PENDING = ".pending.json"


def save_letters_due(
    batch_dir: Path, folder: Path, letters: list[tuple[str, dict[str, Any]]]
) -> list[dict[str, str]]:
    """Write each letter's wording into ``folder``; return them as the manifest lists them:
    type, the path the letter will have, and when it is written ("once Signed")."""
    out = []
    for name, letter in letters:
        (folder / f"{name}{_PENDING}").write_text(
            json.dumps(letter, ensure_ascii=False, sort_keys=True), encoding="utf-8"
        )
        path = (folder / f"{name}.docx").relative_to(batch_dir).as_posix()
        out.append({"type": "appreciation_letter", "path": path, "written": "once Signed"})
    return out


def write_signed_letters(
    out_dir: Path, on: date, document_set: Callable[[Kind], DocumentSet]
) -> int:
    """Write the appreciation letters due for Signed records of the master tracker in
    ``out_dir``; return how many were written. A letter already on disk is never written again;
    a record without letters due (a performance separation) gets none."""
    from accord.tracker import MASTER_NAME, read_master_rows
    from accord.tracker.layout import BATCH, KIND, RECORD_ID
    from accord.tracker.next_action import is_signed

    master = out_dir / MASTER_NAME
    if not master.is_file():
        return 0
    written = 0
    for row in read_master_rows(master):
        batch_id, record_id = str(row.get(BATCH) or ""), str(row.get(RECORD_ID) or "")
        if not batch_id or not record_id or not is_signed(row):
            continue
        folder = out_dir / batch_id / "documents" / batch.record_folder(record_id)
        for pending in sorted(folder.glob(f"*{_PENDING}")):
            name = pending.name.removesuffix(_PENDING)
            target = folder / f"{name}.docx"
            if target.exists():
                continue
            letter = json.loads(pending.read_text(encoding="utf-8"))
            kind = Kind(str(row.get(KIND)).strip().lower())
            doc = document_set(kind).render_letter(letter, batch_id, record_id, on, name)
            write_bytes(target, doc.data)
            written += 1
    return written
