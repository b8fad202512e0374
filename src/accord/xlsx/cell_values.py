"""Turning one cell of a worksheet's XML into its value: shared strings, numbers, dates, formulas."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from openpyxl.formula.translate import Translator
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import from_excel

from accord.xlsx import openpyxl_private as private
from accord.xlsx.writer import Formula

# Shared formulas of a sheet: si -> (formula, cell it is written in); None when reading values only.
Formulas = dict[str, tuple[str, str]] | None

# Column letters by reference; DIGITS strips a reference to its letters ("AB12" -> "AB").
DIGITS = "0123456789$"
COLUMNS: dict[str, int] = {}


class Dates:
    """Turns the numbers of date-formatted cells into dates, each distinct number once."""

    def __init__(self, wb: Any) -> None:
        self._dates, self._durations = private.date_styles(wb)
        self._epoch = wb.epoch
        self._seen: dict[tuple[Any, bool], Any] = {}  # a batch has few distinct dates

    def value(self, value: Any, style: int) -> Any:
        """Return ``value`` as a date or duration when ``style`` formats it as one."""
        duration = style in self._durations
        if not (duration or style in self._dates) or not _is_number(value):
            return value
        key = (value, duration)
        found = self._seen.get(key)
        if found is None:
            if len(self._seen) > 10_000:
                self._seen.clear()
            found = self._seen[key] = from_excel(value, self._epoch, duration)
        return found


def next_column(ref: str | None, previous: int) -> int:
    """Return a cell's column number from its reference (``"C7"`` -> 3), else ``previous + 1``."""
    if not ref:
        return previous + 1
    letters = ref.rstrip(DIGITS)
    found = COLUMNS.get(letters)
    if found is None:
        found = COLUMNS[letters] = int(column_index_from_string(letters.lstrip("$")))
    return found


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def formula(text: str | None, si: str | None, shared: Formulas, ref: str | None) -> Any:
    """Return a cell's :class:`Formula` from its ``<f>`` text and shared-formula index ``si``.

    ``None`` when the cell has none to give (its value is then read), and always ``None`` when
    ``shared`` is ``None`` (the caller wants values only).
    """
    if shared is None:
        return None
    if text:
        found = "=" + text
        if si is not None and ref:
            shared[si] = (found, ref)
        return Formula(found)
    if si is not None and ref and si in shared:
        # Excel stores a formula filled down once, with the cells below pointing at it.
        origin_formula, origin = shared[si]
        return Formula(Translator(origin_formula, origin=origin).translate_formula(ref))
    return None


def typed(raw: str, kind: str | None, strings: list[Any]) -> Any:
    """Return the value of a ``<v>`` holding ``raw`` in a cell of type ``kind`` (``t=``)."""
    if kind == "s":
        text = strings[int(raw)]
        return text if isinstance(text, str) else str(text)
    if kind == "b":
        return raw.strip() in ("1", "true")
    if kind in ("str", "e"):
        return raw
    if kind == "d":
        return datetime.fromisoformat(raw)
    try:
        return private.cast_number(raw)
    except ValueError:
        return raw
