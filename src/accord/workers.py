"""Accord's own worker processes, where the chunks of a batch render two at a time.

Prefect's process pool starts workers that import Prefect (about 2.5 s of CPU and 100 MB each, on
the same two cores as everything else) and run its task engine around every chunk. These workers
import only Accord: the chunk tasks stay Prefect tasks in the flow process, which hand the work
itself to a pool started here. Each worker compiles the templates and loads the rules as it starts,
while the flow reads the input, and leaves by itself if the process that started it dies (a run
killed with ``kill -9`` leaves no idle workers behind).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
import time
import types
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, ParamSpec, TypeVar

from accord.chunking import CHUNK_WORKERS
from accord.errors import RenderError

P = ParamSpec("P")
R = TypeVar("R")

# How often a worker checks that the process that started it still runs.
PARENT_CHECK_SECONDS = 1.0


def _leave_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    # The pool's own shutdown never comes: nobody is left to send it, or to read a result.
    os._exit(1)


def _start_worker(parent: int) -> None:
    from accord.heap import paused_collection, skip_collection_at_exit

    # A terminal's Ctrl-C reaches the whole process group: the process that started the pool
    # decides what it means (`accord watch` lets the work in hand finish), not each worker.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_leave_with, args=(parent,), daemon=True).start()
    skip_collection_at_exit()  # at its end a worker's heap holds every compiled template
    with paused_collection():  # the templates and rules it builds are kept for its life
        _prepare()


def _prepare() -> None:
    # Imported here, in the worker: the process starting the pool may not need the steps yet
    # (``accord run`` starts its workers before anything else).
    from accord import steps

    # A template that does not compile fails the first chunk with its own message; failing here
    # would only break the pool and hide it.
    with contextlib.suppress(Exception):
        steps.prepare_worker()


@contextlib.contextmanager
def _bare_main() -> Iterator[None]:
    """Present an empty ``__main__`` while workers are spawned.

    A spawned process first re-imports the program that launched it, as ``__mp_main__``. A flow
    run started by a Prefect worker is ``python -m prefect.engine``: every chunk worker would
    import Prefect again (2 s and 100 MB each). The chunk jobs are Accord's functions, found by
    module name, so the workers need nothing of the launching program.
    """
    real = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = real


class WorkerPool:
    """Processes that render chunks; started at once, ready by the time the input is read."""

    def __init__(self, workers: int = CHUNK_WORKERS) -> None:
        self._workers = workers
        self._lock = threading.Lock()
        self._executor = self._start()
        # Jobs started ahead (:meth:`run_ahead`), by function and arguments, until a run asks.
        self._ahead: dict[tuple[Any, ...], Future[Any]] = {}

    def _start(self) -> ProcessPoolExecutor:
        # Spawned, not forked: the flow process runs threads (Prefect's), which a fork copies
        # in whatever state they are; a spawned worker imports only what the chunks need.
        executor = ProcessPoolExecutor(
            self._workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(os.getpid(),),
        )
        # The executor starts a process per submission while none is idle: one empty job per
        # worker starts them all now instead of at the first chunks (and so, all of them here).
        with _bare_main():
            for _ in range(self._workers):
                executor.submit(os.getpid)
        return executor

    def run(self, func: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """Return what ``func(*args, **kwargs)`` returns, called in a worker process.

        A worker that died (killed, out of memory) breaks the pool: it is replaced by a fresh one,
        so that a retry of the same job can succeed, and the job fails with a RenderError.
        """
        executor = self._executor
        with self._lock:
            ahead = None if kwargs else self._ahead.pop((func, *args), None)
        try:
            future: Future[R] = (
                ahead if ahead is not None else executor.submit(func, *args, **kwargs)
            )
            return future.result()
        except BrokenProcessPool:
            with self._lock:
                if self._executor is executor:
                    executor.shutdown(wait=False, cancel_futures=True)
                    self._executor = self._start()
                    self._ahead.clear()  # they died with the workers
            raise RenderError(
                f"A worker process stopped while running {func.__name__} (killed, or out of "
                "memory). The work it had is redone on a retry; if this repeats, give the "
                "machine more memory or set ACCORD_CHUNK_SIZE lower, such as 500."
            ) from None

    def run_ahead(self, func: Callable[..., Any], *args: Any) -> None:
        """Start ``func(*args)`` in a worker now, for a :meth:`run` of the same call to come.

        That run waits for this job instead of starting it again, and gets its result or its
        error (once: a retry after an error starts the job afresh). A job nobody asks for is
        dropped with the pool, or finishes first if it is running then.
        """
        future = self._executor.submit(func, *args)
        with self._lock:
            self._ahead[(func, *args)] = future

    def submit(self, func: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> Future[R]:
        """Return the future of ``func(*args, **kwargs)``, started in a worker process.

        For work nobody has to wait for: a worker that dies fails the future with
        BrokenProcessPool, and the next :meth:`run` replaces the pool.
        """
        return self._executor.submit(func, *args, **kwargs)

    def close(self) -> None:
        """Stop the workers once the jobs they are running have finished; drop queued jobs."""
        self._executor.shutdown(wait=True, cancel_futures=True)
