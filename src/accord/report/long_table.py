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
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from copy import deepcopy
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from docx.table import Table, _Cell
from lxml import etree

from accord.documents.table import add_table
from accord.ooxml.atomic import atomic_write
from accord.ooxml.package import COMPRESSION_LEVEL, Package, core_part_name, normalise
from accord.ooxml.xml_text import xml_safe

_DOCUMENT = "word/document.xml"
_W_NS = ' xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
# Texts that python-docx's own cell setter writes differently (several runs, preserved spaces),
# and characters XML cannot hold, which it refuses: those cells go through python-docx.
_PLAIN = re.compile(r"[^\t\n\r\x00-\x1f\ud800-\udfff\ufffe\uffff]+")
# The date accord.ooxml.package gives every member: 1980-01-01 00:00, the first a zip holds.
_FIXED_DATE = (1980, 1, 1, 0, 0, 0)


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
    """Save ``document`` to ``path`` like ``save_docx``, with the rows of ``tables`` filled in.

    The package is written by stdlib ``zipfile`` with the fixed date and level of
    :mod:`accord.ooxml.package`, ``word/document.xml`` compressed as its rows come, atomically.
    """
    buf = io.BytesIO()
    document.save(buf)
    package = Package(buf.getvalue())
    package = Package(normalise(package, core_part_name(package)))
    xml = package.read(_DOCUMENT).decode("utf-8")
    with atomic_write(path) as out, zipfile.ZipFile(out, "w") as archive:
        for name in package.names:
            info = zipfile.ZipInfo(name, _FIXED_DATE)
            info.compress_type = package.infos[name].compress_type
            info.create_system = 0  # "made by" MS-DOS, as ooxml.package writes it
            if name == _DOCUMENT:
                # zlib's default level is 6, COMPRESSION_LEVEL: zipfile's when none is given.
                with archive.open(info, "w") as member:
                    for piece in _document_pieces(xml, tables):
                        member.write(piece)
            else:
                archive.writestr(info, package.read(name), compresslevel=COMPRESSION_LEVEL)
            # zipfile gives each member owner read/write permissions; the package records none.
            info.external_attr = 0


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
