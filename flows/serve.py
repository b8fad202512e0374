"""Serve Accord's deployments from this process: ``sweep_inbox`` on a cron schedule, ``follow_up`` daily.

``prefect.yaml`` declares the same deployments for ``prefect deploy`` with a process work pool; this
module is the no-infrastructure way (no work pool, no worker: the serving process runs the flows).
"""

from __future__ import annotations

from pathlib import Path

from prefect import serve
from prefect.deployments.runner import EntrypointType, RunnerDeployment
from prefect.schedules import Cron
from prefect.settings import get_current_settings

from flows.approval import DEPLOYMENT as APPROVAL_DEPLOYMENT
from flows.approval import approve_batch
from flows.follow_up import follow_up
from flows.sweep_inbox import sweep_inbox

SWEEP_CRON = "*/5 * * * *"
FOLLOW_UP_CRON = "0 7 * * *"
TIMEZONE = "UTC"
SWEEP_DEPLOYMENT = "sweep-inbox"
FOLLOW_UP_DEPLOYMENT = "follow-up"


def configured_api() -> str | None:
    """Return the Prefect API URL configured; None means a temporary server would be used."""
    url: str | None = get_current_settings().api.url
    return url


def deployments(
    inbox: Path,
    out_dir: Path,
    sweep_cron: str = SWEEP_CRON,
    follow_up_cron: str = FOLLOW_UP_CRON,
    timezone: str = TIMEZONE,
) -> list[RunnerDeployment]:
    """Return the deployments to serve: the inbox sweep, counsel's approval and the daily follow-up."""
    folders = {"inbox": str(inbox.resolve()), "out_dir": str(out_dir.resolve())}
    # The module path, not the file path: served runs import flows.* from the checkout (on sys.path
    # once `uv sync` installed it), whatever the working directory.
    sweep: RunnerDeployment = sweep_inbox.to_deployment(  # type: ignore[assignment]
        name=SWEEP_DEPLOYMENT,
        schedules=[Cron(sweep_cron, timezone=timezone)],
        parameters=folders,
        concurrency_limit=1,
        description="Process every complete spreadsheet dropped in the inbox, once.",
        tags=["accord"],
        entrypoint_type=EntrypointType.MODULE_PATH,
    )
    # Runs on demand, one per published batch; each waits suspended for counsel (flows.approval).
    approve: RunnerDeployment = approve_batch.to_deployment(  # type: ignore[assignment]
        name=APPROVAL_DEPLOYMENT,
        parameters={"out_dir": folders["out_dir"]},
        description="Wait for counsel's decision on one published batch, then release it.",
        tags=["accord"],
        entrypoint_type=EntrypointType.MODULE_PATH,
    )
    digest: RunnerDeployment = follow_up.to_deployment(  # type: ignore[assignment]
        name=FOLLOW_UP_DEPLOYMENT,
        schedules=[Cron(follow_up_cron, timezone=timezone)],
        parameters={"out_dir": folders["out_dir"]},
        concurrency_limit=1,
        description="Daily digest of what is due or overdue in the trackers.",
        tags=["accord"],
        entrypoint_type=EntrypointType.MODULE_PATH,
    )
    return [sweep, approve, digest]


def serve_deployments(found: list[RunnerDeployment]) -> None:
    """Register ``found`` with the Prefect API and run their scheduled runs until interrupted."""
    # One run at a time in this process as well: a sweep never overlaps another sweep.
    serve(*found, limit=2, print_starting_message=False)
