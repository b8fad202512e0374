"""A worksheet's rows streamed out of its XML with lxml: cells, values, row heights.

The hot loop of every master merge (every element of every row): kept flat on purpose. Each row is
walked once in document order (``row.iter()``), which is more than twice as fast as visiting each
cell's children in turn. The parser resolves namespace prefixes, CDATA, comments and entities, so a
sheet LibreOffice, Excel or another tool wrote reads the same as Accord's own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from lxml import etree

from accord.xlsx.cell_values import Dates, Formulas, formula, next_column, typed
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
    for _, row in etree.iterparse(src, tag=_ROW, resolve_entities=False, huge_tree=True):
        get = row.get
        r = get("r")
        number = int(r) if r else number + 1
        cells = SourceRow()
        if get("customHeight") in ("1", "true"):
            cells.height = get("ht")
        cells.hidden = get("hidden") in ("1", "true")
        col = 0
        cell: _Cell | None = None
        for el in row.iter():
            tag = el.tag
            if tag == _C:
                if cell is not None:
                    place(cells, col, cell.read(strings, dates, shared))
                attrs = el.attrib
                ref = attrs.get("r")
                col = next_column(ref, col)
                style = attrs.get("s")
                cell = _Cell(ref, attrs.get("t"), int(style) if style else 0)
            elif cell is None:
                continue
            elif tag == _T:
                cell.inline.append(el.text or "")
            elif tag == _V:
                cell.raw = el.text
            elif tag == _F:
                cell.has_formula = True
                cell.formula = el.text
                cell.si = el.get("si") if el.get("t") == "shared" else None
        if cell is not None:
            place(cells, col, cell.read(strings, dates, shared))
        row.clear()
        parent = row.getparent()
        while row.getprevious() is not None and parent is not None:
            del parent[0]
        yield number, cells


class _Cell:
    """What a ``<c>`` element holds, gathered while its row is walked."""

    __slots__ = ("formula", "has_formula", "inline", "kind", "raw", "ref", "si", "style")

    def __init__(self, ref: str | None, kind: str | None, style: int) -> None:
        self.ref = ref
        self.kind = kind
        self.style = style
        self.inline: list[str] = []
        self.raw: str | None = None
        self.has_formula = False
        self.formula: str | None = None
        self.si: str | None = None

    def read(self, strings: list[Any], dates: Dates, shared: Formulas) -> SourceCell:
        """Return the cell's value and style id."""
        if self.kind == "inlineStr":
            # Every <t> of the inline text counts (runs of rich text; phonetic runs too, as
            # openpyxl's own reader does): Excel turns inline text into shared strings on saving.
            return SourceCell("".join(self.inline), self.style)
        if self.has_formula:
            found = formula(self.formula, self.si, shared, self.ref)
            if found is not None:
                return SourceCell(found, self.style)
        if self.raw is None:
            return SourceCell(None, self.style)
        value = typed(self.raw, self.kind, strings)
        if self.style:
            value = dates.value(value, self.style)
        return SourceCell(value, self.style)
