"""The ``follow_up`` flow: bring the master tracker up to date, then write the reminder digest.

Tasks get the output folder and the date, and return counts; the markdown artifact it publishes holds
counts only, never names, because Prefect stores artifacts in its database.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact

from accord import steps
from accord.tracker import MASTER_NAME, apply_pending


@task(retries=2, retry_delay_seconds=1)
def apply_pending_updates(out_dir: str) -> str:
    """Apply batch rows that waited in side files because the master tracker was busy."""
    return apply_pending(Path(out_dir) / MASTER_NAME).message


@task(retries=2, retry_delay_seconds=1)
def write_appreciation_letters(out_dir: str, as_of: date) -> int:
    """Write the appreciation letters of records now Signed; return how many."""
    return steps.write_letters(Path(out_dir), as_of)


@task(retries=2, retry_delay_seconds=1)
def record_tracker_steps(out_dir: str) -> int:
    """Carry HR's Sent on and Signed on, and the letters written, into the audit trail."""
    from accord.audit_tracker import record_tracker_steps as record

    return record(Path(out_dir))


@task(retries=2, retry_delay_seconds=1)
def write_digest(out_dir: str, as_of: date) -> dict[str, Any]:
    """Write the digest files and return their counts."""
    return steps.follow_up(Path(out_dir), as_of)


def _markdown(counts: dict[str, Any]) -> str:
    lines = [
        f"# Follow-ups as of {counts['as_of']}",
        "",
        "| | count |",
        "|---|---:|",
        f"| overdue | {counts['overdue']} |",
        f"| due soon | {counts['due_soon']} |",
        f"| owners | {counts['owners']} |",
        f"| records | {counts['records']} |",
    ]
    lines += [f"| {what} | {n} |" for what, n in counts["by_what"].items()]
    if "appreciation_letters" in counts:
        lines.append(f"| appreciation letters written | {counts['appreciation_letters']} |")
    return "\n".join(lines) + "\n"


@flow(name="follow_up")
def follow_up(out_dir: str = "outputs", as_of: date | None = None) -> dict[str, Any]:
    """Write the appreciation letters of records now Signed, then outputs/follow-ups/<date>.docx
    and .xlsx; return the digest's counts and paths, and how many letters were written."""
    logger = get_run_logger()
    as_of = as_of or date.today()
    logger.info(apply_pending_updates(out_dir))
    letters = write_appreciation_letters(out_dir, as_of)
    record_tracker_steps(out_dir)
    counts = write_digest(out_dir, as_of) | {"appreciation_letters": letters}
    create_markdown_artifact(
        markdown=_markdown(counts),
        key="follow-up-digest",
        description="Counts of overdue and due-soon follow-ups (no names).",
    )
    logger.info(
        "Digest for %s: %d overdue, %d due soon, %d owners.",
        counts["as_of"],
        counts["overdue"],
        counts["due_soon"],
        counts["owners"],
    )
    return counts
