"""Where process_batch's tasks run: Accord's worker processes by default, or the flow's threads."""

from __future__ import annotations

import os

import pytest
from flows.task_runners import WorkerPoolTaskRunner, on_worker, task_runner

from tests.conftest import imported_modules


def _where(runner: str, api_url: str) -> tuple[int, bool]:
    """Run a one-task flow; return the process id its task's work ran in, and if Prefect was
    loaded there."""
    from prefect import flow, task
    from prefect.settings import (
        PREFECT_API_URL,
        PREFECT_LOGGING_TO_API_ENABLED,
        temporary_settings,
    )

    @task
    def probe() -> tuple[int, bool]:
        pid = on_worker(os.getpid)
        return pid, "prefect" in on_worker(imported_modules)

    @flow(task_runner=task_runner(runner))
    def probing() -> tuple[int, bool]:
        return probe.submit().result()

    # No logs sent to the server: it stops with the test session, before this process exits.
    updates = {PREFECT_API_URL: api_url, PREFECT_LOGGING_TO_API_ENABLED: False}
    with temporary_settings(updates=updates):
        return probing()


def test_by_default_task_work_runs_in_a_worker_process_without_prefect(prefect_server):
    pid, prefect_loaded = _where("process", prefect_server.url)
    assert pid != os.getpid()
    assert not prefect_loaded


def test_with_the_thread_runner_task_work_runs_in_the_flow_process(prefect_server):
    assert _where("thread", prefect_server.url) == (os.getpid(), True)


def test_the_default_runner_is_the_worker_pool_and_its_copies_are_too():
    runner = task_runner()
    assert isinstance(runner, WorkerPoolTaskRunner)
    assert isinstance(runner.duplicate(), WorkerPoolTaskRunner)


def test_an_unknown_runner_is_refused_naming_the_choices():
    with pytest.raises(ValueError) as caught:
        task_runner("gpu")
    assert str(caught.value) == "Unknown runner 'gpu': use one of process, thread, dask."
