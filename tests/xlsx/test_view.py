"""Every sheet Accord writes opens with its header row frozen and prints one page wide."""

from pathlib import Path

from openpyxl import Workbook, load_workbook

from accord.xlsx.view import freeze_header, print_setup


def test_a_sheet_opens_with_the_header_and_id_column_frozen_and_prints_landscape(
    tmp_path: Path,
) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["Record ID", "Status"])
    freeze_header(ws)
    print_setup(ws)
    wb.save(tmp_path / "t.xlsx")
    back = load_workbook(tmp_path / "t.xlsx").active
    assert back.freeze_panes == "B2"
    assert back.page_setup.orientation == "landscape"
    assert back.page_setup.fitToWidth == 1
    assert back.print_title_rows == "$1:$1"  # the header row repeats on every printed page
