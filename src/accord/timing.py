"""Stage timings for ``make bench``: one JSON line per step, only when ``ACCORD_TIMINGS`` is set.

Each line is ``{"step": ..., "seconds": ..., "pid": ...}``. Lines are appended with one ``write`` of
less than a pipe buffer, so the parallel chunk workers can share the file without interleaving.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

ENV = "ACCORD_TIMINGS"

P = ParamSpec("P")
R = TypeVar("R")


def record(step: str, seconds: float) -> None:
    """Return nothing; append ``step``'s duration to the timing log when one is configured."""
    target = os.environ.get(ENV)
    if not target:
        return
    item = {"step": step, "seconds": round(seconds, 6), "pid": os.getpid(), "end": time.time()}
    line = json.dumps(item) + "\n"
    fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line.encode())
    finally:
        os.close(fd)


@contextmanager
def timed(step: str) -> Iterator[None]:
    """Return a context that logs how long its body took as ``step`` (also when it raises)."""
    started = time.perf_counter()
    try:
        yield
    finally:
        record(step, time.perf_counter() - started)


def timed_step(step: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Return a decorator that logs each call of the function as ``step``."""

    def wrap(func: Callable[P, R]) -> Callable[P, R]:
        @wraps(func)
        def inner(*args: P.args, **kwargs: P.kwargs) -> R:
            with timed(step):
                return func(*args, **kwargs)

        return inner

    return wrap
