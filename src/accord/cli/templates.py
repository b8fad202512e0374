"""``accord templates check``: every Word template compiles, is declared and renders everywhere."""

from __future__ import annotations

from pathlib import Path

import click

from accord.paths import TEMPLATES_DIR


@click.group()
def templates() -> None:
    """Check the Word templates HR edits.

    \b
    Example:
      accord templates check
    """


@templates.command()
@click.argument(
    "folder",
    required=False,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
)
def check(folder: Path | None) -> None:
    """Check every .docx template under FOLDER (default: the project's templates/).

    Each template must compile, have no curly quotes inside its tags, use only the fields its
    fields.yaml declares, be given every declared field, and render for every sample
    jurisdiction (California, New York City, Minnesota, Montana, Texas) of every batch kind that
    uses it. Problems quote the paragraph around them. Prints each template's engine mode and,
    when it falls back to plain docxtpl, why. Exit status 1 when anything is wrong.

    \b
    Example:
      accord templates check
      accord templates check ../shared/corpus/docxtpl_tests
    """
    from accord.documents.lint import check_folder

    root = (folder or TEMPLATES_DIR).resolve()
    reports, problems = check_folder(root)
    bad = 0
    for report in reports:
        name = report.path.relative_to(root).as_posix()
        mode = report.mode or "not compiled"
        if report.fallback_reason:
            mode += f" (fallback: {report.fallback_reason})"
        status = "FAIL" if report.problems else "ok"
        click.echo(f"{status:4} {name}: engine {mode}; {report.renders} sample renders")
        for note in report.notes:
            click.echo(f"     note: {note}")
        for problem in report.problems:
            click.echo(f"     {problem}")
        bad += bool(report.problems)
    for problem in problems:
        click.echo(f"FAIL {problem}")
    total = bad + len(problems)
    click.echo(
        f"{len(reports)} templates checked: {bad} with problems"
        + (f"; {len(problems)} problems in clause data or rules" if problems else "")
        + "."
    )
    if total:
        raise SystemExit(1)
