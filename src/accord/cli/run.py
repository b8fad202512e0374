"""``accord run``: process spreadsheets now, through the Prefect flow ``process_batch``."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from accord.cli.options import check_runner, out_option, runner_options
from accord.records import Kind

if TYPE_CHECKING:
    from concurrent.futures import Future

    from accord.workers import WorkerPool

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
# How often `accord run` looks whether the worker staging its first file holds the batch's lock
# (well under steps.STAGE_AHEAD_LOCK_WAIT, which the worker waits for the lock).
LOCK_PROBE_SECONDS = 0.05
STAGE_AHEAD_START_SECONDS = 30.0


def spreadsheets(paths: tuple[Path, ...]) -> list[Path]:
    """Return the files to process: each file given, and every spreadsheet inside each folder."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                p
                for p in sorted(path.iterdir())
                if p.is_file()
                and p.suffix.lower() in SPREADSHEET_SUFFIXES
                and not p.name.startswith((".", "~$"))
            )
        else:
            files.append(path)
    return files


def prefect_defaults() -> None:
    """Set Prefect settings Accord relies on, unless the user set them already."""
    # A busy machine needs longer than the 20 s default to start the embedded server.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
    # The temporary server's usage report fails noisily on machines without internet access.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


def _while_prefect_starts(
    pool: WorkerPool | None, first: Path, out_dir: Path, kind: str | None
) -> None:
    """Import the flows (Prefect and the steps: seconds), a worker staging ``first`` meanwhile.

    Returns once the worker holds the batch's lock (or is done): the first flow run then waits for
    that lock and finds the records staged, rather than racing the worker for it (see
    :func:`accord.steps.stage_ahead`). What the staging comes to does not matter here: the flow
    run stages whatever is not staged.
    """
    ahead = None
    if pool:
        from accord import steps

        ahead = pool.submit(steps.stage_ahead, first, out_dir, Kind(kind) if kind else None)
    import flows.process_batch  # noqa: F401

    if ahead:
        _until_the_lock_is_held(ahead, first, out_dir)


def _until_the_lock_is_held(ahead: Future[bool], first: Path, out_dir: Path) -> None:
    """Return once ``first``'s batch lock is held (by the staging worker, or by another run the
    flow will wait for), once ``ahead`` is done, or after STAGE_AHEAD_START_SECONDS."""
    from accord import batch, lock

    path = batch.lock_path(out_dir, batch.batch_id_of(first))
    # Past the deadline (a worker slow to start) the flow run simply stages the file itself.
    deadline = time.monotonic() + STAGE_AHEAD_START_SECONDS
    while not ahead.done() and time.monotonic() < deadline:
        probe = lock.try_lock(path)
        if probe is None:
            return
        probe.release()
        time.sleep(LOCK_PROBE_SECONDS)


@contextmanager
def _workers(runner: str) -> Iterator[WorkerPool | None]:
    """Yield the worker pool every file's flow run shares (None unless ``runner`` is "process").

    Started first, the workers get ready while Prefect and its server start.
    """
    if runner != "process":
        yield None
        return
    from accord.workers import WorkerPool

    pool = WorkerPool()
    try:
        yield pool
    finally:
        pool.close()


def _describe(report: dict[str, Any]) -> str:
    status = report["status"]
    if status == "published":
        line = (
            f"{report['input']}: {report['records']} records, {report['documents']} documents "
            f"-> {report['folder']}"
        )
        if report["rejected"]:
            line += f" ({report['rejected']} rows rejected: see rejects.xlsx)"
        if "tracker.pending-" in report.get("master_tracker", ""):
            line += f"\n  {report['master_tracker']}"
        return line
    if status == "already_published":
        return f"{report['input']}: already processed -> {report['folder']}"
    return f"{report['input']}: rejected. {report['error']}"


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@out_option
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Apply the rules as of this date (YYYY-MM-DD). Default: today.",
)
@click.option(
    "--kind",
    type=click.Choice([k.value for k in Kind]),
    help="Batch kind, when the file name does not say it.",
)
@click.option(
    "--esign",
    type=click.Choice(["none", "docusign", "dropbox", "adobe"]),
    default="none",
    show_default=True,
    help="Place this e-signature provider's text tags at signature fields.",
)
@click.option("--pdf", is_flag=True, help="Also write a PDF of every document (needs LibreOffice).")
@click.option(
    "--approve-as",
    "approve_as",
    metavar="NAME",
    help="Approve each batch at once as NAME and release it (no approval gate).",
)
@runner_options
def run(
    paths: tuple[Path, ...],
    out_dir: Path,
    as_of: datetime | None,
    kind: str | None,
    esign: str,
    pdf: bool,
    approve_as: str | None,
    runner: str,
    dask_address: str | None,
) -> None:
    """Process spreadsheets into document sets, trackers and manifests.

    Each file becomes one batch folder in --out. A folder means every spreadsheet in it. The input
    files are left where they are. Exit status: 0 when every row produced its documents, 1 when any
    row or file was rejected, 2 for usage errors.

    \b
    Example:
      accord run inputs/samples/ --out outputs/ --as-of 2026-06-01
      accord run big_offers.xlsx --runner dask --dask-address tcp://10.0.0.5:8786
    """
    check_runner(runner, dask_address)
    files = spreadsheets(paths)
    if not files:
        raise click.UsageError("No spreadsheets (.xlsx .xlsm .xls .ods .csv) in the given paths.")
    prefect_defaults()
    # Importing Prefect takes a second: only here, once the arguments are known to be good.
    from flows.prefect_api import api_for_local_runs

    out_dir.mkdir(parents=True, exist_ok=True)
    console = Console(stderr=True)
    day = as_of.date() if as_of else date.today()
    failed = False
    with (
        _workers(runner) as pool,
        api_for_local_runs(partial(_while_prefect_starts, pool, files[0], out_dir, kind)),
        Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as progress,
    ):
        from flows.process_batch import run_batch  # imported while the server started
        from flows.task_runners import sharing

        bar = progress.add_task("Processing", total=len(files))
        with sharing(pool) if pool else nullcontext():
            for path in files:
                progress.update(bar, description=f"Processing {path.name}")
                report = run_batch(
                    str(path), str(out_dir), day, kind, esign, pdf, runner, dask_address, approve_as
                )
                failed |= report["status"] == "rejected" or bool(report.get("rejected"))
                progress.console.print(_describe(report), soft_wrap=True)
                if isinstance(report.get("approval"), dict):  # issue 18: --approve-as
                    approved = report["approval"]
                    line = f"  approved by {approve_as}: {approved['approved']} records released"
                    progress.console.print(line, soft_wrap=True)
                progress.advance(bar)
    raise SystemExit(1 if failed else 0)
