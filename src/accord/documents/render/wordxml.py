"""What a compiled part needs after Jinja: found once from its shape, applied per record if needed.

docxtpl parses every rendered body again (with lxml's recovering parser), repairs table grids and
renumbers drawing ids. Parsing costs more than rendering, so the compiled renderer decides per
part, once, whether the output can differ from well-formed, unchanged XML: only then is the
rendered text parsed and repaired.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jinja2 import Environment
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_W = f"{{{W}}}"
_XML_TAG = re.compile(r"<(/?)([^\s/>!?]+)[^>]*?(/?)>")
_BLOCK_OPENERS = frozenset({"if", "for", "macro", "call", "filter", "with", "block", "autoescape"})
_RECOVER = etree.XMLParser(recover=True)
_STRICT = etree.XMLParser(resolve_entities=False)


@dataclass(frozen=True)
class Shape:
    """How a part's Jinja source relates to its XML; `balanced` means every branch of every
    block opens and closes the same elements, so any output is well-formed XML."""

    balanced: bool
    cells_vary: bool


def shape_of(env: Environment, source: str) -> Shape:
    """Return the `Shape` of a Jinja source made from Word XML (tags or comments inside `w:tr`
    but outside any `w:tc` make `cells_vary`: a row may then have more or fewer cells than the
    table's grid has columns)."""
    scan = _Scan()
    block_name: str | None = None
    assigns = False
    for _, kind, value in env.lex(source):
        if kind == "data":
            scan.pending += value
        elif kind in ("block_begin", "variable_begin", "comment_begin"):
            scan.flush()
            block_name, assigns = None, False
        elif kind == "name" and block_name is None:
            block_name = value
        elif kind == "operator" and value == "=":
            assigns = True
        elif kind == "block_end" and block_name is not None:
            scan.block(block_name, assigns)
    scan.flush()
    balanced = scan.balanced and not scan.stack and not scan.frames
    return Shape(balanced=balanced, cells_vary=scan.cells_vary or 'w:gridSpan w:val="{{' in source)


class _Scan:
    def __init__(self) -> None:
        self.stack: list[str] = []
        self.frames: list[tuple[str, ...]] = []
        self.pending = ""
        self.balanced = True
        self.cells_vary = False

    def flush(self) -> None:
        text = self.pending
        cut = text.rfind("<")
        # A tag inside an attribute value (`w:val="{{ x }}"`) leaves an element half open.
        keep = text[cut:] if cut > text.rfind(">") else ""
        for closing, name, empty in _XML_TAG.findall(text[: len(text) - len(keep)]):
            if closing:
                if self.stack and self.stack[-1] == name:
                    self.stack.pop()
                else:
                    self.balanced = False
            elif not empty:
                self.stack.append(name)
        self.pending = keep
        if self.stack and self.stack[-1].endswith(":tr"):
            self.cells_vary = True

    def block(self, name: str, assigns: bool) -> None:
        if name in _BLOCK_OPENERS or (name == "set" and not assigns):
            self.frames.append(tuple(self.stack))
        elif name in ("elif", "else") and self.frames:
            self._check_branch()
        elif name.startswith("end") and self.frames:
            self._check_branch()
            self.frames.pop()

    def _check_branch(self) -> None:
        start = self.frames[-1]
        if tuple(self.stack) != start:
            self.balanced = False
        self.stack = list(start)


def recover(xml: str) -> etree._Element:
    """Return the element tree of rendered `xml`, repaired the way lxml's recovering parser does."""
    return etree.fromstring(xml, _RECOVER)


def is_well_formed(xml: str) -> bool:
    """Return whether rendered `xml` parses as XML."""
    try:
        etree.fromstring(xml.encode("utf-8"), _STRICT)
    except etree.XMLSyntaxError:
        return False
    return True


def repair_tables(body: etree._Element) -> bool:
    """Return whether any table grid was changed to fit the cells its rows now have.

    A loop over cells can leave a row with more cells than the grid has columns (columns are
    added, all narrowed to keep the table's width) or fewer (extra columns go, their width shared
    out), as docxtpl does.
    """
    changed = False
    for table in body.iter(_W + "tbl"):
        grid = table.find(_W + "tblGrid")
        if grid is None:
            continue
        changed |= _widen(table, grid)
        changed |= _narrow(table, grid)
    return changed


def _widen(table: etree._Element, grid: etree._Element) -> bool:
    columns = grid.findall(_W + "gridCol")
    most = max((len(row.findall(_W + "tc")) for row in table.iter(_W + "tr")), default=0)
    extra = most - len(columns)
    if extra <= 0:
        return False
    width = sum(float(c.get(_W + "w")) for c in columns if c.get(_W + "w") is not None)
    if width > 0:
        # The same float steps as docxtpl, so widths round to the same integers.
        old_mean, new_mean = width / len(columns), width / (len(columns) + extra)
        for column in columns:
            scaled = float(column.get(_W + "w", "0")) * new_mean / old_mean
            column.set(_W + "w", str(int(scaled)))
        for _ in range(extra):
            etree.SubElement(grid, _W + "gridCol", {_W + "w": str(int(new_mean))})
    return True


def _span(cell: etree._Element) -> int:
    span = cell.find(f"{_W}tcPr/{_W}gridSpan")
    return 1 if span is None else int(span.get(_W + "val", "1"))


def _narrow(table: etree._Element, grid: etree._Element) -> bool:
    columns = grid.findall(_W + "gridCol")
    used = max(
        (sum(_span(cell) for cell in row.findall(_W + "tc")) for row in table.iter(_W + "tr")),
        default=0,
    )
    surplus = len(columns) - used
    if surplus <= 0:
        return False
    freed = 0.0
    for column in columns[-surplus:]:
        freed += float(column.get(_W + "w", "0"))
        grid.remove(column)
    kept = grid.findall(_W + "gridCol")
    share = int(freed / len(kept)) if kept else 0
    for column in kept:
        column.set(_W + "w", str(int(float(column.get(_W + "w", "0")) + share)))
    return True


def renumber_drawings(body: etree._Element) -> None:
    """Give every drawing in `body` a fresh id from 1001 on, in document order (a loop copies a
    picture's id, and Word refuses a document with duplicate drawing ids)."""
    for number, drawing in enumerate(body.iter(f"{{{WP}}}docPr"), start=1001):
        drawing.set("id", str(number))


_DRAWING_ID = re.compile(r'(<[\w.-]+:docPr\s(?:[^>]*?\s)?id=")[^"]*(")')


def renumber_drawings_text(xml: str) -> str:
    """Return `xml` with drawing ids renumbered from 1001 on, without parsing it."""
    counter = iter(range(1001, 1 << 31))
    return _DRAWING_ID.sub(lambda m: f"{m.group(1)}{next(counter)}{m.group(2)}", xml)
