"""Plain text of a .docx, in reading order: what golden files, reviews and PDF checks compare.

Headings are marked with ``#``, quotes with ``>``, bullets with ``-``, table rows as ``| a | b |``;
headers and footers come first, once per section.
"""

from __future__ import annotations

import io

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

_PREFIX = {
    "Title": "= ",
    "Subtitle": "== ",
    "Heading 1": "# ",
    "Heading 2": "## ",
    "Heading 3": "### ",
    "Quote": "> ",
    "List Bullet": "- ",
}


def _paragraph(par: Paragraph) -> str:
    text = par.text.strip()
    if not text:
        return ""
    style = par.style.name if par.style is not None else ""
    return _PREFIX.get(style, "") + text


def _table(table: Table) -> list[str]:
    lines = []
    for row in table.rows:
        cells = [
            " / ".join(p.text.strip() for p in c.paragraphs if p.text.strip()) for c in row.cells
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def docx_lines(data: bytes) -> list[str]:
    """Return the non-empty lines of text of the .docx ``data`` (headers and footers first)."""
    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    for section in document.sections:
        for label, part in (("header", section.header), ("footer", section.footer)):
            text = " ".join(p.text.strip() for p in part.paragraphs if p.text.strip())
            if text:
                lines.append(f"[{label}] {text}")
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            line = _paragraph(Paragraph(child, document))
            if line:
                lines.append(line)
        elif tag == "tbl":
            lines.append("[table]")
            lines.extend(_table(Table(child, document)))
            lines.append("[/table]")
    return lines


def docx_text(data: bytes) -> str:
    """Return :func:`docx_lines` joined with newlines, ending with one."""
    return "\n".join(docx_lines(data)) + "\n"
