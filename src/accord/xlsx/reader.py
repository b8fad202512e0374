"""Reading a tracker workbook row by row: values, cell styles, links and column widths.

openpyxl's read-only mode streams the cell values but skips hyperlinks, and its normal mode spends
seconds on 30,000 links. Here openpyxl reads the workbook's parts (shared strings, styles, sheet
names), expat reads each sheet: its ``<hyperlinks>`` and ``<cols>`` first (:mod:`.sheet_scan`), the
links going into a temporary SQLite file that gives them back in row order beside the rows
(:mod:`.rows`), so memory stays flat however many there are.
"""

from __future__ import annotations

import posixpath
import sqlite3
import tempfile
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from lxml import etree
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet

from accord.xlsx import sheet_scan
from accord.xlsx.cell_values import Dates
from accord.xlsx.rows import SourceCell, SourceRow, parse_rows, place
from accord.xlsx.values import ValuesWorkbook
from accord.xlsx.writer import Link
from accord.xlsx.xml_bytes import XmlSafeReader

__all__ = ["Column", "SourceCell", "SourceRow", "SourceWorkbook"]

_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_BATCH = 5000


@dataclass(frozen=True)
class Column:
    """A column's width (``None`` when not set) and whether HR hid it."""

    width: float | None
    hidden: bool


class SourceWorkbook:
    """A workbook opened for streaming; use it in a ``with`` block.

    Raises whatever openpyxl, zipfile or lxml raise when the file is not a readable workbook: every
    sheet's links and columns are read on opening, so a damaged file mostly fails here, before
    anything is written.
    """

    def __init__(self, path: Path) -> None:
        with warnings.catch_warnings():
            # Excel-saved workbooks carry extensions openpyxl drops with a warning; the rows stay.
            warnings.simplefilter("ignore", UserWarning)
            # openpyxl's load_workbook(read_only=True) would size every sheet, which parses a
            # whole sheet that lacks a <dimension>: its reader's parts are used, worksheets not.
            reader = ExcelReader(path, read_only=True, keep_links=False)
        self.archive = reader.archive
        self._path = path
        self._values: ValuesWorkbook | None = None
        self._dir: tempfile.TemporaryDirectory[str] | None = None
        try:
            reader.read_manifest()
            reader.read_strings()
            reader.read_workbook()
            apply_stylesheet(reader.archive, reader.wb)
            self.wb = reader.wb
            self._strings = reader.shared_strings
            self._paths = {
                sheet.name: rel.target
                for sheet, rel in reader.parser.find_sheets()
                if rel.Type.endswith("/worksheet")
            }
            self.titles = list(self._paths)
            self._dir = tempfile.TemporaryDirectory(prefix="accord-tracker-")
            self._db = sqlite3.connect(Path(self._dir.name) / "links.db")
            self._db.executescript(
                "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
                "CREATE TABLE links (sheet INT, row INT, col INT, rid TEXT, location TEXT);"
                "CREATE TABLE rels (sheet INT, id TEXT, target TEXT, PRIMARY KEY (sheet, id));"
            )
            self._columns: dict[str, dict[int, Column]] = {}
            for number, title in enumerate(self.titles):
                self._scan(number, title)
            self._db.execute("CREATE INDEX links_order ON links (sheet, row, col)")
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> SourceWorkbook:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the workbook and remove the temporary link index."""
        self.archive.close()
        if self._values is not None:
            self._values.close()
            self._values = None
        if self._dir is not None:
            self._db.close()
            self._dir.cleanup()
            self._dir = None

    def _scan(self, number: int, title: str) -> None:
        path = self._paths[title]
        columns: dict[int, Column] = {}
        links: list[tuple[int, int, int, str | None, str | None]] = []

        def on_column(span: sheet_scan.ColumnSpan) -> None:
            first, last, width, hidden = span
            for col in range(first, last + 1):
                columns[col] = Column(width, hidden)

        def on_link(at: sheet_scan.LinkAt) -> None:
            links.append((number, *at))
            if len(links) >= _BATCH:
                self._db.executemany("INSERT INTO links VALUES (?,?,?,?,?)", links)
                links.clear()

        with self.archive.open(path) as src:
            sheet_scan.scan(XmlSafeReader(src), on_column, on_link)
        self._db.executemany("INSERT INTO links VALUES (?,?,?,?,?)", links)
        self._columns[title] = columns
        folder, leaf = posixpath.split(path)
        rels_name = posixpath.join(folder, "_rels", f"{leaf}.rels")
        if rels_name not in self.archive.namelist():
            return
        rels: list[tuple[int, str, str]] = []
        with self.archive.open(rels_name) as src:
            for _, el in etree.iterparse(src, tag=_PKG_REL, resolve_entities=False, huge_tree=True):
                rels.append((number, el.get("Id", ""), el.get("Target", "")))
                _drop(el)
                if len(rels) >= _BATCH:
                    self._db.executemany("INSERT OR IGNORE INTO rels VALUES (?,?,?)", rels)
                    rels.clear()
        self._db.executemany("INSERT OR IGNORE INTO rels VALUES (?,?,?)", rels)

    def columns(self, title: str) -> dict[int, Column]:
        """Return the widths and hidden flags a sheet sets, by column number."""
        return self._columns[title]

    def _links(self, title: str) -> Iterator[tuple[int, int, str]]:
        cursor = self._db.execute(
            "SELECT l.row, l.col, r.target, l.location FROM links l LEFT JOIN rels r "
            "ON r.sheet = l.sheet AND r.id = l.rid WHERE l.sheet = ? ORDER BY l.row, l.col",
            (self.titles.index(title),),
        )
        for row, col, target, location in cursor:
            if target:
                yield row, col, target
            elif location:
                yield row, col, f"#{location}"

    def rows(self, title: str, formulas: bool = True) -> Iterator[tuple[int, SourceRow]]:
        """Return a sheet's rows in order as (row number, cells); missing rows come back empty.

        Cells are indexed by column number - 1 and ``None`` where the row has no cell. Dates are
        ``datetime``, formulas :class:`Formula` (their last computed value when ``formulas`` is
        False), linked cells :class:`Link`.
        """
        with self.archive.open(self._paths[title]) as src:
            rows = parse_rows(XmlSafeReader(src), self._strings, Dates(self.wb), formulas)
            yield from self._with_links(title, rows)

    def values(self, title: str) -> Iterator[tuple[int, SourceRow]]:
        """Return a sheet's rows as :meth:`rows` does with ``formulas=False``, without styles.

        The values are read by calamine (:class:`~accord.xlsx.values.ValuesWorkbook`), several
        times faster; every style id is 0. Links are :class:`Link` as in :meth:`rows`.
        """
        if self._values is None:
            self._values = ValuesWorkbook(self._path)
        yield from self._with_links(title, _cells(self._values.rows(title)))

    def _with_links(
        self, title: str, rows: Iterator[tuple[int, SourceRow]]
    ) -> Iterator[tuple[int, SourceRow]]:
        links = self._links(title)
        pending = next(links, None)
        expected = 1
        for number, cells in rows:
            while expected < number:
                yield expected, SourceRow()
                expected += 1
            expected = number + 1
            while pending is not None and pending[0] < number:
                pending = next(links, None)  # a link on a row without cells shows nothing
            while pending is not None and pending[0] == number:
                _, col, target = pending
                old = cells[col - 1] if col <= len(cells) else None
                text = "" if old is None or old.value is None else str(old.value)
                place(cells, col, SourceCell(Link(text, target), old.style if old else 0))
                pending = next(links, None)
            yield number, cells


def _cells(rows: Iterator[list[Any]]) -> Iterator[tuple[int, SourceRow]]:
    # calamine pads every row to the sheet's width: the cells end where the row's last value is.
    for number, row in enumerate(rows, start=1):
        while row and row[-1] is None:
            row.pop()
        yield number, SourceRow(None if v is None else SourceCell(v, 0) for v in row)


def _drop(el: etree._Element) -> None:
    # Cleared elements stay in their parent: without removing them, 30,000 relationships keep
    # 30,000 empty elements alive until the end of the part.
    el.clear()
    parent = el.getparent()
    while parent is not None and el.getprevious() is not None:
        del parent[0]
