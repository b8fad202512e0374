"""CSV files: the encodings and delimiters HR systems write, read as text cells.

Every cell stays text (an id keeps its leading zeros); the value parsers do the typing, exactly as
for a workbook's text cells.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path

from accord.errors import InputFileError
from accord.intake.limits import Clock, Limits, check_cells
from accord.intake.values import Cell

_DELIMITERS = (",", ";", "\t")


def decode(data: bytes, file_name: str) -> str:
    """Return the text of a CSV file written in UTF-8 (with or without BOM), UTF-16 or cp1252."""
    if data.startswith(codecs.BOM_UTF8):
        encodings: tuple[str, ...] = ("utf-8-sig",)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8", "cp1252")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputFileError(
        f"{file_name} is not in a text encoding Accord reads. "
        "In Excel use File > Save As > 'CSV UTF-8', then drop the new file."
    )


def delimiter(text: str) -> str:
    """Return the delimiter the header line uses most: comma, semicolon or tab."""
    header = text.lstrip("\r\n").splitlines()[0] if text.strip() else ""
    counts = {d: header.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def rows(
    path: Path, file_name: str, limits: Limits, clock: Clock
) -> Iterator[tuple[int, list[Cell]]]:
    """Yield the non-blank records of a CSV file with the row number Excel would show."""
    text = decode(path.read_bytes(), file_name)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text))
    number = cells_read = 0
    try:
        for number, record in enumerate(reader, start=1):
            if number % 1000 == 0:
                clock.check()
            cells_read += len(record)
            check_cells(cells_read, limits, file_name)
            cells: list[Cell] = [value if value.strip() else None for value in record]
            if any(cell is not None for cell in cells):
                yield number, cells
    except csv.Error:
        raise InputFileError(
            f"{file_name} cannot be read as CSV near row {number + 1} (a quote left open, or a "
            "cell longer than 131,072 characters). Fix that row and drop the file again."
        ) from None
