"""Each private openpyxl name Accord relies on, exercised against the locked openpyxl.

An openpyxl upgrade that renames or changes one of them fails here, naming it, rather than in a
user's master merge. See ``accord.xlsx.openpyxl_private`` for why they are used at all.
"""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.styles.cell_style import StyleArray

from accord.xlsx import openpyxl_private as private


def test_cast_number_reads_integers_and_decimals_and_refuses_text() -> None:
    assert private.cast_number("7") == 7
    assert isinstance(private.cast_number("7"), int)
    assert private.cast_number("2.5") == 2.5
    assert private.cast_number("1E3") == 1000.0
    with pytest.raises(ValueError):
        private.cast_number("seven")


def test_a_cell_s_style_array_registers_as_a_cell_style_and_comes_back() -> None:
    wb = Workbook(write_only=True)
    cell = WriteOnlyCell(wb.create_sheet("S"))
    cell.font = Font(bold=True)
    array = private.cell_style_array(cell)
    assert isinstance(array, StyleArray)
    style = private.add_cell_style(wb, array)
    assert style > 0
    assert private.cell_style(wb, style) == array
    assert private.add_cell_style(wb, array) == style  # the same style is one id


def test_an_unknown_cell_style_id_raises_index_error() -> None:
    with pytest.raises(IndexError):
        private.cell_style(Workbook(), 999)


def test_every_style_list_gives_back_what_was_added() -> None:
    wb = Workbook()
    parts = {
        "fontId": Font(name="Calibri", italic=True),
        "fillId": PatternFill("solid", fgColor="DDE4EE"),
        "borderId": Border(left=Side(style="thin")),
        "alignmentId": Alignment(wrap_text=True),
        "protectionId": Protection(locked=False),
    }
    assert set(parts) == set(private.STYLE_LISTS)
    for field, part in parts.items():
        index = private.add_style_part(wb, field, part)
        assert private.style_part(wb, field, index) == part


def test_custom_number_formats_are_counted_after_the_built_in_ones() -> None:
    wb = Workbook()
    index = private.add_number_format(wb, "dd.mm.yyyy")
    assert private.number_format(wb, index) == "dd.mm.yyyy"


def test_named_styles_list_the_built_in_normal_first() -> None:
    names = private.named_styles(Workbook())
    assert names[0] == "Normal"


def test_date_styles_name_the_style_ids_that_format_dates_and_durations() -> None:
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "x"
    ws["A1"].number_format = "yyyy-mm-dd"
    ws["A2"] = "y"
    ws["A2"].number_format = "[h]:mm:ss"
    date_id = private.add_cell_style(wb, private.cell_style_array(ws["A1"]))
    duration_id = private.add_cell_style(wb, private.cell_style_array(ws["A2"]))
    # openpyxl fills these lists when it reads a workbook's styles back.
    buffer = BytesIO()
    wb.save(buffer)
    back = load_workbook(BytesIO(buffer.getvalue()), read_only=True)
    dates, durations = private.date_styles(back)
    assert date_id in dates
    assert duration_id in durations
