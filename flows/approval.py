"""The ``approve_batch`` flow: a published batch waits, suspended, for counsel's decision in the UI.

A batch published by a deployment (the inbox sweep) starts one ``approve_batch`` run of the
``approve-batch`` deployment. That run suspends with a form (:class:`ApprovalForm`): while it waits
no process and no worker slot is held, for as long as ``approval.timeout_days`` in company.yaml
(14 days); past that the run can no longer be resumed and the batch stays unapproved. Answered, the
deployment runs it again from the start: it records the decision and releases the approved records.

The form asks for the decision, the record ids or variants held back, and the reviewer's name only.
It has no note: whatever a reviewer types there is kept in Prefect's database, and a note may name a
person. A note goes in the audit trail with ``accord approve --note`` (which answers this run too).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal
from uuid import UUID

from prefect import flow, get_run_logger, task
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    FlowFilter,
    FlowFilterName,
    FlowRunFilter,
    FlowRunFilterState,
    FlowRunFilterStateType,
    FlowRunFilterTags,
)
from prefect.client.schemas.objects import FlowRun, StateType
from prefect.deployments import run_deployment
from prefect.exceptions import FlowPauseTimeout, ObjectNotFound
from prefect.flow_runs import resume_flow_run, suspend_flow_run
from prefect.input import RunInput
from prefect.runtime import deployment, flow_run
from pydantic import Field

from accord import approval, release

FLOW_NAME = "approve_batch"
DEPLOYMENT = "approve-batch"
APPROVAL_TAG = "approval"
SUSPEND_KEY = "approval"


class ApprovalForm(RunInput):
    """Counsel's decision on one batch, answered in the Prefect UI (or by ``accord approve``)."""

    decision: Literal["approve", "approve except", "reject"] = Field(
        description="approve: every record; approve except: all but those held; reject: none."
    )
    hold: list[str] = Field(
        default_factory=list,
        description="Record ids or variants held back (review/index.xlsx lists the variants).",
    )
    reviewer: str = Field(description="Your name, as the audit trail keeps it.")


def batch_tag(batch_id: str) -> str:
    """Return the tag that finds a batch's approval run."""
    return f"{APPROVAL_TAG}:{batch_id}"


def approval_run_name() -> str:
    """Return the name of an ``approve_batch`` run: "approve" and the batch id."""
    return f"approve {flow_run.parameters.get('batch_id', '')}"


@task(retries=2, retry_delay_seconds=1)
def record_decision(out_dir: str, batch_id: str, form: dict[str, Any]) -> dict[str, Any]:
    """Record the form's decision (unless the CLI already did) and release; return the counts."""
    folder = approval.batch_dir_of(Path(out_dir), batch_id)
    before = approval.read_decision(folder)
    if before is not None:
        # `accord approve` recorded it and answered this run: one decision. A retry after a
        # release that failed half way releases what was decided.
        if before["decision"] != "reject" and not (folder / release.RELEASE_NAME).exists():
            release.release(Path(out_dir), batch_id)
        return {"decision": before["decision"], "via": before["via"], "recorded": False}
    decision = approval.Decision(
        form["decision"], form["reviewer"], tuple(form["hold"]), via="prefect"
    )
    outcome = approval.decide(Path(out_dir), batch_id, decision)
    released = release.settle(Path(out_dir), outcome)
    files = released.files if released else 0
    return {"decision": decision.decision, **outcome.counts(), "files": files, "recorded": True}


@flow(name=FLOW_NAME, flow_run_name=approval_run_name)
def approve_batch(batch_id: str, out_dir: str = "outputs") -> dict[str, Any]:
    """Wait, suspended, for counsel's decision on a published batch; return what it came to."""
    logger = get_run_logger()
    folder = approval.batch_dir_of(Path(out_dir), batch_id)
    if approval.read_decision(folder) is None:
        days = approval.timeout_days()
        description = (
            f"Batch **{batch_id}**: read its review copies in `{folder / 'review'}` "
            "(index.xlsx lists the variants), then decide. Notes go in the audit trail with "
            "`accord approve --note`, not here."
        )
        form = suspend_flow_run(
            wait_for_input=ApprovalForm.with_initial_data(description=description),
            timeout=int(days * 86400),
            key=SUSPEND_KEY,
        )
        answer = form.model_dump(include={"decision", "hold", "reviewer"})
    else:
        answer = {}
    result = record_decision(out_dir, batch_id, answer)
    logger.info("Batch %s: %s.", batch_id, ", ".join(f"{k} {v}" for k, v in result.items()))
    return result


def in_deployment() -> bool:
    """Return True when the current flow run, or the run that started it, is a deployment's."""
    return bool(deployment.id or flow_run.parent_deployment_id)


@task(retries=2, retry_delay_seconds=1)
def request_approval(batch_id: str, out_dir: str) -> str:
    """Start the batch's ``approve-batch`` run (from a deployment only); return what happened."""
    if not in_deployment():
        return f"Batch {batch_id} awaits approval: accord approve {batch_id} --by NAME"
    try:
        # Called from sync code, run_deployment returns the FlowRun, never a coroutine.
        run: FlowRun = run_deployment(  # type: ignore[assignment]
            f"{FLOW_NAME}/{DEPLOYMENT}",
            parameters={"batch_id": batch_id, "out_dir": out_dir},
            tags=[APPROVAL_TAG, batch_tag(batch_id)],
            timeout=0,
            as_subflow=False,
            idempotency_key=f"approve-{batch_id}",
        )
    except ObjectNotFound:
        return f"No {DEPLOYMENT} deployment: approve batch {batch_id} with accord approve."
    return f"Batch {batch_id} awaits approval in flow run {run.name}."


@task(retries=2, retry_delay_seconds=1)
def approve_now(batch_id: str, out_dir: str, by: str) -> dict[str, Any]:
    """Approve a batch at once (``accord run --approve-as``) and release it; return the counts."""
    outcome = approval.decide(
        Path(out_dir), batch_id, approval.Decision("approve", by, via="approve-as")
    )
    released = release.settle(Path(out_dir), outcome)
    return {**outcome.counts(), "files": released.files if released else 0}


@task(retries=2, retry_delay_seconds=1)
def record_published(batch_dir: str) -> int:
    """Write the batch's published events to the audit trail, and what HR recorded in the master
    tracker since the last time (sent, signed, appreciation written); return how many."""
    from accord.audit_tracker import record_tracker_steps

    folder = Path(batch_dir)
    return approval.record_published(folder) + record_tracker_steps(folder.parent)


def waiting_runs(batch_id: str) -> list[UUID]:
    """Return the ids of the batch's approval runs that wait, suspended, for an answer."""
    with get_client(sync_client=True) as client:
        runs = client.read_flow_runs(
            flow_filter=FlowFilter(name=FlowFilterName(any_=[FLOW_NAME])),
            flow_run_filter=FlowRunFilter(
                tags=FlowRunFilterTags(all_=[batch_tag(batch_id)]),
                state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.PAUSED])),
            ),
        )
    return [run.id for run in runs]


def answer_waiting_run(batch_id: str, decision: str, by: str, holds: list[str]) -> str:
    """Answer the batch's waiting approval run with the CLI's decision; return what happened."""
    found = waiting_runs(batch_id)
    answer = {"decision": decision, "hold": holds, "reviewer": by}
    for run_id in found:
        try:
            resume_flow_run(run_id, run_input=answer)
        except FlowPauseTimeout:
            return f"The approval run {run_id} in Prefect had timed out; the decision stands here."
    return f"Answered the waiting approval run in Prefect ({found[0]})." if found else ""
