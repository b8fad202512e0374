"""What HR records in the master tracker, carried into the audit trail: sent, signed, appreciation.

HR sets Sent on and Signed on in ``outputs/tracker.xlsx``; ``accord follow-up`` writes appreciation
letters once a record is Signed. Each time the trail is brought up to date (every batch published,
every follow-up), a date or a letter the trail does not hold yet becomes one event, once.
"""

from __future__ import annotations

from pathlib import Path

from accord import audit, batch


def record_tracker_steps(out_dir: Path) -> int:
    """Append the sent, signed and appreciation written events not in the trail yet; return
    how many were appended (0 when there is no master tracker)."""
    from accord.documents.follow_up import letters_due
    from accord.tracker import MASTER_NAME, read_master_rows
    from accord.tracker.layout import BATCH, RECORD_ID, SENT_ON, SIGNED_ON
    from accord.tracker.next_action import day_of

    master = out_dir / MASTER_NAME
    if not master.is_file():
        return 0
    seen: set[tuple[str, str, str]] = set()
    for entry in audit.read(out_dir):
        if entry["event"] in ("sent", "signed"):
            seen.add((entry["event"], entry.get("batch", ""), entry.get("record", "")))
        elif entry["event"] == "appreciation written":
            seen.update(("letter", entry.get("batch", ""), p) for p in entry.get("documents", {}))
    events = []
    for row in read_master_rows(master):
        batch_id, record_id = str(row.get(BATCH) or ""), str(row.get(RECORD_ID) or "")
        if not batch_id or not record_id:
            continue
        for header, kind in ((SENT_ON, "sent"), (SIGNED_ON, "signed")):
            day = day_of(row.get(header))
            if day is not None and (kind, batch_id, record_id) not in seen:
                events.append(
                    audit.event(kind, batch=batch_id, record=record_id, date=day.isoformat())
                )
        folder = out_dir / batch_id / "documents" / batch.record_folder(record_id)
        for name in sorted(letters_due(out_dir / batch_id, record_id)):
            letter = folder / f"{name}.docx"
            rel = letter.relative_to(out_dir / batch_id).as_posix()
            if letter.is_file() and ("letter", batch_id, rel) not in seen:
                events.append(
                    audit.event(
                        "appreciation written",
                        batch=batch_id,
                        record=record_id,
                        documents={rel: batch.file_sha256(letter)},
                    )
                )
    return audit.append(out_dir, events)
