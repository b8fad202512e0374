"""The master merge on trackers HR saved with other programs: HR's edits and rows survive.

The fixtures (tests/xlsx/fixtures/README.md) are one master re-saved by LibreOffice Calc and one
written to Excel's XML conventions (mimicking Excel, which is not available here).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from accord.tracker import merge_batch
from tests.tracker.builders import batch, entry
from tests.xlsx.fixtures.make_fixtures import ADDED, HR_COLUMN

FIXTURES = Path(__file__).parent / "fixtures"
SAVED_BY = ["libreoffice.xlsx", "excel_style.xlsx"]


def _rows(master: Path) -> dict[str, dict[str, Any]]:
    ws = openpyxl.load_workbook(master)["Offers"]
    header = [c.value for c in ws[1]]
    found = (dict(zip(header, r, strict=False)) for r in ws.iter_rows(min_row=2, values_only=True))
    return {r["Record ID"]: r for r in found if r.get("Record ID")}


def _merged(tmp_path: Path, fixture: str) -> Path:
    master = tmp_path / "tracker.xlsx"
    shutil.copyfile(FIXTURES / fixture, master)
    outcome = merge_batch(
        batch(tmp_path, "b-2", [entry("C-1", name="Ann Lee"), entry("C-3", name="Cy Diaz")])
    )
    assert outcome.status == "updated"
    return master


@pytest.mark.parametrize("fixture", SAVED_BY)
def test_the_status_hr_moved_on_and_hr_s_own_column_survive_the_merge(
    tmp_path: Path, fixture: str
) -> None:
    rows = _rows(_merged(tmp_path, fixture))
    assert rows["C-1"]["Status"] == "Sent"
    assert rows["C-1"][HR_COLUMN] == "asked for a later start"
    assert rows["C-1"]["Batch"] == "b-2"


@pytest.mark.parametrize("fixture", SAVED_BY)
def test_hr_s_notes_and_the_row_hr_added_survive_the_merge(tmp_path: Path, fixture: str) -> None:
    rows = _rows(_merged(tmp_path, fixture))
    assert rows["C-2"]["Notes"] == "Called; signs Friday"
    assert rows[ADDED]["Name"] == "Added By Hand"
    assert rows[ADDED]["Notes"] == "HR added this row"


@pytest.mark.parametrize("fixture", SAVED_BY)
def test_the_new_record_follows_the_rows_already_there(tmp_path: Path, fixture: str) -> None:
    rows = _rows(_merged(tmp_path, fixture))
    assert list(rows) == ["C-1", "C-2", ADDED, "C-3"]
    assert rows["C-3"]["Name"] == "Cy Diaz"
    assert rows["C-3"]["In latest file"] == "Yes"


@pytest.mark.parametrize("fixture", SAVED_BY)
def test_the_links_hr_s_program_kept_still_open_the_documents(tmp_path: Path, fixture: str) -> None:
    ws = openpyxl.load_workbook(_merged(tmp_path, fixture))["Offers"]
    header = {c.value: c.column for c in ws[1]}
    link = ws.cell(2, header["Offer letter"]).hyperlink
    assert link is not None
    assert link.target == "b-2/documents/C-1/offer_letter.docx"
    old = ws.cell(3, header["Offer letter"]).hyperlink  # C-2, not in b-2: b-1's link as HR kept it
    assert old is not None
    assert old.target == "b-1/documents/C-2/offer_letter.docx"
