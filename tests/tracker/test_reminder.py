"""The Word digest: its look, its tables and how it groups what is due."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from accord.records import Kind
from accord.tracker import merge_batch
from accord.tracker.reminder import write_digest
from tests.tracker.builders import batch, entry

AS_OF = date(2026, 6, 1)


@pytest.fixture
def master(tmp_path: Path) -> Path:
    """A master tracker with deadlines overdue and due soon for two kinds and two owners."""
    offers = [
        entry("O-1", terms={"respond_by": "2026-05-29"}),
        entry("O-2", owner="Dana", terms={"respond_by": "2026-06-02"}),
    ]
    separations = [entry("S-1", terms={"consider_until": "2026-06-02"})]
    merge_batch(batch(tmp_path, "b-o", offers))
    merge_batch(batch(tmp_path, "b-s", separations, kind=Kind.SEPARATIONS, source="s.xlsx"))
    return tmp_path / "tracker.xlsx"


def _flags(table: Any) -> list[tuple[bool, bool]]:
    out = []
    for tr in table._tbl.tr_lst:
        pr = tr.trPr
        out.append(
            (
                pr is not None and pr.find(qn("w:cantSplit")) is not None,
                pr is not None and pr.find(qn("w:tblHeader")) is not None,
            )
        )
    return out


def test_the_word_digest_is_landscape_in_the_company_look(master: Path):
    document = docx.Document(write_digest(master.parent, AS_OF).docx)
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE and section.page_width > section.page_height
    assert [p.text for p in section.header.paragraphs] == [
        "Northwind Example Co.",
        "100 Harbor Street, Suite 400, Springfield",
    ]
    assert "Page" in section.footer.paragraphs[0].text


def test_digest_tables_have_fixed_widths_whole_rows_and_repeated_headers(master: Path):
    document = docx.Document(write_digest(master.parent, AS_OF).docx)
    for table in document.tables:
        assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        widths = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert len(set(widths)) > 1 and sum(widths) > 13000  # landscape text width, in twips
        flags = _flags(table)
        assert all(cant for cant, _ in flags) and flags[0][1]
        for row in table.rows[1:]:
            for i in (0, 2, 4):  # due date, record id, status: never broken mid-token
                assert row.cells[i]._tc.tcPr.find(qn("w:noWrap")) is not None


def test_the_digest_groups_by_owner_with_the_kind_as_a_heading_and_short_dates(master: Path):
    document = docx.Document(write_digest(master.parent, AS_OF).docx)
    header = [c.text for c in document.tables[0].rows[0].cells]
    assert header == ["Due", "What", "Record ID", "Name", "Status", "Next action"]
    first_due = document.tables[0].rows[1].cells[0].text
    assert first_due == "Jun 2"
    headings = [
        (p.style.name[-1], p.text)
        for p in document.paragraphs
        if p.style.name.startswith("Heading")
    ]
    assert headings == [
        ("1", "Dana"),
        ("2", "Offers"),
        ("3", "Due soon"),
        ("1", "Owner A"),
        ("2", "Offers"),
        ("3", "Overdue"),
        ("2", "Separations"),
        ("3", "Due soon"),
    ]
