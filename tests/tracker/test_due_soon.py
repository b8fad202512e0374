"""The trackers' amber "due soon" counts business days as the digest does, holidays included."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from accord.records import Kind
from accord.tracker import merge_batch, write_batch_tracker
from accord.tracker.digest import DUE_SOON, follow_ups, read_master_rows
from tests.tracker.builders import batch, entry, provenance

# Friday 3 July 2026 is Independence Day observed: from Thursday 2 July, the third business day
# is Wednesday 8 July, not Tuesday 7 July as weekdays alone would count.
TODAY = date(2026, 7, 2)
needs_soffice = pytest.mark.skipif(not shutil.which("soffice"), reason="needs LibreOffice")


def _amber_today(path: Path, tmp_path: Path) -> list[bool]:
    """Return, per row of the first sheet, whether its Respond by cell is amber on ``TODAY``.

    LibreOffice evaluates the amber rule's own formula, with TODAY() fixed, in a spare column.
    """
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    col = openpyxl.utils.get_column_letter(header.index("Respond by") + 1)
    (amber,) = [
        rule.formula[0]
        for cf in ws.conditional_formatting
        if str(cf.sqref).startswith(f"{col}2:")
        for rule in cf.rules
        if "FCE8B2" in str(rule.dxf.fill.fgColor.rgb)
    ]
    spare = ws.max_column + 1
    today = f"DATE({TODAY.year},{TODAY.month},{TODAY.day})"
    for row in range(2, ws.max_row + 1):
        # The rule is written for row 2 (G2, $E2); each row's copy refers to its own row.
        mine = re.sub(r"(?<![$\w])(\$?[A-Z]{1,3})2(?!\d)", rf"\g<1>{row}", amber)
        ws.cell(row=row, column=spare).value = "=" + mine.replace("TODAY()", today)
    ws.cell(row=1, column=spare).value = "amber"
    probe = tmp_path / "probe.xlsx"
    wb.save(probe)
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "csv",
            "--outdir",
            str(tmp_path),
            str(probe),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    with (tmp_path / "probe.csv").open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    return [r[spare - 1].upper() == "TRUE" for r in rows[1:]]


def _entries() -> list[dict]:
    return [
        entry("C-7", terms={"respond_by": "2026-07-07"}),
        entry("C-8", terms={"respond_by": "2026-07-08"}),  # 3rd business day: due soon
        entry("C-9", terms={"respond_by": "2026-07-09"}),  # 4th: not yet
    ]


@needs_soffice
def test_the_batch_tracker_shows_due_soon_on_the_days_the_digest_does(tmp_path: Path):
    path = tmp_path / "b" / "tracker.xlsx"
    path.parent.mkdir()
    write_batch_tracker(path, Kind.OFFERS, _entries(), provenance("b", Kind.OFFERS, "o.xlsx"))
    assert _amber_today(path, tmp_path) == [True, True, False]


@needs_soffice
def test_the_master_tracker_shows_due_soon_on_the_days_the_digest_does(tmp_path: Path):
    merge_batch(batch(tmp_path, "b-1", _entries()))
    master = tmp_path / "tracker.xlsx"
    digest = {i.record_id for i in follow_ups(read_master_rows(master), TODAY)}
    assert digest == {"C-7", "C-8"}
    assert all(i.urgency == DUE_SOON for i in follow_ups(read_master_rows(master), TODAY))
    assert _amber_today(master, tmp_path) == [True, True, False]


def test_the_holidays_sheet_is_hidden_and_read_by_no_one_but_the_highlighting(tmp_path: Path):
    merge_batch(batch(tmp_path, "b-1", _entries()))
    merge_batch(batch(tmp_path, "b-2", [entry("C-10")]))
    wb = openpyxl.load_workbook(tmp_path / "tracker.xlsx")
    assert wb.sheetnames[-1] == "Holidays" and wb.sheetnames.count("Holidays") == 1
    assert wb["Holidays"].sheet_state == "hidden"
    assert [s.sheet_state for s in wb.worksheets[:-1]] == ["visible"] * (len(wb.worksheets) - 1)
    assert {r["Record ID"] for r in read_master_rows(tmp_path / "tracker.xlsx")} == {
        "C-7",
        "C-8",
        "C-9",
        "C-10",
    }
