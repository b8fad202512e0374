"""A scan of old-style .xls files (BIFF records) before calamine builds their grids.

calamine reads every sheet of an .xls file when it opens it, each as a dense rectangle from the first
to the last cell. Two cells at opposite corners of a sheet cost half a gigabyte, and a small file
can hold hundreds of such sheets, so the records are walked first (cheaply, without building
anything) and the file is refused when the rectangles add up to more than the cell limit.
"""

from __future__ import annotations

import io
import struct

from xlrd.compdoc import CompDoc

from accord.errors import InputFileError
from accord.intake.limits import Clock, Limits, check_cells, damaged, encrypted

_BOF = frozenset({0x0009, 0x0209, 0x0409, 0x0809})
_EOF = 0x000A
_FILEPASS = 0x002F
# Records that hold one cell and start with its row and column.
_CELLS = frozenset({0x0006, 0x00D6, 0x00FD, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E})
_SPANS = frozenset({0x00BD, 0x00BE})  # MULRK, MULBLANK: row, first column ... last column
_HEADER = struct.Struct("<HH")


def _workbook_stream(data: bytes, file_name: str) -> tuple[bytes, int, int]:
    try:
        doc = CompDoc(data, logfile=io.StringIO(), ignore_workbook_corruption=True)
        for name in ("Workbook", "Book"):
            found = doc.locate_named_stream(name)
            if found[0] is not None:
                return found
    except Exception:  # xlrd signals a broken container with bare AssertionErrors among others
        raise InputFileError(damaged(file_name)) from None
    raise InputFileError(damaged(file_name))


def scan_xls(data: bytes, file_name: str, limits: Limits, clock: Clock) -> None:
    """Return nothing; raise ``InputFileError`` when the file is encrypted or too big to unpack."""
    mem, start, size = _workbook_stream(data, file_name)
    measure_records(memoryview(mem)[start : start + size], file_name, limits, clock)


def measure_records(
    stream: memoryview | bytes, file_name: str, limits: Limits, clock: Clock
) -> None:
    """Return nothing; raise ``InputFileError`` when the BIFF records describe too many cells."""
    end = len(stream)
    position = total = rows = columns = seen = 0
    while position + 4 <= end:
        kind, length = _HEADER.unpack_from(stream, position)
        body = position + 4
        position = body + length
        seen += 1
        if seen % 100_000 == 0:
            clock.check()
        if kind in _CELLS and length >= 4 and position <= end:
            row, column = _HEADER.unpack_from(stream, body)
            rows, columns = max(rows, row + 1), max(columns, column + 1)
        elif kind in _SPANS and length >= 6 and position <= end:
            row, _first = _HEADER.unpack_from(stream, body)
            (last,) = struct.unpack_from("<H", stream, position - 2)
            rows, columns = max(rows, row + 1), max(columns, last + 1)
        elif kind == _FILEPASS:
            raise InputFileError(encrypted(file_name))
        elif kind in _BOF or kind == _EOF:
            check_cells(rows * columns, limits, file_name)
            total += rows * columns
            rows = columns = 0
    check_cells(total + rows * columns, limits, file_name, "has {n} cells across its sheets")
