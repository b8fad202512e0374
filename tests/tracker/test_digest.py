"""The reminder digest: exactly the open deadlines, per owner, read back from HR's edits."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest

from accord.errors import InputFileError, UsageError
from accord.records import Kind
from accord.tracker import follow_ups, merge_batch, read_master_rows, write_digest
from tests.tracker.builders import batch, entry

AS_OF = date(2026, 6, 1)  # a Monday: due soon runs to Thursday 4 June


def _edit(master: Path, title: str, edits: dict[str, dict[str, Any]]) -> None:
    wb = openpyxl.load_workbook(master)
    ws = wb[title]
    header = {c.value: c.column for c in ws[1]}
    for row in range(2, ws.max_row + 1):
        for column, value in edits.get(ws.cell(row=row, column=1).value, {}).items():
            ws.cell(row=row, column=header[column], value=value)
    wb.save(master)


@pytest.fixture
def master(tmp_path: Path) -> Path:
    """A master tracker with offers, separations and agreements, edited by HR."""
    offers = [
        entry("O-1", terms={"respond_by": "2026-05-29", "start_date": "2026-07-01"}),
        entry("O-2", terms={"respond_by": "2026-05-29", "start_date": "2026-06-04"}),
        entry("O-3", terms={"respond_by": "2026-06-04", "start_date": "2026-06-05"}),
        entry("O-4", terms={"respond_by": "2026-05-29"}),
        entry("O-5", terms={"respond_by": "2026-05-29"}),
        entry(
            "O-6",
            terms={"start_date": "2026-05-20", "check_ins": ["2026-05-25", "2026-06-24"]},
        ),
        entry("O-7", terms={"start_date": "2026-05-20", "check_ins": ["2026-05-25"]}),
        entry("O-8", owner="Owner B", terms={"respond_by": "2026-06-02"}),
    ]
    separations = [
        entry(
            "S-1",
            terms={
                "consider_until": "2026-06-02",
                "revocation_ends": "2026-06-03",
                "final_pay_due": "2026-05-29",
            },
        ),
        entry(
            "S-2",
            terms={
                "consider_until": "2026-05-25",
                "revocation_ends": "2026-06-03",
                "final_pay_due": "2026-05-29",
                "severance_payable_from": "2026-06-04",
            },
        ),
    ]
    agreements = [entry("A-1", terms={"effective_date": "2026-06-02", "check_ins": ["2026-07-02"]})]
    merge_batch(batch(tmp_path, "b-o", offers))
    merge_batch(batch(tmp_path, "b-s", separations, kind=Kind.SEPARATIONS, source="s.xlsx"))
    merge_batch(batch(tmp_path, "b-a", agreements, kind=Kind.AGREEMENTS, source="a.xlsx"))
    path = tmp_path / "tracker.xlsx"
    _edit(
        path,
        "Offers",
        {
            "O-2": {"Status": "Signed"},
            "O-4": {"Status": "Complete"},
            "O-5": {"Status": "Withdrawn"},
            "O-6": {"Status": "Signed", "Check-ins done": 0},
            "O-7": {"Signed on": datetime(2026, 5, 10), "Check-ins done": 1},
            "O-8": {"Owner override": "Dana"},
        },
    )
    _edit(
        path,
        "Separations",
        {"S-2": {"Status": "Signed", "Final pay made on": datetime(2026, 5, 28)}},
    )
    return path


def test_the_digest_lists_exactly_the_open_deadlines(master: Path):
    items = follow_ups(read_master_rows(master), AS_OF)
    assert [(i.owner, i.urgency, i.due.isoformat(), i.record_id, i.what) for i in items] == [
        ("Dana", "Due soon", "2026-06-02", "O-8", "Offer answer due (not signed yet)"),
        ("Owner A", "Overdue", "2026-05-25", "O-6", "Check-in 1 due"),
        ("Owner A", "Overdue", "2026-05-29", "O-1", "Offer answer due (not signed yet)"),
        ("Owner A", "Overdue", "2026-05-29", "S-1", "Final pay due"),
        ("Owner A", "Due soon", "2026-06-02", "A-1", "Agreement takes effect"),
        ("Owner A", "Due soon", "2026-06-02", "S-1", "Consideration period ends (not signed yet)"),
        ("Owner A", "Due soon", "2026-06-03", "S-2", "Revocation window closes"),
        ("Owner A", "Due soon", "2026-06-04", "O-2", "Start date"),
        ("Owner A", "Due soon", "2026-06-04", "O-3", "Offer answer due (not signed yet)"),
    ]


def test_the_digest_files_group_items_by_owner(master: Path):
    report = write_digest(master.parent, AS_OF)
    assert (report.overdue, report.due_soon, report.owners, report.records) == (3, 6, 2, 8)
    text = [p.text for p in docx.Document(report.docx).paragraphs]
    assert text[:2] == [
        "Follow-ups as of June 1, 2026",
        "3 overdue and 6 due within three business days. Records marked Complete or Withdrawn "
        "in the tracker are left out.",
    ]
    headings = [
        (p.style.name, p.text)
        for p in docx.Document(report.docx).paragraphs
        if p.style.name in ("Heading 1", "Heading 2")
    ]
    assert headings == [
        ("Heading 1", "Dana"),
        ("Heading 2", "Offers"),
        ("Heading 1", "Owner A"),
        ("Heading 2", "Agreements"),
        ("Heading 2", "Offers"),
        ("Heading 2", "Separations"),
    ]
    ws = openpyxl.load_workbook(report.xlsx).active
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 9
    assert rows[0][:3] == ("Dana", "Due soon", datetime(2026, 6, 2))
    assert Path(report.docx) == master.parent / "follow-ups" / "2026-06-01.docx"


def test_the_digest_is_the_same_bytes_when_written_twice(master: Path):
    first = write_digest(master.parent, AS_OF)
    docx_bytes = Path(first.docx).read_bytes()
    xlsx_bytes = Path(first.xlsx).read_bytes()
    second = write_digest(master.parent, AS_OF)
    assert Path(second.docx).read_bytes() == docx_bytes
    assert Path(second.xlsx).read_bytes() == xlsx_bytes


def test_without_a_master_tracker_the_digest_says_to_run_a_batch_first(tmp_path: Path):
    with pytest.raises(UsageError) as error:
        write_digest(tmp_path, AS_OF)
    assert str(error.value) == (
        f"There is no master tracker at {tmp_path / 'tracker.xlsx'} yet. Run `accord run` first, "
        "or pass the --out folder that holds tracker.xlsx."
    )


def test_a_damaged_master_tracker_is_named_with_the_fix(tmp_path: Path):
    (tmp_path / "tracker.xlsx").write_bytes(b"not a workbook")
    with pytest.raises(InputFileError) as error:
        write_digest(tmp_path, AS_OF)
    assert str(error.value) == (
        f"{tmp_path / 'tracker.xlsx'} cannot be read as a workbook (it may be damaged). Restore "
        "tracker.prev.xlsx over it and run again."
    )


@pytest.mark.parametrize(
    ("as_of", "due", "place", "urgency"),
    [
        (date(2026, 7, 1), date(2026, 7, 7), "California", "Due soon"),  # 3 July is a holiday
        (date(2026, 7, 1), date(2026, 7, 8), "California", None),
        (date(2027, 3, 29), date(2027, 4, 2), "California", "Due soon"),  # Cesar Chavez Day
        (date(2027, 3, 29), date(2027, 4, 2), "New York (State)", None),
        (date(2026, 6, 5), date(2026, 6, 10), "", "Due soon"),  # Friday: the weekend skipped
    ],
)
def test_due_soon_counts_three_business_days_with_the_places_public_holidays(
    as_of: date, due: date, place: str, urgency: str | None
):
    row = {"Record ID": "R-1", "Kind": "offers", "Status": "Sent", "Respond by": due}
    items = follow_ups([row | {"Place": place}], as_of)
    assert [i.urgency for i in items] == ([urgency] if urgency else [])


@pytest.mark.parametrize(
    ("header", "due", "status", "extra", "urgency"),
    [
        ("Respond by", date(2026, 5, 29), "Sent", {}, "Overdue"),
        ("Respond by", date(2026, 5, 29), "complete", {}, None),
        ("Respond by", date(2026, 6, 4), "Sent", {}, "Due soon"),
        ("Respond by", date(2026, 6, 5), "Sent", {}, None),
        ("Respond by", date(2026, 5, 29), "Sent", {"Signed on": date(2026, 5, 28)}, None),
        ("Start date", date(2026, 5, 29), "Signed", {}, None),
        ("Revocation ends", date(2026, 6, 2), "Sent", {}, None),
        ("Revocation ends", date(2026, 6, 2), "Sent", {"Signed on": date(2026, 5, 26)}, "Due soon"),
        ("Final pay due", date(2026, 6, 1), "Signed", {}, "Due soon"),
        ("Check-in 2", date(2026, 5, 29), "Signed", {"Check-ins done": "1"}, "Overdue"),
        ("Check-in 2", date(2026, 5, 29), "Signed", {"Check-ins done": 2}, None),
        # An unsigned offer has one live deadline, its answer date.
        ("Check-in 1", date(2026, 5, 29), "Sent", {"Start date": date(2026, 7, 6)}, None),
        ("Start date", date(2026, 6, 2), "Sent", {}, None),
        # Once its start date has passed, a record's check-ins count even unsigned.
        ("Check-in 1", date(2026, 5, 29), "Draft", {"Start date": date(2026, 5, 1)}, "Overdue"),
        ("Respond by", date(2026, 5, 29), "Declined", {}, None),
        ("Respond by", date(2026, 5, 29), "Withdrawn", {}, None),
    ],
)
def test_one_deadline_is_listed_only_while_it_needs_action(
    header: str, due: date, status: str, extra: dict[str, Any], urgency: str | None
):
    row = {"Record ID": "R-1", "Kind": "offers", "Owner": "A", "Status": status, header: due}
    items = follow_ups([row | extra], AS_OF)
    assert [i.urgency for i in items] == ([urgency] if urgency else [])


def test_the_digest_recomputes_next_action_from_status_and_dates():
    row = {
        "Record ID": "R-1",
        "Kind": "offers",
        "Status": "Signed",
        "Check-ins done": 1,
        "Check-in 1": date(2026, 5, 1),
        "Check-in 2": date(2026, 5, 29),
        "Next action": "Send the offer; answer due 2026-05-01",
    }
    (item,) = follow_ups([row], AS_OF)
    assert (item.what, item.next_action) == ("Check-in 2 due", "Signed: check in on 2026-05-29")
