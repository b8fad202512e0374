"""``accord report``: the follow-up report across batches, from the master tracker."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from accord.cli.options import out_folder


@click.command(name="report")
@out_folder("Folder holding the master tracker (tracker.xlsx); the report goes to report/ in it.")
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Date the report is for: what is overdue by then, and the file names (YYYY-MM-DD). "
    "Default: today.",
)
@click.option(
    "--format",
    "image",
    type=click.Choice(["pdf", "png"]),
    default="pdf",
    show_default=True,
    help="The page of charts as a PDF or a PNG image.",
)
def report(out_dir: Path, as_of: datetime | None, image: str) -> None:
    """Write the follow-up report: offers, time to sign, overdue follow-ups, open agreements.

    Reads the master tracker with HR's edits (Status, Sent on, Signed on, Check-ins done, Owner
    override) across every batch, and writes report/<date>.xlsx (one sheet per table) and a
    one-page chart report/<date>.pdf (or .png) in --out: offers sent, accepted and declined; the
    median days from sent to signed, by place and by owner; follow-ups overdue and due soon by
    owner; open agreements and their check-ins.

    \b
    Example:
      accord report --out outputs/ --as-of 2026-06-01 --format png
    """
    from accord.tracker.report import write_report

    day = as_of.date() if as_of else date.today()
    result, workbook, chart = write_report(out_dir, day, image)
    offers = dict(zip(result.offers["Offers"], result.offers["Count"], strict=True))
    median = result.median_days
    click.echo(
        f"Report for {day.isoformat()}: {result.records} records; offers accepted "
        f"{offers['Accepted']}, declined {offers['Declined']}; median days sent to signed "
        f"{'-' if median is None else f'{median:g}'}; {len(result.agreements)} open "
        f"agreement(s) -> {workbook}, {chart}"
    )
