"""Where the tasks of ``process_batch`` run: Accord's worker processes, threads, or Dask.

The default runner keeps every chunk a Prefect task (states, retries, the UI) run in a thread of
the flow, while the rendering itself happens in :class:`accord.workers.WorkerPool`: two processes
that import Accord but not Prefect, started as the flow run starts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ClassVar, ParamSpec, TypeVar

from prefect.context import FlowRunContext
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from accord.chunking import CHUNK_WORKERS
from accord.workers import WorkerPool

RUNNERS = ("process", "thread", "dask")
# One worker per core of the two-core machines Accord is sized for (the chunk sizes assume as
# many); Dask scales out beyond.
POOL_WORKERS = CHUNK_WORKERS

P = ParamSpec("P")
R = TypeVar("R")


class WorkerPoolTaskRunner(ThreadPoolTaskRunner[Any]):
    """Runs tasks in threads of the flow process and their chunk work in Accord's worker pool.

    Every chunk is still a Prefect task (states, retries, the UI), but the rendering happens in
    processes that import only Accord, started as the flow run starts: ready in about a second
    and 50 MB each, where the workers of Prefect's own process pool each import Prefect (3 to
    4 s on a busy machine, 165 MB while rendering).
    """

    # A pool that outlives flow runs (see :func:`sharing`), used instead of one per run.
    shared: ClassVar[WorkerPool | None] = None

    def __init__(self, max_workers: int = POOL_WORKERS) -> None:
        super().__init__(max_workers=max_workers)
        self.pool: WorkerPool | None = None
        self._owns_pool = False

    def __enter__(self) -> WorkerPoolTaskRunner:
        super().__enter__()
        self._owns_pool = self.shared is None
        self.pool = self.shared or WorkerPool(self._max_workers)
        return self

    def __exit__(self, exc_type: Any, exc_value: Any, traceback: Any) -> None:
        super().__exit__(exc_type, exc_value, traceback)
        if self.pool is not None and self._owns_pool:
            self.pool.close()
        self.pool = None


@contextmanager
def sharing(pool: WorkerPool) -> Iterator[WorkerPool]:
    """Yield ``pool``, which flow runs in this block use instead of starting workers each.

    ``accord run`` starts its pool before importing Prefect (so the workers start, and read the
    first file, while Prefect does) and keeps it for every file it is given. The pool stays open.
    """
    WorkerPoolTaskRunner.shared = pool
    try:
        yield pool
    finally:
        WorkerPoolTaskRunner.shared = None


def on_worker(func: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Return ``func``'s result, computed in the flow's worker pool if it has one, else here."""
    context = FlowRunContext.get()
    runner = context.task_runner if context else None
    if isinstance(runner, WorkerPoolTaskRunner) and runner.pool is not None:
        return runner.pool.run(func, *args, **kwargs)
    return func(*args, **kwargs)


def task_runner(runner: str = "process", dask_address: str | None = None) -> TaskRunner[Any]:
    """Return the task runner for the chunks: Accord's two processes, threads, or Dask."""
    if runner == "process":
        return WorkerPoolTaskRunner(max_workers=POOL_WORKERS)
    if runner == "thread":
        return ThreadPoolTaskRunner(max_workers=POOL_WORKERS)
    if runner == "dask":
        from prefect_dask import DaskTaskRunner  # only needed, and only imported, for Dask

        runner_obj: TaskRunner[Any] = (
            DaskTaskRunner(address=dask_address) if dask_address else DaskTaskRunner()
        )
        return runner_obj
    raise ValueError(f"Unknown runner {runner!r}: use one of {', '.join(RUNNERS)}.")
