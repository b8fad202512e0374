"""An exclusive lock around the master tracker, so two batches finishing at once lose nothing.

On POSIX the lock is ``fcntl.flock`` on a lock file beside the tracker: the operating system drops it
when its holder exits, so a crashed run never holds it. Elsewhere a lock file created with O_EXCL
holds the owner's process id and is taken over once it is older than ``stale_after`` seconds.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

from accord.errors import AccordError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

_POLL = 0.05


class LockTimeout(AccordError):
    """The lock was not free within the time allowed (private to the tracker package)."""


def lock_path(master: Path) -> Path:
    """Return the lock file that guards ``master``."""
    return master.with_name(f".{master.name}.lock")


@contextlib.contextmanager
def locked(master: Path, timeout: float = 120.0, stale_after: float = 600.0) -> Iterator[None]:
    """Hold the master tracker's lock for the ``with`` block; LockTimeout after ``timeout`` s."""
    path = lock_path(master)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fcntl is not None:
        with _flock(path, timeout):
            yield
    else:  # pragma: no cover - exercised only where fcntl is missing
        with _exclusive_file(path, timeout, stale_after):
            yield


@contextlib.contextmanager
def _flock(path: Path, timeout: float) -> Iterator[None]:
    deadline = time.monotonic() + timeout
    with path.open("a+") as fh:
        while True:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockTimeout(str(path)) from None
                time.sleep(_POLL)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


@contextlib.contextmanager
def _exclusive_file(path: Path, timeout: float, stale_after: float) -> Iterator[None]:
    deadline = time.monotonic() + timeout
    while True:
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            break
        except FileExistsError:
            with contextlib.suppress(FileNotFoundError):
                # A holder that died leaves its file behind; past stale_after it is taken over.
                if time.time() - path.stat().st_mtime > stale_after:
                    path.unlink()
                    continue
            if time.monotonic() >= deadline:
                raise LockTimeout(str(path)) from None
            time.sleep(_POLL)
    try:
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
