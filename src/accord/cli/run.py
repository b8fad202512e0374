"""``accord run``: process spreadsheets now, through the Prefect flow ``process_batch``."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from accord.cli import outcome
from accord.cli.checkout import require_flows
from accord.cli.options import check_runner, out_option, runner_options, verbose_option
from accord.heap import paused_collection
from accord.records import Kind

if TYPE_CHECKING:
    from accord.lock import Lending
    from accord.workers import WorkerPool

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")


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


def prefect_defaults(quiet: bool = False) -> None:
    """Set Prefect settings Accord relies on, unless the user set them already.

    ``quiet`` (``accord run`` and ``accord watch`` without -v) keeps Prefect's own console lines
    to warnings and errors; Prefect's server and UI still get every line.
    """
    # A busy machine needs longer than the 20 s default to start the embedded server.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
    # The temporary server's usage report fails noisily on machines without internet access.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    if quiet:
        os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")


class _NoLinkToTemporaryServer(logging.Filter):
    """Drops Prefect's "View at <url>" line: the temporary server is gone when the run ends."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("View at ")


def hide_temporary_links() -> None:
    """Return nothing; stop Prefect printing links to a temporary server (none is configured)."""
    if not os.environ.get("PREFECT_API_URL"):
        logging.getLogger("prefect.flow_runs").addFilter(_NoLinkToTemporaryServer())


def _while_prefect_starts() -> None:
    """Import the flows (Prefect and the steps: seconds) and what the batch's last steps write
    with, while the workers stage and render the first file (:func:`_ahead`)."""
    with paused_collection():  # Prefect's models: kept for the run, none of them garbage
        import flows.process_batch  # noqa: F401

        from accord.report.manifest import prepare_writers

        prepare_writers()


@contextmanager
def _first_batch_held(runner: str, first: Path, out_dir: Path) -> Iterator[Lending | None]:
    """Return a context holding the lock of ``first``'s batch for its flow run, for the workers
    to stage and render it while Prefect starts (:func:`_ahead`); it yields None, holding
    nothing, with another runner or when another run has the batch (the flow waits for it).

    Entered before the workers start and left after they stop: a job they still finish is
    never left writing without the lock.
    """
    if runner != "process":
        yield None
        return
    from accord import batch, lock

    with lock.held_for_run(batch.lock_path(out_dir, batch.batch_id_of(first))) as lending:
        yield lending


@contextmanager
def _ahead(
    pool: WorkerPool | None,
    lending: Lending | None,
    first: Path,
    out_dir: Path,
    kind: str | None,
    day: date,
    options: tuple[str, bool],
) -> Iterator[None]:
    """Return a context in which the workers stage ``first`` and render its chunks while Prefect
    and its server start, when its batch's lock is held for its flow run (``lending``).

    The flow run has the lock once the records are staged and every chunk's job started: its
    tasks are the same, its ``stage_input`` finds the records staged, and each chunk
    task waits for its chunk's job instead of starting it (:meth:`WorkerPool.run_ahead`). On two
    cores the temporary server's start (4 to 8 s of one core) no longer holds the rendering up.
    ``options`` are the e-signature provider and the PDF choice, as the chunk tasks get them.
    """
    if pool is not None and lending is not None:
        args = (pool, lending, first, out_dir, kind, day, options)
        threading.Thread(target=_render_ahead, args=args, daemon=True).start()
    yield


def _render_ahead(
    pool: WorkerPool,
    lending: Lending,
    first: Path,
    out_dir: Path,
    kind: str | None,
    day: date,
    options: tuple[str, bool],
) -> None:
    """Stage ``first`` in a worker, start every chunk's rendering, then let the flow run have the
    batch's lock (see :func:`_ahead`); whatever happens, the run gets the lock."""
    from accord import steps

    try:
        chosen = Kind(kind) if kind else None
        staged = pool.submit(steps.stage_ahead, first, out_dir, chosen, day).result()
        if staged is None:
            return
        esign, pdf = options
        staging = Path(staged.staging_dir)
        for index, (start, end) in enumerate(staged.chunks):
            # The very call the flow's render_chunk task makes (flows.process_batch).
            pool.run_ahead(steps.render_chunk, staging, index, start, end, day, esign, pdf)
    except Exception:  # a worker that died, a closed pool: the flow run stages it, says what
        return
    finally:
        lending.ready()


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
    "--reissue",
    is_flag=True,
    help="Publish a file already published again, as a new version (the old one is kept).",
)
@click.option(
    "--approve-as",
    "approve_as",
    metavar="NAME",
    help="Approve each batch at once as NAME and release it (no approval gate).",
)
@runner_options
@verbose_option
@click.pass_context
def run(
    ctx: click.Context,
    paths: tuple[Path, ...],
    out_dir: Path,
    as_of: datetime | None,
    kind: str | None,
    esign: str,
    pdf: bool,
    reissue: bool,
    approve_as: str | None,
    runner: str,
    dask_address: str | None,
    verbose: bool,
) -> None:
    """Process spreadsheets into document sets, trackers and manifests.

    Each file becomes one batch folder in --out. A folder means every spreadsheet in it. The input
    files are left where they are. A file already published is not processed again; with
    --reissue it is published again as a new version, and the run says which records changed.
    Exit status: 0 when every row produced its documents, 1 when any row or file was rejected
    (or a header looks like a column Accord reads but is not one), 2 for usage errors and for a
    file already published with other options than those given.

    \b
    Example:
      accord run inputs/samples/ --out outputs/ --as-of 2026-06-01
      accord run inputs/samples/offers_sample.xlsx --pdf --reissue
      accord run big_offers.xlsx --runner dask --dask-address tcp://10.0.0.5:8786
    """
    check_runner(runner, dask_address)
    require_flows("accord run")
    files = spreadsheets(paths)
    if not files:
        raise click.UsageError("No spreadsheets (.xlsx .xlsm .xls .ods .csv) in the given paths.")
    asked = _asked(ctx, as_of, kind, esign, pdf)
    prefect_defaults(quiet=not verbose)
    hide_temporary_links()
    # Importing Prefect takes a second: only here, once the arguments are known to be good.
    from flows.prefect_api import api_for_local_runs

    out_dir.mkdir(parents=True, exist_ok=True)
    # Lines are never cut to the terminal's width: piped into a file, each stays one line.
    console = Console(stderr=True, soft_wrap=True, highlight=False)
    day = as_of.date() if as_of else date.today()
    # Before the workers start staging the first file: a reissue must find it unpublished.
    versions = {path: outcome.set_aside(out_dir, path) for path in files} if reissue else {}
    totals = outcome.Totals()
    with (
        _first_batch_held(runner, files[0], out_dir) as lending,
        _workers(runner) as pool,
        _ahead(pool, lending, files[0], out_dir, kind, day, (esign, pdf)),
        api_for_local_runs(_while_prefect_starts),
        Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,  # piped: only the lines
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
                status, lines = outcome.outcome(report, asked)
                if isinstance(report.get("approval"), dict):  # issue 18: --approve-as
                    approved = outcome.counted(report["approval"]["approved"], "record")
                    lines.append(f"  approved by {approve_as}: {approved} released")
                before = versions.get(path)
                if before is not None and report["status"] == "published":
                    lines.append(outcome.reissued_line(before, Path(report["folder"])))
                elif before is not None:
                    outcome.restore(before, out_dir / before.parent.name)
                totals.add(report, status)
                for line in lines:
                    progress.console.print(line, markup=False)
                progress.advance(bar)
        progress.console.print(totals.line(out_dir), markup=False)
    raise SystemExit(totals.status)


def _asked(
    ctx: click.Context, as_of: datetime | None, kind: str | None, esign: str, pdf: bool
) -> outcome.Asked:
    """Return the options given on the command line (defaults are not asked for)."""

    def given(name: str) -> bool:
        return ctx.get_parameter_source(name) is click.core.ParameterSource.COMMANDLINE

    return outcome.Asked(
        as_of=as_of.date().isoformat() if as_of else None,
        kind=kind,
        esign=esign if given("esign") else None,
        pdf=True if pdf else None,
    )
