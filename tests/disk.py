"""A real small disk for tests of a full or read-only disk: a size-limited tmpfs mounted for the test.

Mounting needs root (CI and the development containers run as root); elsewhere these tests skip.
"""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


@contextlib.contextmanager
def small_disk(where: Path, size: str = "2m") -> Iterator[Path]:
    """Yield ``where`` with a tmpfs of ``size`` mounted on it, unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small disk needs root")
    where.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill(disk: Path) -> Path:
    """Fill ``disk`` to the last byte with one file and return it (delete it to free the space)."""
    filler = disk / "filler.bin"
    with filler.open("wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    return filler


def remount(disk: Path, options: str) -> None:
    """Remount ``disk`` with ``options`` (``ro``, ``size=64m``)."""
    subprocess.run(["mount", "-o", f"remount,{options}", str(disk)], check=True)
