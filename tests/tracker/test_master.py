"""The master tracker: upsert by (kind, record id), HR's columns kept, locked and damaged files."""

from __future__ import annotations

import multiprocessing
import os
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter

from accord.lock import FileLock
from accord.records import Kind
from accord.tracker import apply_pending, merge_batch
from accord.tracker.master import lock_path, opens
from tests.tracker.builders import batch, entry


def _sheet(master: Path, title: str = "Offers") -> dict[str, dict[str, Any]]:
    ws = openpyxl.load_workbook(master)[title]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]
    return {r["Record ID"]: r for r in rows if r["Record ID"]}


def _hr_edits(master: Path) -> None:
    """Edit the master the way HR would, with openpyxl, and add a column of HR's own."""
    wb = openpyxl.load_workbook(master)
    ws = wb["Offers"]
    header = {c.value: c.column for c in ws[1]}
    extra = ws.max_column + 1
    ws.cell(row=1, column=extra, value="HR comments")
    for row in range(2, ws.max_row + 1):
        if ws.cell(row=row, column=header["Record ID"]).value == "C-1":
            ws.cell(row=row, column=header["Status"], value="Signed")
            ws.cell(row=row, column=header["Owner override"], value="Dana")
            ws.cell(row=row, column=header["Next action"], value="Book the laptop")
            ws.cell(row=row, column=header["Notes"], value="Asked for a later start")
            ws.cell(row=row, column=header["Signed on"], value=datetime(2026, 6, 3))
            ws.cell(row=row, column=header["Check-ins done"], value=1)
            ws.cell(row=row, column=extra, value="keep me")
    wb.save(master)


HR_VALUES = {
    "Status": "Signed",
    "Owner override": "Dana",
    # What HR wrote in Next action, when it was HR's column, moved to Notes once.
    "Notes": "Asked for a later start\nWas in Next action: Book the laptop",
    "Signed on": datetime(2026, 6, 3),
    "Check-ins done": 1,
    "HR comments": "keep me",
}


def test_the_first_batch_creates_the_master_with_links_into_the_batch_folder(tmp_path: Path):
    outcome = merge_batch(batch(tmp_path, "b-1", [entry("C-1"), entry("C-2")]))
    master = tmp_path / "tracker.xlsx"
    assert outcome.status == "created"
    assert outcome.message == f"{master} created."
    assert list(_sheet(master)) == ["C-1", "C-2"]
    ws = openpyxl.load_workbook(master)["Offers"]
    header = [c.value for c in ws[1]]
    link = ws.cell(row=2, column=header.index("Offer letter") + 1).hyperlink
    assert link.target == "b-1/documents/C-1/offer_letter.docx"
    batches = list(openpyxl.load_workbook(master)["Batches"].iter_rows(values_only=True))
    assert batches[1][:3] == ("b-1", "offers", "offers_june.xlsx")


def test_hr_edits_survive_three_later_batches_while_computed_columns_refresh(tmp_path: Path):
    master = tmp_path / "tracker.xlsx"
    merge_batch(batch(tmp_path, "b-1", [entry("C-1"), entry("C-2")]))
    _hr_edits(master)
    for n, respond_by in enumerate(["2026-06-08", "2026-06-09", "2026-06-10"], start=2):
        terms = {"respond_by": respond_by, "start_date": "2026-07-01"}
        entries = [entry("C-1", name=f"Renamed {n}", owner="Owner B", terms=terms)]
        merge_batch(batch(tmp_path, f"b-{n}", entries))
        row = _sheet(master)["C-1"]
        assert {h: row[h] for h in HR_VALUES} == HR_VALUES
        # Accord's own suggestion, from HR's Status: overwritten on every merge.
        assert row["Next action"] == "Signed: mark Complete when done"
        assert row["Respond by"] == datetime.fromisoformat(respond_by)
        assert (row["Name"], row["Owner"], row["Batch"]) == (f"Renamed {n}", "Owner B", f"b-{n}")


def test_a_record_missing_from_a_reissued_file_is_marked_not_removed(tmp_path: Path):
    master = tmp_path / "tracker.xlsx"
    merge_batch(batch(tmp_path, "b-1", [entry("C-1"), entry("C-2")]))
    merge_batch(batch(tmp_path, "b-2", [entry("C-1"), entry("C-3")]))
    rows = _sheet(master)
    assert list(rows) == ["C-1", "C-2", "C-3"]
    assert [rows[r]["In latest file"] for r in rows] == ["Yes", "No: not in b-2", "Yes"]
    merge_batch(batch(tmp_path, "b-3", [entry("C-2")], source="offers_july.xlsx"))
    assert _sheet(master)["C-2"]["In latest file"] == "Yes"


def test_records_of_another_file_are_not_marked_missing(tmp_path: Path):
    master = tmp_path / "tracker.xlsx"
    merge_batch(batch(tmp_path, "b-1", [entry("C-1")]))
    merge_batch(batch(tmp_path, "b-2", [entry("C-9")], source="offers_july.xlsx"))
    assert _sheet(master)["C-1"]["In latest file"] == "Yes"


def test_kinds_live_on_their_own_sheets_and_the_same_id_in_two_kinds_is_two_rows(tmp_path: Path):
    master = tmp_path / "tracker.xlsx"
    merge_batch(batch(tmp_path, "b-1", [entry("X-1")]))
    merge_batch(
        batch(tmp_path, "b-2", [entry("X-1", terms={})], kind=Kind.SEPARATIONS, source="s.xlsx")
    )
    assert openpyxl.load_workbook(master).sheetnames == [
        "Offers",
        "Separations",
        "Batches",
        "Holidays",
    ]
    assert list(_sheet(master, "Separations")) == ["X-1"]


def test_the_previous_version_is_kept_beside_the_master(tmp_path: Path):
    master = tmp_path / "tracker.xlsx"
    merge_batch(batch(tmp_path, "b-1", [entry("C-1")]))
    before = master.read_bytes()
    merge_batch(batch(tmp_path, "b-2", [entry("C-2")]))
    assert (tmp_path / "tracker.prev.xlsx").read_bytes() == before
    assert master.read_bytes() != before


def test_the_same_batches_give_the_same_master_bytes(tmp_path: Path):
    masters = []
    for run in ("a", "b"):
        out = tmp_path / run
        merge_batch(batch(out, "b-1", [entry("C-1"), entry("C-2")]))
        merge_batch(batch(out, "b-2", [entry("C-2"), entry("C-3")]))
        masters.append((out / "tracker.xlsx").read_bytes())
    assert masters[0] == masters[1]


def test_a_formula_in_a_merged_value_stays_text_in_the_master(tmp_path: Path):
    merge_batch(batch(tmp_path, "b-1", [entry("C-1", name="=1+1", owner="@me")]))
    merge_batch(batch(tmp_path, "b-2", [entry("C-1", name="+2", owner="-3")]))
    wb = openpyxl.load_workbook(tmp_path / "tracker.xlsx")
    ws = wb["Offers"]
    assert (ws["B2"].value, ws["B2"].data_type) == ("+2", "s")
    assert (ws["C2"].value, ws["C2"].data_type) == ("-3", "s")


def _merge_all(batch_dirs: list[Path], barrier: Any) -> None:
    barrier.wait()
    for folder in batch_dirs:
        outcome = merge_batch(folder)
        assert outcome.status in ("created", "updated"), outcome.message


def test_two_processes_merging_at_once_lose_nothing(tmp_path: Path):
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    plans = [
        [
            batch(tmp_path, f"p{p}-b{b}", [entry(f"P{p}-{b}-{i}") for i in range(5)])
            for b in range(4)
        ]
        for p in range(2)
    ]
    workers = [ctx.Process(target=_merge_all, args=(plan, barrier)) for plan in plans]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
    assert [w.exitcode for w in workers] == [0, 0]
    expected = {f"P{p}-{b}-{i}" for p in range(2) for b in range(4) for i in range(5)}
    assert set(_sheet(tmp_path / "tracker.xlsx")) == expected


def test_a_master_open_in_excel_keeps_the_update_in_a_side_file_until_a_later_run(tmp_path: Path):
    master = tmp_path / "tracker.xlsx"
    merge_batch(batch(tmp_path, "b-1", [entry("C-1")]))
    before = master.read_bytes()
    excel = tmp_path / "~$tracker.xlsx"
    excel.write_bytes(b"owner")
    outcome = merge_batch(batch(tmp_path, "b-2", [entry("C-2")]))
    assert outcome.status == "pending"
    assert outcome.message == (
        f"{master} is open in Excel (~$tracker.xlsx is beside it). Accord kept this batch's rows "
        "in tracker.pending-b-2.xlsx; close it (or delete that file if nobody has it open) and "
        "the next run applies them."
    )
    assert outcome.pending == tmp_path / "tracker.pending-b-2.xlsx"
    assert master.read_bytes() == before
    excel.unlink()
    later = merge_batch(batch(tmp_path, "b-3", [entry("C-3")]))
    assert later.status == "updated"
    assert later.applied_pending == 1
    assert list(_sheet(master)) == ["C-1", "C-2", "C-3"]
    assert not outcome.pending.exists()


def test_a_damaged_master_keeps_the_update_in_a_side_file(tmp_path: Path):
    master = tmp_path / "tracker.xlsx"
    master.write_bytes(b"this is not a workbook")
    outcome = merge_batch(batch(tmp_path, "b-1", [entry("C-1")]))
    assert outcome.status == "pending"
    assert outcome.message == (
        f"{master} cannot be read as a workbook (it may be damaged). Accord kept this batch's "
        "rows in tracker.pending-b-1.xlsx; restore tracker.prev.xlsx over it or move it aside, "
        "and the next run applies them."
    )
    assert master.read_bytes() == b"this is not a workbook"
    master.unlink()
    applied = apply_pending(master)
    assert (applied.status, applied.applied_pending) == ("created", 1)
    assert list(_sheet(master)) == ["C-1"]
    assert _sheet(master)["C-1"]["Rules as of"] == datetime(2026, 6, 1)


def test_a_master_locked_by_another_run_for_too_long_keeps_the_update_aside(tmp_path: Path):
    master = tmp_path / "tracker.xlsx"
    folder = batch(tmp_path, "b-1", [entry("C-1")])
    with FileLock(lock_path(master)):
        outcome = merge_batch(folder, timeout=0.2)
    assert outcome.message == (
        f"{master} stayed locked by another run for 0.2 s. Accord kept this batch's rows in "
        "tracker.pending-b-1.xlsx; the next run applies them."
    )


def _hold_lock_and_die(master: Path) -> None:
    with FileLock(lock_path(master)):
        os._exit(0)


def test_a_run_that_died_holding_the_lock_does_not_block_the_next(tmp_path: Path):
    master = tmp_path / "tracker.xlsx"
    dead = multiprocessing.get_context("spawn").Process(target=_hold_lock_and_die, args=(master,))
    dead.start()
    dead.join(60)
    outcome = merge_batch(batch(tmp_path, "b-1", [entry("C-1")]), timeout=2)
    assert outcome.status == "created"


def test_applying_with_nothing_pending_leaves_the_master_alone(tmp_path: Path):
    master = tmp_path / "tracker.xlsx"
    merge_batch(batch(tmp_path, "b-1", [entry("C-1")]))
    before = master.stat().st_mtime_ns
    assert apply_pending(master).status == "unchanged"
    assert master.stat().st_mtime_ns == before


def test_a_damaged_side_file_is_left_in_place_and_the_rest_is_applied(tmp_path: Path):
    master = tmp_path / "tracker.xlsx"
    bad = tmp_path / "tracker.pending-b-0.xlsx"
    bad.write_bytes(b"garbage")
    (tmp_path / "b-0").mkdir()
    (tmp_path / "b-0" / "manifest.json").write_text("{}")  # its batch is published
    outcome = merge_batch(batch(tmp_path, "b-1", [entry("C-1")]))
    assert outcome.message == (
        f"{master} created; tracker.pending-b-0.xlsx could not be read and was left in place."
    )
    assert bad.exists()
    assert list(_sheet(master)) == ["C-1"]


def test_merging_the_same_batch_again_changes_nothing(tmp_path: Path):
    master = tmp_path / "tracker.xlsx"
    folder = batch(tmp_path, "b-1", [entry("C-1"), entry("C-2")])
    merge_batch(folder)
    before = master.read_bytes()
    assert merge_batch(folder).status == "updated"
    assert master.read_bytes() == before


def _hr_decorates(master: Path) -> None:
    """Format the master the way HR might in Excel: a fill, hidden rows and columns, a sheet."""
    wb = openpyxl.load_workbook(master)
    ws = wb["Offers"]
    header = {c.value: c.column for c in ws[1]}
    ws.cell(row=2, column=header["Notes"], value="see file").fill = PatternFill(
        "solid", fgColor="FFFF00"
    )
    ws.cell(row=2, column=header["Notes"]).hyperlink = "https://intranet.example/C-1"
    ws.column_dimensions[get_column_letter(header["Place"])].hidden = True
    ws.column_dimensions[get_column_letter(header["Notes"])].width = 44
    ws.row_dimensions[3].hidden = True
    ws.row_dimensions[2].height = 30
    notes = wb.create_sheet("HR notes")
    notes.append(["Count", "Doubled"])
    notes.append([2, "=A2*2"])
    wb.save(master)


def test_hr_formatting_links_rows_columns_and_sheets_survive_an_update(tmp_path: Path):
    master = tmp_path / "tracker.xlsx"
    merge_batch(batch(tmp_path, "b-1", [entry("C-1"), entry("C-2")]))
    _hr_decorates(master)
    merge_batch(batch(tmp_path, "b-2", [entry("C-1"), entry("C-3")]))
    wb = openpyxl.load_workbook(master)
    assert wb.sheetnames == ["Offers", "Batches", "HR notes", "Holidays"]
    ws = wb["Offers"]
    header = {c.value: c.column for c in ws[1]}
    notes = ws.cell(row=2, column=header["Notes"])
    assert (notes.value, notes.fill.fgColor.rgb) == ("see file", "00FFFF00")
    assert notes.hyperlink.target == "https://intranet.example/C-1"
    assert ws.column_dimensions[get_column_letter(header["Place"])].hidden
    assert ws.column_dimensions[get_column_letter(header["Notes"])].width == 44
    assert (ws.row_dimensions[2].height, ws.row_dimensions[3].hidden) == (30, True)
    assert [c.value for c in wb["HR notes"][2]] == [2, "=A2*2"]


def test_links_of_records_missing_from_the_batch_still_open_their_documents(tmp_path: Path):
    master = tmp_path / "tracker.xlsx"
    merge_batch(batch(tmp_path, "b-1", [entry("C-1"), entry("C-2")]))
    merge_batch(batch(tmp_path, "b-2", [entry("C-2")]))
    ws = openpyxl.load_workbook(master)["Offers"]
    header = [c.value for c in ws[1]]
    links = [ws.cell(row=r, column=header.index("Offer letter") + 1).hyperlink for r in (2, 3)]
    assert [link.target for link in links] == [
        "b-1/documents/C-1/offer_letter.docx",
        "b-2/documents/C-2/offer_letter.docx",
    ]


def test_the_dropdown_highlighting_and_frozen_header_are_put_back_once(tmp_path: Path):
    master = tmp_path / "tracker.xlsx"
    for n in range(1, 4):
        merge_batch(batch(tmp_path, f"b-{n}", [entry("C-1"), entry(f"C-{n + 1}")]))
    ws = openpyxl.load_workbook(master)["Offers"]
    (validation,) = ws.data_validations.dataValidation
    assert validation.formula1 == (
        '"Awaiting approval,Ready to send,Held,Rejected,'
        'Draft,Sent,Signed,Declined,Revoked,Complete,Withdrawn,Superseded"'
    )
    assert "G2:G1048576" in {str(cf.sqref) for cf in ws.conditional_formatting}
    assert ws.freeze_panes == "B2"
    assert ws.auto_filter.ref.endswith("5")


def test_a_large_master_keeps_every_record_once_in_order(tmp_path: Path):
    master = tmp_path / "tracker.xlsx"
    merge_batch(batch(tmp_path, "b-1", [entry(f"C-{n}") for n in range(600)]))
    merge_batch(batch(tmp_path, "b-2", [entry(f"C-{n}") for n in range(300, 900)]))
    assert list(_sheet(master)) == [f"C-{n}" for n in range(900)]


def test_next_action_follows_hr_status_and_check_ins_on_every_merge(tmp_path: Path):
    master = tmp_path / "tracker.xlsx"
    terms = {
        "respond_by": "2026-06-05",
        "start_date": "2026-07-01",
        "check_ins": ["2026-07-06", "2026-07-31", "2026-09-29"],
    }
    merge_batch(batch(tmp_path, "b-1", [entry("C-1", terms=terms), entry("C-2", terms=terms)]))
    rows = _sheet(master)
    assert rows["C-1"]["Next action"] == "Await counsel's approval (accord approve)"
    wb = openpyxl.load_workbook(master)
    ws = wb["Offers"]
    header = {c.value: c.column for c in ws[1]}
    ws.cell(row=2, column=header["Status"], value="Signed")
    ws.cell(row=2, column=header["Check-ins done"], value=1)
    ws.cell(row=3, column=header["Status"], value="Declined")
    wb.save(master)
    merge_batch(batch(tmp_path, "b-2", [entry("C-3", terms=terms)]))
    rows = _sheet(master)
    assert rows["C-1"]["Next action"] == "Signed: check in on 2026-07-31"
    assert rows["C-2"]["Next action"] == "None: the candidate declined"


def test_the_master_tracker_prints_landscape_one_page_wide_with_its_header_repeated(
    tmp_path: Path,
):
    merge_batch(batch(tmp_path, "b-1", [entry("C-1")]))
    merge_batch(batch(tmp_path, "b-2", [entry("C-2")]))
    ws = openpyxl.load_workbook(tmp_path / "tracker.xlsx")["Offers"]
    assert ws.page_setup.orientation == "landscape"
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.print_title_rows == "$1:$1"


def _with_raw_text(workbook: Path, old: str, new: str) -> None:
    """Rewrite a workbook's sheets with ``old`` replaced by ``new`` unescaped, as a bad tool would."""
    parts = {}
    with zipfile.ZipFile(workbook) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            if name.startswith("xl/worksheets/"):
                data = data.replace(old.encode(), new.encode())
            parts[name] = data
    with zipfile.ZipFile(workbook, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_a_u_fffe_in_a_name_leaves_both_trackers_openable_and_hr_edits_survive_a_clean_batch(
    tmp_path: Path,
):
    master = tmp_path / "tracker.xlsx"
    first = batch(tmp_path, "b-1", [entry("C-1", name="Ann\ufffeLee"), entry("C-2")])
    assert merge_batch(first).status == "created"
    assert openpyxl.load_workbook(first / "tracker.xlsx")["Offers"]["B2"].value == "AnnLee"
    _hr_edits(master)
    outcome = merge_batch(batch(tmp_path, "b-2", [entry("C-3")]))
    assert outcome.status == "updated"
    row = _sheet(master)["C-1"]
    assert row["Name"] == "AnnLee"
    assert {k: row[k] for k in HR_VALUES} == HR_VALUES
    assert "Status" in _sheet(tmp_path / "tracker.prev.xlsx")["C-1"]


def test_a_master_that_does_not_open_is_never_kept_as_the_previous_version(tmp_path: Path):
    master = tmp_path / "tracker.xlsx"
    merge_batch(batch(tmp_path, "b-1", [entry("C-1")]))
    merge_batch(batch(tmp_path, "b-2", [entry("C-2")]))
    good_prev = (tmp_path / "tracker.prev.xlsx").read_bytes()
    _with_raw_text(master, "Test Person", "Test\uffffPerson")
    assert not opens(master)
    outcome = merge_batch(batch(tmp_path, "b-3", [entry("C-3")]))
    assert outcome.status == "updated"
    assert opens(master)
    assert list(_sheet(master)) == ["C-1", "C-2", "C-3"]
    assert (tmp_path / "tracker.prev.xlsx").read_bytes() == good_prev


def test_a_workbook_opens_only_when_every_part_is_well_formed_and_complete(tmp_path: Path):
    good = batch(tmp_path, "b-1", [entry("C-1")]) / "tracker.xlsx"
    assert opens(good)
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(good.read_bytes()[:-200])
    assert not opens(cut)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(good.read_bytes())
    _with_raw_text(broken, "Test Person", "Test\x01Person")
    assert not opens(broken)


def test_the_same_record_id_from_another_file_with_another_person_never_takes_over_the_row(
    tmp_path: Path,
):
    master = tmp_path / "tracker.xlsx"
    merge_batch(batch(tmp_path, "b-1", [entry("C-1", name="Alice Adams")], source="offers_a.xlsx"))
    _hr_edits(master)
    outcome = merge_batch(
        batch(tmp_path, "b-2", [entry("C-1", name="Bob Brown")], source="offers_b.xlsx")
    )
    assert outcome.message == (
        f"{master} updated; offers_b.xlsx gives record ids of other people in the master: C-1 "
        "(also in offers_a.xlsx, batch b-1). Both rows are kept and the new one says so in "
        "Notes: HR decides."
    )
    ws = openpyxl.load_workbook(master)["Offers"]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]
    alice, bob = rows
    assert (alice["Name"], alice["Source file"], alice["Batch"]) == (
        "Alice Adams",
        "offers_a.xlsx",
        "b-1",
    )
    assert {k: alice[k] for k in HR_VALUES} == HR_VALUES
    assert (bob["Name"], bob["Record ID"], bob["Status"]) == (
        "Bob Brown",
        "C-1",
        "Awaiting approval",
    )
    assert bob["Notes"] == (
        "Check: Record ID C-1 is also the row of a different person, from offers_a.xlsx "
        "(batch b-1). Both rows are kept; give one of them a new Record ID in its file and delete "
        "the row that is wrong."
    )
    notes = get_column_letter(header.index("Notes") + 1)
    assert ws.column_dimensions[notes].width >= 60  # the note's start is read, not cut off
    # Each file's next run refreshes its own person's row, and adds nothing.
    merge_batch(
        batch(tmp_path, "b-3", [entry("C-1", name="Bob Brown", owner="B")], source="offers_b.xlsx")
    )
    merge_batch(
        batch(
            tmp_path, "b-4", [entry("C-1", name="alice  adams", owner="A")], source="offers_a.xlsx"
        )
    )
    ws = openpyxl.load_workbook(master)["Offers"]
    again = [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]
    assert [(r["Name"], r["Batch"], r["Owner"]) for r in again] == [
        ("alice  adams", "b-4", "A"),
        ("Bob Brown", "b-3", "B"),
    ]
    assert again[0]["Status"] == "Signed"


def test_a_renamed_kind_sheet_keeps_being_refreshed_instead_of_a_new_one_starting(tmp_path: Path):
    master = tmp_path / "tracker.xlsx"
    merge_batch(batch(tmp_path, "b-1", [entry("C-1"), entry("C-2")]))
    _hr_edits(master)
    wb = openpyxl.load_workbook(master)
    wb["Offers"].title = "Offers (HR)"
    wb.save(master)
    terms = {"respond_by": "2026-06-09", "start_date": "2026-07-01"}
    merge_batch(batch(tmp_path, "b-2", [entry("C-1", terms=terms), entry("C-3")]))
    wb = openpyxl.load_workbook(master)
    assert wb.sheetnames == ["Offers (HR)", "Batches", "Holidays"]
    rows = _sheet(master, "Offers (HR)")
    assert list(rows) == ["C-1", "C-2", "C-3"]
    assert rows["C-1"]["Respond by"] == datetime(2026, 6, 9)
    assert rows["C-1"]["Batch"] == "b-2"
    assert {k: rows["C-1"][k] for k in HR_VALUES} == HR_VALUES
    assert wb["Offers (HR)"].data_validations.dataValidation  # the Status dropdown is still there
