"""A re-issued record's previous version, marked superseded in its own batch's tracker.

When a batch holds version N of a record (its manifest entry names the batch of version N-1), the
row of version N-1 in ``outputs/<that batch>/tracker.xlsx`` gets Status "Superseded" and the
Next action "Superseded by version N (batch X)": no one chases its answer date, and the digest
does not count its deadlines (Superseded is a closed status). The master tracker's row is already
version N (its Version, Previous version and Redline columns say so), so only the old batch's
tracker is written here, under that batch's lock, through one rename. A previous version set aside
by ``--reissue`` (``outputs/.versions/``) has no tracker of its own to mark.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import openpyxl

from accord import batch
from accord.lock import wait_lock
from accord.report import manifest_file
from accord.tracker.layout import NEXT_ACTION, RECORD_ID, STATUS, header_map
from accord.tracker.sheet import save

SUPERSEDED = "Superseded"
LOCK_WAIT_SECONDS = 120.0


@dataclass(frozen=True)
class Superseded:
    """One previous version marked superseded: its batch, the record and the version after it."""

    batch_id: str
    record_id: str
    by_batch: str
    version: int


def superseded_words(version: int, batch_id: str) -> str:
    """Return the Next action of a superseded row: which version and batch replaced it."""
    return f"Superseded by version {version} (batch {batch_id})"


def _replaced(folder: Path) -> dict[str, dict[str, tuple[str, int]]]:
    """Return previous batch -> record id -> (this batch, new version) from a manifest."""
    found: dict[str, dict[str, tuple[str, int]]] = {}
    # Only a new version's line holds a previous version: the others are not decoded.
    skip = ("rejected", "unchanged", "warnings")
    lines = manifest_file.iter_items(folder / "manifest.json", skip, having='"previous":{')
    for key, value in lines:
        if key == "records" and isinstance(value.get("previous"), dict):
            old = str(value["previous"].get("batch_id", ""))
            if old and old != folder.name:
                rid = str(value["record_id"])
                found.setdefault(old, {})[rid] = (folder.name, int(value.get("version", 1)))
    return found


def mark_superseded(folder: Path) -> list[Superseded]:
    """Mark superseded, in each earlier batch's tracker.xlsx, the rows the batch in ``folder``
    re-issued as a new version; return the rows marked (none when it re-issued nothing)."""
    out_dir = folder.parent
    marked: list[Superseded] = []
    for old, records in sorted(_replaced(folder).items()):
        path = out_dir / old / "tracker.xlsx"
        if not path.is_file():
            continue  # set aside by --reissue, or removed by hand: nothing to mark
        with wait_lock(batch.lock_path(out_dir, old), LOCK_WAIT_SECONDS):
            wb = openpyxl.load_workbook(path)
            ws = wb.worksheets[0]
            headers = header_map(ws[1])
            if RECORD_ID not in headers or STATUS not in headers:
                continue
            for row in ws.iter_rows(min_row=2):
                rid = str(row[headers[RECORD_ID] - 1].value or "")
                if rid not in records:
                    continue
                by_batch, version = records[rid]
                row[headers[STATUS] - 1].value = SUPERSEDED
                if NEXT_ACTION in headers:
                    row[headers[NEXT_ACTION] - 1].value = superseded_words(version, by_batch)
                marked.append(Superseded(old, rid, by_batch, version))
            save(wb, path)
    return marked
