"""Tables too long to build in python-docx, written into the saved .docx one row at a time.

python-docx keeps every table cell as a tree of XML elements: a 100,000-row table held about
500 MB. A :class:`LongTable` is added to the document as a header and one placeholder row; when the
document is saved, the placeholder's XML (as python-docx serialised it) becomes the pattern of each
row, and the rows are compressed into ``word/document.xml`` as they come. The result is the same
bytes that :func:`accord.documents.table.add_table` and ``save_docx`` give for the same rows.
"""

from __future__ import annotations

import io
import re
import secrets
import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from copy import deepcopy
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from docx.table import Table, _Cell
from lxml import etree

from accord.documents.table import add_table
from accord.ooxml.package import COMPRESSION_LEVEL, Package, core_part_name, normalise
from accord.ooxml.xml_text import xml_safe

_DOCUMENT = "word/document.xml"
_W_NS = ' xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
# Texts that python-docx's own cell setter writes differently (several runs, preserved spaces),
# and characters XML cannot hold, which it refuses: those cells go through python-docx.
_PLAIN = re.compile(r"[^\t\n\r\x00-\x1f\ud800-\udfff\ufffe\uffff]+")
# The zip layout of accord.ooxml.package: DOS date 1980-01-01, version 2.0, no extras.
_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHI")
_END = struct.Struct("<IHHHHIIH")
_DOS_DATE = (0 << 9) | (1 << 5) | 1
_UTF8_NAME = 0x800


class LongTable:
    """A grid table whose rows are written only when the document is saved with :func:`save`."""

    def __init__(
        self, document: Any, headers: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> None:
        # A marker no cell of the skeleton document holds by chance; it never reaches the output.
        self.marker = f"accord-rows-{secrets.token_hex(8)}-"
        self.width = len(headers)
        add_table(document, list(headers), [self._cells()])
        self.table: Table = document.tables[-1]
        self.rows = rows

    def _cells(self) -> list[str]:
        return [f"{self.marker}{n}." for n in range(self.width)]

    def _pattern(self, xml: str) -> tuple[int, int, list[tuple[str, str]], str, str]:
        """Return where the placeholder row is in ``xml``, and each cell's XML around its text."""
        cells = self._cells()
        first = xml.index(f"<w:t>{cells[0]}</w:t>")
        start = max(xml.rfind("<w:tr>", 0, first), xml.rfind("<w:tr ", 0, first))
        end = xml.index("</w:tr>", first) + len("</w:tr>")
        row = xml[start:end]
        opening = row[: row.index("<w:tc>")]
        closing = row[row.rindex("</w:tc>") + len("</w:tc>") :]
        parts = []
        for cell in cells:
            stop = row.index(f"<w:t>{cell}</w:t>")
            begin = row.rindex("<w:tc>", 0, stop)
            after = row.index("</w:tc>", stop) + len("</w:tc>")
            text_at = stop + len("<w:t>")
            parts.append((row[begin:text_at], row[text_at + len(cell) : after]))
        return start, end, parts, opening, closing

    def _row_xml(self, values: Sequence[Any], parts: list[tuple[str, str]]) -> Iterator[str]:
        for n, (value, (before, after)) in enumerate(zip(values, parts, strict=True)):
            text = xml_safe(value.isoformat() if isinstance(value, date) else str(value))
            if text and text.strip() == text and _PLAIN.fullmatch(text):
                yield before + escape(text) + after
            else:  # python-docx's rules, as add_table applies them
                tc = deepcopy(self.table._tbl.tr_lst[-1].tc_lst[n])
                _Cell(tc, self.table).text = text
                yield etree.tostring(tc, encoding="unicode").replace(_W_NS, "", 1)


def save(document: Any, path: Path, tables: Sequence[LongTable]) -> None:
    """Save ``document`` to ``path`` like ``save_docx``, with the rows of ``tables`` filled in."""
    buf = io.BytesIO()
    document.save(buf)
    package = Package(buf.getvalue())
    package = Package(normalise(package, core_part_name(package)))
    xml = package.read(_DOCUMENT).decode("utf-8")
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with tmp.open("wb") as out:
            _write_package(out, package, _document_pieces(xml, tables))
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    tmp.replace(path)


def _write_package(out: BinaryIO, package: Package, document: Iterable[bytes]) -> None:
    directory: list[bytes] = []
    for name in package.names:
        offset = out.tell()
        if name == _DOCUMENT:
            central = _write_streamed(out, name, document)
        else:
            member = package.raw(name)
            out.write(member.local)
            central = member.central
        directory.append(central + struct.pack("<I", offset) + name.encode("utf-8"))
    start = out.tell()
    entries = b"".join(directory)
    out.write(entries)
    out.write(_END.pack(0x06054B50, 0, 0, len(directory), len(directory), len(entries), start, 0))


def _write_streamed(out: BinaryIO, name: str, pieces: Iterable[bytes]) -> bytes:
    # The local header goes before the data but holds its size and checksum: written last.
    raw_name = name.encode("utf-8")
    header_at = out.tell()
    out.write(bytes(_LOCAL.size + len(raw_name)))
    packer = zlib.compressobj(COMPRESSION_LEVEL, zlib.DEFLATED, -15)
    crc = size = 0
    for piece in pieces:
        crc = zlib.crc32(piece, crc)
        size += len(piece)
        out.write(packer.compress(piece))
    out.write(packer.flush())
    end = out.tell()
    compressed = end - header_at - _LOCAL.size - len(raw_name)
    flags = 0 if raw_name.isascii() else _UTF8_NAME
    fields = (20, flags, zipfile.ZIP_DEFLATED, 0, _DOS_DATE, crc, compressed, size)
    out.seek(header_at)
    out.write(_LOCAL.pack(0x04034B50, *fields, len(raw_name), 0) + raw_name)
    out.seek(end)
    return _CENTRAL.pack(0x02014B50, 20, *fields, len(raw_name), 0, 0, 0, 0, 0)


def _document_pieces(xml: str, tables: Sequence[LongTable]) -> Iterator[bytes]:
    patterns = sorted(((t._pattern(xml), t) for t in tables), key=lambda item: item[0][0])
    done = 0
    for (start, end, parts, opening, closing), table in patterns:
        yield xml[done:start].encode("utf-8")
        batch: list[str] = []
        for values in table.rows:
            batch.append(opening)
            batch.extend(table._row_xml(values, parts))
            batch.append(closing)
            if len(batch) > 4096:
                yield "".join(batch).encode("utf-8")
                batch = []
        yield "".join(batch).encode("utf-8")
        done = end
    yield xml[done:].encode("utf-8")
