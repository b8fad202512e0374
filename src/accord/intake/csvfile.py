"""CSV files: the encodings and delimiters HR systems write, read as text cells.

Every cell stays text (an id keeps its leading zeros); the value parsers do the typing, exactly as
for a workbook's text cells.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from accord.errors import InputFileError
from accord.intake.limits import Clock, Limits, check_cells
from accord.intake.values import Cell

_DELIMITERS = (",", ";", "\t")
_BLOCK = 1 << 16
# Every character str.splitlines ends a line at: the header line ends where delimiter() says.
_LINE_BREAK = re.compile("[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def encoding_of(path: Path, file_name: str) -> tuple[str, str]:
    """Return the encoding of a CSV file and how to decode bytes it does not explain.

    UTF-8 (with or without BOM), UTF-16 or cp1252, with ``"strict"``. A file that is UTF-8 but for
    a few stray bytes (a cell pasted from elsewhere) is UTF-8 with ``"surrogateescape"``: those
    bytes become lone surrogates, and the rows holding them are rejected by name, instead of the
    whole file being decoded as cp1252 (every accented name garbled). The file is decoded block
    by block and the text thrown away, so that a big file is never held whole.
    """
    with path.open("rb") as handle:
        head = handle.read(4)
    if head.startswith(codecs.BOM_UTF8):
        return _strict_or_stray(path, file_name, "utf-8-sig")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        if _decodes(path, "utf-16"):
            return "utf-16", "strict"
        raise _unreadable(file_name)
    valid, stray = _utf8_sequences(path)
    if not stray:
        return "utf-8", "strict"
    # cp1252 text almost never forms a valid UTF-8 sequence; UTF-8 text is full of them.
    if valid >= stray:
        return "utf-8", "surrogateescape"
    if _decodes(path, "cp1252"):
        return "cp1252", "strict"
    raise _unreadable(file_name)


def _strict_or_stray(path: Path, file_name: str, encoding: str) -> tuple[str, str]:
    # A byte order mark says UTF-8 outright: bytes that do not fit are strays, whatever their count.
    return encoding, "strict" if _decodes(path, encoding) else "surrogateescape"


def _unreadable(file_name: str) -> InputFileError:
    return InputFileError(
        f"{file_name} is not in a text encoding Accord reads. "
        "In Excel use File > Save As > 'CSV UTF-8', then drop the new file."
    )


_STRAY = re.compile("[\udc80-\udcff]")


def _utf8_sequences(path: Path) -> tuple[int, int]:
    """Return how many non-ASCII characters the file has as UTF-8, and how many stray bytes."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
    valid = stray = 0
    with path.open("rb") as handle:
        while True:
            block = handle.read(_BLOCK)
            text = decoder.decode(block, final=not block)
            if not text.isascii():
                strays = len(_STRAY.findall(text))
                stray += strays
                valid += len(text) - len(text.encode("ascii", "ignore")) - strays
            if not block:
                return valid, stray


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(_BLOCK), b""):
                decoder.decode(block)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def delimiter(text: str) -> str:
    """Return the delimiter the header line uses most: comma, semicolon or tab.

    ``text`` is the start of the file, up to the end of its first line that is not empty.
    """
    lines = text.lstrip("\r\n").splitlines()
    header = lines[0] if lines else ""
    counts = {d: header.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _first_line(handle: TextIO) -> str:
    """Return the text up to the end of the first line that is not empty (or all of a short file)."""
    parts: list[str] = []
    started = False
    for block in iter(lambda: handle.read(_BLOCK), ""):
        parts.append(block)
        if not started:
            block = block.lstrip("\r\n")
            started = bool(block)
        if started and _LINE_BREAK.search(block):
            break
    return "".join(parts)


def rows(
    path: Path, file_name: str, limits: Limits, clock: Clock
) -> Iterator[tuple[int, list[Cell]]]:
    """Yield the non-blank records of a CSV file with the row number Excel would show."""
    encoding, errors = encoding_of(path, file_name)
    with path.open(encoding=encoding, errors=errors, newline="") as handle:
        separator = delimiter(_first_line(handle))
    number = cells_read = 0
    try:
        with path.open(encoding=encoding, errors=errors, newline="") as handle:
            for number, record in enumerate(csv.reader(handle, delimiter=separator), start=1):
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
