"""A worksheet's rows streamed out of its XML with lxml: cells, values, row heights.

The hot loop of every master merge (every element of every row): kept flat on purpose. Each row is
walked once in document order (``row.iter()``), which is more than twice as fast as visiting each
cell's children in turn. The parser resolves namespace prefixes, CDATA, comments and entities, so a
sheet LibreOffice, Excel or another tool wrote reads the same as Accord's own.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain
from typing import Any, NamedTuple

from lxml import etree

from accord.xlsx.cell_values import COLUMNS, DIGITS, Dates, Formulas, formula, next_column, typed
from accord.xlsx.xml_bytes import Readable

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW = f"{_MAIN}row"
_C = f"{_MAIN}c"
_V = f"{_MAIN}v"
_F = f"{_MAIN}f"
_T = f"{_MAIN}t"


class SourceRow(list["SourceCell | None"]):
    """A row's cells (by column number - 1, ``None`` where there is none) and the row's look."""

    height: str | None = None
    hidden: bool = False


class SourceCell(NamedTuple):
    """One cell read back: its value (a link when it links) and its style id."""

    value: Any
    style: int


def place(cells: SourceRow, col: int, cell: SourceCell) -> None:
    """Put ``cell`` at column ``col`` of ``cells``, padding with ``None`` up to it."""
    if len(cells) < col - 1:
        cells.extend([None] * (col - 1 - len(cells)))
    if len(cells) == col - 1:
        cells.append(cell)
    else:
        cells[col - 1] = cell


def parse_rows(
    src: Readable, strings: list[Any], dates: Dates, formulas: bool
) -> Iterator[tuple[int, SourceRow]]:
    """Return the rows of a worksheet part as (row number, cells), in the file's order.

    ``strings`` is the workbook's shared strings; ``dates`` turns date-formatted numbers into
    dates; ``formulas`` False gives a formula's last computed value instead of the formula.
    Raises ``lxml.etree.XMLSyntaxError`` on XML that is not well formed.
    """
    shared: Formulas = {} if formulas else None
    number = 0
    columns = COLUMNS
    for _, row in etree.iterparse(src, tag=_ROW, resolve_entities=False, huge_tree=True):
        get = row.get
        r = get("r")
        number = int(r) if r else number + 1
        cells = SourceRow()
        if get("customHeight") in ("1", "true"):
            cells.height = get("ht")
        cells.hidden = get("hidden") in ("1", "true")
        col = 0
        open_cell = False
        ref = kind = raw = text = si = None
        sid = 0
        inline: list[str] = []
        has_formula = False
        # Only the elements that carry values, then _LAST to end the row's last cell.
        for el in chain(row.iter(_C, _V, _T, _F), (_LAST,)):
            tag = el.tag
            if tag == _C:
                if open_cell:
                    value: Any
                    if kind == "inlineStr":
                        # Every <t> counts (rich text runs; phonetic runs too, as openpyxl reads
                        # them): only Accord's files have inline text, Excel shares strings.
                        value = inline[0] if len(inline) == 1 else "".join(inline)
                    elif has_formula and (found := formula(text, si, shared, ref)) is not None:
                        value = found
                    elif raw is None:
                        value = None
                    else:
                        value = typed(raw, kind, strings)
                        if sid:
                            value = dates.value(value, sid)
                    cell = _new(SourceCell, (value, sid))  # NamedTuple's own __new__ is slower
                    if len(cells) == col - 1:
                        cells.append(cell)
                    else:
                        place(cells, col, cell)
                if el is _LAST:
                    break
                ref = el.get("r")
                col = (ref and columns.get(ref.rstrip(DIGITS))) or next_column(ref, col)
                kind = el.get("t")
                style = el.get("s")
                sid = int(style) if style else 0
                open_cell = True
                raw = None
                if inline:
                    inline = []
                has_formula = False
            elif not open_cell:
                continue
            elif tag == _T:
                inline.append(el.text or "")
            elif tag == _V:
                raw = el.text
            else:
                has_formula = True
                text = el.text
                si = el.get("si") if el.get("t") == "shared" else None
        row.clear()
        parent = row.getparent()
        while row.getprevious() is not None and parent is not None:
            del parent[0]
        yield number, cells


_LAST = etree.Element(_C)  # marks the end of a row's elements
_new = tuple.__new__
