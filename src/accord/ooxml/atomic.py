"""One atomic write: a file is either its old self or its new self, never half of either.

Every file Accord replaces in place (JSON state, trackers, documents, PDFs) goes through
:func:`atomic_write`: the bytes go to a temporary file in the same folder, are flushed and
fsynced, then one ``os.replace`` puts them in place. A crash leaves at most a hidden temporary
file (``.<name>.<pid>.tmp``), which the next write of the same name from the same process
replaces and which readers never look at.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from glob import escape as glob_escape
from pathlib import Path
from typing import IO, Any, Literal, overload


def _temporary_name(name: str, pid: str) -> str:
    return f".{name}.{pid}.tmp"


def temporary_path(path: Path) -> Path:
    """Return the hidden temporary name :func:`atomic_write` uses for ``path``.

    Example: ``temporary_path(Path("out/tracker.xlsx"))`` is ``out/.tracker.xlsx.<pid>.tmp``.
    """
    return path.with_name(_temporary_name(path.name, str(os.getpid())))


@overload
def atomic_write(
    path: Path, mode: Literal["wb"] = "wb"
) -> contextlib.AbstractContextManager[IO[bytes]]: ...
@overload
def atomic_write(path: Path, mode: Literal["w"]) -> contextlib.AbstractContextManager[IO[str]]: ...
def atomic_write(path: Path, mode: str = "wb") -> contextlib.AbstractContextManager[IO[Any]]:
    """Open ``path`` for writing so that the new content appears whole or not at all.

    ``mode`` is ``"wb"`` (bytes) or ``"w"`` (UTF-8 text, ``\\n`` line ends). On leaving the
    ``with`` block the file is flushed, fsynced and renamed over ``path``; if the block raises,
    the temporary file is removed and ``path`` keeps its old content.

    Example::

        with atomic_write(folder / "approval.json", "w") as fh:
            fh.write(text)
    """
    if mode not in ("wb", "w"):
        raise ValueError(f"atomic_write mode {mode!r}: use 'wb' or 'w'")
    return _written(Path(path), mode)


@contextlib.contextmanager
def _written(path: Path, mode: str) -> Iterator[IO[Any]]:
    tmp = temporary_path(path)
    try:
        if mode == "w":
            fh: IO[Any] = tmp.open("w", encoding="utf-8", newline="\n")
        else:
            fh = tmp.open("wb")
        with fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def remove(path: Path) -> None:
    """Remove ``path`` and the temporary files any process's write of it left (a crash mid-write).

    Example: ``remove(Path("out/.staging/b.rows"))`` also removes ``out/.staging/.b.rows.4711.tmp``.
    """
    path.unlink(missing_ok=True)
    for leftover in path.parent.glob(_temporary_name(glob_escape(path.name), "*")):
        leftover.unlink(missing_ok=True)


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_write`)."""
    with atomic_write(path) as fh:
        fh.write(data)


def write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically as UTF-8 (see :func:`atomic_write`)."""
    with atomic_write(path, "w") as fh:
        fh.write(text)
