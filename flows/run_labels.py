"""What the Prefect UI lists for Accord's runs: their names, tags and end states.

A batch's run is named after its batch (``offers_june-3f2a9c...``) and a sweep after the time it
started, so that the runs page reads as a list of files and sweeps. Tags carry the kind and what went
wrong. The end state says the outcome: a file rejected whole ends Failed with its reason, a batch with
rejected rows ends Completed under a name that says how many. None of it holds personal data: names
are batch ids, reasons are Accord's own messages about the file.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from prefect.client.orchestration import get_client
from prefect.runtime import flow_run
from prefect.states import Completed, Failed, State

from accord import batch
from accord.errors import AccordError

BATCH_TAG = "batch"
SWEEP_TAG = "sweep"
REJECTED_TAG = "rejected"
REJECTED_ROWS_TAG = "rejected-rows"


def batch_run_name() -> str:
    """Return the name of a ``process_batch`` run: its batch id, or the file's stem if unreadable."""
    path = Path(str(flow_run.parameters.get("input_path", "input")))
    try:
        return batch.batch_id_of(path)
    except (OSError, AccordError):
        # A file that cannot be read is still named: its run then fails with the reason.
        return path.stem or "input"


def sweep_run_name() -> str:
    """Return the name of a ``sweep_inbox`` run: the time it started, in UTC."""
    return f"sweep {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC"


def add_tags(*tags: str) -> None:
    """Add ``tags`` to the current flow run (kept with the tags it already has)."""
    run_id = flow_run.id
    if run_id is None:
        return
    with get_client(sync_client=True) as client:
        # The server's tags: the run's own context does not see tags added since it started.
        current = list(client.read_flow_run(run_id).tags or [])
        wanted = current + [t for t in tags if t and t not in current]
        if wanted != current:
            client.update_flow_run(run_id, tags=wanted)


def rejected_rows_name(count: int) -> str:
    """Return the state name of a batch published with ``count`` rejected rows."""
    return f"Completed with {count} rejected row{'s' if count != 1 else ''}"


def batch_state(report: dict[str, Any]) -> State[dict[str, Any]]:
    """Return the end state of a batch run for its report (the report is the state's result).

    Rejected whole: Failed, with the reason as its message. Published before: Completed, named
    "Already published". Published with rejected rows: Completed under a name that counts them.
    Otherwise plain Completed.
    """
    if report["status"] == "rejected":
        add_tags(REJECTED_TAG)
        return Failed(message=f"Rejected: {report['error']}", data=report)
    if report["status"] == "already_published":
        return Completed(name="Already published", message="Nothing to do again.", data=report)
    rejected = int(report.get("rejected") or 0)
    if rejected:
        add_tags(REJECTED_ROWS_TAG)
        name = rejected_rows_name(rejected)
        return Completed(name=name, message=f"{name}; see rejects.xlsx.", data=report)
    return Completed(data=report)


def report_of(state: State[Any]) -> dict[str, Any]:
    """Return the report a batch run's end state carries; raise what made a failed run fail."""
    data = state.result(raise_on_failure=False)
    if isinstance(data, dict) and "status" in data:
        return data
    # A run that failed on an exception: raise it for the caller, as calling the flow would.
    state.result()
    raise AccordError(f"The batch run ended {state.name} without a report. Tell HR-IT.")


def sweep_state(result: dict[str, Any]) -> State[dict[str, Any]]:
    """Return a sweep's end state: Completed, named for the files it rejected when there were any."""
    ends = ("rejected", "failed", "unreadable")
    rejected = sum(v in ends for v in result.get("files", {}).values())
    if not rejected:
        return Completed(data=result)
    name = f"Completed with {rejected} file{'s' if rejected != 1 else ''} rejected"
    return Completed(name=name, message=f"{name}; see rejected/ in the drop folder.", data=result)
