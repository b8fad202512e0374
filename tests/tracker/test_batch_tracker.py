"""The batch tracker: one row per record, real dates, links, dropdown, highlighting, no formulas."""

from __future__ import annotations

import dataclasses
import json
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from accord.records import Kind
from accord.tracker import chunk_entries, write_batch_tracker
from accord.tracker.next_action import suggest
from tests.tracker.builders import entry, provenance

SEPARATION_TERMS = {
    "owbpa": True,
    "owbpa_group": False,
    "consideration_days": 21,
    "consider_until": "2026-06-22",
    "revocation_days": 7,
    "revocation_ends": "2026-06-29",
    "final_pay_due": None,
    "severance_payable_from": "2026-06-30",
}


def _write(tmp_path: Path, entries, kind: Kind = Kind.OFFERS) -> Path:
    path = tmp_path / "tracker.xlsx"
    write_batch_tracker(path, kind, entries, provenance("b-1", kind, "offers_june.xlsx"))
    return path


def _rows(path: Path) -> list[dict[str, object]]:
    ws = openpyxl.load_workbook(path).worksheets[0]
    header = [c.value for c in ws[1]]
    return [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]


def test_one_row_per_record_in_order(tmp_path: Path):
    path = _write(tmp_path, [entry("C-2"), entry("C-1"), entry("C-3")])
    assert [r["Record ID"] for r in _rows(path)] == ["C-2", "C-1", "C-3"]


def test_offer_deadlines_are_dates_with_a_date_format(tmp_path: Path):
    terms = {
        "respond_by": "2026-06-05",
        "start_date": "2026-07-01",
        "check_ins": ["2026-07-31", "2026-08-30", "2026-09-29"],
    }
    path = _write(tmp_path, [entry("C-1", terms=terms)])
    ws = openpyxl.load_workbook(path).worksheets[0]
    header = [c.value for c in ws[1]]
    for name, day in [
        ("Respond by", date(2026, 6, 5)),
        ("Start date", date(2026, 7, 1)),
        ("Check-in 1", date(2026, 7, 31)),
        ("Check-in 3", date(2026, 9, 29)),
    ]:
        cell = ws.cell(row=2, column=header.index(name) + 1)
        assert cell.value.date() == day
        assert cell.number_format == "yyyy-mm-dd"


def test_separation_terms_fill_their_columns_and_a_missing_final_pay_stays_empty(tmp_path: Path):
    path = _write(tmp_path, [entry("E-1", terms=SEPARATION_TERMS)], Kind.SEPARATIONS)
    (row,) = _rows(path)
    assert row["Consider until"].date() == date(2026, 6, 22)
    assert row["Revocation ends"].date() == date(2026, 6, 29)
    assert row["Severance payable from"].date() == date(2026, 6, 30)
    assert row["Final pay due"] is None
    assert row["Consideration days"] == 21
    assert row["OWBPA group program"] == "No"


def test_each_document_type_links_to_its_file(tmp_path: Path):
    path = _write(tmp_path, [entry("C-1", documents=("offer_letter", "negotiation_summary"))])
    ws = openpyxl.load_workbook(path).worksheets[0]
    header = [c.value for c in ws[1]]
    letter = ws.cell(row=2, column=header.index("Offer letter") + 1)
    summary = ws.cell(row=2, column=header.index("Negotiation summary") + 1)
    assert letter.hyperlink.target == "documents/C-1/offer_letter.docx"
    assert summary.hyperlink.target == "documents/C-1/negotiation_summary.docx"


def test_findings_show_in_words_with_severity_and_the_highest_severity(tmp_path: Path):
    long = (
        "New York City requires a pay range in job postings or on request, and pay_range_min / "
        "pay_range_max are empty; the letter goes out without a range."
    )
    findings = [
        {"code": "pay_range", "severity": "info", "message": long, "citation": "c"},
        {
            "code": "nlra_section7",
            "severity": "warning",
            "message": "NLRA: keep confidentiality narrow. The carve-out is included.",
            "citation": "c",
        },
    ]
    (row,) = _rows(_write(tmp_path, [entry("C-1", findings=findings)]))
    assert row["Findings"] == (
        "New York City requires a pay range in job postings or on request, and pay_range_min / "
        "pay_range_max\u2026 (info); NLRA: keep confidentiality narrow (warning)"
    )
    assert row["Highest severity"] == "warning"


def test_status_starts_awaiting_approval_with_a_dropdown_of_every_status(tmp_path: Path):
    ws = openpyxl.load_workbook(_write(tmp_path, [entry("C-1")])).worksheets[0]
    assert ws["E1"].value == "Status"
    assert ws["E2"].value == "Awaiting approval"
    (validation,) = ws.data_validations.dataValidation
    assert validation.formula1 == (
        '"Awaiting approval,Ready to send,Held,Rejected,'
        'Draft,Sent,Signed,Declined,Revoked,Complete,Withdrawn,Superseded"'
    )
    assert "E2:E1048576" in str(validation.sqref)


def test_header_is_frozen_and_filtered(tmp_path: Path):
    ws = openpyxl.load_workbook(_write(tmp_path, [entry("C-1"), entry("C-2")])).worksheets[0]
    assert ws.freeze_panes == "B2"
    assert ws.auto_filter.ref.startswith("A1:") and ws.auto_filter.ref.endswith("3")


def test_columns_are_wide_enough_for_their_values(tmp_path: Path):
    ws = openpyxl.load_workbook(_write(tmp_path, [entry("C-1", name="A" * 30)])).worksheets[0]
    assert ws.column_dimensions["B"].width >= 30


def test_deadlines_are_highlighted_when_overdue_and_when_due_within_three_business_days(
    tmp_path: Path,
):
    ws = openpyxl.load_workbook(_write(tmp_path, [entry("C-1")])).worksheets[0]
    rules = {str(cf.sqref): [r.formula[0] for r in cf.rules] for cf in ws.conditional_formatting}
    respond_by = rules["G2:G1048576"]
    assert any("G2<TODAY()" in f and '$E2="Signed"' in f for f in respond_by)
    assert any("G2<=WORKDAY(TODAY(),3,INDEX(Holidays!" in f for f in respond_by)
    start_date = rules["H2:H1048576"]
    assert not any("H2<TODAY()" in f for f in start_date), "a start date is never overdue"


def test_check_ins_are_highlighted_only_once_signed_or_started(tmp_path: Path):
    terms = {"respond_by": "2026-06-05", "start_date": "2026-07-01", "check_ins": ["2026-07-31"]}
    ws = openpyxl.load_workbook(_write(tmp_path, [entry("C-1", terms=terms)])).worksheets[0]
    header = [c.value for c in ws[1]]
    start = get_column_letter(header.index("Start date") + 1)
    check_in = get_column_letter(header.index("Check-in 1") + 1)
    rules = {str(cf.sqref): [r.formula[0] for r in cf.rules] for cf in ws.conditional_formatting}
    for formula in rules[f"{check_in}2:{check_in}1048576"]:
        assert '$E2="Signed"' in formula
        assert f"AND(ISNUMBER(${start}2),${start}2<=TODAY())" in formula


@pytest.mark.parametrize("value", ["=1+2", "+SUM(A1:A2)", "-2+3", "@SUM(A1)", '=HYPERLINK("x")'])
def test_values_that_look_like_formulas_are_written_as_text(tmp_path: Path, value: str):
    path = _write(tmp_path, [entry(value, name=value, owner=value)])
    (row,) = _rows(path)
    assert (row["Record ID"], row["Name"], row["Owner"]) == (value, value, value)
    with zipfile.ZipFile(path) as z:
        assert "<f>" not in z.read("xl/worksheets/sheet1.xml").decode()


def test_the_about_sheet_records_the_provenance(tmp_path: Path):
    wb = openpyxl.load_workbook(_write(tmp_path, [entry("C-1")]))
    about = dict(wb["About"].iter_rows(min_row=2, values_only=True))
    assert about["Batch"] == "b-1"
    assert about["Source file"] == "offers_june.xlsx"
    assert about["Rules version"] == "rules-1"
    assert about["Templates version"] == "templates-1"
    assert about["Rules as of"].date() == date(2026, 6, 1)


def test_the_about_sheet_shows_the_columns_to_check(tmp_path: Path):
    near = "Offers: column 'respnd by' is not recognised. Did you mean 'respond_by'?"
    prov = dataclasses.replace(provenance("b-1", Kind.OFFERS, "x.xlsx"), columns_to_check=near)
    write_batch_tracker(tmp_path / "tracker.xlsx", Kind.OFFERS, [entry("C-1")], prov)
    sheet = openpyxl.load_workbook(tmp_path / "tracker.xlsx")["About"]
    assert dict(sheet.values)["Columns to check"] == near
    (cell,) = [row[1] for row in sheet.iter_rows() if row[0].value == "Columns to check"]
    assert cell.alignment.wrap_text  # a sentence wraps in its cell instead of running off


def test_the_same_entries_give_the_same_bytes(tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    entries = [
        entry("C-1"),
        entry("C-2", findings=[{"code": "x", "severity": "info", "message": "", "citation": ""}]),
    ]
    first = _write(tmp_path / "a", entries).read_bytes()
    assert _write(tmp_path / "b", entries).read_bytes() == first


def test_entries_streamed_from_chunk_files_give_the_same_tracker_as_a_list(tmp_path: Path):
    entries = [entry(f"C-{n}", documents=("offer_letter", "welcome_note")) for n in range(7)]
    work = tmp_path / "work"
    work.mkdir()
    for c, start in enumerate(range(0, 7, 3)):
        chunk = {"records": entries[start : start + 3], "blocked": []}
        (work / f"chunk-{c:05d}.json").write_text(json.dumps(chunk), encoding="utf-8")
    (tmp_path / "a").mkdir()
    listed = _write(tmp_path / "a", entries).read_bytes()
    streamed = tmp_path / "streamed.xlsx"
    rows = write_batch_tracker(
        streamed,
        Kind.OFFERS,
        chunk_entries(work.glob("chunk-*.json")),
        provenance("b-1", Kind.OFFERS, "offers_june.xlsx"),
    )
    assert rows == 7
    assert streamed.read_bytes() == listed


def test_each_document_of_a_set_has_its_own_link_column(tmp_path: Path):
    docs = {
        "type": "appreciation_letter",
        "sha256": "0" * 64,
    }
    record = entry("A-1", documents=("staff_agreement",), terms={"effective_date": "2026-06-15"})
    record["documents"] += [
        docs | {"path": f"documents/A-1/appreciation_letter_party_{p}.docx"} for p in "ab"
    ]
    ws = openpyxl.load_workbook(_write(tmp_path, [record], Kind.AGREEMENTS)).worksheets[0]
    header = [c.value for c in ws[1]]
    links = {
        h: ws.cell(row=2, column=header.index(h) + 1).hyperlink.target
        for h in ("Appreciation letter (party A)", "Appreciation letter (party B)")
    }
    assert links == {
        "Appreciation letter (party A)": "documents/A-1/appreciation_letter_party_a.docx",
        "Appreciation letter (party B)": "documents/A-1/appreciation_letter_party_b.docx",
    }


def test_places_show_by_name_and_the_rules_hash_only_on_the_about_sheet(tmp_path: Path):
    path = _write(tmp_path, [entry("C-1", place=("US-CA-SF", "US-CA", "US"))])
    (row,) = _rows(path)
    assert row["Place"] == "San Francisco, CA"
    assert "Rules version" not in row and "Templates version" not in row
    about = dict(openpyxl.load_workbook(path)["About"].iter_rows(values_only=True))
    assert about["Rules version"] == "rules-1"


def test_a_new_offer_awaits_counsels_approval_then_suggests_sending_it_by_its_answer_date(
    tmp_path: Path,
):
    (row,) = _rows(_write(tmp_path, [entry("C-1")]))
    assert row["Next action"] == "Await counsel's approval (accord approve)"
    ready = {**row, "Status": "Ready to send"}
    assert suggest(ready) == "Send the offer; answer due 2026-06-05"


def test_the_tracker_prints_landscape_one_page_wide_with_the_header_on_every_page(
    tmp_path: Path,
):
    wb = openpyxl.load_workbook(_write(tmp_path, [entry("C-1")]))
    ws = wb.worksheets[0]
    assert ws.page_setup.orientation == "landscape"
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.print_title_rows == "$1:$1"


def test_header_cells_name_their_font_and_size(tmp_path: Path):
    ws = openpyxl.load_workbook(_write(tmp_path, [entry("C-1")])).worksheets[0]
    fonts = {(c.font.name, c.font.sz, c.font.b) for c in ws[1]}
    assert fonts == {("Calibri", 11, True)}


def test_the_appreciation_letter_follow_up_writes_is_linked_from_the_start(tmp_path: Path):
    later = {
        "type": "appreciation_letter",
        "path": "documents/C-1/appreciation_letter.docx",
        "written": "once Signed",
    }
    path = _write(tmp_path, [entry("C-1") | {"follow_up_documents": [later]}, entry("C-2")])
    ws = openpyxl.load_workbook(path)["Offers"]
    headers = [c.value for c in ws[1]]
    col = headers.index("Appreciation letter") + 1
    cell = ws.cell(row=2, column=col)
    assert (cell.value, cell.hyperlink.target) == ("Written when signed", later["path"])
    assert ws.cell(row=3, column=col).value is None
