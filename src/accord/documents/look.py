"""The company look of Accord's own reports: the styled base ``templates/report/report.docx``.

The batch summary and the reminder digest start from it instead of python-docx's default, so they
carry the letterhead, fonts, heading styles and page numbers of the letters, and fixed-width
tables whose rows do not split across pages and whose header rows repeat.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import docx
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from accord.documents.wording import company
from accord.paths import TEMPLATES_DIR

BASE = TEMPLATES_DIR / "report" / "report.docx"
_PLACEHOLDERS = ("Company name", "Company address")


def company_document(*, landscape: bool = False) -> Any:
    """Return a new report document in the company look (landscape when asked)."""
    document = docx.Document(str(BASE))
    firm = company(TEMPLATES_DIR)
    for section in document.sections:
        for paragraph, key in zip(section.header.paragraphs, ("name", "address"), strict=False):
            for run in paragraph.runs:
                if run.text in _PLACEHOLDERS:
                    run.text = str(firm.get(key) or "")
        if landscape:
            width, height = section.page_width, section.page_height
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = height, width
            section.left_margin = section.right_margin = Cm(1.8)
    return document


def text_width_cm(document: Any) -> float:
    """Return the width between the margins of the document's first section, in cm."""
    section = document.sections[0]
    return float((section.page_width - section.left_margin - section.right_margin) / 360000)


def layout_table(table: Any, shares: Sequence[float], keep_whole: Sequence[int] = ()) -> None:
    """Give ``table`` fixed column widths (``shares`` of the text width, in proportion), rows
    that never split across pages, a header row repeated on each page, and cells of the
    ``keep_whole`` columns that never wrap (ids and dates are not broken mid-token)."""
    document_width = text_width_cm(table.part.document)
    total = sum(shares)
    widths = [int(document_width * s / total * 567) for s in shares]  # twips
    tbl = table._tbl
    pr = tbl.tblPr
    layout = pr.find(qn("w:tblLayout"))
    if layout is None:
        layout = OxmlElement("w:tblLayout")
        pr.append(layout)
    layout.set(qn("w:type"), "fixed")
    for col, width in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(width))
    for n, tr in enumerate(tbl.tr_lst):
        tr_pr = tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if n == 0:
            tr_pr.append(OxmlElement("w:tblHeader"))
        for i, (tc, width) in enumerate(zip(tr.tc_lst, widths, strict=True)):
            tc_pr = tc.get_or_add_tcPr()
            tc_w = tc_pr.get_or_add_tcW()
            tc_w.set(qn("w:type"), "dxa")
            tc_w.set(qn("w:w"), str(width))
            if i in keep_whole:
                tc_pr.append(OxmlElement("w:noWrap"))


def short_date(day: date) -> str:
    """Return a date as the reports print it: "Dec 4, 2026"."""
    return f"{day:%b} {day.day}, {day.year}"


def finding_name(code: str) -> str:
    """Return a finding's code as a reader names it: "pay_range_missing" -> "Pay range missing"."""
    words = code.replace("_", " ").strip()
    return words[:1].upper() + words[1:]
