"""``accord watch``: process files as they are dropped, through the Prefect flow ``sweep_inbox``."""

from __future__ import annotations

import time
from pathlib import Path

import click

from accord.inbox import SETTLE_SECONDS, Inbox, is_input


@click.command()
@click.argument(
    "inbox",
    default="inputs",
    required=False,
    type=click.Path(file_okay=False, path_type=Path),
)
@click.option(
    "--out",
    "out_dir",
    default="outputs",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder the batches are written to.",
)
@click.option(
    "--every",
    default=60.0,
    show_default=True,
    type=click.FloatRange(min=1),
    help="Seconds between safety-net sweeps, for drops no file event reported (network shares).",
)
@click.option(
    "--settle",
    default=SETTLE_SECONDS,
    show_default=True,
    type=click.FloatRange(min=0),
    help="Seconds a file must stay unchanged before it is taken (half-copied files wait).",
)
@click.option(
    "--runner",
    type=click.Choice(["process", "thread", "dask"]),
    default="process",
    show_default=True,
    help="Where chunks of records are rendered.",
)
@click.option("--dask-address", metavar="tcp://HOST:PORT", help="Scheduler of a Dask cluster.")
def watch(
    inbox: Path, out_dir: Path, every: float, settle: float, runner: str, dask_address: str | None
) -> None:
    """Watch a drop folder and process each spreadsheet dropped in it, once.

    A file is taken when it has stopped changing, moved to INBOX/.processing/ while it is processed,
    then archived in INBOX/processed/<date>/, or set aside in INBOX/rejected/ with a
    <name>.errors.txt that says what to do. Besides file events, the folder is swept every --every
    seconds. Ctrl-C stops watching; a file being processed is finished by the next sweep.

    \b
    Example:
      accord watch inputs/ --out outputs/
    """
    from accord.cli.run import prefect_defaults

    inbox.mkdir(parents=True, exist_ok=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    prefect_defaults()
    import watchfiles
    from flows.prefect_api import api_for_local_runs
    from flows.sweep_inbox import sweep_inbox

    box = Inbox(inbox)

    def sweep() -> None:
        # A sweep is a flow run: only start one when there is something to look at.
        if box.dropped() or box.claimed():
            sweep_inbox(str(inbox), str(out_dir), None, settle, runner, dask_address)

    def ours(_change: watchfiles.Change, path: str) -> bool:
        return Path(path).parent == inbox.resolve() and is_input(Path(path))

    click.echo(f"Watching {inbox}/ (Ctrl-C to stop).", err=True)
    try:
        with api_for_local_runs():
            sweep()
            for changes in watchfiles.watch(
                inbox.resolve(),
                watch_filter=ours,
                rust_timeout=int(1000 * every),
                yield_on_timeout=True,
            ):
                if changes:
                    # A file still being copied sends more events; once quiet for --settle
                    # seconds it is complete, and the sweep (which checks again) takes it.
                    time.sleep(settle + 0.5)
                sweep()
    except KeyboardInterrupt:
        pass
    click.echo(f"Stopped watching {inbox}/.", err=True)
