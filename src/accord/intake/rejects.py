"""rejects.xlsx: one line per problem, for HR to work through row by row.

The Column cell names the column as the file heads it, with its letter ("Work State (F)"), the
Problem is a full sentence and How to fix it says what to do. Values HR should check, on rows that
still produced their documents, are listed on a second sheet, Warnings.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from accord.errors import RowProblem, not_dropped
from accord.ooxml.atomic import write_bytes
from accord.ooxml.package import Package, core_part_name, normalise
from accord.ooxml.xml_text import xml_safe
from accord.xlsx.guard import is_formula_like

HEADERS = ("File", "Sheet", "Row", "Record ID", "Column", "Value", "Problem", "How to fix it")
_WIDTHS = (24, 16, 6, 14, 22, 28, 48, 60)
_WRAP = Alignment(wrap_text=True, vertical="top")


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
    buffer = io.BytesIO()
    book.save(buffer)
    # Same problems, same bytes: fixed zip times and core-property dates, as every package.
    package = Package(buffer.getvalue())
    write_bytes(Path(path), normalise(package, core_part_name(package)))


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
                cell.quotePrefix = is_formula_like(value)
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
