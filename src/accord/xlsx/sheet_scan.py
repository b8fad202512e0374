"""What a worksheet holds outside its rows: column widths and hyperlinks, read with expat.

The rows are most of a sheet's XML and hold neither, and a sheet's links come after its rows, before
which the rows cannot be given their links. So the bytes between ``<sheetData>`` and its end tag are
skipped (only that end tag is looked for), and the head and tail around them, a well-formed sheet
with empty ``<sheetData>``, go through the XML parser.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from xml.parsers import expat

from openpyxl.utils.cell import range_boundaries

from accord.xlsx.xml_bytes import Readable

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_COL = f"{_MAIN} col"
_HYPERLINK = f"{_MAIN} hyperlink"
_SHEET_DATA_START = re.compile(rb"<([\w.-]+:)?sheetData(?=[\s/>])")
_SHEET_DATA_END = re.compile(rb"</(?:[\w.-]+:)?sheetData\s*>")
_KEEP = 256  # bytes kept between reads, so that a tag cut by a read is found whole

# (first column, last column, width or None, hidden)
ColumnSpan = tuple[int, int, float | None, bool]
# (row, column, relationship id or None, location or None): a link lands on its range's top left
LinkAt = tuple[int, int, str | None, str | None]


def without_rows(src: Readable) -> Iterator[bytes]:
    """Return the bytes of a worksheet part with everything inside ``<sheetData>`` left out.

    Raises ``ValueError`` when the sheet ends inside ``<sheetData>``.
    """
    mode = "head"
    buf = b""
    while True:
        chunk = src.read(1 << 20)
        buf += chunk
        if mode == "head":
            start = _SHEET_DATA_START.search(buf)
            close = buf.find(b">", start.end()) if start is not None else -1
            if close < 0:
                if not chunk:
                    yield buf  # no rows at all (or a broken tag the parser reports)
                    return
                keep = max(len(buf) - _KEEP, 0) if start is None else start.start()
                yield buf[:keep]
                buf = buf[keep:]
                continue
            yield buf[: close + 1]
            mode = "tail" if buf[close - 1 : close] == b"/" else "rows"
            buf = buf[close + 1 :]
        if mode == "rows":
            end = _SHEET_DATA_END.search(buf)
            if end is None:
                if not chunk:
                    raise ValueError("the sheet ends inside <sheetData>")
                buf = buf[-_KEEP:]
                continue
            buf = buf[end.start() :]
            mode = "tail"
        yield buf
        buf = b""
        if not chunk:
            return


def scan(
    src: Readable, on_column: Callable[[ColumnSpan], None], on_link: Callable[[LinkAt], None]
) -> None:
    """Parse a worksheet part outside its rows, calling back for each ``<col>`` and ``<hyperlink>``.

    Raises ``expat.ExpatError`` (a ``ValueError`` too when the rows never end) on a broken sheet.
    """

    def start(name: str, attrs: dict[str, str]) -> None:
        if name == _COL:
            width = attrs.get("width")
            first, last = int(attrs.get("min", 1)), min(int(attrs.get("max", 1)), 16_384)
            on_column((first, last, float(width) if width else None, _true(attrs.get("hidden"))))
        elif name == _HYPERLINK:
            col, row, _, _ = range_boundaries(attrs.get("ref", "A1").split()[0])
            rid = next((v for k, v in attrs.items() if k.endswith(" id")), None)
            on_link((row or 1, col or 1, rid, attrs.get("location")))

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    for data in without_rows(src):
        parser.Parse(data, False)
    parser.Parse(b"", True)


def _true(flag: str | None) -> bool:
    return flag in ("1", "true")
