"""The ``sweep_inbox`` flow: take every complete file from the drop folder, once, and process it.

Reads like a table of contents: lock the inbox (one sweep at a time), finish files an earlier sweep
claimed, claim the files that are stable, and for each one run ``process_batch``, then archive the
input (after its batch is published) or reject it with a note that says what to do. Parameters are
folders and numbers only.
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_table_artifact
from prefect.states import Completed, State

from accord import batch, lock
from accord.disk import DiskFull
from accord.errors import AccordError
from accord.inbox import (
    SETTLE_SECONDS,
    Contents,
    Inbox,
    duplicate_reason,
    near_miss_reason,
    rejection_reason,
    unreadable_reason,
)
from flows.follow_up import apply_pending_updates
from flows.process_batch import process_batch
from flows.run_labels import SWEEP_TAG, add_tags, report_of, sweep_run_name, sweep_state
from flows.task_runners import task_runner


@task(retries=2, retry_delay_seconds=1)
def claim_files(inbox: str, settle_seconds: float) -> list[str]:
    """Return the files to process: those left claimed by a dead sweep, then newly claimed ones."""
    box = Inbox(Path(inbox))
    claimed = box.claimed()
    for path in box.stable(settle_seconds):
        taken = box.claim(path)
        if taken is not None:
            claimed.append(taken)
    return [str(p) for p in claimed]


@task(retries=2, retry_delay_seconds=1)
def set_aside_unreadable(inbox: str, settle_seconds: float) -> list[str]:
    """Move stable files Accord cannot read (a .docx, a .pdf) to rejected/ with a note."""
    box = Inbox(Path(inbox))
    names = []
    for path in box.stable(settle_seconds, among=box.unreadable()):
        taken = box.claim(path)
        if taken is not None:
            box.reject(taken, unreadable_reason(path.name))
            names.append(path.name)
    return names


@task(retries=2, retry_delay_seconds=1)
def hash_file(path: str) -> str:
    """Return the sha256 of a claimed file."""
    return batch.file_sha256(Path(path))


@task(retries=2, retry_delay_seconds=1)
def duplicate_note(inbox: str, path: str, sha256: str, out_dir: str) -> str | None:
    """Return the errors.txt text when this content was published under another name, else None.

    The registry of contents in ``out_dir`` knows batches however they came (``accord run``
    too); the inbox's own record, from before it, is asked next.
    """
    seen = Contents(Path(out_dir)).get(sha256) or Inbox(Path(inbox)).seen(sha256)
    if seen is None or seen.name == Path(path).name:
        return None
    return duplicate_reason(Path(path).name, seen)


@task(retries=2, retry_delay_seconds=1)
def archive_input(
    inbox: str, path: str, sha256: str, batch_id: str, rejects: str | None = None
) -> str:
    """Move a file whose batch is published to processed/<date>/ (its rejects.xlsx beside it)
    and return its new path."""
    kept = Path(rejects) if rejects else None
    return str(Inbox(Path(inbox)).archive(Path(path), sha256, batch_id, date.today(), kept))


@task
def reject_input(inbox: str, path: str, reason: str, rejects: str | None = None) -> str:
    """Move a file rejected whole to rejected/ with its errors.txt (and the batch's rejects.xlsx,
    when it was published) and return its new path."""
    kept = Path(rejects) if rejects else None
    return str(Inbox(Path(inbox)).reject(Path(path), reason, kept))


def _failure_text(exc: BaseException) -> str:
    # Accord's own errors are written to be safe to store; anything else is named by its type only.
    if isinstance(exc, AccordError):
        return str(exc)
    return f"Processing stopped with an unexpected {type(exc).__name__}. Tell HR-IT."


# What became of a file -> the line of the sweep's artifact that counts it.
SWEEP_COUNTS = {
    "published": "published",
    "published_with_rejects": "published with rejected rows",
    "already_published": "already published",
    "rejected": "rejected",
    "failed": "failed (moved to rejected/)",
    "duplicate": "set aside as copies",
    "unreadable": "not spreadsheets (moved to rejected/)",
}
# Ends a sweep seldom meets (a full disk, a stop request): counted only when they happen.
SWEEP_RARE = ("waiting for disk space", "left for the next start")


@task
def publish_sweep_artifact(outcome: dict[str, str]) -> None:
    """Show what the sweep did in Prefect: files taken, and how many came to each end."""
    rows = [{"files": "taken", "count": len(outcome)}]
    rows += [
        {"files": label, "count": sum(1 for v in outcome.values() if v == status)}
        for status, label in SWEEP_COUNTS.items()
    ]
    rows += [
        {"files": end, "count": n}
        for end in SWEEP_RARE
        if (n := sum(1 for v in outcome.values() if v == end))
    ]
    create_table_artifact(
        rows, key="sweep-counts", description="What this sweep did with the files"
    )


# Set by `accord watch` on SIGTERM or Ctrl-C: the file being processed is finished, the files
# claimed after it stay in .processing/, where the next sweep takes them first.
stop_requested = threading.Event()


@flow(name="sweep_inbox", flow_run_name=sweep_run_name)
def sweep_inbox(
    inbox: str = "inputs",
    out_dir: str = "outputs",
    as_of: date | None = None,
    settle_seconds: float = SETTLE_SECONDS,
    runner: str = "process",
    dask_address: str | None = None,
) -> State[dict[str, Any]]:
    """Process every complete file in the inbox once; return what became of each file.

    The result is the sweep's end state, named for any file it rejected (or "Skipped" when another
    sweep held the inbox); calling the flow returns the dict.
    """
    logger = get_run_logger()
    add_tags(SWEEP_TAG)
    held = lock.try_lock(Inbox(Path(inbox)).lock_file)
    if held is None:
        logger.info("Another sweep of %s is running; this one stops here.", inbox)
        message = "Another sweep of the inbox was running."
        return Completed(name="Skipped", message=message, data={"status": "busy", "files": {}})
    outcome: dict[str, str] = {}
    lines: list[str] = []

    def tell(line: str) -> None:
        # One line per file, for `accord watch` to print and the UI's log alike (at INFO: a
        # console showing Prefect's warnings would print it twice).
        lines.append(line)
        logger.info("%s", line)

    with held:
        # Rows of a batch whose run died after publishing reach the master here, files or not.
        logger.info(apply_pending_updates(out_dir))
        batch_flow = process_batch.with_options(task_runner=task_runner(runner, dask_address))
        disk_full = False
        for name in set_aside_unreadable(inbox, settle_seconds):
            outcome[name] = "unreadable"
            tell(f"{name}: not a spreadsheet; moved to rejected/.")
        for path in claim_files(inbox, settle_seconds):
            name = Path(path).name
            if stop_requested.is_set():
                outcome[name] = "left for the next start"
                tell(f"{name}: stopping; left in .processing/ for the next start.")
                continue
            if disk_full:
                outcome[name] = "waiting for disk space"
                continue
            sha = hash_file(path)
            note = duplicate_note(inbox, path, sha, out_dir)
            if note is not None:
                reject_input(inbox, path, note)
                outcome[name] = "duplicate"
                tell(f"{name}: same content as a file already processed; set aside.")
                continue
            try:
                report = report_of(batch_flow(path, out_dir, as_of, return_state=True))
            except DiskFull as exc:
                # Not the file's fault: it stays claimed, and a sweep after space is freed takes it.
                disk_full = True
                outcome[name] = "waiting for disk space"
                lines.append(f"{name}: {exc} It stays in .processing/ for the next sweep.")
                logger.warning("%s: %s It stays in .processing/ for the next sweep.", name, exc)
                continue
            except Exception as exc:
                reject_input(inbox, path, rejection_reason(name, _failure_text(exc)))
                outcome[name] = "failed"
                tell(f"{name}: processing failed; moved to rejected/.")
                continue
            near = report.get("near_misses") or []
            if report["status"] == "rejected":
                reject_input(inbox, path, rejection_reason(name, report["error"]))
                outcome[name] = "rejected"
            elif near:
                why = near_miss_reason(name, report["batch_id"], near)
                reject_input(inbox, path, why, str(Path(report["folder"]) / "rejects.xlsx"))
                outcome[name] = "published"
            else:
                # Copied beside the archived file when the batch has one (rejects or warnings).
                rejects = str(Path(report["folder"]) / "rejects.xlsx")
                archive_input(inbox, path, sha, report["batch_id"], rejects)
                rows = report.get("rejected") or 0
                published = report["status"] == "published"
                outcome[name] = "published_with_rejects" if published and rows else report["status"]
            tell(_line(name, outcome[name], report))
            for miss in near:
                tell(f"  column to check: {miss} (file moved to rejected/)")
    publish_sweep_artifact(outcome)
    return sweep_state({"status": "swept", "files": outcome, "lines": lines})


def _line(name: str, outcome: str, report: dict[str, Any]) -> str:
    """Return the sweep's line for one file: what became of it, in a few words."""
    if outcome == "rejected":
        return f"{name}: rejected; moved to rejected/ with its errors.txt."
    rows = report.get("rejected") or 0
    tail = f" ({rows} row{'s' if rows != 1 else ''} rejected)" if rows else ""
    if outcome == "already_published":
        return f"{name}: already processed (batch {report['batch_id']})."
    word = "published" if outcome == "published_with_rejects" else outcome
    return f"{name}: {word} (batch {report['batch_id']}){tail}."
