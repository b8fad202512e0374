"""Long tables written row by row into the saved .docx are the tables python-docx would write."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest

from accord.documents.table import add_table
from accord.report import long_table
from accord.tracker.reminder import save_docx

TRICKY = [
    ["2026-06-05", "C-1", "Respond by"],
    [date(2026, 6, 8), 42, "R&D <team> \"quoted\" 'single'"],
    ["", " leading space", "trailing space "],
    ["tab\there", "line\nbreak", "carriage\rreturn"],
    ["Ünïcode 名前 ✓", "emoji 🙂", "right-to-left שלום"],
    ["\u2028 line separator", "non\u00a0breaking", "x"],
]


def _document(title: str) -> Any:
    document = docx.Document()
    document.add_heading(title, level=0)
    return document


def _both(tmp_path: Path, tables: list[list[list[Any]]]) -> tuple[bytes, bytes]:
    whole = _document("Report")
    for rows in tables:
        whole.add_paragraph("Before the table.")
        add_table(whole, ["Date", "Record ID", "Deadline"], rows)
    save_docx(whole, tmp_path / "whole.docx")
    streamed = _document("Report")
    long_tables = []
    for rows in tables:
        streamed.add_paragraph("Before the table.")
        long_tables.append(
            long_table.LongTable(streamed, ["Date", "Record ID", "Deadline"], iter(rows))
        )
    long_table.save(streamed, tmp_path / "streamed.docx", long_tables)
    return (tmp_path / "whole.docx").read_bytes(), (tmp_path / "streamed.docx").read_bytes()


@pytest.mark.parametrize(
    "tables",
    [
        [TRICKY],
        [TRICKY, [["a", "b", "c"]] * 3],
        [[]],
        [[], TRICKY],
        [[[f"2026-06-{n % 28 + 1:02d}", f"B{n:06d}", "Start date"] for n in range(9000)]],
    ],
    ids=["tricky-values", "two-tables", "no-rows", "empty-then-full", "many-rows"],
)
def test_a_long_table_gives_the_bytes_python_docx_gives(tmp_path: Path, tables: Any):
    whole, streamed = _both(tmp_path, tables)
    assert streamed == whole


def test_the_rows_of_a_long_table_read_back_in_word_terms(tmp_path: Path):
    _both(tmp_path, [TRICKY])
    (table,) = docx.Document(str(tmp_path / "streamed.docx")).tables
    assert [[c.text for c in row.cells] for row in table.rows][1:3] == [
        ["2026-06-05", "C-1", "Respond by"],
        ["2026-06-08", "42", "R&D <team> \"quoted\" 'single'"],
    ]


def test_a_value_xml_cannot_hold_loses_those_characters_and_the_document_opens(tmp_path: Path):
    document = _document("Report")
    table = long_table.LongTable(document, ["Value"], [["bell \x07"], ["Ann\ufffeLee"]])
    long_table.save(document, tmp_path / "out.docx", [table])
    (read,) = docx.Document(str(tmp_path / "out.docx")).tables
    assert [row.cells[0].text for row in read.rows] == ["Value", "bell ", "AnnLee"]
