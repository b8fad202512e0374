"""Tiny workbooks and CSV files written inside tests."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

OFFER_HEADERS = ("Candidate ID", "Name", "Job Title", "State", "Base Salary", "Start Date")


def offer_row(rid: str = "E01023", **changes: Any) -> list[Any]:
    """Return a valid offers row; keyword arguments replace cells by header position name."""
    row: dict[str, Any] = {
        "id": rid,
        "name": "Test Person",
        "title": "Analyst",
        "state": "CA",
        "salary": "85000",
        "start": "2027-01-04",
    }
    row.update(changes)
    return list(row.values())


def write_xlsx(
    path: Path,
    rows: Sequence[Sequence[Any]],
    sheet: str = "Offers",
    extra: dict[str, Sequence[Sequence[Any]]] | None = None,
    hidden: Sequence[str] = (),
) -> Path:
    """Write a workbook whose first sheet holds ``rows`` (header first); return its path."""
    book = Workbook()
    first = book.active
    first.title = sheet
    for row in rows:
        first.append(list(row))
    for name, more in (extra or {}).items():
        other = book.create_sheet(name)
        for row in more:
            other.append(list(row))
        if name in hidden:
            other.sheet_state = "hidden"
    book.save(path)
    return path


def write_csv(
    path: Path, rows: Sequence[Sequence[str]], delimiter: str = ",", encoding: str = "utf-8"
) -> Path:
    """Write a CSV file (no quoting needed for test values); return its path."""
    text = "\r\n".join(delimiter.join(row) for row in rows) + "\r\n"
    path.write_bytes(text.encode(encoding))
    return path
