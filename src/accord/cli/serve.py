"""``accord serve``: serve the inbox sweep and the follow-up digest as Prefect deployments."""

from __future__ import annotations

import contextlib
from pathlib import Path

import click

from accord.cli.checkout import require_flows
from accord.cli.options import out_option, verbose_option


@click.command()
@click.option(
    "--inbox",
    default="inputs",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The drop folder the sweep takes files from.",
)
@out_option
@click.option(
    "--cron",
    "sweep_cron",
    default="*/5 * * * *",
    show_default=True,
    help="When the inbox is swept (cron syntax).",
)
@click.option(
    "--follow-up-cron",
    default="0 7 * * *",
    show_default=True,
    help="When the daily follow-up digest runs (cron syntax).",
)
@click.option(
    "--timezone",
    default="UTC",
    show_default=True,
    help="Time zone of both schedules (IANA name, e.g. America/New_York).",
)
@verbose_option
def serve(
    inbox: Path,
    out_dir: Path,
    sweep_cron: str,
    follow_up_cron: str,
    timezone: str,
    verbose: bool,
) -> None:
    """Serve Accord's Prefect deployments until Ctrl-C.

    Registers the deployments 'sweep_inbox/sweep-inbox' (on --cron, one sweep at a time) and
    'follow_up/follow-up' (daily) with the Prefect API in PREFECT_API_URL, then runs their
    scheduled and manually triggered runs in this process. Start a server first with
    `prefect server start` and open its UI to watch runs. Stopping pauses the schedules.

    \b
    Example:
      prefect server start &
      export PREFECT_API_URL=http://127.0.0.1:4200/api
      accord serve --inbox inputs/ --out outputs/ --timezone America/New_York
    """
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise click.BadParameter(
            f"{timezone!r} is not a time zone name. Use an IANA name such as America/New_York.",
            param_hint="--timezone",
        ) from None
    from accord.cli.run import prefect_defaults

    require_flows("accord serve")
    inbox.mkdir(parents=True, exist_ok=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    prefect_defaults(quiet=not verbose)
    from flows.serve import configured_api, deployments, serve_deployments

    if not configured_api():
        click.echo(
            "PREFECT_API_URL is not set: serving on a temporary server that forgets the "
            "deployments and runs when this stops. Start `prefect server start` and set "
            "PREFECT_API_URL=http://127.0.0.1:4200/api to keep them and see them in the UI.",
            err=True,
        )
    found = deployments(inbox, out_dir, sweep_cron, follow_up_cron, timezone)
    names = ", ".join(f"{d.flow_name}/{d.name}" for d in found)
    click.echo(f"Serving {names} (Ctrl-C to stop).", err=True)
    with contextlib.suppress(KeyboardInterrupt):
        serve_deployments(found)
    click.echo("Stopped serving; the schedules are paused until the next `accord serve`.", err=True)
