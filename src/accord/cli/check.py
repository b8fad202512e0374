"""``accord check``: validate input files without writing anything, and show what to fix."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from accord.cli.run import spreadsheets
from accord.errors import InputFileError, not_dropped
from accord.intake import IntakeResult, read_batch_to
from accord.records import Kind

# Below this many columns a table of rejects wraps every cell into a column of words.
NARROW = 120


def _show(console: Console, result: IntakeResult) -> None:
    name = result.path.name
    accepted = result.accepted
    rejected = result.total_rows - accepted
    console.print(
        Text.assemble(
            (name, "bold"),
            f": {result.kind.value}, sheet '{result.sheet}', {result.total_rows} "
            f"row{'s' if result.total_rows != 1 else ''}: "
            f"{accepted} accepted, {rejected} rejected",
        )
    )
    for near_miss in result.near_misses:
        console.print(Text.assemble(("  column to check: ", "bold yellow"), not_dropped(near_miss)))
    for note in result.notes:
        console.print(f"  note: {note}", markup=False, highlight=False)
    for w in result.warnings:
        line = f"  warning: {w.sheet} > row {w.row} ({w.record_id}): {w.sentence()} {w.fix}"
        console.print(line, markup=False, highlight=False)
    if not result.problems:
        return
    if console.width < NARROW:
        # A narrow terminal (or a pipe): one line per problem reads better than a squeezed table.
        for p in result.problems:
            rid = f" ({p.record_id})" if p.record_id else ""
            line = f"  {p.sheet} > row {p.row}{rid} > {p.where()}: {p.sentence()} "
            console.print(line + not_dropped(p.fix), markup=False, highlight=False)
        return
    table = Table(show_lines=False, header_style="bold")
    for heading in ("Sheet", "Row", "ID", "Column", "Value", "Problem", "How to fix it"):
        table.add_column(heading, overflow="fold")
    for p in result.problems:
        # Text, not markup: a cell holding "[bold]" or "[/]" must print as typed.
        cells = (p.sheet, str(p.row), p.record_id, p.where(), p.value, p.sentence())
        table.add_row(*(Text(c) for c in (*cells, not_dropped(p.fix))))
    console.print(table)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option(
    "--kind",
    type=click.Choice([k.value for k in Kind]),
    help="Read every file as this kind instead of guessing from its name, sheets or columns.",
)
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The letters' date, for the warnings that compare with it (as `accord run --as-of`).",
)
@click.pass_context
def check(
    ctx: click.Context, paths: tuple[str, ...], kind: str | None, as_of: datetime | None
) -> None:
    """Check spreadsheets (files or folders) and list every problem, writing nothing.

    Exit status 0 when every row of every file is usable, 1 otherwise (a row rejected, or a
    header close to a column Accord reads but not recognised).

    \b
    Example:
      accord check inputs/samples/offers_nasty.xlsx
      accord check inputs/ --kind separations
    """
    console = Console(highlight=False, soft_wrap=True)
    files = spreadsheets(tuple(Path(p) for p in paths))
    clean = bool(files)
    for path in files:
        try:
            # Only counted, never kept: a large file is checked in little memory.
            chosen = Kind(kind) if kind else None
            day = as_of.date() if as_of else None
            result = read_batch_to(path, lambda _record: None, chosen, as_of=day)
        except InputFileError as exc:
            console.print(Text.assemble(("rejected ", "bold red"), not_dropped(str(exc))))
            clean = False
            continue
        _show(console, result)
        clean = clean and not result.problems and not result.near_misses
    if not files:
        console.print("No spreadsheets found (.xlsx, .xlsm, .xls, .ods or .csv).")
    ctx.exit(0 if clean else 1)
