"""Streaming a tracker sheet out and back in: values, links and formulas as they were."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook

from accord.xlsx.reader import SourceWorkbook
from accord.xlsx.writer import Formula, Link, SheetWriter, save_workbook

VALUES = [
    "plain",
    "  edge spaces  ",
    "=1+2",
    "R&D <team>",
    7,
    2.5,
    True,
    date(2026, 6, 1),
    Link("Open", "documents/C-1/offer letter.docx"),
    Link("Sheet", "#About!A1"),
    Formula("=SUM(E1:F1)"),
]


def _write(path: Path, rows: list[list[object]]) -> None:
    wb = Workbook(write_only=True)
    sheet = SheetWriter(wb, "Data")
    for row in rows:
        sheet.append(row)
    save_workbook(wb, path, [sheet])


def test_values_come_back_as_they_were_written(tmp_path: Path):
    path = tmp_path / "t.xlsx"
    _write(path, [VALUES])
    with SourceWorkbook(path) as source:
        ((number, cells),) = list(source.rows("Data"))
    back = [c.value if c else None for c in cells]
    assert number == 1
    assert back[:7] == VALUES[:7]
    assert back[7] == datetime(2026, 6, 1)
    assert back[8:] == VALUES[8:]


def test_openpyxl_reads_the_links_text_and_formulas(tmp_path: Path):
    path = tmp_path / "t.xlsx"
    _write(path, [VALUES, ["second row", None, "x"]])
    ws = openpyxl.load_workbook(path)["Data"]
    assert ws["A1"].value == "plain"
    assert (ws["C1"].value, ws["C1"].data_type, ws["C1"].quotePrefix) == ("=1+2", "s", True)
    assert ws["H1"].number_format == "yyyy-mm-dd"
    assert ws["I1"].hyperlink.target == "documents/C-1/offer letter.docx"
    assert ws["J1"].hyperlink.location == "About!A1"
    assert ws["K1"].value == "=SUM(E1:F1)"
    assert [c.value for c in ws[2]][:3] == ["second row", None, "x"]
    assert ws.max_row == 2


def test_rows_missing_from_the_file_come_back_empty_in_their_place(tmp_path: Path):
    path = tmp_path / "gaps.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "top"
    wb.active["B4"] = "below a gap"
    wb.save(path)
    with SourceWorkbook(path) as source:
        rows = list(source.rows(source.titles[0]))
    assert [(n, [c.value if c else None for c in cells]) for n, cells in rows] == [
        (1, ["top"]),
        (2, []),
        (3, []),
        (4, [None, "below a gap"]),
    ]


@pytest.mark.parametrize("content", [b"not a zip", b"PK\x03\x04broken"])
def test_a_damaged_file_fails_on_opening(tmp_path: Path, content: bytes):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    with pytest.raises(Exception):  # noqa: B017 - zipfile and openpyxl raise their own types
        SourceWorkbook(path)


def _with_sheet_xml(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    parts["xl/worksheets/sheet1.xml"] = change(parts["xl/worksheets/sheet1.xml"])
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)


@pytest.mark.parametrize(
    "change",
    [
        lambda xml: xml.replace(b"<sheetData>", b"<sheetData><!-- HR's tool wrote this -->"),
        lambda xml: xml.replace(b'<c r="B1" s="1" t="n">', b'<c s="1" t="n" r="B1">'),
    ],
    ids=["comment among the rows", "attributes in another order"],
)
def test_sheets_written_by_other_tools_read_the_same(tmp_path: Path, change):  # type: ignore[no-untyped-def]
    path = tmp_path / "other.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["text & more", 7, datetime(2026, 6, 1)])
    wb.active["B1"].number_format = "0.00"
    wb.save(path)
    before = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    _with_sheet_xml(path, change)
    assert zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml") != before
    with SourceWorkbook(path) as source:
        ((_, cells),) = list(source.rows(source.titles[0]))
    assert [c.value if c else None for c in cells] == ["text & more", 7, datetime(2026, 6, 1)]


def test_a_formula_excel_filled_down_is_kept_in_every_cell(tmp_path: Path):
    path = tmp_path / "filled.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append([1, "=A1*2"])
    wb.active.append([2, "=A2*2"])
    wb.save(path)
    _with_sheet_xml(
        path,
        lambda xml: xml.replace(
            b"<f>A1*2</f>", b'<f t="shared" ref="B1:B2" si="0">A1*2</f>'
        ).replace(b"<f>A2*2</f>", b'<f t="shared" si="0"/>'),
    )
    with SourceWorkbook(path) as source:
        rows = [[c.value if c else None for c in cells] for _, cells in source.rows("Sheet")]
    assert rows == [[1, Formula("=A1*2")], [2, Formula("=A2*2")]]


def test_values_only_reads_the_same_values_and_links_as_the_rows(tmp_path: Path):
    path = tmp_path / "t.xlsx"
    plain = [v for v in VALUES if not isinstance(v, Formula)]
    _write(path, [plain, [], ["after a gap"]])
    with SourceWorkbook(path) as source:
        rows = [[c.value if c else None for c in cells] for _, cells in source.rows("Data")]
        values = [[c.value if c else None for c in cells] for _, cells in source.values("Data")]
    assert values == rows
