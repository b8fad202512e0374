"""rejects.xlsx: one line per problem, for HR to work through row by row.

The Column cell names the column as the file heads it, with its letter ("Work State (F)"), the
Problem is a full sentence and How to fix it says what to do. Values HR should check, on rows that
still produced their documents, are listed on a second sheet, Warnings.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from accord.errors import RowProblem, not_dropped
from accord.ooxml.xml_text import xml_safe

HEADERS = ("File", "Sheet", "Row", "Record ID", "Column", "Value", "Problem", "How to fix it")
_WIDTHS = (24, 16, 6, 14, 22, 28, 48, 60)
_WRAP = Alignment(wrap_text=True, vertical="top")
_FIXED_TIME = datetime(2000, 1, 1)  # same problems, same bytes: no "saved at" time inside


def write_rejects(
    path: Path,
    file_name: str,
    problems: Sequence[RowProblem],
    warnings: Sequence[RowProblem] = (),
    dropped: bool = True,
) -> None:
    """Write rejects.xlsx at ``path`` (replacing it atomically); every value is stored as text.

    Cell values come from the input and may start with ``=``: they are written as strings, never
    formulas, so opening the file runs nothing. ``warnings`` go to a second sheet when there are
    any. Unless the file was ``dropped`` in the drop folder, the fixes do not say to drop it again.
    """
    book = Workbook()
    sheet = book.active
    sheet.title = "Rejects"
    _fill(sheet, file_name, problems, dropped)
    if warnings:
        _fill(book.create_sheet("Warnings"), file_name, warnings, dropped)
    book.properties.created = book.properties.modified = _FIXED_TIME
    buffer = io.BytesIO()
    book.save(buffer)
    path = Path(path)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(_fixed_zip_times(buffer.getvalue()))
    temporary.replace(path)


def _fill(sheet: Any, file_name: str, problems: Sequence[RowProblem], dropped: bool) -> None:
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for problem in problems:
        line = (
            file_name,
            problem.sheet,
            problem.row,
            problem.record_id,
            problem.where(),
            problem.value,
            problem.sentence() if dropped else not_dropped(problem.sentence()),
            problem.fix if dropped else not_dropped(problem.fix),
        )
        sheet.append([None] * len(line))
        for cell, value in zip(sheet[sheet.max_row], line, strict=True):
            if isinstance(value, str):
                value = xml_safe(value)  # a value quoted from the file may hold U+FFFE
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"
                cell.quotePrefix = value.startswith(("=", "+", "-", "@"))
    for index, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[chr(64 + index)].width = width
    # Sentences wrap in their cells rather than run off the page.
    for row in sheet.iter_rows(min_row=2):
        lines = 1
        for cell in row:
            cell.alignment = _WRAP
            width = _WIDTHS[cell.column - 1]
            lines = max(lines, -(-len(str(cell.value or "")) // int(width * 0.9)))
        # Spreadsheet programs do not grow a row for wrapped text written by a program.
        sheet.row_dimensions[row[0].row].height = 15 * lines
    sheet.freeze_panes = "A2"
    # Printed, the list fits one page wide, landscape, its header row on every page.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"


def _fixed_zip_times(data: bytes) -> bytes:
    # openpyxl stamps every zip entry with the current time; fix it so reruns give the same bytes.
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps the save time here whatever the properties say.
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>2000-01-01T00:00:00Z\g<2>",
                    data,
                )
            target.writestr(fixed, data)
    return out.getvalue()
