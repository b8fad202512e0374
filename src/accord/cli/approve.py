"""``accord approve`` and ``accord reject``: counsel's decision on a published batch, from the CLI.

The decision is recorded (approval.json and the audit trail), the approved records are released, and
where a Prefect server holds the batch's suspended approval run, that run is answered too, so the UI
and the CLI record one decision.
"""

from __future__ import annotations

from pathlib import Path

import click

from accord.cli.checkout import FIX, flows_folder
from accord.cli.options import out_option


def _answer_server(batch_id: str, decision: str, by: str, holds: tuple[str, ...]) -> str:
    """Return what became of the batch's waiting approval run on a configured server ("" if none)."""
    import os

    if not os.environ.get("PREFECT_API_URL"):
        from prefect.settings import get_current_settings

        if not get_current_settings().api.url:
            return ""  # no server: nothing is waiting anywhere
    if flows_folder() is None:  # the decision is recorded; the missing flows must not hide it
        return f"No waiting approval run was answered (Accord's flows/ are not installed); {FIX}"
    from flows.approval import answer_waiting_run

    try:
        return answer_waiting_run(batch_id, decision, by, list(holds))
    except Exception as exc:  # the decision is recorded; an unreachable server must not hide it
        return (
            f"The Prefect server could not be asked for a waiting approval run "
            f"({type(exc).__name__}); the decision is recorded here."
        )


_pdf_option = click.option(
    "--pdf/--no-pdf",
    "pdf",
    default=None,
    help="Also release PDF/A-2b copies with empty signature fields (needs LibreOffice). "
    "Default: release.pdf in company.yaml.",
)


def _decide(
    out_dir: Path,
    batch_id: str,
    decision: str,
    by: str,
    holds: tuple[str, ...],
    note: str,
    pdf: bool | None = None,
) -> None:
    from accord.approval import Decision, decide
    from accord.cli.outcome import counted
    from accord.release import settle

    outcome = decide(out_dir, batch_id, Decision(decision, by, holds, note, via="cli"))
    released = settle(out_dir, outcome, pdf)
    counts = outcome.counts()
    if released is not None:
        click.echo(
            f"Batch {batch_id} approved by {by}: {counted(counts['approved'], 'record')} released "
            f"({counted(released.files, 'document')}) to {released.folder}; {counts['held']} held."
        )
    else:
        rejected = counted(counts["rejected"], "record")
        click.echo(f"Batch {batch_id} rejected by {by}: {rejected}, none released.")
    click.echo(f"  {released.tracker if released else 'Tracker statuses set to Rejected.'}")
    answered = _answer_server(batch_id, decision, by, holds)
    if answered:
        click.echo(f"  {answered}")


@click.command(name="approve")
@click.argument("batch_id")
@click.option("--by", "by", required=True, help="The reviewer's name, as the audit trail keeps it.")
@click.option(
    "--hold",
    "holds",
    multiple=True,
    metavar="ID",
    help="Hold back this record id, or every record of this variant (review/index.xlsx). Repeat.",
)
@click.option("--note", default="", help="A note for the audit trail (it never reaches Prefect).")
@_pdf_option
@out_option
def approve(
    batch_id: str, by: str, holds: tuple[str, ...], note: str, pdf: bool | None, out_dir: Path
) -> None:
    """Approve a published batch and release its documents for signing.

    Records the decision with the sha256 of every signing and review copy in approval.json and the
    audit trail (outputs/audit.jsonl), then copies the approved records' signing copies into
    <batch>/release/. Held records get nothing there; their tracker rows say Held. A document that
    changed since it was published for review is refused and nothing is approved.

    \b
    Example:
      accord approve offers_june-3f2a9c1b7d4e --by "R. Counsel" --hold C-1004 --out outputs/
    """
    _decide(out_dir, batch_id, "approve except" if holds else "approve", by, holds, note, pdf)


@click.command(name="reject")
@click.argument("batch_id")
@click.option("--by", "by", required=True, help="The reviewer's name, as the audit trail keeps it.")
@click.option("--note", required=True, help="Why, for the audit trail (it never reaches Prefect).")
@out_option
def reject(batch_id: str, by: str, note: str, out_dir: Path) -> None:
    """Reject a published batch: nothing is released, and its tracker rows say Rejected.

    \b
    Example:
      accord reject offers_june-3f2a9c1b7d4e --by "R. Counsel" --note "Wrong pay ranges" --out outputs/
    """
    _decide(out_dir, batch_id, "reject", by, (), note)


@click.command(name="release")
@click.argument("batch_id")
@_pdf_option
@out_option
def release(batch_id: str, pdf: bool | None, out_dir: Path) -> None:
    """Write an approved batch's release folder again, checking every file against the approval.

    \b
    Example:
      accord release offers_june-3f2a9c1b7d4e --pdf --out outputs/
    """
    from accord.cli.outcome import counted
    from accord.release import release as write_release

    released = write_release(out_dir, batch_id, pdf)
    click.echo(
        f"Batch {batch_id}: {counted(released.records, 'record')} "
        f"({counted(released.files, 'document')}) released to {released.folder}."
    )
