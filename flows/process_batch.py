"""The ``process_batch`` flow: one input file in, one published batch folder out.

Reads like a table of contents: identify the input, lock its batch, stage it, render the records in
chunks (in Accord's worker processes, or on a Dask cluster), write the tracker on a worker while the
manifest and summary are written here, publish with one rename, then tell Prefect what was
published while a worker updates the master tracker. Tasks receive paths, chunk bounds and dates, never personal data, because Prefect stores
parameters, logs and exception messages in its database.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.states import State

from accord import batch, lock, steps
from accord.disk import DiskFull
from accord.records import Kind
from accord.report import artifact
from flows.approval import approve_now, record_published, request_approval
from flows.run_labels import BATCH_TAG, add_tags, batch_run_name, batch_state, report_of
from flows.task_runners import on_worker, task_runner

# A second run of the same file waits this long for the first to publish, then gives up.
LOCK_WAIT_SECONDS = 3600.0


@task(retries=2, retry_delay_seconds=1)
def identify_input(input_path: str) -> str:
    """Return the batch id of the input (its name and content hash)."""
    return batch.batch_id_of(Path(input_path))


@task(retries=2, retry_delay_seconds=1)
def stage_input(
    input_path: str, out_dir: str, kind: str | None, as_of: date | None = None
) -> steps.StagedInput:
    """Type the input's rows into records in the staging folder."""
    chosen = Kind(kind) if kind else None
    return steps.stage_input(Path(input_path), Path(out_dir), chosen, as_of=as_of)


@task(retries=1, retry_delay_seconds=1)
def render_chunk(
    staging_dir: str, index: int, start: int, end: int, as_of: date, esign: str, pdf: bool
) -> dict[str, int]:
    """Apply the rules and render the documents of one chunk of records (and their PDFs)."""
    return on_worker(steps.render_chunk, Path(staging_dir), index, start, end, as_of, esign, pdf)


@task(retries=2, retry_delay_seconds=1)
def write_summary(staging_dir: str) -> None:
    """Write the batch summary."""
    steps.write_summary(Path(staging_dir))


@task(retries=3, retry_delay_seconds=2)
def update_master_tracker(batch_dir: str) -> str:
    """Upsert the batch into the master tracker."""
    return on_worker(steps.update_master_tracker, Path(batch_dir))


@task(retries=2, retry_delay_seconds=1)
def write_tracker(staging_dir: str, as_of: date) -> int:
    """Write the batch tracker."""
    return on_worker(steps.write_tracker, Path(staging_dir), as_of)


@task(retries=2, retry_delay_seconds=1)
def write_manifest(staging_dir: str, as_of: date) -> dict[str, int]:
    """Write manifest.json and rejects.xlsx."""
    return steps.write_manifest(Path(staging_dir), as_of)


@task
def discard_staging(staging_dir: str) -> None:
    """Remove the batch's staging folder after a full disk stopped it."""
    steps.discard_staging(Path(staging_dir))


@task(retries=2, retry_delay_seconds=1)
def publish(staging_dir: str) -> str:
    """Move the batch into place in one rename."""
    return steps.publish(Path(staging_dir))


@task(retries=2, retry_delay_seconds=1)
def publish_artifacts(batch_dir: str) -> None:
    """Show the published batch in Prefect: a summary, counts and places, and its rejected rows."""
    report = artifact.report(Path(batch_dir))
    key = artifact.artifact_key(report.batch_id)
    create_markdown_artifact(report.markdown(), key=f"{key}-summary", description="Batch summary")
    create_table_artifact(
        report.table(), key=f"{key}-counts", description="Counts, places and finding codes"
    )
    if report.rejected_rows:
        create_table_artifact(
            report.rejects_table(),
            key=f"{key}-rejected-rows",
            description="Rejected rows: row, column and problem (the values are in rejects.xlsx)",
        )


@flow(name="process_batch", flow_run_name=batch_run_name, task_runner=task_runner("process"))
def process_batch(
    input_path: str,
    out_dir: str = "outputs",
    as_of: date | None = None,
    kind: str | None = None,
    esign: str = "none",
    pdf: bool = False,
    approve_as: str | None = None,
) -> State[dict[str, Any]]:
    """Process one spreadsheet into a published batch; return its end state, the report its result.

    The report holds counts and the batch folder. A file rejected whole ends Failed with the
    reason; a batch with rejected rows ends "Completed with N rejected rows" (:mod:`run_labels`).
    """
    report = _process(input_path, out_dir, as_of, kind, esign, pdf)
    if report["status"] == "published":
        # Awaiting approval: approved at once (--approve-as), or a run waits for counsel's answer.
        if approve_as:
            report["approval"] = approve_now(report["batch_id"], out_dir, approve_as)
        else:
            report["approval"] = request_approval(report["batch_id"], out_dir)
    return batch_state(report)


def _process(
    input_path: str, out_dir: str, as_of: date | None, kind: str | None, esign: str, pdf: bool
) -> dict[str, Any]:
    logger = get_run_logger()
    as_of = as_of or date.today()
    batch_id = identify_input(input_path)
    report: dict[str, Any] = {"batch_id": batch_id, "input": Path(input_path).name}
    # One run at a time per batch: a second run of the same file waits, then finds it published.
    with lock.wait_lock(batch.lock_path(Path(out_dir), batch_id), LOCK_WAIT_SECONDS, logger.info):
        staged = stage_input(input_path, out_dir, kind, as_of)
        add_tags(BATCH_TAG, staged.kind)
        if staged.already_published:
            # The same content published under another name is that batch (staged.copy_of).
            published = {"batch_id": staged.batch_id, "copy_of": staged.copy_of}
            folder = str(Path(out_dir) / staged.batch_id)
            # A run killed between publishing and the master tracker left it behind: the upsert
            # is idempotent, so making sure costs little and loses nothing.
            master = update_master_tracker(folder)
            logger.info(
                "Batch %s was already published. Master tracker: %s", staged.batch_id, master
            )
            return report | published | {"status": "already_published", "folder": folder}
        if staged.file_error:
            # INFO: `accord run` prints the file's own line; the UI shows this one.
            logger.info("Input rejected: %s", staged.file_error)
            return report | {"status": "rejected", "error": staged.file_error}
        if staged.resumed:
            logger.info("Batch %s: its records were staged already; going on from there.", batch_id)
        futures = [
            render_chunk.submit(staged.staging_dir, i, start, end, as_of, esign, pdf)
            for i, (start, end) in enumerate(staged.chunks)
        ]
        tracker = None
        try:
            for future in futures:
                future.result()
            # The tracker takes longest and needs nothing the manifest and summary write: it
            # runs on a worker, idle now that the chunks are done, while they are written here.
            tracker = write_tracker.submit(staged.staging_dir, as_of)
            counts = write_manifest(staged.staging_dir, as_of)
            write_summary(staged.staging_dir)
            tracker.result()
        except DiskFull:
            for future in futures:
                future.wait()  # the other chunks stop before their folder goes
            if tracker is not None:
                tracker.wait()
            discard_staging(staged.staging_dir)
            logger.warning("Batch %s: staging removed to give its space back.", batch_id)
            raise
        folder = publish(staged.staging_dir)
    # The master tracker is rewritten on a worker while Prefect shows the batch and the audit
    # trail records it: neither reads what the other writes (the audit's look at the master for
    # HR's Sent and Signed dates finds them in the old master as in the new).
    merging = update_master_tracker.submit(folder)
    publish_artifacts(folder)
    record_published(folder)
    master = merging.result()
    logger.info("Master tracker: %s", master)
    logger.info(
        "Batch %s published: %d records, %d documents, %d rejected rows.",
        batch_id,
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


def run_batch(
    input_path: str,
    out_dir: str = "outputs",
    as_of: date | None = None,
    kind: str | None = None,
    esign: str = "none",
    pdf: bool = False,
    runner: str = "process",
    dask_address: str | None = None,
    approve_as: str | None = None,
) -> dict[str, Any]:
    """Return the report of ``process_batch`` run with the chosen task runner for its chunks."""
    flow_ = process_batch.with_options(task_runner=task_runner(runner, dask_address))
    return report_of(
        flow_(input_path, out_dir, as_of, kind, esign, pdf, approve_as, return_state=True)
    )
