"""``accord history RECORD_ID``: the versions of one record across the published batches."""

from __future__ import annotations

from pathlib import Path

import click

from accord.cli.options import out_folder
from accord.errors import AccordError


@click.command(name="history")
@click.argument("record_id")
@out_folder("Folder the batches were published to.")
def history(record_id: str, out_dir: Path) -> None:
    """List the versions of RECORD_ID: their batches, rules dates and what changed.

    A record id published again with other values (a counter-offer, a revised separation) is a
    new version with a redline; published again with the same values it is listed as unchanged
    (no documents were issued). The changes are read from the signing copies themselves.

    \b
    Example:
      accord history C-1042 --out outputs/
    """
    from accord.documents.changes import changes
    from accord.versions import history as versions_of

    seen = versions_of(out_dir, record_id)
    if not seen:
        raise AccordError(
            f"Record '{record_id}' is in no batch published in {out_dir}. Check the id as the "
            "spreadsheet's ID column writes it, or give --out the folder the batches went to."
        )
    issued = [s for s in seen if not s.unchanged]
    latest = max(s.version for s in issued) if issued else 1
    click.echo(f"{record_id}: {latest} version{'s' if latest != 1 else ''} in {out_dir}")
    before = None
    for s in seen:
        where = f"{s.batch_id} (as of {s.as_of}, from {s.source})"
        if s.unchanged:
            click.echo(f"  version {s.version} again, unchanged: {where}; no documents issued")
            continue
        click.echo(f"  version {s.version}: {where} -> {s.folder}")
        if s.redline is not None:
            click.echo(f"    redline: {s.redline}")
        if before is not None and before.is_file() and s.signing and s.signing.is_file():
            for line in changes(before.read_bytes(), s.signing.read_bytes()):
                click.echo(f"    {line}")
        before = s.signing
