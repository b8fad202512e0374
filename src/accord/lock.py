"""Locks between processes that a dead process never holds.

A lock is an advisory ``flock`` on a file. The kernel drops it the moment the holding process ends,
however it ends (``kill -9``, power cut of a container, crash), so there is no stale lock to clean up
and no timeout to guess. The lock file itself stays in place (removing it would race with a process
that has just opened it); it holds the holder's pid and host for whoever wonders who is working.

This is Accord's one lock: batches, the inbox, the audit trail and the master tracker all take it.
Only one lock per file per process: ``flock`` locks belong to an open file, and two opens in the same
process would not exclude each other, so :class:`FileLock` also refuses to be re-entered.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import socket
import time
from collections.abc import Callable
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
    file.
    """
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
