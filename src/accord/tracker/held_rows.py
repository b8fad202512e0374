"""A batch tracker's rows as the master merge reads them, held beside the staging for that merge.

The master merge needs the rows of the batch tracker just written. Reading them back from
``tracker.xlsx`` (its cells, its 30,000 links) is half the merge's time on a 10,000-row batch; the
writer knows them already. So it also writes them here, one JSON line each, as the workbook
gives them back (:func:`as_read`: what the sheet writer stores, read the way the reader reads it),
with the workbook's size and modification time. The merge takes these rows only while
``tracker.xlsx`` is that very file, and removes them once read; any other merge reads the workbook.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from accord import json_line
from accord.ooxml import atomic
from accord.ooxml.atomic import atomic_write
from accord.ooxml.xml_text import xml_safe
from accord.xlsx.writer import Link

SUFFIX = ".tracker-rows.jsonl"
# Integers a double holds exactly: the reader gets numbers as doubles.
_EXACT = 2**53
# Excel's day numbers before March 1900 count a 29 February 1900 that never was: readers differ.
_FIRST_SURE_DAY = date(1900, 3, 1)


class NotHeld(ValueError):
    """A value whose trip through the workbook is not certain: the merge reads the workbook."""


def held_path(out_dir: Path, batch_id: str) -> Path:
    """Return where a batch's tracker rows wait for the master merge (in the staging area)."""
    return out_dir / ".staging" / f"{batch_id}{SUFFIX}"


def discard(out_dir: Path, batch_id: str) -> None:
    """Remove a batch's held rows, and what a run killed while writing them left."""
    atomic.remove(held_path(out_dir, batch_id))


def as_read(value: Any) -> Any:
    """Return ``value`` as the batch tracker gives it back once written and read.

    Text loses the characters XML cannot hold, reads a CR as a line end and is ``None`` when
    empty; whole numbers are ints, dates are dates; a link keeps its cleaned text and target; an
    amount is its text. Raises :class:`NotHeld` for what this cannot be sure of (a date before
    March 1900, an integer beyond a double's, any other type).
    """
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return _parsed(value) or None
    if isinstance(value, Link):
        return Link(_parsed(value.text), _parsed(value.target))
    if isinstance(value, int) and -_EXACT < value < _EXACT:
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value.is_integer() and abs(value) >= _EXACT:
            raise NotHeld(type(value).__name__)
        return int(value) if value.is_integer() else value
    if isinstance(value, date) and not isinstance(value, datetime) and value >= _FIRST_SURE_DAY:
        return value
    if isinstance(value, Decimal):
        return xml_safe(str(value)) or None
    raise NotHeld(type(value).__name__)


def _parsed(text: str) -> str:
    text = xml_safe(text)
    if "\r" in text:
        # An XML parser reads a CR, or a CR LF, as one LF (XML 1.0, section 2.11).
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _encode(value: Any) -> Any:
    if isinstance(value, Link):
        return {"link": [value.text, value.target]}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if "link" in value:
            return Link(*value["link"])
        return date.fromisoformat(value["date"])
    return value


class HeldRows:
    """Rows written as the batch tracker writes them; :meth:`close` seals them to the workbook."""

    def __init__(self, path: Path, headers: list[str]) -> None:
        self.path = path
        self.headers = headers
        self.unsure = False
        self._closed = False
        self._out = atomic_write(path, "w")
        self._fh = self._out.__enter__()
        self._fh.write(json_line.dumps({"headers": headers}) + "\n")

    def add(self, values: list[Any]) -> None:
        """Hold one row's values (in header order) as the workbook will give them back."""
        if self.unsure:
            return
        try:
            self._fh.write(json_line.dumps([_encode(as_read(v)) for v in values]) + "\n")
        except NotHeld:
            self.unsure = True  # none are held: the merge reads the workbook

    def close(self, widths: dict[str, float], tracker: Path) -> None:
        """Seal the rows to ``tracker`` as written (its size and modification time)."""
        if self.unsure:
            self.abandon()
            return
        st = tracker.stat()
        seal = {"widths": widths, "size": st.st_size, "mtime_ns": st.st_mtime_ns}
        self._fh.write(json_line.dumps(seal) + "\n")
        self._closed = True
        self._out.__exit__(None, None, None)

    def abandon(self) -> None:
        """Drop the rows (the workbook was not written, or a value was not sure)."""
        if not self._closed:
            self._closed = True
            self._out.__exit__(RuntimeError, RuntimeError("abandoned"), None)


@contextmanager
def holding(path: Path | None, headers: list[str]) -> Iterator[HeldRows | None]:
    """Return (yield) the rows to hold at ``path`` (None when ``path`` is): dropped unless the
    body ends without an exception, having closed them."""
    if path is None:
        yield None
        return
    kept = HeldRows(path, headers)
    try:
        yield kept
    except BaseException:
        kept.abandon()
        raise


def read(path: Path, tracker: Path) -> tuple[list[str], dict[str, float], list[Any]] | None:
    """Return the held headers, widths and rows of ``tracker``; None when none are held for it
    as it is now (never written, or the workbook saved again since)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
        st = tracker.stat()
    except OSError:
        return None
    if len(lines) < 2:
        return None
    try:
        head, seal = json_line.loads(lines[0]), json_line.loads(lines[-1])
    except ValueError:
        return None
    if not isinstance(seal, dict) or (seal.get("size"), seal.get("mtime_ns")) != (
        st.st_size,
        st.st_mtime_ns,
    ):
        return None
    return head["headers"], seal["widths"], lines[1:-1]


def rows(headers: list[str], lines: list[Any]) -> Iterator[dict[str, Any]]:
    """Return the held rows as the reader returns them: header -> value, empty rows left out."""
    for line in lines:
        values = [_decode(v) for v in json_line.loads(line)]
        row = dict(zip(headers, values, strict=True))
        if any(v not in (None, "") for v in row.values()):
            yield row
