"""``accord run``: process spreadsheets now, through the Prefect flow ``process_batch``."""

from __future__ import annotations

import click


@click.command()
@click.argument("paths", nargs=-1, required=True)
def run(paths: tuple[str, ...]) -> None:
    """Process spreadsheets into documents (placeholder until the flow lands).

    \b
    Example:
      accord run inputs/samples/
    """
    raise click.UsageError("not wired yet")
