"""Reading a workbook's values only, with calamine: what a spreadsheet shows, no styles or links.

For reads that need no formatting (the reminder digest and the reports read the master tracker this
way), calamine (python-calamine, as intake uses) is several times faster than openpyxl and than the
streaming reader the merge needs for styles. Values come back as the streaming reader gives them:
``None`` for an empty cell, whole numbers as ``int``, dates as ``datetime``, a formula's last
computed value, a link's text.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from types import TracebackType
from typing import Any

import python_calamine as calamine


class UnreadableWorkbook(ValueError):
    """The file is not a workbook calamine can read (damaged, truncated, not a spreadsheet)."""


class ValuesWorkbook:
    """A workbook opened for its values; use it in a ``with`` block.

    Raises :class:`UnreadableWorkbook` when ``path`` is not a readable workbook, ``OSError`` when
    it cannot be opened at all.
    """

    def __init__(self, path: Path) -> None:
        try:
            self._book = calamine.CalamineWorkbook.from_path(str(path))
        except calamine.CalamineError as exc:
            raise UnreadableWorkbook(f"{path} is not a readable workbook: {exc}") from None
        self.titles = [
            meta.name
            for meta in self._book.sheets_metadata
            if meta.typ == calamine.SheetTypeEnum.WorkSheet
        ]

    def __enter__(self) -> ValuesWorkbook:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the file."""
        self._book.close()

    def rows(self, title: str) -> Iterator[list[Any]]:
        """Return the rows of sheet ``title`` from row 1, each a list of values from column A.

        Raises :class:`UnreadableWorkbook` when the sheet cannot be read (a damaged part).
        """
        try:
            grid = self._book.get_sheet_by_name(title)
        except calamine.CalamineError as exc:
            raise UnreadableWorkbook(f"sheet {title!r} cannot be read: {exc}") from None
        if grid.start is None:
            return
        pad = [None] * grid.start[1]  # calamine starts rows at row 1 but columns at the first used
        for values in grid.iter_rows():
            yield [*pad, *(_value(v) for v in values)]


def _value(value: Any) -> Any:
    if isinstance(value, str):
        return value if value else None
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime.combine(value, time())
    return value
