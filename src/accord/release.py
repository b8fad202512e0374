"""What goes out for signing: ``outputs/<batch>/release/``, the approved records' signing copies.

Built from the batch's decision (approval.json): every approved record's signing copies, each
checked against the sha256 counsel approved, are copied into ``release/<record>/``; a file that
changed since is refused with an error naming it, and nothing is released. The folder is built
beside its place and moved in with one rename. Held and rejected records get nothing there; the
trackers say Ready to send, Held or Rejected, and the audit trail records each release.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from accord import audit, batch
from accord.approval import (
    Outcome,
    batch_dir_of,
    changed,
    read_decision,
    records_of,
    refuse_changed,
    signing_copies,
)
from accord.errors import UsageError
from accord.lock import wait_lock

RELEASE_NAME = "release"
STATUS_OF = {"approved": "Ready to send", "held": "Held", "rejected": "Rejected"}
LOCK_WAIT_SECONDS = 120.0


@dataclass(frozen=True)
class Released:
    """What a release wrote: the folder, how many records and files, and the tracker outcome."""

    folder: Path
    records: int
    files: int
    tracker: str


def release(out_dir: Path, batch_id: str) -> Released:
    """Write the release folder of a decided batch and set the trackers' statuses; return it.

    Raises UsageError while the batch awaits approval, DocumentChanged when an approved document
    differs from the one counsel approved (nothing is released then).
    """
    folder = batch_dir_of(out_dir, batch_id)
    with wait_lock(batch.lock_path(out_dir, batch_id), LOCK_WAIT_SECONDS):
        decision = read_decision(folder)
        if decision is None:
            raise UsageError(
                f"Batch {batch_id} awaits approval: nothing is released before counsel decides. "
                f"Approve it with: accord approve {batch_id} --by NAME --out {out_dir}"
            )
        if decision["decision"] == "reject":
            raise UsageError(
                f"Batch {batch_id} was rejected by {decision['by']}: nothing is released. "
                "Correct the spreadsheet and process it as a new batch."
            )
        outcomes = {rid: data["outcome"] for rid, data in decision["records"].items()}
        approved = {rid for rid, end in outcomes.items() if end == "approved"}
        copies: dict[str, list[str]] = {}
        for entry in records_of(folder):
            rid = str(entry["record_id"])
            if rid in approved:
                copies[rid] = [d["path"] for d in signing_copies(entry)]
        approved_hashes = {
            path: decision["records"][rid]["documents"].get(path, "")
            for rid, paths in copies.items()
            for path in paths
        }
        refuse_changed(
            folder,
            changed(folder, {**decision["review"], **approved_hashes}),
            "Nothing was released.",
            "Restore the approved files from a backup, or correct the spreadsheet, process it "
            "as a new batch and have counsel approve that.",
        )
        target = folder / RELEASE_NAME
        work = folder / f".{RELEASE_NAME}.tmp"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir()
        for rid, paths in copies.items():
            place = work / batch.record_folder(rid)
            place.mkdir()
            for rel in paths:
                shutil.copy2(folder / rel, place / Path(rel).name)
        if target.exists():
            shutil.rmtree(target)
        work.replace(target)
        audit.append(
            out_dir,
            (
                audit.event(
                    "released",
                    batch=batch_id,
                    record=rid,
                    documents={
                        f"{RELEASE_NAME}/{batch.record_folder(rid)}/{Path(p).name}": approved_hashes[
                            p
                        ]
                        for p in paths
                    },
                )
                for rid, paths in copies.items()
            ),
        )
    from accord.tracker.statuses import set_statuses  # openpyxl: only once there is a decision

    tracker = set_statuses(folder, {rid: STATUS_OF[end] for rid, end in outcomes.items()})
    files = sum(len(p) for p in copies.values())
    return Released(target, len(copies), files, tracker)


def settle(out_dir: Path, outcome: Outcome) -> Released | None:
    """Release an approved batch, or set a rejected one's statuses; return the release, if any."""
    if outcome.decision != "reject":
        return release(out_dir, outcome.batch_id)
    from accord.tracker.statuses import set_statuses

    set_statuses(out_dir / outcome.batch_id, dict.fromkeys(outcome.rejected, "Rejected"))
    return None
