"""`accord report`: the follow-up report across batches, read back from its workbook and chart."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pypdf
import pytest

from accord.errors import UsageError
from accord.records import Kind
from accord.tracker import merge_batch
from accord.tracker.report import write_report
from tests.tracker.builders import batch, entry

AS_OF = date(2026, 7, 20)
CHECK_INS = {"effective_date": "2026-06-10", "check_ins": ["2026-07-10", "2026-08-09"]}


def _hr_edits(master: Path, edits: dict[str, dict[str, Any]]) -> None:
    """Record HR's work in the master tracker as HR would, cell by cell."""
    wb = openpyxl.load_workbook(master)
    for ws in wb.worksheets:
        header = {c.value: c.column for c in ws[1]}
        for row in range(2, ws.max_row + 1):
            for column, value in edits.get(ws.cell(row=row, column=1).value, {}).items():
                ws.cell(row=row, column=header[column], value=value)
    wb.save(master)


def worked_master(tmp_path: Path) -> Path:
    """Return a folder whose master tracker has two offer batches and an agreements batch merged,
    with HR's statuses and dates."""
    merge_batch(batch(tmp_path, "b-1", [entry(f"C-{n}", owner="Ana") for n in range(1, 4)]))
    places = {"C-4": ("US-NY-NYC", "US-NY", "US"), "C-5": ("US-NY-NYC", "US-NY", "US")}
    merge_batch(
        batch(
            tmp_path,
            "b-2",
            [entry(r, owner="Ben", place=p) for r, p in places.items()],
            source="offers_july.xlsx",
        )
    )
    agreements = [entry("A-1", owner="Ana", terms=CHECK_INS), entry("A-2", terms=CHECK_INS)]
    merge_batch(
        batch(tmp_path, "b-3", agreements, kind=Kind.AGREEMENTS, source="agreements_june.xlsx")
    )
    sent = datetime(2026, 6, 2)
    _hr_edits(
        tmp_path / "tracker.xlsx",
        {
            "C-1": {"Status": "Signed", "Sent on": sent, "Signed on": datetime(2026, 6, 6)},
            "C-2": {"Status": "Signed", "Sent on": sent, "Signed on": datetime(2026, 6, 12)},
            "C-3": {"Status": "Declined", "Sent on": sent},
            "C-4": {"Status": "Signed", "Sent on": sent, "Signed on": datetime(2026, 6, 22)},
            "C-5": {"Status": "Sent", "Sent on": sent},
            "A-1": {"Status": "Signed", "Sent on": sent, "Signed on": datetime(2026, 6, 9)},
            "A-2": {"Status": "Complete"},
        },
    )
    return tmp_path


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """A master tracker HR has worked on (see :func:`worked_master`)."""
    return worked_master(tmp_path)


def _sheet(path: Path, title: str) -> list[tuple[Any, ...]]:
    return list(openpyxl.load_workbook(path)[title].iter_rows(values_only=True))


def test_the_report_counts_offers_sent_accepted_and_declined_across_batches(out: Path):
    _, workbook, _ = write_report(out, AS_OF)
    assert workbook == out / "report" / "2026-07-20.xlsx"
    assert _sheet(workbook, "Offers") == [
        ("Offers", "Count"),
        ("Not sent yet", 0),
        ("Sent, no answer", 1),
        ("Accepted", 3),
        ("Declined", 1),
        ("Withdrawn", 0),
    ]


def test_time_from_sent_to_signed_is_a_median_by_place_and_by_owner(out: Path):
    report, workbook, _ = write_report(out, AS_OF)
    assert report.median_days == 8.5  # 4, 7 (the agreement), 10 and 20 days
    assert _sheet(workbook, "Time to sign by place") == [
        ("Place", "Signed", "Median days"),
        ("New York City, NY", 1, 20),
        ("California", 3, 7),
    ]
    assert _sheet(workbook, "Time to sign by owner") == [
        ("Owner", "Signed", "Median days"),
        ("Ben", 1, 20),
        ("Ana", 3, 7),
    ]


def test_overdue_follow_ups_are_counted_by_owner(out: Path):
    _, workbook, _ = write_report(out, AS_OF)
    # C-5's answer date passed unanswered; A-1 signed, its first check-in (10 July) not done.
    assert _sheet(workbook, "Follow-ups by owner") == [
        ("Owner", "Overdue", "Due soon"),
        ("Ana", 1, 0),
        ("Ben", 1, 0),
    ]


def test_open_agreements_list_their_check_ins_and_closed_ones_do_not(out: Path):
    _, workbook, _ = write_report(out, AS_OF)
    rows = _sheet(workbook, "Open agreements")
    assert rows[0][:8] == (
        "Record ID",
        "Owner",
        "Status",
        "Effective date",
        "Check-ins",
        "Done",
        "Next check-in",
        "Overdue check-ins",
    )
    assert rows[1:] == [
        ("A-1", "Ana", "Signed", datetime(2026, 6, 10), 2, 0, datetime(2026, 7, 10), 1)
    ]


def test_the_chart_is_one_pdf_page_of_record_ids_and_owners_never_names(out: Path):
    _, _, chart = write_report(out, AS_OF)
    assert chart == out / "report" / "2026-07-20.pdf"
    reader = pypdf.PdfReader(chart)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for words in ("Offers", "Sent to signed, by place", "Open agreements", "A-1", "New York City"):
        assert words in text, words
    assert "Test Person" not in text


def test_the_same_tracker_gives_the_same_report_bytes(out: Path):
    _, workbook, chart = write_report(out, AS_OF)
    first = workbook.read_bytes(), chart.read_bytes()
    write_report(out, AS_OF)
    assert (workbook.read_bytes(), chart.read_bytes()) == first


def test_without_a_master_tracker_the_report_says_to_run_a_batch_first(tmp_path: Path):
    with pytest.raises(UsageError) as error:
        write_report(tmp_path, AS_OF)
    assert str(error.value).startswith(f"There is no master tracker at {tmp_path / 'tracker.xlsx'}")
