"""The batch summary opens in Word terms and states the right counts, findings and deadlines."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn

from accord.report.summary import write_batch_summary


def _record(rid: str, place: str, terms: dict[str, Any], findings=(), docs=("offer_letter",)):
    return {
        "row": 2,
        "record_id": rid,
        "jurisdiction": [place, "US"],
        "terms": terms,
        "findings": list(findings),
        "documents": [{"type": t, "path": f"documents/{rid}/{t}.docx", "sha256": ""} for t in docs],
    }


SALARY_HISTORY = {
    "code": "salary_history_ban",
    "severity": "error",
    "message": "Prior pay may not be asked about or used here.",
    "citation": "Cal. Lab. Code section 432.3",
}
PAY_RANGE = {
    "code": "pay_range_missing",
    "severity": "warning",
    "message": "The offer must show the pay range.",
    "citation": "Colo. Rev. Stat. section 8-5-201",
}

MANIFEST: dict[str, Any] = {
    "accord_version": "0.1.0",
    "batch_id": "offers_june-0123456789ab",
    "kind": "offers",
    "input": {"name": "offers_june.xlsx", "sha256": "0123456789ab" + "0" * 52, "sheet": "Sheet1"},
    "as_of": "2026-06-01",
    "rules_version": "rules-1",
    "templates_version": "templates-1",
    "records": [
        _record(
            "C-1",
            "US-CO",
            {"respond_by": "2026-06-05", "start_date": "2026-07-06", "check_ins": ["2026-08-05"]},
            [PAY_RANGE],
            ("offer_letter", "negotiation_summary"),
        ),
        _record("C-2", "US-CO", {"respond_by": "2026-06-08", "start_date": "2026-06-15"}),
        _record("C-3", "US-NY-NYC", {"respond_by": "2026-07-20"}, [PAY_RANGE]),
    ],
    "rejected": [
        {
            "row": 5,
            "record_id": "C-4",
            "errors": [
                {"column": "prior_salary", "value": "98765", "message": "must not be collected"}
            ],
        },
        {
            "row": 6,
            "record_id": "C-5",
            "errors": [{"column": "salary_history_ban", "value": "", "message": "blocked"}],
        },
    ],
}
BLOCKED = [{**_record("C-5", "US-CA", {}, [SALARY_HISTORY], ()), "name": "Secret Name"}]


@pytest.fixture
def summary(tmp_path: Path) -> Any:
    path = tmp_path / "summary.docx"
    write_batch_summary(path, MANIFEST, BLOCKED)
    return docx.Document(str(path))


def _tables(document: Any) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]


def test_the_summary_states_the_counts_by_kind_and_document_type(summary: Any):
    tables = _tables(summary)
    assert tables[0] == [
        ["Kind", "Rows read", "With documents", "Rejected rows"],
        ["offers", "5", "3", "2"],
    ]
    assert tables[1] == [
        ["Document type", "Documents"],
        ["negotiation summary", "1"],
        ["offer letter", "3"],
        ["Total", "4"],
    ]


def test_the_summary_lists_the_places_covered(summary: Any):
    assert _tables(summary)[2] == [
        ["Place", "Code", "Records"],
        ["Colorado", "US-CO", "2"],
        ["California", "US-CA", "1"],
        ["New York City, NY", "US-NY-NYC", "1"],
    ]


def test_findings_are_grouped_by_severity_with_citations(summary: Any):
    tables = _tables(summary)
    assert tables[3] == [
        ["Finding", "Records", "What it means", "Citation"],
        ["Salary history ban", "1", SALARY_HISTORY["message"], SALARY_HISTORY["citation"]],
    ]
    assert tables[4][1] == ["Pay range missing", "2", PAY_RANGE["message"], PAY_RANGE["citation"]]
    headings = [p.text for p in summary.paragraphs if p.style.name == "Heading 2"]
    assert headings == ["Errors (documents withheld)", "Warnings"]


def test_rejected_rows_give_reasons_but_never_the_values(summary: Any, tmp_path: Path):
    assert _tables(summary)[5] == [
        ["Row", "Record ID", "Column", "Reason"],
        ["5", "C-4", "prior_salary", "must not be collected"],
        ["6", "C-5", "salary_history_ban", "blocked"],
    ]
    with zipfile.ZipFile(tmp_path / "summary.docx") as z:
        body = z.read("word/document.xml").decode()
    assert "98765" not in body and "Secret Name" not in body


def test_deadlines_of_the_next_thirty_days_are_listed_in_date_order(summary: Any):
    assert _tables(summary)[6] == [
        ["Date", "Record ID", "Deadline"],
        ["Jun 5, 2026", "C-1", "Respond by"],
        ["Jun 8, 2026", "C-2", "Respond by"],
        ["Jun 15, 2026", "C-2", "Start date"],
    ]


def test_the_summary_holds_the_chart_of_deadlines_per_week(summary: Any):
    (image,) = [r for r in summary.part.rels.values() if "image" in r.reltype]
    assert image.target_part.blob.startswith(b"\x89PNG")


def test_the_same_manifest_gives_the_same_bytes(tmp_path: Path):
    write_batch_summary(tmp_path / "a.docx", MANIFEST, BLOCKED)
    write_batch_summary(tmp_path / "b.docx", MANIFEST, BLOCKED)
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()


def test_the_summary_has_the_company_look_and_fixed_table_widths(summary: Any):
    section = summary.sections[0]
    assert [p.text for p in section.header.paragraphs] == [
        "Northwind Example Co.",
        "100 Harbor Street, Suite 400, Springfield",
    ]
    for table in summary.tables:
        layout = table._tbl.tblPr.find(qn("w:tblLayout"))
        assert layout is not None and layout.get(qn("w:type")) == "fixed"
        assert table._tbl.tr_lst[0].trPr.find(qn("w:tblHeader")) is not None
        assert all(tr.trPr.find(qn("w:cantSplit")) is not None for tr in table._tbl.tr_lst)


def test_a_header_close_to_a_known_column_is_shown_with_the_findings(tmp_path: Path):
    near = "Offers: column 'respnd by' is not recognised. Did you mean 'respond_by'?"
    path = tmp_path / "summary.docx"
    write_batch_summary(path, {**MANIFEST, "near_misses": [near]}, BLOCKED)
    texts = [p.text for p in docx.Document(str(path)).paragraphs]
    assert texts[texts.index("Findings") + 1] == f"Column to check: {near}"
