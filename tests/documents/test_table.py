"""Word tables of the reports: the XML python-docx writes cell by cell, built in one pass."""

from __future__ import annotations

from datetime import date
from typing import Any

import docx
from lxml import etree

from accord.documents.table import add_table

HEADERS = ["Date", "Record ID", "Note"]
ROWS: list[list[Any]] = [
    [date(2026, 6, 1), "C-1", "plain"],
    [date(2026, 6, 2), "", " leading space"],
    [3, "tab\there", "line\nbreak"],
    ["R&D <ok>", "trailing ", "\u05e9\u05dc\u05d5\u05dd"],
]


def _cell_by_cell(document: Any) -> None:
    # python-docx's own way, one add_row and one cell.text at a time.
    table = document.add_table(rows=1, cols=len(HEADERS))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HEADERS, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for row in ROWS:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = value.isoformat() if isinstance(value, date) else str(value)


def test_a_table_has_the_same_xml_as_python_docx_builds_cell_by_cell():
    fast, slow = docx.Document(), docx.Document()
    add_table(fast, HEADERS, ROWS)
    _cell_by_cell(slow)
    assert etree.tostring(fast.element.body) == etree.tostring(slow.element.body)


def test_a_table_without_rows_has_only_its_header():
    document = docx.Document()
    add_table(document, HEADERS, [])
    assert [[c.text for c in r.cells] for r in document.tables[0].rows] == [HEADERS]
