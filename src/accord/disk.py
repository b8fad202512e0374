"""A full disk or a folder Accord cannot write, said as such, with where it is.

A full disk surfaces as an ``OSError`` deep in whatever was writing (a document, a tracker, the
staging records). Left alone it reads as "row 81 could not be rendered" or "the file could not be
read"; here it becomes one :class:`DiskFull` that names the disk and what to do.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from functools import wraps
from pathlib import Path
from typing import ParamSpec, TypeVar

from accord.errors import AccordError, ConfigError

_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})
P = ParamSpec("P")
R = TypeVar("R")


class DiskFull(AccordError):
    """The disk that holds the outputs has no space left (or the user's quota is used up)."""


class NotWritable(ConfigError):
    """The folder the outputs go to cannot be written (read-only, or not ours): exit status 2."""


def is_full(exc: BaseException) -> bool:
    """Return whether ``exc`` says the disk (or the quota) is full."""
    return isinstance(exc, OSError) and exc.errno in _FULL


def mount_of(path: Path) -> Path:
    """Return the mount point of the disk that holds ``path`` (its nearest existing folder)."""
    path = path.absolute()
    while not path.exists():
        path = path.parent
    while not os.path.ismount(path):
        path = path.parent
    return path


def disk_full(folder: Path) -> DiskFull:
    """Return the error that names the full disk holding ``folder`` and what to do."""
    mount = mount_of(folder)
    try:
        free = f"{shutil.disk_usage(mount).free / 1e6:.1f} MB free"
    except OSError:
        free = "free space unknown"
    return DiskFull(
        f"The disk holding {folder} is full (no space left on {mount}, {free}). Free some space "
        "there, or choose another folder with --out, and run again."
    )


@contextlib.contextmanager
def reported_full(folder: Path) -> Iterator[None]:
    """Run the block; a full disk raises :class:`DiskFull` naming the disk of ``folder``."""
    try:
        yield
    except OSError as exc:
        if not is_full(exc):
            raise
        raise disk_full(folder) from None


def full_disk_named(outputs: Callable[[Path], Path]) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Return a decorator making a full disk a DiskFull naming the outputs folder.

    ``outputs`` gives that folder from the step's first path argument (a staging folder, a
    batch folder): the message names where space is wanted, not which file happened to fail.
    """

    def wrap(func: Callable[P, R]) -> Callable[P, R]:
        @wraps(func)
        def inner(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return func(*args, **kwargs)
            except OSError as exc:
                if not is_full(exc):
                    raise
                raise disk_full(outputs(Path(str(args[0])))) from None

        return inner

    return wrap


def writable(folder: Path) -> Path:
    """Return ``folder``, created if needed, once a file could be made in it.

    Raises :class:`NotWritable` (one line, exit 2) for a read-only disk or a folder that is not
    ours, and :class:`DiskFull` when there is no room for even an empty file.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        if is_full(exc):
            raise disk_full(folder) from None
        reason = exc.strerror.lower() if exc.strerror else type(exc).__name__
        raise NotWritable(
            f"{folder} cannot be written ({reason}). Choose a folder you can write to with --out."
        ) from None
    return folder
