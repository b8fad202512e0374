"""Limits that keep a hostile or oversized file from eating the machine, and the checks behind them.

Workbooks are zip archives of XML (or, for .xls, a compound file). Before any reader builds a grid,
the archive's central directory and the sheets' XML are read as streams, so a zip bomb or a sheet
declaring billions of cells is rejected having cost a few kilobytes of memory.
"""

from __future__ import annotations

import re
import time
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from accord.errors import InputFileError

_CHUNK = 1 << 20
_MAX_ENTRIES = 10_000
_MAX_ERROR_CELLS = 100_000


@dataclass(frozen=True)
class Limits:
    """How big and how slow an input may be before the whole file is rejected."""

    max_file_bytes: int = 50 * 2**20
    max_rows: int = 200_000
    max_uncompressed_bytes: int = 512 * 2**20  # a 200,000-row, 40-column sheet is about 400 MB
    max_cells: int = 10_000_000  # per sheet, counting the rectangle from A1 to the last cell
    time_budget_s: float = 120.0  # 200,000 rows take about 25 s on a busy 2-core machine


@dataclass
class Clock:
    """The time budget of one file; :meth:`check` raises once it is spent."""

    file_name: str
    budget_s: float
    started: float = field(default_factory=time.monotonic)

    def check(self) -> None:
        """Return nothing; raise ``InputFileError`` when the budget is spent."""
        if time.monotonic() - self.started > self.budget_s:
            raise InputFileError(
                f"{self.file_name} took more than {self.budget_s:g} seconds to read. "
                "Split it into smaller files and drop them again."
            )


@dataclass
class SheetScan:
    """What a stream over one sheet's XML found: its size and where the error cells are."""

    rows: int = 0
    columns: int = 0
    filled_cells: int = 0
    errors: set[tuple[int, int]] = field(default_factory=set)  # (Excel row, 1-based column)


def open_archive(path: Path, file_name: str, limits: Limits) -> zipfile.ZipFile:
    """Return the open zip archive once its central directory shows it is safe to unpack."""
    try:
        archive = zipfile.ZipFile(path)
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise InputFileError(damaged(file_name)) from None
    if len(entries) > _MAX_ENTRIES:
        archive.close()
        raise InputFileError(
            f"{file_name} holds {len(entries):,} parts, more than a workbook ever needs. "
            "Open it in Excel, save it as a new .xlsx and drop that file."
        )
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > limits.max_uncompressed_bytes:
        archive.close()
        raise InputFileError(
            f"{file_name} unpacks to {unpacked / 2**20:,.0f} MB, over the limit of "
            f"{limits.max_uncompressed_bytes / 2**20:,.0f} MB. "
            "Split it into smaller files, or remove unused sheets, and drop them again."
        )
    if any(entry.flag_bits & 0x1 for entry in entries):
        archive.close()
        raise InputFileError(encrypted(file_name))
    return archive


def encrypted(file_name: str) -> str:
    """Return the message for a password-protected file."""
    return (
        f"{file_name} is password-protected, so Accord cannot read it. "
        "Remove the password (File > Info > Protect Workbook), save, and drop the file again."
    )


def damaged(file_name: str) -> str:
    """Return the message for a file no reader can open."""
    return (
        f"{file_name} is damaged or is not a spreadsheet. "
        "Open it in Excel, save it as a new .xlsx and drop that file."
    )


def _stream(archive: zipfile.ZipFile, name: str, clock: Clock) -> Iterator[str]:
    # Tags may straddle chunks: hold back everything after the last '>' until the next chunk.
    rest = ""
    try:
        with archive.open(name) as member:
            while chunk := member.read(_CHUNK):
                clock.check()
                text = rest + chunk.decode("utf-8", errors="replace")
                cut = text.rfind(">") + 1
                yield text[:cut]
                rest = text[cut:]
                if len(rest) > _CHUNK:  # no tag is a megabyte long
                    rest = ""
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError):
        raise InputFileError(damaged(clock.file_name)) from None
    yield rest


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


_DIMENSION = re.compile(
    r"<(?:\w+:)?dimension\s+ref=\"\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?\""
)
_XLSX_TAG = re.compile(r"<(?:\w+:)?(row|c)(?=[\s/>])([^>]*?)(/?)>")
_REF = re.compile(r"\br=\"([A-Z]{1,3})(\d+)\"")
_ROW_NUMBER = re.compile(r"\br=\"(\d+)\"")
_ERROR_TYPE = re.compile(r"\bt=\"e\"")


def scan_xlsx_sheet(archive: zipfile.ZipFile, name: str, limits: Limits, clock: Clock) -> SheetScan:
    """Return the size of one worksheet part; raise ``InputFileError`` when it is too big."""
    scan = SheetScan()
    position = [0, 0]  # (row, column) carried across chunks, for cells without a reference
    first = True
    for text in _stream(archive, name, clock):
        if first:
            first = False
            declared = _DIMENSION.search(text)
            if declared and declared.group(3):
                rows = int(declared.group(4)) - int(declared.group(2)) + 1
                cols = _column_number(declared.group(3)) - _column_number(declared.group(1)) + 1
                check_cells(rows * cols, limits, clock.file_name, "declares a sheet of {n} cells")
        if _plain(text):
            _quick_scan(text, scan, position)
        else:
            _exact_scan(text, scan, position)
        check_cells(max(scan.rows * scan.columns, scan.filled_cells), limits, clock.file_name)
    return scan


_PREFIXED_CELL = re.compile(r"<\w+:c[\s>/]")
_VALUED_COLUMN = re.compile(r'<c r="([A-Z]{1,3})\d+"(?=[^>]*(?<!/)>)')
_VALUED_ROW = re.compile(r'<c r="[A-Z]{1,3}(\d+)"(?=[^>]*(?<!/)>)')


def _plain(text: str) -> bool:
    # The common case: every cell tag starts with its reference and none holds an error. Such a
    # chunk is measured with two C-level regex passes instead of a Python loop per cell.
    if 't="e"' in text or _PREFIXED_CELL.search(text):
        return False
    return text.count('<c r="') == text.count("<c ") + text.count("<c>")


def _quick_scan(text: str, scan: SheetScan, position: list[int]) -> None:
    rows = _VALUED_ROW.findall(text)
    if not rows:
        return
    scan.filled_cells += len(rows)
    scan.rows = max(scan.rows, *map(int, rows))
    scan.columns = max(scan.columns, *map(_column_number, set(_VALUED_COLUMN.findall(text))))
    position[0] = scan.rows


def _exact_scan(text: str, scan: SheetScan, position: list[int]) -> None:
    row, column = position
    for tag, attrs, empty in _XLSX_TAG.findall(text):
        if tag == "row":
            found = _ROW_NUMBER.search(attrs)
            row = int(found.group(1)) if found else row + 1
            column = 0
            continue
        ref = _REF.search(attrs)
        if ref:
            column = _column_number(ref.group(1))
            row = int(ref.group(2))
        else:
            column += 1
        if empty:
            continue
        scan.filled_cells += 1
        scan.rows = max(scan.rows, row)
        scan.columns = max(scan.columns, column)
        if _ERROR_TYPE.search(attrs) and len(scan.errors) < _MAX_ERROR_CELLS:
            scan.errors.add((row, column))
    position[:] = [row, column]


_ODS_TAG = re.compile(
    r"<(/?)table:(table|table-row|table-cell|covered-table-cell)(?=[\s/>])([^>]*?)(/?)>"
)
_ROWS_REPEATED = re.compile(r"number-rows-repeated=\"(\d+)\"")
_COLUMNS_REPEATED = re.compile(r"number-columns-repeated=\"(\d+)\"")


def scan_ods(archive: zipfile.ZipFile, limits: Limits, clock: Clock) -> None:
    """Return nothing; raise ``InputFileError`` when a sheet of an .ods file is too big.

    Repeated rows and cells are how .ods files say "the same again N times"; only repeats that
    hold a value count, because every editor writes huge repeats of empty cells at the end.
    calamine unpacks every sheet of an .ods file on opening it, so the sheets count together.
    """
    total = rows = columns = row = column = 0
    row_repeat = 1
    row_filled = False
    for text in _stream(archive, "content.xml", clock):
        for closing, tag, attrs, empty in _ODS_TAG.findall(text):
            if tag == "table" and not closing:
                total += rows * columns
                rows = columns = row = 0
            elif tag == "table-row" and not closing:
                found = _ROWS_REPEATED.search(attrs)
                row_repeat = int(found.group(1)) if found else 1
                column, row_filled = 0, False
                if empty:
                    row += row_repeat
            elif tag == "table-row":
                if row_filled:
                    rows = row + row_repeat
                row += row_repeat
                check_cells(rows * columns, limits, clock.file_name)
            elif not closing:
                found = _COLUMNS_REPEATED.search(attrs)
                repeat = int(found.group(1)) if found else 1
                if not empty or "value-type" in attrs:
                    row_filled = True
                    columns = max(columns, column + repeat)
                column += repeat
        check_cells(rows * columns, limits, clock.file_name)
    check_cells(total + rows * columns, limits, clock.file_name, "has {n} cells across its sheets")


def check_cells(
    cells: int, limits: Limits, file_name: str, what: str = "has a sheet of {n} cells"
) -> None:
    """Return nothing; raise ``InputFileError`` when a sheet holds more than ``max_cells``."""
    if cells > limits.max_cells:
        raise InputFileError(
            f"{file_name} {what.format(n=f'{cells:,}')}, over the limit of "
            f"{limits.max_cells:,}. Delete unused rows and columns (Ctrl+End shows the last "
            "cell Excel keeps), or split the file, and drop it again."
        )
