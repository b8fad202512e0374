"""One formula guard: what is formula-like, and every tracker writer shows it as typed."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from accord.records import Kind
from accord.tracker import merge_batch, write_batch_tracker
from accord.tracker.sheet import put
from accord.xlsx.guard import is_formula_like
from tests.tracker.builders import batch, entry, provenance

FORMULA_LIKE = ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1+1", "\r=1+1"]
FULL_WIDTH = ["\uff1d1+1", "\uff0b1", "\uff0d1", "\uff20SUM(A1)"]


@pytest.mark.parametrize("text", FORMULA_LIKE + FULL_WIDTH)
def test_text_a_spreadsheet_would_run_is_formula_like(text: str):
    assert is_formula_like(text)


@pytest.mark.parametrize("text", ["", "Ana", " =1", "1-2", "E-1", "\n=1", "\uff11"])
def test_other_text_is_not_formula_like(text: str):
    assert not is_formula_like(text)


def _name_cell(path: Path) -> openpyxl.cell.Cell:
    return openpyxl.load_workbook(path).worksheets[0]["B2"]


@pytest.mark.parametrize("text", ["\t=1+1", "\uff1d1+1"])
def test_the_batch_and_master_trackers_show_formula_like_text_as_typed(tmp_path: Path, text: str):
    path = tmp_path / "batch.xlsx"
    write_batch_tracker(
        path, Kind.OFFERS, [entry("C-1", name=text)], provenance("b", Kind.OFFERS, "o.xlsx")
    )
    merge_batch(batch(tmp_path, "b-1", [entry("C-1", name=text)]))
    for written in (path, tmp_path / "tracker.xlsx"):
        cell = _name_cell(written)
        assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True), written.name


@pytest.mark.parametrize("text", ["\r=1+1", "\uff20SUM(A1)"])
def test_the_digest_and_report_cells_show_formula_like_text_as_typed(tmp_path: Path, text: str):
    wb = openpyxl.Workbook()
    put(wb.active, 2, 2, text)
    wb.save(tmp_path / "sheet.xlsx")
    cell = _name_cell(tmp_path / "sheet.xlsx")
    assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)
