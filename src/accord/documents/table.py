"""Word tables for Accord's own reports: the digest, the batch summary and the long tables.

One grid table with a bold header row, filled by copying a row python-docx built rather than
adding rows one by one, so a 10,000-row table costs what its rows cost and its XML is the XML
python-docx writes cell by cell (``tests/documents/test_table.py`` proves both).
"""

from __future__ import annotations

from copy import deepcopy
from datetime import date
from typing import Any

from docx.oxml.ns import qn
from docx.table import _Cell

from accord.ooxml.xml_text import xml_safe

_CELL_TEXT = f"{qn('w:p')}/{qn('w:r')}/{qn('w:t')}"
_RUN_BREAKS = frozenset("\t\r\n")


def add_table(document: Any, headers: list[str] | tuple[str, ...], rows: list[list[Any]]) -> Any:
    """Return a grid table appended with a bold header row and one row per entry (dates in ISO
    form); with no rows, the table has its header row only."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    if not rows:
        return table
    # python-docx finds the end of the table anew for every row it adds, which is quadratic
    # (a 10,000-row deadline list took seconds): copy one row it built and fill in the text.
    prototype = table.add_row()
    for cell in prototype.cells:
        cell.text = "x"
    tbl = table._tbl
    tbl.remove(prototype._tr)
    for row in rows:
        tr = deepcopy(prototype._tr)
        tbl.append(tr)
        for tc, value in zip(tr.tc_lst, row, strict=True):
            text = xml_safe(value.isoformat() if isinstance(value, date) else str(value))
            if text and text.strip() == text and not _RUN_BREAKS.intersection(text):
                tc.find(_CELL_TEXT).text = text
            else:  # tabs, line breaks, edge spaces, empty: python-docx's own rules
                _Cell(tc, table).text = text
    return table
