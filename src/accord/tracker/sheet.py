"""Writing and reading tracker cells safely: text never becomes a formula, dates stay dates.

Also the look HR works with (frozen header, filters, widths, status dropdown, highlighted deadlines),
and saving with fixed timestamps so the same rows give the same bytes. These helpers serve the small
workbooks written in openpyxl's normal mode (the digest); the trackers stream (``accord.xlsx.writer``).
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from accord.ooxml.atomic import write_bytes
from accord.ooxml.package import Package, core_part_name, normalise
from accord.ooxml.xml_text import xml_safe
from accord.tracker.layout import (
    CLOSED,
    PLACE,
    SIGNED,
    SIGNED_ON,
    SOON_BUSINESS_DAYS,
    START_HEADERS,
    STATUS,
    STATUSES,
    DeadlineColumn,
    deadline_for,
    header_map,
)
from accord.xlsx.guard import is_formula_like
from accord.xlsx.view import freeze_header
from accord.xlsx.writer import DATE_FORMAT, HEADER_FILL, HEADER_FONT, Link, SheetWriter

__all__ = ["DATE_FORMAT", "Link"]

LAST_ROW = 1_048_576
MAX_WIDTH = 60
_OVERDUE = PatternFill("solid", fgColor="F4C7C3", bgColor="F4C7C3")
_SOON = PatternFill("solid", fgColor="FCE8B2", bgColor="FCE8B2")
# The hidden sheet of public holidays per place that the "due soon" highlighting reads.
HOLIDAYS = "Holidays"
_LAST_PLACE, _LAST_DAY = "ZZ", 200  # room for every place of the rule data and three years


def put(ws: Worksheet, row: int, col: int, value: Any) -> None:
    """Write ``value`` into a cell: text as text (never a formula), dates with a date format."""
    cell = ws.cell(row=row, column=col)
    cell.hyperlink = None
    if isinstance(value, Link):
        cell.value = xml_safe(value.text)
        cell.data_type = "s"
        cell.hyperlink = value.target
        cell.style = "Hyperlink"
        return
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif isinstance(value, bool):
        cell.value = "Yes" if value else "No"
    elif isinstance(value, int | float) or value is None:
        cell.value = value
    else:
        text = xml_safe(str(value))
        cell.value = text
        # A name like "=HYPERLINK(...)" must stay text: HR would otherwise run a formula.
        cell.data_type = "s"
        if is_formula_like(text):
            cell.quotePrefix = True


# Where str.splitlines breaks a line.
_LINE_BREAK = re.compile("[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def value_width(value: Any) -> int:
    """Return how many characters wide a value shows (its longest line; dates 10)."""
    if value is None:
        return 0
    if type(value) is str and not _LINE_BREAK.search(value):
        return len(value)  # most values: one line of text
    if isinstance(value, date | datetime):
        return 10
    if isinstance(value, Link):
        return len(value.text)
    return max((len(line) for line in str(value).splitlines()), default=0)


def fit_widths(ws: Worksheet, rows: list[dict[str, Any]], headers: dict[str, int]) -> None:
    """Widen columns to fit their header and ``rows``' values (never narrower than now)."""
    for header, col in headers.items():
        letter = get_column_letter(col)
        widest = max([len(header), *(value_width(r.get(header)) for r in rows)])
        wanted = min(widest + 2, MAX_WIDTH)
        current = ws.column_dimensions[letter].width if letter in ws.column_dimensions else None
        if current is None or current < wanted:
            ws.column_dimensions[letter].width = wanted


def style_header(ws: Worksheet, col: int) -> None:
    """Make a header cell bold on a light fill."""
    cell = ws.cell(row=1, column=col)
    cell.font = HEADER_FONT
    cell.fill = HEADER_FILL


def _pending_formula(deadline: DeadlineColumn, ref: str, headers: dict[str, int]) -> str:
    """Excel formula true while the deadline in ``ref`` still needs action on that row."""
    status = f"${get_column_letter(headers[STATUS])}2" if STATUS in headers else '""'
    closed = set(CLOSED) | set(deadline.done_statuses)
    parts = [f"ISNUMBER({ref})"]
    parts.append("NOT(OR(" + ",".join(f'{status}="{s}"' for s in sorted(closed)) + "))")
    if deadline.done_column and deadline.done_column in headers:
        done = f"${get_column_letter(headers[deadline.done_column])}2"
        parts.append(f"N({done})<{deadline.check_in}" if deadline.check_in else f"ISBLANK({done})")
    if deadline.after_signing:
        signed = [f'{status}="{s}"' for s in sorted(SIGNED)]
        if SIGNED_ON in headers:
            signed.append(f"NOT(ISBLANK(${get_column_letter(headers[SIGNED_ON])}2))")
        starts = [h for h in START_HEADERS if h in headers] if deadline.or_started else []
        for start in starts:
            ref_start = f"${get_column_letter(headers[start])}2"
            signed.append(f"AND(ISNUMBER({ref_start}),{ref_start}<=TODAY())")
        parts.append("OR(" + ",".join(signed) + ")")
    return ",".join(parts)


def format_column(ws: Worksheet, header: str, headers: dict[str, int]) -> None:
    """Give a new column its look: header style, status dropdown, date highlighting."""
    style_header(ws, headers[header])
    add_rules(ws, header, headers)


def add_rules(ws: Any, header: str, headers: dict[str, int]) -> None:
    """Add a column's status dropdown or date highlighting (normal or write-only sheets)."""
    col = headers[header]
    letter = get_column_letter(col)
    rows = f"{letter}2:{letter}{LAST_ROW}"
    if header == STATUS:
        choice = DataValidation(
            type="list",
            formula1='"' + ",".join(STATUSES) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Status",
            error="Choose one of: " + ", ".join(STATUSES) + ".",
        )
        choice.add(rows)
        ws.data_validations.append(choice)
    deadline = deadline_for(header)
    if deadline is None:
        return
    ref = f"{letter}2"
    pending = _pending_formula(deadline, ref, headers)
    if deadline.stays_overdue:
        ws.conditional_formatting.add(
            rows, FormulaRule(formula=[f"AND({pending},{ref}<TODAY())"], fill=_OVERDUE)
        )
    # Due soon as the digest counts it: today up to the third business day after today, the
    # public holidays of the row's place skipped (WORKDAY reads them from the Holidays sheet).
    until = f"WORKDAY(TODAY(),{SOON_BUSINESS_DAYS},{_holidays_of(headers)})"
    soon = f"AND({pending},{ref}>=TODAY(),{ref}<={until})"
    ws.conditional_formatting.add(rows, FormulaRule(formula=[soon], fill=_SOON))


def _holidays_of(headers: dict[str, int]) -> str:
    """Excel reference to the holidays of the row's place: its Holidays column, else federal."""
    place = f"${get_column_letter(headers[PLACE])}2" if PLACE in headers else '""'
    table, names = (
        f"{HOLIDAYS}!$A$2:${_LAST_PLACE}${_LAST_DAY}",
        f"{HOLIDAYS}!$A$1:${_LAST_PLACE}$1",
    )
    return f"INDEX({table},0,IFERROR(MATCH({place},{names},0),1))"


def holiday_table(as_of: date) -> list[list[Any]]:
    """Return the rows of the hidden Holidays sheet: a header of place names (federal first, the
    federal holidays any other place falls back to) and under each its public holidays in the
    year of ``as_of`` and the two after it, as the letters and the digest count business days."""
    from accord.jurisdictions.deadline import public_holidays
    from accord.jurisdictions.names import chain_of, place_name
    from accord.jurisdictions.rulebook import load_rules

    years = range(as_of.year, as_of.year + 3)
    columns = {place_name("US"): public_holidays((), years)}
    for place_id in sorted(load_rules().places):
        name = place_name(place_id)
        if name not in columns:
            columns[name] = public_holidays(chain_of(name) or (place_id,), years)
    depth = max(len(days) for days in columns.values())
    rows: list[list[Any]] = [list(columns)]
    for i in range(depth):
        rows.append([days[i] if i < len(days) else None for days in columns.values()])
    return rows


def write_holidays(wb: Workbook, as_of: date | None) -> SheetWriter:
    """Return the hidden Holidays sheet added to a streamed workbook (see :func:`holiday_table`);
    ``as_of`` ``None`` means today. HR never needs it: the highlighting reads it."""
    sheet = SheetWriter(wb, HOLIDAYS)
    sheet.ws.sheet_state = "hidden"
    for row in holiday_table(as_of or date.today()):
        sheet.append(row)
    return sheet


def finish_sheet(ws: Worksheet) -> None:
    """Freeze the header row and the id column, and filter over every row."""
    freeze_header(ws)
    last = get_column_letter(max(ws.max_column, 1))
    ws.auto_filter.ref = f"A1:{last}{max(ws.max_row, 2)}"


def new_sheet(wb: Workbook, title: str, headers: list[str], index: int | None = None) -> Worksheet:
    """Return a new worksheet with ``headers`` in row 1, every column formatted."""
    ws = wb.create_sheet(title, index)
    for col, header in enumerate(headers, start=1):
        put(ws, 1, col, header)
    positions = header_map(ws[1])
    for header in headers:
        format_column(ws, header, positions)
    return ws


def fixed_package(data: bytes) -> bytes:
    """Return OOXML bytes (.xlsx or .docx) with fixed zip timestamps and core-property dates."""
    package = Package(data)
    return normalise(package, core_part_name(package))


def workbook_bytes(wb: Workbook) -> bytes:
    """Return the workbook as .xlsx bytes with fixed timestamps (same rows, same bytes)."""
    # Left out so that the fixed values go in the same way whether the workbook is new or loaded.
    wb.properties.lastModifiedBy = None
    wb.properties.revision = None
    buf = io.BytesIO()
    wb.save(buf)
    return fixed_package(buf.getvalue())


def save(wb: Workbook, path: Path) -> None:
    """Write the workbook to ``path`` atomically (temporary file, fsync, one rename)."""
    write_bytes(path, workbook_bytes(wb))
