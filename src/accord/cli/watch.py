"""``accord watch``: process files as they are dropped, through the Prefect flow ``sweep_inbox``."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import click

from accord.cli.checkout import require_flows
from accord.cli.options import check_runner, out_option, runner_options, verbose_option
from accord.inbox import SETTLE_SECONDS, Inbox, is_input, is_unreadable


def aside(work: Callable[[], object]) -> None:
    """Run ``work`` in a thread of its own and return when it is done (re-raising its error).

    Prefect's flow engine replaces the SIGTERM handler of the main thread with one that kills the
    run; in another thread it cannot, so SIGTERM reaches the watcher's own handler, which lets the
    file being processed finish. The thread is a daemon: a second Ctrl-C ends the process at once.
    """
    done = threading.Event()
    failure: list[BaseException] = []

    def target() -> None:
        try:
            work()
        except BaseException as exc:  # handed to the main thread as it is
            failure.append(exc)
        finally:
            done.set()

    threading.Thread(target=target, name="accord-sweep", daemon=True).start()
    while not done.wait(0.2):  # short waits: the main thread runs the signal handlers
        pass
    if failure:
        raise failure[0]


@click.command()
@click.argument(
    "inbox",
    default="inputs",
    required=False,
    type=click.Path(file_okay=False, path_type=Path),
)
@out_option
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
@runner_options
@verbose_option
def watch(
    inbox: Path,
    out_dir: Path,
    every: float,
    settle: float,
    runner: str,
    dask_address: str | None,
    verbose: bool,
) -> None:
    """Watch a drop folder and process each spreadsheet dropped in it, once.

    A file is taken when it has stopped changing, moved to INBOX/.processing/ while it is processed,
    then archived in INBOX/processed/<date>/, or set aside in INBOX/rejected/ with a
    <name>.errors.txt that says what to do. Besides file events, the folder is swept every --every
    seconds. Ctrl-C (or SIGTERM) stops watching once the file being processed is done (exit 0);
    files not started stay in INBOX/.processing/ for the next start. A second Ctrl-C stops at once,
    and a file left half processed is finished by the next sweep.

    \b
    Example:
      accord watch inputs/ --out outputs/
    """
    from accord.cli.run import hide_temporary_links, prefect_defaults

    check_runner(runner, dask_address)
    require_flows("accord watch")
    inbox.mkdir(parents=True, exist_ok=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    prefect_defaults(quiet=not verbose)
    hide_temporary_links()
    import watchfiles
    from flows.prefect_api import api_for_local_runs
    from flows.sweep_inbox import stop_requested, sweep_inbox

    box = Inbox(inbox)
    stop_requested.clear()

    def sweep() -> None:
        # A sweep is a flow run: only start one when there is something to look at.
        if box.dropped() or box.claimed() or box.unreadable():
            swept: dict[str, Any] = {}

            def one_sweep() -> None:
                swept.update(
                    sweep_inbox(str(inbox), str(out_dir), None, settle, runner, dask_address)
                )

            aside(one_sweep)
            for line in swept.get("lines", []):
                click.echo(line)

    def ours(_change: watchfiles.Change, path: str) -> bool:
        dropped = Path(path)
        return dropped.parent == inbox.resolve() and (is_input(dropped) or is_unreadable(dropped))

    stop = threading.Event()

    def on_signal(_signum: int, _frame: FrameType | None) -> None:
        # First Ctrl-C (or SIGTERM from a service manager): finish the file in hand, then stop.
        # Installed explicitly: a watcher started in the background inherits an ignored SIGINT.
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        stop_requested.set()
        click.echo(
            "Stopping once the file being processed is done (Ctrl-C again to stop now); files "
            "not started stay in .processing/ and are taken first at the next start.",
            err=True,
        )

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    click.echo(f"Watching {inbox}/ (Ctrl-C to stop).", err=True)
    try:
        with api_for_local_runs():
            sweep()
            for changes in watchfiles.watch(
                inbox.resolve(),
                watch_filter=ours,
                rust_timeout=int(1000 * every),
                yield_on_timeout=True,
                stop_event=stop,
            ):
                # A file still being copied sends more events; once quiet for --settle seconds it
                # is complete, and the sweep (which checks again) takes it.
                if changes and stop.wait(settle + 0.5):
                    break
                if stop.is_set():
                    break
                sweep()
    except KeyboardInterrupt:
        click.echo("Interrupted: a file being processed is finished by the next sweep.", err=True)
    click.echo(f"Stopped watching {inbox}/.", err=True)
