"""Options several ``accord`` commands share, declared once so they read and behave the same."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def out_folder(help: str = "Folder the batches are written to.") -> Callable[[F], F]:
    """Return the --out option (default ``outputs``), with ``help`` saying what it holds."""
    return click.option(
        "--out",
        "out_dir",
        default="outputs",
        show_default=True,
        type=click.Path(file_okay=False, path_type=Path),
        callback=_writable,
        help=help,
    )


def _writable(_ctx: click.Context, _param: click.Parameter, value: Path) -> Path:
    # A read-only --out is a one-line answer before anything starts, not a traceback later.
    from accord.disk import NotWritable, writable

    try:
        return writable(value)
    except NotWritable as exc:
        raise click.BadParameter(str(exc)) from None


out_option = out_folder()


def runner_options(command: F) -> F:
    """Return ``command`` with --runner and --dask-address (where chunks of records render)."""
    command = click.option(
        "--dask-address",
        metavar="tcp://HOST:PORT",
        help="Scheduler of an existing Dask cluster (with --runner dask; default: a local one).",
    )(command)
    return click.option(
        "--runner",
        type=click.Choice(["process", "thread", "dask"]),
        default="process",
        show_default=True,
        help="Where chunks of records are rendered: two local processes, threads, or Dask.",
    )(command)


def check_runner(runner: str, dask_address: str | None) -> None:
    """Raise a usage error when --dask-address comes without --runner dask."""
    if dask_address and runner != "dask":
        raise click.UsageError("--dask-address needs --runner dask.")


def verbose_option(command: F) -> F:
    """Return ``command`` with -v/--verbose: show Prefect's own INFO log lines too."""
    return click.option(
        "-v",
        "--verbose",
        is_flag=True,
        help="Also show Prefect's own log lines (by default only its warnings and errors).",
    )(command)
