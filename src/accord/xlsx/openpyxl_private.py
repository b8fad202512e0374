"""Every private openpyxl name Accord uses, in one place, tested against the locked openpyxl.

openpyxl keeps a workbook's styles in private lists (``wb._cell_styles``, ``wb._fonts``, ...), a
cell's style in ``cell._style``, and its number parsing in ``openpyxl.worksheet._reader``. The
trackers' streaming reader and writer need them: going through openpyxl's public cell objects costs
microseconds per cell. Nothing else in Accord touches an underscored openpyxl name; an upgrade that
renames one fails in ``tests/xlsx/test_openpyxl_private.py``, not in a user's merge.
"""

from __future__ import annotations

from typing import Any

from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet._reader import _cast_number

# The per-workbook style lists a cell style array points into, by StyleArray field.
STYLE_LISTS = {
    "fontId": "_fonts",
    "fillId": "_fills",
    "borderId": "_borders",
    "alignmentId": "_alignments",
    "protectionId": "_protections",
}


def cast_number(text: str) -> int | float:
    """Return the number a ``<v>`` holds, as openpyxl reads it (``"7"`` -> 7, ``"2.5"`` -> 2.5).

    Raises ``ValueError`` when ``text`` is not a number.
    """
    return _cast_number(text)


def cell_style_array(cell: Any) -> StyleArray:
    """Return the style array of an openpyxl cell (``cell._style``)."""
    return cell._style


def add_cell_style(wb: Any, array: StyleArray) -> int:
    """Register ``array`` in ``wb``'s cell styles and return its id (``wb._cell_styles``)."""
    return int(wb._cell_styles.add(array))


def cell_style(wb: Any, style: int) -> StyleArray:
    """Return the style array of cell style id ``style``; ``IndexError`` when there is none."""
    return wb._cell_styles[style]


def style_part(wb: Any, field: str, index: int) -> Any:
    """Return the font, fill, border, alignment or protection a style array's ``field`` names."""
    return getattr(wb, STYLE_LISTS[field])[index]


def add_style_part(wb: Any, field: str, part: Any) -> int:
    """Register a font, fill, border, alignment or protection in ``wb``; return its index."""
    return int(getattr(wb, STYLE_LISTS[field]).add(part))


def number_format(wb: Any, index: int) -> str:
    """Return custom number format ``index`` (counted after the built-in ones) of ``wb``."""
    return str(wb._number_formats[index])


def add_number_format(wb: Any, code: str) -> int:
    """Register the custom number format ``code`` in ``wb``; return its index among the custom."""
    return int(wb._number_formats.add(code))


def named_styles(wb: Any) -> list[str]:
    """Return the names of ``wb``'s named styles, in id order (``wb._named_styles``)."""
    return list(wb._named_styles.names)


def date_styles(wb: Any) -> tuple[set[int], set[int]]:
    """Return the cell style ids of ``wb`` that format dates, and those that format durations."""
    return set(wb._date_formats), set(wb._timedelta_formats)
