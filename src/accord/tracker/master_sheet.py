"""One sheet of the master being rewritten: the writer, the old sheet's rows, header positions.

What a row's cells held and their formatting are copied (styles remapped), column widths and hidden
columns kept, Accord's look (dropdown, highlighting, frozen header, filter) put back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from accord.tracker.batch_tracker import column_width
from accord.tracker.layout import (
    NEXT_ACTION,
    NOTES,
    header_map,
)
from accord.tracker.next_action import KEPT_PREFIX, hr_words, suggest
from accord.tracker.sheet import add_rules
from accord.xlsx.guard import is_formula_like
from accord.xlsx.reader import Column, SourceCell, SourceRow, SourceWorkbook
from accord.xlsx.styles import StyleCopier
from accord.xlsx.view import freeze_header, print_setup
from accord.xlsx.writer import Link, SheetWriter


def relink(value: Any, batch_id: str) -> Any:
    """Return ``value`` with a batch tracker's relative link made relative to the master."""
    # Batch trackers link relative to their own folder; the master sits one folder up.
    if isinstance(value, Link) and "://" not in value.target and value.target[:1] not in "/#":
        return Link(value.text, f"{batch_id}/{value.target}")
    return value


def accord_look(value: Any) -> bool:
    """Return whether ``value`` needs Accord's own cell style whatever the cell had."""
    # Dates, links and formula-looking text need Accord's own cell style whatever the cell had.
    if isinstance(value, str):
        return is_formula_like(value)
    return isinstance(value, Link | date | datetime)


@dataclass
class MasterSheet:
    """A sheet being rewritten: the writer, the source's rows and its header positions."""

    writer: SheetWriter
    rows: Iterator[tuple[int, SourceRow]]
    copy: Callable[[int], int]
    header: list[SourceCell | None]
    headers: dict[str, int]
    columns: dict[int, Column]

    @classmethod
    def open(cls, wb: Workbook, source: SourceWorkbook | None, title: str) -> MasterSheet:
        """Start writing sheet ``title`` in ``wb`` from ``source``'s sheet of that title, if any."""
        writer = SheetWriter(wb, title)
        if source is None or title not in source.titles:
            return cls(writer, iter(()), lambda s: 0, [], {}, {})
        rows = source.rows(title)
        first = next(rows, None)
        header = first[1] if first else []
        headers = header_map(header)
        copier = StyleCopier(source, writer)
        return cls(writer, rows, copier, header, headers, source.columns(title))

    def add_headers(self, names: list[str]) -> list[str]:
        """Give ``names`` missing from the header a column each at the end; return those added."""
        added = [n for n in names if n not in self.headers]
        for name in added:
            self.headers[name] = max(len(self.header), *self.headers.values(), 0) + 1
        return added

    @property
    def width(self) -> int:
        """Return the number of columns the sheet has."""
        return max(len(self.header), *self.headers.values(), 0)

    def set_columns(self, widths: dict[str, float]) -> None:
        """Keep the source's widths and hidden columns; widen columns to at least ``widths``."""
        dims = self.writer.ws.column_dimensions
        for col, column in sorted(self.columns.items()):
            if col > self.width:
                continue
            dim = dims[get_column_letter(col)]
            if column.width is not None:
                dim.width = column.width
            if column.hidden:
                dim.hidden = True
        for header, col in self.headers.items():
            wanted = max(column_width(header, 0), widths.get(header, 0.0))
            current = self.columns.get(col)
            if current is None or current.width is None or current.width < wanted:
                dims[get_column_letter(col)].width = wanted

    def look(self) -> None:
        """Put back Accord's dropdown, highlighting and frozen header."""
        for header in self.headers:
            add_rules(self.writer.ws, header, self.headers)
        freeze_header(self.writer.ws)
        print_setup(self.writer.ws)

    def keep_hr_words(self, values: list[Any]) -> None:
        """Move words HR wrote in Next action (when it was HR's column) to the end of Notes."""
        col, notes = self.headers.get(NEXT_ACTION), self.headers.get(NOTES)
        if col is None or notes is None or max(col, notes) > len(values):
            return
        kept = hr_words(values[col - 1])
        if kept is not None:
            before = "" if values[notes - 1] is None else str(values[notes - 1])
            values[notes - 1] = f"{before}\n{KEPT_PREFIX}{kept}".strip()
            values[col - 1] = None

    def suggest(self, values: list[Any]) -> None:
        """Recompute Accord's Next action in a row's ``values`` from its Status and dates."""
        col = self.headers.get(NEXT_ACTION)
        if col is not None and col <= len(values):
            values[col - 1] = suggest({h: values[c - 1] for h, c in self.headers.items()})

    def write_header(self, added: list[str]) -> None:
        """Write the header row: the source's cells as they were, added headers in Accord's style."""
        values, styles = self.cells(self.header)
        for name in added:
            values[self.headers[name] - 1] = name
            styles[self.headers[name] - 1] = self.writer.header_style
        self.writer.append(values, styles)

    def cells(self, cells: list[SourceCell | None]) -> tuple[list[Any], list[int | None]]:
        """Return a source row's values and copied style ids, as wide as the sheet."""
        width = max(self.width, len(cells))
        values: list[Any] = [None] * width
        styles: list[int | None] = [None] * width
        for i, cell in enumerate(cells):
            if cell is not None:
                values[i] = cell.value
                styles[i] = self.copy(cell.style)
        return values, styles

    def finish(self) -> SheetWriter:
        """Filter over every row and column; return the writer for saving."""
        self.writer.columns = max(self.writer.columns, self.width)
        self.writer.filter_all()
        return self.writer
