"""Locks between processes that a dead process never holds.

A lock is an advisory ``flock`` on a file. The kernel drops it the moment the holding process ends,
however it ends (``kill -9``, power cut of a container, crash), so there is no stale lock to clean up
and no timeout to guess. The lock file itself stays in place (removing it would race with a process
that has just opened it); it holds the holder's pid and host for whoever wonders who is working.

This is Accord's one lock: batches, the inbox, the audit trail and the master tracker all take it.
Only one lock per file per process: ``flock`` locks belong to an open file, and two opens in the same
process would not exclude each other, so :class:`FileLock` also refuses to be re-entered. The one
hand-over is :func:`held_for_run`: a process that takes a lock for a run it is about to start (its
workers begin that run's work while it starts) lends it to that run's :func:`wait_lock`.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType

from accord.disk import reported_full
from accord.errors import AccordError


class LockTimeout(AccordError):
    """The lock was still held by another process when the wait ran out (Accord's only one)."""


class FileLock:
    """An exclusive lock on ``path`` between processes; use it as a context manager."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        """Return True while this object holds the lock."""
        return self._fd is not None

    def acquire(self, timeout: float | None = None, poll: float = 0.1) -> bool:
        """Return True once the lock is held; False when ``timeout`` ran out first.

        ``timeout=None`` waits as long as it takes, ``0`` tries once. While another live process
        holds the lock this waits; a holder that died has already released it. Raises DiskFull
        when the disk has no room for the lock file.
        """
        if self._fd is not None:
            raise RuntimeError(f"{self.path} is already locked by this object")
        with reported_full(self.path.parent):  # no room for the lock file: say so
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if deadline is not None and time.monotonic() >= deadline:
                    os.close(fd)
                    return False
                time.sleep(poll)
        self._fd = fd
        # Who holds it is for people wondering; the lock is the flock. A full disk refuses the
        # write, and the lock must not stay held by an object that never got its descriptor.
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.write(fd, f"pid {os.getpid()} on {socket.gethostname()}\n".encode())
        return True

    def release(self) -> None:
        """Release the lock (nothing happens when it is not held)."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

    def holder(self) -> str:
        """Return what the lock file says about its last holder ("" when it never had one)."""
        try:
            return self.path.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return ""

    def __enter__(self) -> FileLock:
        # try_lock and wait_lock hand over a lock already held: entering it must not wait again.
        if self._fd is None:
            self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


class _Lent(FileLock):
    """A lock lent by :func:`held_for_run`: held, and still held once its borrower releases it."""

    @property
    def held(self) -> bool:
        """Return True: the lender holds it for as long as the borrower can use it."""
        return True

    def acquire(self, timeout: float | None = None, poll: float = 0.1) -> bool:
        """Return True at once: the lender holds the lock."""
        return True

    def release(self) -> None:
        """Return nothing: the lender releases the lock, after the run it lent it to."""


class Lending:
    """A lock held for a run this process starts: lent to that run once :meth:`ready` is called."""

    def __init__(self) -> None:
        self._ready = threading.Event()

    def ready(self) -> None:
        """Return nothing; let the run have the lock (its :func:`wait_lock` returns now)."""
        self._ready.set()

    def wait(self, timeout: float) -> bool:
        """Return True once the run may have the lock; False when ``timeout`` ran out first."""
        return self._ready.wait(timeout)


_LENT: dict[Path, Lending] = {}
_LENDING = threading.Lock()


@contextlib.contextmanager
def held_for_run(path: Path) -> Iterator[Lending | None]:
    """Return a context holding the lock on ``path`` for a run this process starts in it; it
    yields None (and holds nothing) when another process has the lock.

    Within it, :func:`wait_lock` on ``path``, in any thread of this process, waits until the
    holder calls :meth:`Lending.ready` and returns the lock lent: ``accord run`` takes a batch's
    lock, has its workers stage and render the batch while Prefect starts, and its flow run carries
    on under the same lock once the staging is done. The lock is released when the context ends,
    not when the run releases what it was lent.
    """
    lock = try_lock(path)
    if lock is None:
        yield None
        return
    key = path.resolve()
    lending = Lending()
    with _LENDING:
        _LENT[key] = lending
    try:
        yield lending
    finally:
        with _LENDING:
            _LENT.pop(key, None)
        lending.ready()  # a run still waiting for it takes it the usual way
        lock.release()


def try_lock(path: Path) -> FileLock | None:
    """Return the held lock on ``path``, or None at once when another process holds it."""
    lock = FileLock(path)
    return lock if lock.acquire(timeout=0) else None


SAME_BATCH = "Another run is working on the same batch; wait for it to finish and run again."


def wait_lock(
    path: Path,
    timeout: float,
    on_wait: Callable[[str], object] | None = None,
    fix: str = SAME_BATCH,
) -> FileLock:
    """Return the held lock on ``path``, waiting up to ``timeout`` seconds for it.

    When another process holds it, ``on_wait`` is first told in one line what is waited for, who
    holds it and for how long at most. Raises LockTimeout naming the lock file, its holder and
    ``fix`` (what to do) when the wait runs out, and DiskFull when the disk has no room for the lock
    file. A lock this process holds for the run (:func:`held_for_run`) is lent once its holder
    says the run may have it.
    """
    key = path.resolve()
    with _LENDING:
        lending = _LENT.get(key)
    if lending is not None:
        if lending.wait(timeout):
            with _LENDING:
                if _LENT.get(key) is lending:  # else its holder let go: taken the usual way
                    return _Lent(path)
        else:
            raise LockTimeout(
                f"{path.name} is still held by this run's own staging after {timeout:g} s. {fix}"
            )
    lock = FileLock(path)
    if lock.acquire(timeout=0):
        return lock
    if on_wait is not None:
        on_wait(
            f"Waiting up to {timeout:g} s for {path.name} "
            f"({lock.holder() or 'holder unknown'}): another run is working on the same batch."
        )
    if not lock.acquire(timeout=timeout):
        raise LockTimeout(
            f"{path.name} is still held ({lock.holder() or 'holder unknown'}) after {timeout:g} s. "
            f"{fix}"
        )
    return lock
