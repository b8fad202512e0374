"""Accord's worker pool: real spawned processes, killed for real."""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from accord.errors import RenderError
from accord.workers import PARENT_CHECK_SECONDS, WorkerPool
from tests.conftest import REPO, imported_modules


@pytest.fixture(scope="module")
def pool():
    workers = WorkerPool(2)
    yield workers
    workers.close()


def test_a_job_runs_in_another_process_and_returns_its_result(pool):
    assert pool.run(os.getpid) != os.getpid()


def test_a_worker_imports_accord_but_not_prefect(pool):
    imported = pool.run(imported_modules)
    assert "accord.documents" in imported
    assert not {name for name in imported if name.split(".")[0] == "prefect"}


def test_a_worker_collects_garbage_while_it_renders_its_start_frozen(pool):
    """Paused while it compiles the templates, its collector runs again for the chunks: a
    100,000-row batch's garbage does not pile up."""
    assert pool.run(gc.isenabled)
    assert pool.run(gc.get_freeze_count) > 10_000  # the compiled templates and loaded rules


def test_a_job_whose_worker_died_fails_with_a_render_error_and_the_next_job_runs(pool):
    with pytest.raises(RenderError) as caught:
        pool.run(os._exit, 1)
    assert str(caught.value) == (
        "A worker process stopped while running _exit (killed, or out of memory). The work it "
        "had is redone on a retry; if this repeats, give the machine more memory or set "
        "ACCORD_CHUNK_SIZE lower, such as 500."
    )
    assert pool.run(os.getpid) != os.getpid()


STARTER = """
import os, sys
from accord.workers import WorkerPool
pool = WorkerPool(2)
pool.run(os.getpid)
print(os.getpid(), flush=True)
sys.stdin.read()
"""


def _workers_of(parent: int) -> list[psutil.Process]:
    children = psutil.Process(parent).children()
    return [c for c in children if "spawn_main" in " ".join(c.cmdline())]


def _gone(process: psutil.Process) -> bool:
    try:
        return process.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def test_workers_leave_when_the_run_that_started_them_is_killed():
    starter = subprocess.Popen(
        [sys.executable, "-c", STARTER],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert starter.stdout is not None
    parent = int(starter.stdout.readline())
    deadline = time.monotonic() + 60
    while len(workers := _workers_of(parent)) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(workers) == 2
    os.kill(parent, signal.SIGKILL)
    starter.wait()
    deadline = time.monotonic() + 10 * PARENT_CHECK_SECONDS
    while not all(_gone(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert all(_gone(w) for w in workers)


PROGRAM = """
import os
with open(os.environ["MARKER"], "a") as marker:
    marker.write(f"{os.getpid()}\\n")
if __name__ == "__main__":
    from accord.workers import WorkerPool
    pool = WorkerPool(2)
    print(pool.run(sorted, ["b", "a"]), flush=True)
    pool.close()
"""


def test_workers_do_not_import_the_program_that_launched_them(tmp_path):
    """As when Prefect starts a flow run with `python -m prefect.engine`."""
    (tmp_path / "launcher.py").write_text(PROGRAM)
    marker = tmp_path / "imported.txt"
    env = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{REPO}", "MARKER": str(marker)}
    result = subprocess.run(
        [sys.executable, "-m", "launcher"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.stdout == "['a', 'b']\n", result.stderr
    assert len(marker.read_text().splitlines()) == 1


def _count_call(path: str) -> int:
    """Append a mark to ``path`` and return how many marks it holds (a job with a trace)."""
    with Path(path).open("a", encoding="ascii") as marks:
        marks.write("x")
    return Path(path).stat().st_size


def _fail_first(path: str) -> str:
    """Fail the first time (leaving ``path``), succeed after."""
    if not Path(path).exists():
        Path(path).touch()
        raise ValueError("first try")
    return "second try"


def test_a_job_run_ahead_is_waited_for_by_the_same_call_not_run_again(pool, tmp_path: Path):
    marks = str(tmp_path / "marks")
    pool.run_ahead(_count_call, marks)
    assert pool.run(_count_call, marks) == 1
    assert Path(marks).read_text() == "x"


def test_an_ahead_job_that_failed_fails_its_call_once_and_the_retry_runs_afresh(
    pool, tmp_path: Path
):
    marker = str(tmp_path / "tried")
    pool.run_ahead(_fail_first, marker)
    with pytest.raises(ValueError, match="first try"):
        pool.run(_fail_first, marker)
    assert pool.run(_fail_first, marker) == "second try"
