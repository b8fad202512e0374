"""How a sheet opens and prints: the header row frozen, landscape, one page wide.

The same look for every sheet Accord writes (trackers, the review index), normal or write-only.
"""

from __future__ import annotations

from typing import Any

from openpyxl.worksheet.properties import PageSetupProperties


def freeze_header(ws: Any) -> None:
    """Freeze the header row and the id column (normal or write-only sheets)."""
    if ws.freeze_panes != "B2":  # setting it again on a loaded sheet stacks up selections
        ws.freeze_panes = "B2"
    for selection in ws.sheet_view.selection:
        # Reading a workbook back fills these in; filling them now keeps re-saves byte-identical.
        selection.activeCell = selection.activeCell or "A1"
        selection.sqref = selection.sqref or "A1"


def print_setup(ws: Any) -> None:
    """Print the sheet landscape, one page wide, the header row on every page (any sheet mode)."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = "1:1"
