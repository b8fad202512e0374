"""Writing a tracker workbook row by row, with memory that does not grow with the rows.

openpyxl's write-only mode keeps every hyperlink (and its relationship) in memory until the sheet is
closed, and spends several microseconds per cell on objects. Here openpyxl writes the workbook's shell
(styles, the workbook part, column widths, frozen panes, filter, dropdowns, highlighting, small sheets)
in write-only mode, while the rows of the big sheets, their ``<hyperlinks>`` and the sheet's
relationships are written as XML to temporary files and spliced into the zip when openpyxl saves.
Every zip member gets a fixed timestamp and the core properties fixed dates, so that the same rows give
the same bytes.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.writer.excel import ExcelWriter

from accord.ooxml.atomic import atomic_write
from accord.ooxml.properties import fix_core_properties
from accord.ooxml.xml_text import xml_safe
from accord.xlsx import openpyxl_private as private
from accord.xlsx.guard import FORMULA_START

DATE_FORMAT = "yyyy-mm-dd"
# Named and sized: with only "bold", LibreOffice showed headers in its default serif, cut off.
HEADER_FONT = Font(name="Calibri", size=11, bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_CORE = "docProps/core.xml"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_HYPERLINK_REL = f"{_REL_NS}/hyperlink"
# Where <hyperlinks> goes in a worksheet's tail: before the first of these that openpyxl wrote.
_AFTER_DIMENSION = (b"<sheetViews", b"<sheetFormatPr", b"<cols", b"<sheetData")
_AFTER_HYPERLINKS = (b"<printOptions", b"<pageMargins", b"<pageSetup", b"<headerFooter")


@dataclass(frozen=True)
class Link:
    """A cell that shows ``text`` and opens ``target`` (a path relative to the workbook).

    A target starting with ``#`` is a place inside the workbook (``#Sheet!A1``).
    """

    text: str
    target: str


@dataclass(frozen=True)
class Formula:
    """A formula HR wrote in the master tracker, kept as it is (``text`` starts with ``=``)."""

    text: str


# How many distinct texts a sheet keeps escaped at once (a few MB at most).
_DISTINCT_TEXTS = 20_000


def _text_cell(ref: str, style: int, text: str) -> str:
    # A character XML cannot hold makes the file unreadable to Excel, LibreOffice and openpyxl:
    # one rule (accord.ooxml.xml_text) for every value, whether it came from intake or from HR.
    text = xml_safe(text)
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'


class SheetWriter:
    """The rows of one write-only worksheet, kept as XML in temporary files until the save."""

    def __init__(self, wb: Workbook, title: str, index: int | None = None) -> None:
        self.wb = wb
        self.ws = wb.create_sheet(title, index)
        self.rows = 0
        self.columns = 0
        self._letters: list[str] = [""]
        # Open until save_workbook (or close) ends them: they outlive any one with block.
        self._rows: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        self._links: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        self._rels: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        self._link_count = 0
        self._serials: dict[Any, int | float] = {}
        self._texts: dict[tuple[int, str], str] = {}
        self.header_style = self.style(font=HEADER_FONT, fill=HEADER_FILL)
        self.date_style = self.style(number_format=DATE_FORMAT)
        self.link_style = self.style(named="Hyperlink")
        self.quote_style = self.style(quotePrefix=True)

    def style(self, named: str | None = None, **attributes: Any) -> int:
        """Return the id of a cell style with ``attributes`` (font=, fill=, number_format=, ...)."""
        cell = WriteOnlyCell(self.ws)
        if named:
            cell.style = named
        for name, value in attributes.items():
            setattr(cell, name, value)
        return private.add_cell_style(self.wb, private.cell_style_array(cell))

    def add_style(self, array: StyleArray) -> int:
        """Return the id of a style array already built on this workbook's lists."""
        return private.add_cell_style(self.wb, array)

    def _letter(self, col: int) -> str:
        while len(self._letters) <= col:
            self._letters.append(get_column_letter(len(self._letters)))
        return self._letters[col]

    def append(
        self,
        values: Sequence[Any],
        styles: Sequence[int | None] | None = None,
        height: str | None = None,
        hidden: bool = False,
    ) -> None:
        """Write the next row: text never becomes a formula, dates get a date format.

        ``styles`` gives a cell style id per value; ``None`` (or no list) picks Accord's own style
        for the value (dates, links and formula-looking text have one, the rest none). ``height``
        (in points) and ``hidden`` keep the look HR gave a row.
        """
        self.rows += 1
        r = self.rows
        look = f' ht="{escape(height)}" customHeight="1"' if height else ""
        look += ' hidden="1"' if hidden else ""
        parts = [f'<row r="{r}"{look}>']
        for index, value in enumerate(values):
            style = styles[index] if styles is not None and index < len(styles) else None
            if value is None and not style:
                continue
            col = index + 1
            self.columns = max(self.columns, col)
            parts.append(self._cell(f"{self._letter(col)}{r}", value, style))
        parts.append("</row>")
        self._rows.write("".join(parts).encode("utf-8"))

    def _cell(self, ref: str, value: Any, style: int | None) -> str:
        if isinstance(value, str):
            if style is None:
                style = self.quote_style if value.startswith(FORMULA_START) else 0
            return self._text(ref, style, value)
        if isinstance(value, Link):
            self._link(ref, value.target)
            return self._text(ref, self.link_style if style is None else style, value.text)
        if value is None:
            return f'<c r="{ref}" s="{style}"/>'
        if isinstance(value, bool):
            return f'<c r="{ref}" s="{style or 0}" t="b"><v>{int(value)}</v></c>'
        if isinstance(value, int | float):
            if value != value or value in (float("inf"), float("-inf")):
                return _text_cell(ref, style or 0, str(value))
            return f'<c r="{ref}" s="{style or 0}"><v>{value!r}</v></c>'
        if isinstance(value, datetime | date | time | timedelta):
            serial = self._serials.get(value)
            if serial is None:  # a batch has few distinct dates: each is converted once
                if len(self._serials) > 10_000:
                    self._serials.clear()
                serial = to_excel(value)
                if isinstance(serial, float) and serial.is_integer():
                    serial = int(serial)
                self._serials[value] = serial
            return f'<c r="{ref}" s="{self.date_style if style is None else style}"><v>{serial}</v></c>'
        if isinstance(value, Formula):
            return f'<c r="{ref}" s="{style or 0}"><f>{escape(xml_safe(value.text[1:]))}</f></c>'
        return _text_cell(ref, style or 0, str(value))

    def _text(self, ref: str, style: int, text: str) -> str:
        # A tracker repeats most of its texts (status, kind, batch, place, "Open"): each distinct
        # one is cleaned and escaped once, and only the cell reference differs.
        key = (style, text)
        tail = self._texts.get(key)
        if tail is None:
            if len(self._texts) > _DISTINCT_TEXTS:
                self._texts.clear()
            tail = self._texts[key] = _text_cell("", style, text).removeprefix('<c r=""')
        return f'<c r="{ref}"{tail}'

    def _link(self, ref: str, target: str) -> None:
        if target.startswith("#"):
            self._links.write(
                f'<hyperlink ref="{ref}" location={quoteattr(xml_safe(target[1:]))}/>'.encode()
            )
            return
        self._link_count += 1
        rid = f"rId{self._link_count}"
        self._links.write(f'<hyperlink ref="{ref}" r:id="{rid}"/>'.encode())
        self._rels.write(
            f'<Relationship Id="{rid}" Type="{_HYPERLINK_REL}" Target={quoteattr(xml_safe(target))} '
            'TargetMode="External"/>'.encode()
        )

    def filter_all(self) -> None:
        """Filter over every column and row written (at least one row below the header)."""
        last = get_column_letter(max(self.columns, 1))
        self.ws.auto_filter.ref = f"A1:{last}{max(self.rows, 2)}"

    def member(self, shell: bytes, out: IO[bytes]) -> None:
        """Write the sheet part: openpyxl's ``shell`` (no rows) with the rows and links put in."""
        for empty in (b"<sheetData/>", b"<sheetData></sheetData>", b"<sheetData />"):
            at = shell.find(empty)
            if at >= 0:
                head, tail = shell[:at], shell[at + len(empty) :]
                break
        else:  # pragma: no cover - openpyxl always writes an empty sheetData for a rowless sheet
            raise ValueError("the worksheet shell has no empty sheetData")
        if self.rows:
            # Readers (openpyxl's read-only mode among them) size a sheet from <dimension>;
            # without it they parse the whole sheet first.
            last = f"{get_column_letter(max(self.columns, 1))}{self.rows}"
            at = min(head.find(t) for t in _AFTER_DIMENSION if t in head)
            head = head[:at] + f'<dimension ref="A1:{last}"/>'.encode() + head[at:]
        out.write(head + b"<sheetData>")
        _copy(self._rows, out)
        out.write(b"</sheetData>")
        if self._links.tell():
            cut = min((tail.find(t) for t in _AFTER_HYPERLINKS if t in tail), default=-1)
            if cut < 0:
                cut = tail.rfind(b"</worksheet>")
            out.write(tail[:cut] + f'<hyperlinks xmlns:r="{_REL_NS}">'.encode())
            _copy(self._links, out)
            out.write(b"</hyperlinks>" + tail[cut:])
        else:
            out.write(tail)

    @property
    def relationships_count(self) -> int:
        """Return how many external links the sheet has (each is one relationship)."""
        return self._link_count

    def relationships(self, out: IO[bytes]) -> None:
        """Write the sheet's relationships part (only called when it has some)."""
        out.write(
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        )
        _copy(self._rels, out)
        out.write(b"</Relationships>")

    def close(self) -> None:
        """Remove the temporary files."""
        for fh in (self._rows, self._links, self._rels):
            fh.close()


def _copy(source: IO[bytes], out: IO[bytes]) -> None:
    source.flush()
    source.seek(0)
    shutil.copyfileobj(source, out, 1 << 20)


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    return info


class _FixedZip(zipfile.ZipFile):
    """A zip that stamps every member 1980-01-01 and puts the streamed sheets' rows in."""

    def __init__(self, file: IO[bytes], sheets: dict[str, SheetWriter]) -> None:
        super().__init__(file, "w", zipfile.ZIP_DEFLATED)
        self._sheets = sheets

    def writestr(  # type: ignore[override]
        self, zinfo_or_arcname: str | zipfile.ZipInfo, data: str | bytes, *args: Any, **kw: Any
    ) -> None:
        name = getattr(zinfo_or_arcname, "filename", zinfo_or_arcname)
        raw = data.encode("utf-8") if isinstance(data, str) else data
        if name == _CORE:
            raw = fix_core_properties(raw)
        super().writestr(_info(str(name)), raw)

    def write(  # type: ignore[override]
        self, filename: str | os.PathLike[str], arcname: str | None = None, *args: Any, **kw: Any
    ) -> None:
        name = arcname or os.fspath(filename)
        sheet = self._sheets.get(name)
        with self.open(_info(name), "w") as out:
            if sheet is None:
                with Path(filename).open("rb") as src:
                    shutil.copyfileobj(src, out, 1 << 20)
            else:
                sheet.member(Path(filename).read_bytes(), out)
        if sheet is not None and sheet.relationships_count:
            folder, leaf = name.rsplit("/", 1)
            with self.open(_info(f"{folder}/_rels/{leaf}.rels"), "w") as out:
                sheet.relationships(out)


def save_workbook(wb: Workbook, path: Path, sheets: list[SheetWriter]) -> None:
    """Write the write-only workbook to ``path`` (temporary file, fsync, one rename)."""
    by_name = {f"xl/worksheets/sheet{wb.worksheets.index(s.ws) + 1}.xml": s for s in sheets}
    wb.properties.lastModifiedBy = None
    wb.properties.revision = None
    try:
        with atomic_write(path) as fh, _FixedZip(fh, by_name) as archive:
            ExcelWriter(wb, archive).write_data()
    finally:
        for sheet in sheets:
            sheet.close()
