"""The ``process_batch`` flow: one input file in, one published batch folder out.

Reads like a table of contents: stage the input, render the records in chunks, write the tracker and
the manifest, publish. Tasks receive paths, chunk bounds and dates, never personal data, because
Prefect stores parameters, logs and exception messages in its database.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task

from accord import steps
from accord.records import Kind


@task(retries=2, retry_delay_seconds=1)
def stage_input(input_path: str, out_dir: str, kind: str | None) -> steps.StagedInput:
    """Type the input's rows into records in the staging folder."""
    return steps.stage_input(Path(input_path), Path(out_dir), Kind(kind) if kind else None)


@task
def render_chunk(
    staging_dir: str, index: int, start: int, end: int, as_of: date, esign: str
) -> dict[str, int]:
    """Apply the rules and render the documents of one chunk of records."""
    return steps.render_chunk(Path(staging_dir), index, start, end, as_of, esign)


@task
def write_pdfs(staging_dir: str) -> int:
    """Convert the batch's documents to PDF."""
    return steps.write_pdfs(Path(staging_dir))


@task(retries=2, retry_delay_seconds=1)
def write_summary(staging_dir: str) -> None:
    """Write the batch summary."""
    steps.write_summary(Path(staging_dir))


@task(retries=3, retry_delay_seconds=2)
def update_master_tracker(batch_dir: str) -> str:
    """Upsert the batch into the master tracker."""
    return steps.update_master_tracker(Path(batch_dir))


@task(retries=2, retry_delay_seconds=1)
def write_tracker(staging_dir: str, as_of: date) -> int:
    """Write the batch tracker."""
    return steps.write_tracker(Path(staging_dir), as_of)


@task(retries=2, retry_delay_seconds=1)
def write_manifest(staging_dir: str, as_of: date) -> dict[str, int]:
    """Write manifest.json and rejects.xlsx."""
    return steps.write_manifest(Path(staging_dir), as_of)


@task(retries=2, retry_delay_seconds=1)
def publish(staging_dir: str) -> str:
    """Move the batch into place in one rename."""
    return steps.publish(Path(staging_dir))


@flow(name="process_batch")
def process_batch(
    input_path: str,
    out_dir: str = "outputs",
    as_of: date | None = None,
    kind: str | None = None,
    esign: str = "none",
    pdf: bool = False,
) -> dict[str, Any]:
    """Process one spreadsheet into a published batch; return counts and the batch folder."""
    logger = get_run_logger()
    as_of = as_of or date.today()
    staged = stage_input(input_path, out_dir, kind)
    report: dict[str, Any] = {"batch_id": staged.batch_id, "input": Path(input_path).name}
    if staged.already_published:
        logger.info("Batch %s was already published; nothing to do.", staged.batch_id)
        return report | {
            "status": "already_published",
            "folder": str(Path(out_dir) / staged.batch_id),
        }
    if staged.file_error:
        logger.warning("Input rejected: %s", staged.file_error)
        return report | {"status": "rejected", "error": staged.file_error}
    futures = [
        render_chunk.submit(staged.staging_dir, i, start, end, as_of, esign)
        for i, (start, end) in enumerate(staged.chunks)
    ]
    for future in futures:
        future.result()
    if pdf:
        write_pdfs(staged.staging_dir)
    write_tracker(staged.staging_dir, as_of)
    counts = write_manifest(staged.staging_dir, as_of)
    write_summary(staged.staging_dir)
    folder = publish(staged.staging_dir)
    master = update_master_tracker(folder)
    logger.info("Master tracker: %s", master)
    logger.info(
        "Batch %s published: %d records, %d documents, %d rejected rows.",
        staged.batch_id,
        counts["records"],
        counts["documents"],
        counts["rejected"],
    )
    return (
        report
        | counts
        | {
            "status": "published",
            "folder": folder,
            "kind": staged.kind,
            "master_tracker": master,
        }
    )
