"""Opening a spreadsheet file and reading its sheets as rows of raw cells.

Excel and OpenDocument files are read with calamine (python-calamine, the engine behind pandas'
``engine="calamine"``) directly rather than through a DataFrame: calamine gives typed cells (dates
stay dates, ids written as text keep their leading zeros), tells hidden sheets apart, and lets rows
stream one at a time. What calamine cannot see, error cells, comes from the scan in
:mod:`accord.intake.limits`. CSV files are read by :mod:`accord.intake.csvfile`.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine as calamine

from accord.errors import InputFileError
from accord.intake import csvfile
from accord.intake.biff import scan_xls
from accord.intake.limits import (
    Clock,
    Limits,
    check_cells,
    damaged,
    encrypted,
    open_archive,
    scan_ods,
    scan_xlsx_sheet,
)
from accord.intake.values import Cell, ErrorCell

Row = tuple[int, list[Cell]]  # (Excel row number, cells from column A)
READABLE = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class Sheet:
    """One sheet: its name and whether Excel shows it."""

    name: str
    visible: bool


@dataclass
class Workbook:
    """An opened spreadsheet whose sheets can be read row by row."""

    path: Path
    file_name: str
    sheets: list[Sheet]
    date1904: bool = False
    limits: Limits = field(default_factory=Limits)
    _book: calamine.CalamineWorkbook | None = None
    _errors: dict[str, set[tuple[int, int]]] = field(default_factory=dict)

    def rows(self, sheet: str, clock: Clock) -> Iterator[Row]:
        """Yield the non-blank rows of ``sheet`` with their Excel row numbers."""
        if self._book is None:
            yield from csvfile.rows(self.path, self.file_name, self.limits, clock)
            return
        try:
            grid = self._book.get_sheet_by_name(sheet)
        except calamine.CalamineError:
            raise InputFileError(damaged(self.file_name)) from None
        if grid.start is None:
            return
        # A second line of defence after the XML scans, and the only one for .xls files, whose
        # format caps a sheet at 65,536 x 256 cells.
        check_cells(grid.height * grid.width, self.limits, self.file_name)
        errors: dict[int, list[int]] = {}
        for row, column in self._errors.get(sheet, set()):
            errors.setdefault(row, []).append(column)
        offset = grid.start[1]  # calamine pads rows from row 1 but starts columns at the first used
        for index, values in enumerate(grid.iter_rows()):
            if index % 1000 == 0:
                clock.check()
            cells: list[Cell] = [None] * offset + [_cell(value) for value in values]
            for column in errors.get(index + 1, ()):
                if column <= len(cells):
                    cells[column - 1] = ErrorCell()
            if any(cell is not None for cell in cells):
                yield index + 1, cells


def _cell(value: object) -> Cell:
    if value == "" and isinstance(value, str):
        return None
    return value  # type: ignore[return-value]


def open_workbook(path: Path, limits: Limits, clock: Clock) -> Workbook:
    """Return the opened workbook; raise ``InputFileError`` for anything unreadable or unsafe."""
    name = path.name
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError:
        raise InputFileError(f"{name} cannot be opened. Check that the file exists.") from None
    if size == 0:
        raise InputFileError(f"{name} is empty. Export the data again and drop the new file.")
    if size > limits.max_file_bytes:
        raise InputFileError(
            f"{name} is {size / 2**20:,.1f} MB, over the limit of "
            f"{limits.max_file_bytes / 2**20:,.0f} MB. Split it into smaller files."
        )
    suffix = path.suffix.casefold()
    if head.startswith(_ZIP):
        return _open_zip(path, limits, clock)
    if head.startswith(_OLE):
        data = path.read_bytes()
        if suffix in (".xlsx", ".xlsm") or _ole_encrypted(data):
            raise InputFileError(encrypted(name))
        scan_xls(data, name, limits, clock)
        return _open_calamine(
            path, Workbook(path, name, [], limits=limits), native=suffix == ".xls"
        )
    if suffix == ".csv":
        return Workbook(path, name, [Sheet(path.stem, True)], limits=limits)
    if suffix not in READABLE:
        raise InputFileError(
            f"{name} is not a file type Accord reads. Save it as .xlsx or .csv and drop it again."
        )
    raise InputFileError(damaged(name))


def _ole_encrypted(data: bytes) -> bool:
    # An encrypted .xlsx is a compound file holding an EncryptionInfo stream (names are UTF-16).
    return "EncryptionInfo".encode("utf-16-le") in data


def _open_zip(path: Path, limits: Limits, clock: Clock) -> Workbook:
    book = Workbook(path, path.name, [], limits=limits)
    try:
        with open_archive(path, path.name, limits) as archive:
            native = _inspect_zip(archive, book, limits, clock)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, KeyError):
        # A damaged part (bad CRC, broken deflate stream, odd compression) anywhere in the archive.
        raise InputFileError(damaged(path.name)) from None
    return _open_calamine(path, book, native)


def _inspect_zip(archive: zipfile.ZipFile, book: Workbook, limits: Limits, clock: Clock) -> bool:
    """Return whether calamine may open the file by its name, after the format's safety scans."""
    name = book.file_name
    suffix = book.path.suffix.casefold()
    names = {n.replace("\\", "/").casefold(): n for n in archive.namelist()}
    if "xl/workbook.bin" in names:
        raise InputFileError(
            f"{name} is a binary workbook (.xlsb). Save it as .xlsx and drop it again."
        )
    if "content.xml" in names:
        listed = names.get("meta-inf/manifest.xml")
        if listed and b"encryption-data" in archive.read(listed):
            raise InputFileError(encrypted(name))
        scan_ods(archive, limits, clock)
        return suffix == ".ods"
    if "[content_types].xml" not in names:
        raise InputFileError(damaged(name))
    book.date1904 = _date1904(archive, names)
    parts = _sheet_parts(archive, names)
    for lowered, real in names.items():
        if re.fullmatch(r"xl/worksheets/[^/]+\.xml", lowered):
            scan = scan_xlsx_sheet(archive, real, limits, clock)
            if scan.errors and lowered in parts:
                book._errors[parts[lowered]] = scan.errors
    return suffix in (".xlsx", ".xlsm")


def _date1904(archive: zipfile.ZipFile, names: dict[str, str]) -> bool:
    if "xl/workbook.xml" not in names:
        return False
    head = _head(archive, names["xl/workbook.xml"])
    return re.search(r"date1904=\"(1|true)\"", head) is not None


def _head(archive: zipfile.ZipFile, name: str) -> str:
    # Workbook parts worth reading whole are small; 4 MB is far past any real one.
    with archive.open(name) as member:
        return member.read(1 << 22).decode("utf-8", "replace")


def _sheet_parts(archive: zipfile.ZipFile, names: dict[str, str]) -> dict[str, str]:
    """Map each worksheet part (lower-cased path) to its sheet name, for error-cell positions."""
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        return {}
    workbook = _head(archive, names["xl/workbook.xml"])
    rels = _head(archive, names["xl/_rels/workbook.xml.rels"])
    targets = {}
    for tag in re.findall(r"<(?:\w+:)?Relationship\b[^>]*>", rels):
        ident = re.search(r"\bId=\"([^\"]+)\"", tag)
        target = re.search(r"\bTarget=\"([^\"]+)\"", tag)
        if ident and target:
            path = target.group(1).replace("\\", "/").lstrip("/")
            targets[ident.group(1)] = path if path.startswith("xl/") else f"xl/{path}"
    parts = {}
    for tag in re.findall(r"<(?:\w+:)?sheet\b[^>]*>", workbook):
        name = re.search(r"\bname=\"([^\"]*)\"", tag)
        ident = re.search(r"\br:id=\"([^\"]+)\"", tag) or re.search(r"\bid=\"([^\"]+)\"", tag)
        if name and ident and ident.group(1) in targets:
            parts[targets[ident.group(1)].casefold()] = _unescape(name.group(1))
    return parts


def _unescape(text: str) -> str:
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'")):
        text = text.replace(entity, char)
    return text.replace("&amp;", "&")


def _open_calamine(path: Path, book: Workbook, native: bool) -> Workbook:
    # calamine picks its reader by file extension, or by content for a file under another name;
    # content detection misses encrypted .xls files, so a file with its own extension goes by path.
    try:
        if native:
            opened = calamine.CalamineWorkbook.from_path(str(path))
        else:
            with path.open("rb") as handle:
                opened = calamine.CalamineWorkbook.from_filelike(handle)
    except calamine.PasswordError:
        raise InputFileError(encrypted(path.name)) from None
    except (calamine.CalamineError, OSError, ValueError):
        raise InputFileError(damaged(path.name)) from None
    book._book = opened
    book.sheets = [
        Sheet(meta.name, meta.visible == calamine.SheetVisibleEnum.Visible)
        for meta in opened.sheets_metadata
        if meta.typ == calamine.SheetTypeEnum.WorkSheet
    ]
    return book
