"""Reading rendered .docx files back for the renderer's tests: visible text, element shapes,
stored zip bytes, and small templates built with python-docx."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import docx
from docx.document import Document as DocumentObject
from docx.table import Table, _Cell
from lxml import etree

from accord.documents.render import CompiledTemplate, render_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def document_text(data: bytes) -> list[str]:
    """Return the visible text of a .docx, one line per paragraph, cell, header, footer, note."""
    document = docx.Document(io.BytesIO(data))
    lines = _block_text(document)
    for number, section in enumerate(document.sections):
        for name in ("header", "first_page_header", "even_page_header", "footer"):
            lines += [f"s{number} {name}: {t}" for t in _block_text(getattr(section, name)) if t]
        for name in ("first_page_footer", "even_page_footer"):
            lines += [f"s{number} {name}: {t}" for t in _block_text(getattr(section, name)) if t]
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        if "word/footnotes.xml" in package.namelist():
            notes = etree.fromstring(package.read("word/footnotes.xml"))
            lines += ["note: " + "".join(t.text or "" for t in notes.iter(W + "t"))]
    lines.append(f"title: {document.core_properties.title}")
    return lines


def _block_text(block: Any) -> list[str]:
    lines = [paragraph.text for paragraph in block.paragraphs]
    for table in block.tables:
        lines += _table_text(table)
    return lines


def _table_text(table: Table) -> list[str]:
    # Cells are read from the XML: python-docx's grid view rejects horizontally merged loops.
    lines = []
    for row in table._tbl.tr_lst:
        for tc in row.tc_lst:
            cell = _Cell(tc, table)
            lines += ["| " + paragraph.text for paragraph in cell.paragraphs]
            for inner in cell.tables:
                lines += _table_text(inner)
    return lines


def element_signature(data: bytes, part: str) -> list[tuple[str, list[tuple[str, str]], str]]:
    """Return each element of a part as (name, attributes, text), whatever its prefixes."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        root = etree.fromstring(package.read(part))
    return [
        (el.tag, sorted(el.attrib.items()), el.text or "" if el.tag == W + "t" else "")
        for el in root.iter()
        if isinstance(el.tag, str)
    ]


def stored_bytes(data: bytes, name: str) -> bytes:
    """Return a zip member's compressed bytes exactly as stored."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        info = package.getinfo(name)
    start = info.header_offset
    skip = 30 + int.from_bytes(data[start + 26 : start + 28], "little")
    skip += int.from_bytes(data[start + 28 : start + 30], "little")
    return data[start + skip : start + skip + info.compress_size]


def build(path: Path, *paragraphs: str | list[str], header: str = "", footer: str = "") -> Path:
    """Write a .docx with one paragraph per item; a list becomes runs, every second one bold."""
    document: DocumentObject = docx.Document()
    for item in paragraphs:
        paragraph = document.add_paragraph()
        for number, text in enumerate([item] if isinstance(item, str) else item):
            paragraph.add_run(text).bold = number % 2 == 1
    if header:
        document.sections[0].header.paragraphs[0].text = header
    if footer:
        document.sections[0].footer.paragraphs[0].text = footer
    document.save(path)
    return path


def both_ways(path: Path, context: dict[str, Any]) -> list[str]:
    """Return the text the fast renderer makes, after checking docxtpl makes the same."""
    compiled = CompiledTemplate.compile(path)
    fast = document_text(compiled.render(context))
    assert compiled.mode == "fast"
    assert fast == document_text(render_docx(path, context))
    return fast
