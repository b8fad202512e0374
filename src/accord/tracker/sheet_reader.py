"""Reading a tracker workbook row by row: values, cell styles, links and column widths.

openpyxl's read-only mode streams the cell values but skips hyperlinks, and its normal mode spends
seconds on 30,000 links. Here the values come from openpyxl's streaming sheet parser, and each sheet's
``<hyperlinks>`` and ``<cols>`` are read in one lxml pass beforehand: the links go into a temporary
SQLite file and come back in row order beside the rows, so memory stays flat however many there are.
"""

from __future__ import annotations

import html
import posixpath
import re
import sqlite3
import tempfile
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import IO, Any, NamedTuple

from lxml import etree
from openpyxl.formula.translate import Translator
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.cell_style import StyleArray
from openpyxl.styles.numbers import BUILTIN_FORMATS_MAX_SIZE
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils.cell import column_index_from_string, range_boundaries
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet._reader import _cast_number

from accord.tracker.sheet_writer import Formula, Link, SheetWriter

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_BATCH = 5000


# Shared formulas of a sheet: si -> (formula, cell it is written in); None when reading values only.
Formulas = dict[str, tuple[str, str]] | None


class SourceRow(list["SourceCell | None"]):
    """A row's cells (by column number - 1, ``None`` where there is none) and the row's look."""

    height: str | None = None
    hidden: bool = False


_ROW_HEIGHT = re.compile(r'\bht="([^"]*)"')
_ROW_HIDDEN = re.compile(r'\bhidden="(?:1|true)"')


class SourceCell(NamedTuple):
    """One cell read back: its value (a :class:`Link` when it links) and its style id."""

    value: Any
    style: int


@dataclass(frozen=True)
class Column:
    """A column's width (``None`` when not set) and whether HR hid it."""

    width: float | None
    hidden: bool


class SourceWorkbook:
    """A workbook opened for streaming; use it in a ``with`` block.

    Raises whatever openpyxl, zipfile or lxml raise when the file is not a readable workbook: every
    sheet's links and columns are read on opening, so a damaged file mostly fails here, before
    anything is written.
    """

    def __init__(self, path: Path) -> None:
        with warnings.catch_warnings():
            # Excel-saved workbooks carry extensions openpyxl drops with a warning; the rows stay.
            warnings.simplefilter("ignore", UserWarning)
            # openpyxl's load_workbook(read_only=True) would size every sheet, which parses a
            # whole sheet that lacks a <dimension>: its reader's parts are used, worksheets not.
            reader = ExcelReader(path, read_only=True, keep_links=False)
        self.archive = reader.archive
        self._dir: tempfile.TemporaryDirectory[str] | None = None
        try:
            reader.read_manifest()
            reader.read_strings()
            reader.read_workbook()
            apply_stylesheet(reader.archive, reader.wb)
            self.wb = reader.wb
            self._strings = reader.shared_strings
            self._paths = {
                sheet.name: rel.target
                for sheet, rel in reader.parser.find_sheets()
                if rel.Type.endswith("/worksheet")
            }
            self.titles = list(self._paths)
            self._dir = tempfile.TemporaryDirectory(prefix="accord-tracker-")
            self._db = sqlite3.connect(Path(self._dir.name) / "links.db")
            self._db.executescript(
                "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
                "CREATE TABLE links (sheet INT, row INT, col INT, rid TEXT, location TEXT);"
                "CREATE TABLE rels (sheet INT, id TEXT, target TEXT, PRIMARY KEY (sheet, id));"
            )
            self._columns: dict[str, dict[int, Column]] = {}
            self._plain: dict[str, bool] = {}
            for number, title in enumerate(self.titles):
                self._scan(number, title)
            self._db.execute("CREATE INDEX links_order ON links (sheet, row, col)")
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> SourceWorkbook:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the workbook and remove the temporary link index."""
        self.archive.close()
        if self._dir is not None:
            self._db.close()
            self._dir.cleanup()
            self._dir = None

    def _scan(self, number: int, title: str) -> None:
        path = self._paths[title]
        columns: dict[int, Column] = {}
        links: list[tuple[int, int, int, str | None, str | None]] = []
        with self.archive.open(path) as src:
            plain = [True]
            for tag, el in _outside_rows(src, plain):
                if tag == "col":
                    width = el.get("width")
                    column = Column(
                        float(width) if width else None, el.get("hidden") in ("1", "true")
                    )
                    for col in range(int(el.get("min", 1)), min(int(el.get("max", 1)), 16_384) + 1):
                        columns[col] = column
                else:
                    # A link may cover a range; it lands on its top left cell.
                    col, row, _, _ = range_boundaries(el.get("ref", "A1").split()[0])
                    links.append((number, row or 1, col or 1, el.get("id"), el.get("location")))
                    if len(links) >= _BATCH:
                        self._db.executemany("INSERT INTO links VALUES (?,?,?,?,?)", links)
                        links.clear()
        self._db.executemany("INSERT INTO links VALUES (?,?,?,?,?)", links)
        self._columns[title] = columns
        self._plain[title] = plain[0]
        folder, leaf = posixpath.split(path)
        rels_name = posixpath.join(folder, "_rels", f"{leaf}.rels")
        if rels_name not in self.archive.namelist():
            return
        rels: list[tuple[int, str, str]] = []
        with self.archive.open(rels_name) as src:
            for _, el in etree.iterparse(src, tag=_PKG_REL, resolve_entities=False, huge_tree=True):
                rels.append((number, el.get("Id", ""), el.get("Target", "")))
                _drop(el)
                if len(rels) >= _BATCH:
                    self._db.executemany("INSERT OR IGNORE INTO rels VALUES (?,?,?)", rels)
                    rels.clear()
        self._db.executemany("INSERT OR IGNORE INTO rels VALUES (?,?,?)", rels)

    def columns(self, title: str) -> dict[int, Column]:
        """Return the widths and hidden flags a sheet sets, by column number."""
        return self._columns[title]

    def _links(self, title: str) -> Iterator[tuple[int, int, str]]:
        cursor = self._db.execute(
            "SELECT l.row, l.col, r.target, l.location FROM links l LEFT JOIN rels r "
            "ON r.sheet = l.sheet AND r.id = l.rid WHERE l.sheet = ? ORDER BY l.row, l.col",
            (self.titles.index(title),),
        )
        for row, col, target, location in cursor:
            if target:
                yield row, col, target
            elif location:
                yield row, col, f"#{location}"

    def rows(self, title: str, formulas: bool = True) -> Iterator[tuple[int, SourceRow]]:
        """Return a sheet's rows in order as (row number, cells); missing rows come back empty.

        Cells are indexed by column number - 1 and ``None`` where the row has no cell. Dates are
        ``datetime``, formulas :class:`Formula` (their last computed value when ``formulas`` is
        False), linked cells :class:`Link`.
        """
        links = self._links(title)
        pending = next(links, None)
        expected = 1
        parse = self._parse_plain if self._plain[title] else self._parse
        for number, cells in parse(self._paths[title], formulas):
            while expected < number:
                yield expected, SourceRow()
                expected += 1
            expected = number + 1
            while pending is not None and pending[0] < number:
                pending = next(links, None)  # a link on a row without cells has nothing to show
            while pending is not None and pending[0] == number:
                _, col, target = pending
                old = cells[col - 1] if col <= len(cells) else None
                text = "" if old is None or old.value is None else str(old.value)
                _place(cells, col, SourceCell(Link(text, target), old.style if old else 0))
                pending = next(links, None)
            yield number, cells

    def _parse_plain(self, path: str, formulas: bool) -> Iterator[tuple[int, SourceRow]]:
        # Tracker sheets are plain XML (no prefixes, CDATA or comments among the rows, which
        # _scan checked): regular expressions read them three times faster than a parser.
        dates = _Dates(self.wb)
        strings = self._strings
        number = 0
        shared: Formulas = {} if formulas else None
        rest = b""
        with self.archive.open(path) as src:
            while True:
                chunk = src.read(1 << 20)
                data = rest + chunk
                cut = len(data) if not chunk else data.rfind(b"</row>") + len(b"</row>")
                if cut < len(b"</row>") and chunk:
                    rest = data
                    continue
                text, rest = data[:cut].decode("utf-8"), data[cut:]
                for attrs, inner in _ROW_RE.findall(text):
                    found = _R_ATTR.search(attrs)
                    number = int(found.group(1)) if found else number + 1
                    cells = SourceRow()
                    height = _ROW_HEIGHT.search(attrs) if 'customHeight="1"' in attrs else None
                    cells.height = height.group(1) if height else None
                    cells.hidden = _ROW_HIDDEN.search(attrs) is not None
                    col = 0
                    found_cells = _CELL_ORDERED.findall(inner)
                    if len(found_cells) != inner.count("<c"):
                        found_cells = _CELL_RE.findall(inner)  # attributes in another order
                    for ref, style, kind, body in found_cells:
                        col = _next_column(ref, col)
                        sid = int(style) if style else 0
                        value: Any = None
                        if kind == "inlineStr":
                            if body.startswith("<is><t>") and body.count("<t") == 1:
                                value = body[7 : body.index("</t>")]
                            else:
                                value = "".join(_T_RE.findall(body))
                            if "&" in value:
                                value = html.unescape(value)
                        elif body:
                            value = _plain_value(body, kind, strings, shared, ref)
                            if sid:
                                value = dates.value(value, sid)
                        _place(cells, col, SourceCell(value, sid))
                    yield number, cells
                if not chunk:
                    break

    def _parse(self, path: str, formulas: bool) -> Iterator[tuple[int, SourceRow]]:
        # The hot loop of every master update (a cell of every row): kept flat on purpose.
        dates = _Dates(self.wb)
        strings = self._strings
        number = 0
        shared: Formulas = {} if formulas else None
        with self.archive.open(path) as src:
            for _, row in etree.iterparse(src, tag=_ROW, resolve_entities=False, huge_tree=True):
                number = int(row.get("r") or number + 1)
                cells = SourceRow()
                if row.get("customHeight") in ("1", "true"):
                    cells.height = row.get("ht")
                cells.hidden = row.get("hidden") in ("1", "true")
                col = 0
                for c in row:
                    ref = c.get("r")
                    col = _next_column(ref, col)
                    kind = c.get("t")
                    style = c.get("s")
                    sid = int(style) if style else 0
                    if kind == "inlineStr":
                        value: Any = "".join(c.itertext(_T))
                    else:
                        value = _value(c, kind, strings, shared, ref)
                        if sid:
                            value = dates.value(value, sid)
                    _place(cells, col, SourceCell(value, sid))
                row.clear()
                parent = row.getparent()
                while row.getprevious() is not None and parent is not None:
                    del parent[0]
                yield number, cells


_ROW = f"{_MAIN}row"
_C = f"{_MAIN}c"
_V = f"{_MAIN}v"
_F = f"{_MAIN}f"
_T = f"{_MAIN}t"
_SHEET_DATA_START = re.compile(rb"<([\w.-]+:)?sheetData(?=[\s/>])")
_SHEET_DATA_END = re.compile(rb"</(?:[\w.-]+:)?sheetData\s*>")
_KEEP = 256  # bytes kept between reads, so that a tag cut by a read is found whole


_DIGITS = "0123456789$"
# A row, a cell (attributes r, s, t in any order) and its text, value and formula parts.
_ROW_RE = re.compile(r"<row\b([^>]*?)(?:/>|>(.*?)</row>)", re.S)
_R_ATTR = re.compile(r'\br="(\d+)"')
_CELL_RE = re.compile(
    r'<c\b(?=[^>]*?\br="([^"]*)")?(?=[^>]*?\bs="([^"]*)")?(?=[^>]*?\bt="([^"]*)")?'
    r"[^>]*?(?:/>|>(.*?)</c>)",
    re.S,
)
# Excel and Accord write a cell's attributes in this order: one pattern without look-aheads.
_CELL_ORDERED = re.compile(
    r'<c r="([^"]*)"(?: s="([^"]*)")?(?: t="([^"]*)")?[^>]*?(?:/>|>(.*?)</c>)', re.S
)
_T_RE = re.compile(r"<t\b[^>]*>(.*?)</t>", re.S)
_V_RE = re.compile(r"<v\b[^>]*>(.*?)</v>", re.S)
_F_RE = re.compile(r"<f\b([^>]*?)(?:/>|>(.*?)</f>)", re.S)
_SI_RE = re.compile(r'\bsi="(\d+)"')
_COLUMNS: dict[str, int] = {}


class _Dates:
    """Turns the numbers of date-formatted cells into dates, each distinct number once."""

    def __init__(self, wb: Any) -> None:
        self._dates = wb._date_formats
        self._durations = wb._timedelta_formats
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


def _next_column(ref: str | None, previous: int) -> int:
    """Return a cell's column number from its reference, or the one after ``previous``."""
    if not ref:
        return previous + 1
    letters = ref.rstrip(_DIGITS)
    return _COLUMNS.get(letters) or _column(letters)


def _place(cells: SourceRow, col: int, cell: SourceCell) -> None:
    if len(cells) < col - 1:
        cells.extend([None] * (col - 1 - len(cells)))
    if len(cells) == col - 1:
        cells.append(cell)
    else:
        cells[col - 1] = cell


def _column(letters: str) -> int:
    index = _COLUMNS[letters] = int(column_index_from_string(letters.lstrip("$")))
    return index


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _drop(el: Any) -> None:
    # Cleared elements stay in their parent: without removing them, 30,000 links keep 30,000
    # empty elements alive until the end of the sheet.
    el.clear()
    parent = el.getparent()
    while parent is not None and el.getprevious() is not None:
        del parent[0]


def _formula(text: str | None, attributes: str, shared: Formulas, ref: str | None) -> Any:
    """Return the cell's formula; ``None`` when it has none (its value is then read)."""
    if shared is None:
        return None  # the caller wants values only
    si = _SI_RE.search(attributes) if 't="shared"' in attributes else None
    if text:
        formula = "=" + (html.unescape(text) if "&" in text else text)
        if si and ref:
            shared[si.group(1)] = (formula, ref)
        return Formula(formula)
    if si and ref and si.group(1) in shared:
        # Excel stores a formula filled down once, with the cells below pointing at it.
        origin_formula, origin = shared[si.group(1)]
        return Formula(Translator(origin_formula, origin=origin).translate_formula(ref))
    return None


def _plain_value(
    body: str, kind: str, strings: list[Any], shared: Formulas, ref: str | None
) -> Any:
    found_formula = _F_RE.search(body) if shared is not None else None
    if found_formula:
        formula = _formula(found_formula.group(2), found_formula.group(1), shared, ref)
        if formula is not None:
            return formula
    found = _V_RE.search(body)
    if found is None:
        return None
    raw = found.group(1)
    if "&" in raw:
        raw = html.unescape(raw)
    return _typed(raw, kind or None, strings)


def _typed(raw: str, kind: str | None, strings: list[Any]) -> Any:
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
        return _cast_number(raw)
    except ValueError:
        return raw


def _value(c: Any, kind: str | None, strings: list[Any], shared: Formulas, ref: str | None) -> Any:
    # Inline text (t="inlineStr") is read by the caller: Excel turns it into shared strings when
    # it saves, so only Accord's own files have it, without phonetic runs: every <t> is the text.
    raw = None
    for child in c:
        if child.tag == _V:
            raw = child.text
        elif shared is not None and child.tag == _F:
            attributes = " ".join(f'{k}="{v}"' for k, v in child.attrib.items())
            formula = _formula(child.text, attributes, shared, ref)
            if formula is not None:
                return formula
    if raw is None:
        return None
    return _typed(raw, kind, strings)


def _outside_rows(src: IO[bytes], plain: list[bool]) -> Iterator[tuple[str, dict[str, str]]]:
    """Return a sheet's <col> and <hyperlink> elements as (tag, attributes), skipping the rows.

    The rows are most of the file and hold neither, so the bytes between <sheetData> and its end tag
    are only searched for that end tag. Both elements are empty tags with plain attributes, read
    with a pattern: an XML parser here kept 20 MB per 150,000 links. ``plain[0]`` is set False when
    the rows use a namespace prefix, CDATA or comments (see ``_parse_plain``).
    """
    mode = "head"
    buf = b""
    while True:
        chunk = src.read(1 << 20)
        buf += chunk
        while True:
            if mode == "rows":
                if b"<!" in buf:
                    plain[0] = False
                found = _SHEET_DATA_END.search(buf)
                if found is None:
                    if not chunk:
                        raise ValueError("the sheet ends inside <sheetData>")
                    buf = buf[-_KEEP:]
                    break
                buf = buf[found.end() :]
                mode = "tail"
                continue
            start = _SHEET_DATA_START.search(buf) if mode == "head" else None
            if start is not None:
                close = buf.find(b">", start.end())
                if close < 0 and chunk:
                    break  # the start tag continues in the next read
                yield from _tags(buf[: start.start()])
                if start.group(1):
                    plain[0] = False
                mode = "tail" if buf[close - 1 : close] == b"/" else "rows"
                buf = buf[close + 1 :]
                continue
            # Up to the last complete tag; a head keeps its end in case <sheetData is cut.
            last = buf.rfind(b">") + 1 if chunk else len(buf)
            if mode == "head" and chunk:
                last = min(last, max(len(buf) - _KEEP, 0))
                last = buf.rfind(b">", 0, last) + 1
            yield from _tags(buf[:last])
            buf = buf[last:]
            break
        if not chunk:
            break


_TAG = re.compile(rb"<(?:[\w.-]+:)?(col|hyperlink)\b([^>]*)>")
_ATTR = re.compile(rb"""([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _tags(data: bytes) -> Iterator[tuple[str, dict[str, str]]]:
    for found in _TAG.finditer(data):
        attributes = {}
        for name, double, single in _ATTR.findall(found.group(2)):
            value = (double or single).decode("utf-8")
            local = name.decode("ascii").rsplit(":", 1)[-1] if b":" in name else name.decode()
            attributes[local] = html.unescape(value) if "&" in value else value
        yield found.group(1).decode(), attributes


class StyleCopier:
    """Maps a source workbook's cell style ids to equal styles in the workbook being written."""

    def __init__(self, source: SourceWorkbook, sheet: SheetWriter) -> None:
        self._src = source.wb
        self._sheet = sheet
        self._cache: dict[int, int] = {0: 0}

    def __call__(self, style: int) -> int:
        """Return the target style id of source style ``style``."""
        found = self._cache.get(style)
        if found is None:
            found = self._cache[style] = self._copy(style)
        return found

    def _copy(self, style: int) -> int:
        src, tgt = self._src, self._sheet.wb
        try:
            old = src._cell_styles[style]
        except IndexError:
            return 0
        new = StyleArray()
        new.fontId = tgt._fonts.add(src._fonts[old.fontId])
        new.fillId = tgt._fills.add(src._fills[old.fillId])
        new.borderId = tgt._borders.add(src._borders[old.borderId])
        new.alignmentId = tgt._alignments.add(src._alignments[old.alignmentId])
        new.protectionId = tgt._protections.add(src._protections[old.protectionId])
        new.numFmtId = old.numFmtId
        if old.numFmtId >= BUILTIN_FORMATS_MAX_SIZE:
            code = src._number_formats[old.numFmtId - BUILTIN_FORMATS_MAX_SIZE]
            new.numFmtId = tgt._number_formats.add(code) + BUILTIN_FORMATS_MAX_SIZE
        new.quotePrefix = old.quotePrefix
        new.pivotButton = old.pivotButton
        new.xfId = self._named(old.xfId)
        return self._sheet.add_style(new)

    def _named(self, xf: int) -> int:
        names = self._src._named_styles.names
        if not 0 < xf < len(names):
            return 0
        name = names[xf]
        if name not in self._sheet.wb._named_styles.names:
            try:
                self._sheet.style(named=name)  # registers a built-in style such as Hyperlink
            except ValueError:
                return 0  # a style HR made: the cell keeps its look, not the style's name
        return int(self._sheet.wb._named_styles.names.index(name))
