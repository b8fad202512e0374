"""``accord audit verify`` and ``accord audit show``: check and read the audit trail."""

from __future__ import annotations

from pathlib import Path

import click

from accord.cli.options import out_folder

_out = out_folder("Folder holding the audit trail (audit.jsonl).")


@click.group(name="audit")
def audit_group() -> None:
    """Check or read the audit trail, outputs/audit.jsonl.

    \b
    Example:
      accord audit verify --out outputs/
      accord audit show C-1001 --out outputs/
    """


@audit_group.command(name="verify")
@_out
def verify(out_dir: Path) -> None:
    """Check the trail's hash chain: exit 0 when whole, 1 naming the line where it breaks.

    \b
    Example:
      accord audit verify --out outputs/
    """
    from accord.audit import verify as check

    result = check(out_dir)
    click.echo(
        f"{out_dir / 'audit.jsonl'}: {result.lines} events, chain whole (head {result.head})."
    )


@audit_group.command(name="show")
@click.argument("record_id")
@_out
def show(record_id: str, out_dir: Path) -> None:
    """Print one record's history in order: published, approved or held, released, sent, signed.

    \b
    Example:
      accord audit show C-1001 --out outputs/
    """
    from accord.audit import describe, history

    events = history(out_dir, record_id)
    if not events:
        click.echo(f"No events for record {record_id} in {out_dir / 'audit.jsonl'}.", err=True)
        raise SystemExit(1)
    for entry in events:
        click.echo(describe(entry))
