"""``accord check``: validate input files without writing anything, and show what to fix."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from accord.cli.run import spreadsheets
from accord.errors import InputFileError
from accord.intake import IntakeResult, read_batch_to
from accord.records import Kind


def _show(console: Console, result: IntakeResult) -> None:
    name = result.path.name
    accepted = result.accepted
    console.print(
        Text.assemble(
            (name, "bold"),
            f": {result.kind.value}, sheet '{result.sheet}', {result.total_rows} "
            f"row{'s' if result.total_rows != 1 else ''}: "
            f"{accepted} accepted, {result.rejected_rows} rejected",
        )
    )
    for note in result.notes:
        console.print(f"  note: {note}", markup=False, highlight=False)
    if not result.problems:
        return
    table = Table(show_lines=False, header_style="bold")
    for heading in ("Sheet", "Row", "ID", "Column", "Value", "Problem", "How to fix it"):
        table.add_column(heading, overflow="fold")
    for p in result.problems:
        # Text, not markup: a cell holding "[bold]" or "[/]" must print as typed.
        cells = (p.sheet, str(p.row), p.record_id, p.column, p.value, p.problem, p.fix)
        table.add_row(*(Text(c) for c in cells))
    console.print(table)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option(
    "--kind",
    type=click.Choice([k.value for k in Kind]),
    help="Read every file as this kind instead of guessing from its name, sheets or columns.",
)
@click.pass_context
def check(ctx: click.Context, paths: tuple[str, ...], kind: str | None) -> None:
    """Check spreadsheets (files or folders) and list every problem, writing nothing.

    Exit status 0 when every row of every file is usable, 1 otherwise.

    \b
    Example:
      accord check inputs/samples/offers_nasty.xlsx
      accord check inputs/ --kind separations
    """
    console = Console(highlight=False)
    files = spreadsheets(tuple(Path(p) for p in paths))
    clean = bool(files)
    for path in files:
        try:
            # Only counted, never kept: a large file is checked in little memory.
            result = read_batch_to(path, lambda _record: None, Kind(kind) if kind else None)
        except InputFileError as exc:
            console.print(Text.assemble(("rejected ", "bold red"), str(exc)))
            clean = False
            continue
        _show(console, result)
        clean = clean and not result.problems
    if not files:
        console.print("No spreadsheets found (.xlsx, .xlsm, .xls, .ods or .csv).")
    ctx.exit(0 if clean else 1)
