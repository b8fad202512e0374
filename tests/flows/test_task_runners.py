"""Where process_batch's tasks run: Accord's worker processes by default, or the flow's threads."""

from __future__ import annotations

import subprocess
import sys

import pytest
from flows.task_runners import WorkerPoolTaskRunner, task_runner

from tests.conftest import REPO

# A one-task flow, run in a process of its own (Prefect's threads would outlive it in the test
# process): it prints its own process id, then where its task's work ran and if Prefect was there.
PROBE = """
import os, sys
from prefect import flow, task
from flows.task_runners import on_worker, task_runner
from tests.conftest import imported_modules

@task
def probe():
    return on_worker(os.getpid), "prefect" in on_worker(imported_modules)

@flow(task_runner=task_runner(sys.argv[1]))
def probing():
    return probe.submit().result()

if __name__ == "__main__":
    pid, prefect_loaded = probing()
    print(os.getpid(), pid, prefect_loaded)
"""


def _where(runner: str, env: dict[str, str]) -> tuple[bool, bool]:
    """Return whether the task's work ran in the flow's process, and with Prefect loaded."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE, runner],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    flow_pid, work_pid, prefect_loaded = result.stdout.split()
    return flow_pid == work_pid, prefect_loaded == "True"


def test_by_default_task_work_runs_in_a_worker_process_without_prefect(prefect_server):
    assert _where("process", prefect_server.env) == (False, False)


def test_with_the_thread_runner_task_work_runs_in_the_flow_process(prefect_server):
    assert _where("thread", prefect_server.env) == (True, True)


def test_the_default_runner_is_the_worker_pool_and_its_copies_are_too():
    runner = task_runner()
    assert isinstance(runner, WorkerPoolTaskRunner)
    assert isinstance(runner.duplicate(), WorkerPoolTaskRunner)


def test_an_unknown_runner_is_refused_naming_the_choices():
    with pytest.raises(ValueError) as caught:
        task_runner("gpu")
    assert str(caught.value) == "Unknown runner 'gpu': use one of process, thread, dask."
