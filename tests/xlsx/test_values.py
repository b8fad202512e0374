"""Reading a workbook's values only (calamine): the same values the streaming reader gives."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from accord.xlsx.reader import SourceWorkbook
from accord.xlsx.values import UnreadableWorkbook, ValuesWorkbook
from accord.xlsx.writer import Formula, Link, SheetWriter, save_workbook


def _write(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook(write_only=True)
    sheet = SheetWriter(wb, "Data")
    for row in rows:
        sheet.append(row)
    save_workbook(wb, path, [sheet])
    return path


def test_values_read_as_the_streaming_reader_shows_them(tmp_path: Path) -> None:
    row = ["text", 7, 2.5, True, date(2026, 6, 1), Link("Open", "a.docx"), None, "=1+2"]
    path = _write(tmp_path / "t.xlsx", [row])
    with ValuesWorkbook(path) as book:
        (values,) = list(book.rows("Data"))
    with SourceWorkbook(path) as source:
        ((_, cells),) = list(source.rows("Data", formulas=False))
    shown = [None if c is None else c.value for c in cells]
    streamed = [v.text if isinstance(v, Link) else v for v in shown]
    assert values[: len(streamed)] == streamed
    assert values[4] == datetime(2026, 6, 1)
    assert values[5] == "Open"


def test_rows_start_at_column_a_when_the_first_columns_are_empty(tmp_path: Path) -> None:
    path = _write(tmp_path / "t.xlsx", [[None, None, "C"], [None, "B"]])
    with ValuesWorkbook(path) as book:
        assert list(book.rows("Data")) == [[None, None, "C"], [None, "B", None]]


def test_a_formula_reads_as_nothing_until_a_spreadsheet_computes_it(tmp_path: Path) -> None:
    # Accord writes HR's formulas back without a cached value: there is nothing to show yet.
    path = _write(tmp_path / "t.xlsx", [[1, 2, Formula("=A1+B1")]])
    with ValuesWorkbook(path) as book:
        ((*values,),) = list(book.rows("Data"))
    assert values[:2] == [1, 2]
    assert [*values, None][2] is None


def test_a_file_that_is_not_a_workbook_is_refused_on_opening(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    path.write_bytes(b"not a workbook")
    with pytest.raises(UnreadableWorkbook):
        ValuesWorkbook(path)
