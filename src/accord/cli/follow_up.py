"""``accord follow-up``: write the reminder digest from the master tracker, through a Prefect flow."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from accord.cli.checkout import require_flows
from accord.cli.options import out_folder, verbose_option
from accord.cli.run import hide_temporary_links, prefect_defaults


@click.command(name="follow-up")
@out_folder(
    "Folder holding the master tracker (tracker.xlsx); the digest goes to follow-ups/ in it."
)
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Date the digest is for (YYYY-MM-DD). Default: today.",
)
@verbose_option
def follow_up(out_dir: Path, as_of: datetime | None, verbose: bool) -> None:
    """Write the reminder digest: per owner, what is overdue and what is due soon.

    Reads the master tracker with HR's edits (status, owner override, dates done), skips records
    marked Complete, Withdrawn or Declined, and writes follow-ups/<date>.docx and .xlsx in --out.

    \b
    Example:
      accord follow-up --out outputs/ --as-of 2026-06-05
    """
    from accord.tracker import MASTER_NAME, open_master, pending_files

    require_flows("accord follow-up")
    master = out_dir / MASTER_NAME
    if master.is_file() or not pending_files(master):
        open_master(master).close()  # a missing or damaged tracker is told before Prefect starts
    prefect_defaults(quiet=not verbose)
    hide_temporary_links()
    from flows.follow_up import follow_up as follow_up_flow  # importing Prefect takes a second

    day = as_of.date() if as_of else date.today()
    counts = follow_up_flow(str(out_dir), day)
    click.echo(
        f"Follow-ups for {counts['as_of']}: {counts['overdue']} overdue, {counts['due_soon']} due "
        f"soon, {counts['owners']} owner(s) -> {counts['docx']}"
        + (
            f"; {counts['appreciation_letters']} appreciation letter(s) written"
            if counts.get("appreciation_letters")
            else ""
        )
    )
